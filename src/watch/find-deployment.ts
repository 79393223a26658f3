// Which of the deployments ECS lists is ours: the entry in DescribeServices `deployments[]`, the service
// deployment in ListServiceDeployments, and the PRIMARY deployment (looked up here and nowhere else). Pure.
import type { Deployment, Service, ServiceDeploymentBrief } from '@aws-sdk/client-ecs';
import { createdMs, isRecent, newestFirst, oldestFirst } from './recency.js';
import type { WatchState, WatchTarget } from './watch-state.js';

/** The deployment ECS is moving the service to. */
export function primaryDeployment(service: Pick<Service, 'deployments'> | undefined): Deployment | undefined {
  return service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
}

/** Our entry in DescribeServices `deployments[]`: by id when known, else by revision and creation time. */
export function findOurDeployment(service: Service, state: Pick<WatchState, 'target' | 'deploymentId'>): Deployment | undefined {
  const deployments = service.deployments ?? [];
  if (state.deploymentId !== undefined) return deployments.find((deployment) => deployment.id === state.deploymentId);
  const { target } = state;
  const primary = primaryDeployment(service);
  // Our own rollback may bring the old revision back as the PRIMARY deployment it already had.
  if (
    primary?.taskDefinition === target.taskDefinitionArn &&
    (target.mode === 'rollback' || isRecent(createdMs(primary), target.startedAtMs))
  ) {
    return primary;
  }
  return deployments
    .filter((deployment) => deployment.taskDefinition === target.taskDefinitionArn && isRecent(createdMs(deployment), target.startedAtMs))
    .sort(newestFirst)[0];
}

/**
 * Picks our service deployment from ListServiceDeployments: the one whose target revision is ours
 * (`revisionTaskDefinitions` maps service revision ARNs to task definitions, when DescribeServiceRevisions
 * answered), else the one whose revision id matches our `ecs-svc/` id, else the oldest created since our
 * update (a later one would be someone else's).
 */
export function pickServiceDeployment(
  candidates: readonly ServiceDeploymentBrief[],
  target: Pick<WatchTarget, 'taskDefinitionArn' | 'startedAtMs'>,
  deploymentId: string | undefined,
  revisionTaskDefinitions: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  const recent = candidates
    .filter((candidate) => candidate.serviceDeploymentArn !== undefined && isRecent(createdMs(candidate), target.startedAtMs))
    .sort(oldestFirst);
  const byRevision = recent.find(
    (candidate) => revisionTaskDefinitions.get(candidate.targetServiceRevisionArn ?? '') === target.taskDefinitionArn,
  );
  if (byRevision !== undefined) return byRevision.serviceDeploymentArn;
  if (revisionTaskDefinitions.size > 0) return undefined;
  const numericId = deploymentId?.startsWith('ecs-svc/') === true ? deploymentId.slice('ecs-svc/'.length) : undefined;
  const byId = recent.find(
    (candidate) => numericId !== undefined && candidate.targetServiceRevisionArn?.endsWith(`/${numericId}`) === true,
  );
  return (byId ?? recent[0])?.serviceDeploymentArn;
}
