// What every task definition module works on: a definition as described or written by hand, its
// containers, and the JSON shapes it is read as. Pure.
import type { ContainerDefinition, Tag, TaskDefinition } from '@aws-sdk/client-ecs';

/**
 * A task definition as described or written by hand. At run time it may carry fields newer than the
 * SDK's model; they are kept because every function here works on the object's own keys.
 */
export type TaskDefinitionLike = TaskDefinition;

/** A definition and the tags of its revision (DescribeTaskDefinition with include TAGS). */
export interface TaskDefinitionSource {
  readonly taskDefinition: TaskDefinitionLike;
  readonly tags: Tag[];
}

export type NamedContainer = ContainerDefinition & { readonly name: string };

export type JsonRecord = Record<string, unknown>;

export function namedContainers(definition: TaskDefinitionLike): NamedContainer[] {
  return (definition.containerDefinitions ?? []).filter(
    (container): container is NamedContainer => typeof container.name === 'string' && container.name !== '',
  );
}

export function listNames(containers: readonly NamedContainer[]): string {
  return containers.map((container) => container.name).join(', ');
}

export function familyOf(definition: TaskDefinitionLike): string {
  return definition.family ?? '(without family)';
}

/** A JSON object: not null, an array or a Date. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
