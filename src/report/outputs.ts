// Turns the final result of a run into what the runner is told: the step outputs (each at most once,
// only those the run got far enough to know), the annotations, and the one failure sentence. Pure.
import { Output } from '../shared/constants.js';
import type { PhaseName, RunFailure, RunRecord, RunResult } from './report.js';
import { asSentence } from '../shared/errors.js';

export type OutputName = (typeof Output)[keyof typeof Output];

export interface Annotation {
  readonly message: string;
  readonly title: string;
}

const NEXT_STEP: Partial<Record<PhaseName, string>> = {
  Image: 'check the build output above',
  'Task definition': 'check the task definition and the role permissions',
  'Migration task': 'fix the one-off task from its exit code and log lines above, then run the deploy again; no service was updated',
  'Service update': 'check the service and the role permissions',
  'Deployment watch': 'see the stopped tasks and service events above',
  Internal: 'this is a bug in oidc-ecs-deploy; please report it with the log',
};

/** Every output the run has a value for, in the order the phases learn them. */
export function outputsOf(result: RunResult): readonly (readonly [OutputName, string])[] {
  const outputs: (readonly [OutputName, string])[] = [];
  if (result.identity !== undefined) outputs.push([Output.assumedRoleArn, result.identity]);
  if (result.image) {
    outputs.push(
      [Output.imageUri, result.image.uri],
      [Output.imageDigest, result.image.digest],
      [Output.imageTag, result.image.tag],
      [Output.registry, result.image.registry],
    );
  }
  const { rolloutStart: start, rolloutEnd: end } = result;
  if (start) {
    outputs.push(
      [Output.taskDefinitionArn, start.taskDefinitionArn],
      [Output.previousTaskDefinitionArn, start.previousTaskDefinitionArn],
      // The watch knows the deployment better than UpdateService's answer did, when it got that far.
      [Output.deploymentId, end?.deploymentId ?? start.deploymentId],
    );
  }
  if (end) outputs.push([Output.rolloutState, end.rolloutState], [Output.failureReason, end.failureReason]);
  if (result.deployed !== undefined) outputs.push([Output.deployed, String(result.deployed)]);
  const migration = result.migration;
  if (migration !== undefined && migration.taskArn !== '') {
    outputs.push([Output.runTaskArn, migration.taskArn]);
    if (migration.exitCode !== undefined) outputs.push([Output.runTaskExitCode, String(migration.exitCode)]);
  }
  return outputs;
}

/** One error annotation per service whose UpdateService failed while others went on. */
export function annotationsOf(result: RunResult): readonly Annotation[] {
  return result.updateFailures.map(({ service, message }) => ({
    message: `UpdateService failed for ${service}: ${message}`,
    title: `${service}: not updated`,
  }));
}

// Nothing was built when `image` was given: the build output has nothing to say about it.
const NEXT_FOR_GIVEN_IMAGE = 'check that `image` names an image in its registry and that the role may read it';

/** "<Phase> failed: <message>. Next: <what to do>", the advice fitting the path the run took. */
export function failureSentence(failure: Pick<RunFailure, 'phase' | 'message'>, imageSource?: RunRecord['imageSource']): string {
  const message = failure.message.trim();
  const next = failure.phase === 'Image' && imageSource === 'existing' ? NEXT_FOR_GIVEN_IMAGE : NEXT_STEP[failure.phase];
  return `${failure.phase} failed: ${asSentence(message)}${next ? ` Next: ${next}.` : ''}`;
}
