// Turns a described (or hand-written) task definition into the input of RegisterTaskDefinition. Pure.
// The official render action rebuilds the definition from the fields it knows, so every field it does
// not know (service-managed EBS, newer settings) and the revision's tags are silently lost (see
// docs/anchors.md). Here the definition is copied generically: only the read-only fields ECS adds are
// dropped, only the chosen container's image changes, and nothing that was absent gets added.
import type { RegisterTaskDefinitionCommandInput, Tag } from '@aws-sdk/client-ecs';
import { familyOf, isRecord, listNames, namedContainers, type JsonRecord, type TaskDefinitionLike } from './model.js';
import { registrableCopy } from './registrable.js';

export interface ImageChange {
  readonly containerName: string;
  readonly image: string;
}

/**
 * The RegisterTaskDefinition input for `source` with one container's image replaced. Every field of the
 * definition is kept, known to this code or not, except the read-only ones; tags are passed back when
 * there are any. The input is never modified.
 */
export function renderTaskDefinition(
  source: { readonly taskDefinition: TaskDefinitionLike; readonly tags?: readonly Tag[] | undefined },
  change: ImageChange,
): RegisterTaskDefinitionCommandInput {
  const rendered = registrableCopy(source.taskDefinition);

  const containers = rendered['containerDefinitions'];
  if (!Array.isArray(containers)) throw new Error(`The task definition ${familyOf(source.taskDefinition)} has no containerDefinitions.`);
  if (typeof rendered['family'] !== 'string' || rendered['family'] === '') throw new Error('The task definition has no family.');
  const index = containers.findIndex((container: unknown) => isRecord(container) && container['name'] === change.containerName);
  if (index === -1) {
    throw new Error(
      `The task definition ${familyOf(source.taskDefinition)} has no container named "${change.containerName}"; its containers are ${listNames(namedContainers(source.taskDefinition))}.`,
    );
  }
  containers[index] = { ...(containers[index] as JsonRecord), image: change.image };

  const tags = source.tags !== undefined && source.tags.length > 0 ? structuredClone([...source.tags]) : rendered['tags'];
  delete rendered['tags'];
  if (Array.isArray(tags) && tags.length > 0) rendered['tags'] = tags;

  // Checked above: family is a string and containerDefinitions an array; the rest is carried as it came.
  return rendered as unknown as RegisterTaskDefinitionCommandInput;
}
