// Turns the final result of a run into what the runner is told: the step outputs (each at most once,
// only those the run got far enough to know), the annotations, and the one failure sentence. Pure.
import { Output } from '../shared/constants.js';
import type { FailureCause, PhaseName, RunFailure, RunRecord, RunResult } from './report.js';
import { asSentence } from '../shared/errors.js';
import { accessDenialNextStep } from '../shared/access-denied.js';
import { startFailedFor } from '../service/start-failure.js';

export type OutputName = (typeof Output)[keyof typeof Output];

export interface Annotation {
  readonly message: string;
  readonly title: string;
}

// What to do next, by phase: the advice when nothing more precise is known about the failure.
const NEXT_STEP: Partial<Record<PhaseName, string>> = {
  Image: 'check the build output above',
  'Image scan': "check the image scan output above and the role's ecr:DescribeImageScanFindings permission",
  'Task definition': 'check the task definition and the role permissions',
  'Migration task': 'fix the one-off task from its exit code and log lines above, then run the deploy again; no service was updated',
  'Service update': 'check the service and the role permissions',
  'Deployment watch': 'see the stopped tasks and service events above',
  Internal: 'this is a bug in oidc-ecs-deploy; please report it with the log',
};

// What to do next when the run knows which way the phase failed. Inputs, and Credentials failures of
// no known cause, need none: their message already says what to change.
const NEXT_FOR_CAUSE: Record<FailureCause, string> = {
  'token-missing': 'add `permissions: id-token: write` (and `contents: read`) to the job, or run it on an event that gets a token',
  'token-request': "run the job again; if GitHub's token service keeps failing, check githubstatus.com",
  'trust-policy':
    "add the statement printed in the log to the role's trust policy, or make its `sub` and `aud` conditions match the token's",
  audience:
    "add the audience to the IAM OIDC provider's client IDs and to the trust policy's `aud` condition, or set `audience` to the one they list",
  'provider-missing': "create the IAM OIDC provider for the token's issuer in the role's account (README, step 1)",
  thumbprint: "update the IAM OIDC provider's thumbprint list, then run the job again",
  'token-expired': "check the runner's clock (self-hosted runners), then run the job again",
  'token-refused': "check the IAM OIDC provider's URL and audiences against the token's `iss` and `aud` in the log",
  'issuer-unreachable': 'run the job again later',
  'session-length': "lower `role-duration-seconds` or raise the role's maximum session duration",
  'chain-trust': "add the statement printed in the log to the target role's trust policy",
  'no-credentials': 'set `role-to-assume`, or provide AWS credentials in the environment before this step',
  'engine-missing': 'install or start the container engine, set `container-engine`, or set `image` to deploy a prebuilt image',
  build: 'check the build output above',
  push: "check the push output above: the tag, the repository's tag mutability and the role's ECR push permissions",
  'repository-missing': 'create the ECR repository, or fix `repository` (and `aws-region`)',
  'image-missing': 'check that `image` names an image in its registry and that the role may read it',
  'scan-findings':
    'update the packages the findings name (the fixed-in versions above) and push again, or raise `scan-severity-threshold` if these are accepted',
  'scan-unusable':
    "ECR could not scan this image (see the status above): fix the scan (the registry's scanning settings, a supported base image) or set `scan-severity-threshold: none` for this image",
  'scan-timeout':
    "ECR had not finished scanning the image: run the job again; check the registry's scanning settings if scans stay PENDING",
  'invalid-definition': 'fix the task definition or `container-name` as the message says',
  'registration-refused': 'fix the task definition field ECS refused, as the message says',
  'service-not-found': 'check `service`, `cluster` and `aws-region`: the service must exist and be ACTIVE there',
  throttled: 'run the job again: ECS throttled this account; lower the number of deploys running at once',
  'circuit-breaker':
    'see why the new tasks stopped above (stopped tasks, container logs), fix the image or task definition, and deploy again',
  'rolled-back': 'see why the new tasks stopped above (stopped tasks, service events), fix it, and deploy again',
  'hook-or-alarm':
    "see why in the lifecycle hook's logs or the alarm's metric named above, fix the new revision (or the hook), and deploy again",
  'tasks-failing': "see the stopped tasks and their containers' last log lines above, fix the cause, and deploy again",
  timeout: 'see the service events above; raise `wait-for-minutes` if the deployment was still making progress',
  'no-progress':
    'see the service events above (capacity, placement, image pull); raise `no-progress-minutes` if starting tasks takes that long',
  replaced: 'someone else deployed the service meanwhile: see its deployments and events, then deploy again if needed',
  'wrong-revision':
    "ECS reported the deployment done on another revision than ours: see the service's deployments and task definition, then deploy again",
  'watch-read':
    'the deployment may still be going on: check the service in the ECS console, and grant the read the watch was refused (or run the job again if ECS was unavailable)',
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
  const codeDeployed = result.services.find((service) => service.codeDeployDeploymentId !== undefined);
  if (codeDeployed?.codeDeployDeploymentId !== undefined)
    outputs.push([Output.codedeployDeploymentId, codeDeployed.codeDeployDeploymentId]);
  const migration = result.migration;
  if (migration !== undefined && migration.taskArn !== '') {
    outputs.push([Output.runTaskArn, migration.taskArn]);
    if (migration.exitCode !== undefined) outputs.push([Output.runTaskExitCode, String(migration.exitCode)]);
  }
  return outputs;
}

/** One error annotation per service whose deployment did not start while others went on, naming what failed. */
export function annotationsOf(result: RunResult): readonly Annotation[] {
  return result.updateFailures.map(({ service, operation, message }) => ({
    message: `${startFailedFor(service, operation)}: ${message}`,
    title: `${service}: not updated`,
  }));
}

/** The advice after a failure, fitting the path the run took: its cause, else the image source, else its phase. */
export function nextStep(failure: Pick<RunFailure, 'phase' | 'cause'>, imageSource?: RunRecord['imageSource']): string | undefined {
  if (failure.cause !== undefined) return NEXT_FOR_CAUSE[failure.cause];
  // Nothing was built when `image` was given: the build output has nothing to say about it.
  if (failure.phase === 'Image' && imageSource === 'existing') return NEXT_FOR_CAUSE['image-missing'];
  if (failure.phase === 'Task definition' && imageSource === 'revision') return NEXT_FOR_REVISION;
  return NEXT_STEP[failure.phase];
}

// An existing revision is deployed as it is: the only thing to check is that it is there.
const NEXT_FOR_REVISION =
  'check that `task-definition` names an ACTIVE revision of this account and `aws-region` (`my-app:7` or its ARN) and that the role may call ecs:DescribeTaskDefinition';

/** "<Phase> failed: <message>. Next: <what to do>", the advice fitting the path the run took. */
export function failureSentence(
  failure: Pick<RunFailure, 'phase' | 'message' | 'cause' | 'refused'>,
  imageSource?: RunRecord['imageSource'],
): string {
  const message = failure.message.trim();
  // A call IAM refused: the statement printed in the log is the fix, whichever phase made the call.
  const next = failure.refused !== undefined ? accessDenialNextStep(failure.refused) : nextStep(failure, imageSource);
  return `${failure.phase} failed: ${asSentence(message)}${next ? ` Next: ${next}.` : ''}`;
}
