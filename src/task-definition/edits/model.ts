// The edits a deploy makes to a task definition besides the image (environment, secrets, command,
// labels, logging, roles, size, other containers' images), as one typed value read from the inputs.
// Pure.
import type { InputName } from '../../shared/constants.js';

/** `NAME=value`, split at the first `=` only, so a value may hold `=`. */
export type NameValue = readonly [name: string, value: string];

/** Edits applied to each container that gets the deployed image. Empty lists and undefined change nothing. */
export interface ContainerEdits {
  /** Merged into `environment`: a name already there gets the new value, a new one is added. */
  readonly environment: readonly NameValue[];
  /** S3 object ARNs added to `environmentFiles` (type s3) when not already listed. */
  readonly environmentFiles: readonly string[];
  /** `NAME` → Secrets Manager or SSM Parameter Store ARN, merged into `secrets` by name. */
  readonly secrets: readonly NameValue[];
  /** Replaces `command` as a whole. */
  readonly command: readonly string[] | undefined;
  /** Replaces `entryPoint` as a whole. */
  readonly entryPoint: readonly string[] | undefined;
  /** Merged into `dockerLabels` by key. */
  readonly dockerLabels: readonly NameValue[];
  readonly logDriver: string | undefined;
  /** Merged into `logConfiguration.options` by key. */
  readonly logOptions: readonly NameValue[];
}

/** Task-level fields, each replacing the definition's when given. */
export interface TaskEdits {
  readonly taskRoleArn: string | undefined;
  readonly executionRoleArn: string | undefined;
  /** CPU units as ECS stores them (`1 vCPU` is read as `1024`). */
  readonly cpu: string | undefined;
  /** MiB as ECS stores them (`2 GB` is read as `2048`). */
  readonly memory: string | undefined;
}

export interface TaskDefinitionEdits {
  readonly containers: ContainerEdits;
  readonly task: TaskEdits;
  /** Other containers that deploy another image: container name → image reference as given. */
  readonly images: readonly NameValue[];
}

export const NO_CONTAINER_EDITS: ContainerEdits = {
  environment: [],
  environmentFiles: [],
  secrets: [],
  command: undefined,
  entryPoint: undefined,
  dockerLabels: [],
  logDriver: undefined,
  logOptions: [],
};

export const NO_EDITS: TaskDefinitionEdits = {
  containers: NO_CONTAINER_EDITS,
  task: { taskRoleArn: undefined, executionRoleArn: undefined, cpu: undefined, memory: undefined },
  images: [],
};

/**
 * An edit the definition cannot take (a container it lacks, options for a log driver it has not, a size
 * Fargate does not offer). Worded like an input error, since an input asked for it: read-inputs.ts turns
 * it into one when the definition is a file; otherwise it fails the Task definition phase before
 * anything is registered.
 */
export class EditError extends Error {
  constructor(
    readonly input: InputName,
    readonly given: string,
    readonly expected: string,
  ) {
    super(`Input \`${input}\` ${given === '' ? 'is empty' : `was ${JSON.stringify(given)}`}; expected ${expected}.`);
    this.name = 'EditError';
  }
}
