// Whether the service really ended on our revision once ECS says the deployment is done. ECS (or another
// implementation of its API) can report the deployment COMPLETED / SUCCESSFUL while the deployment that
// completed runs the previous revision, or while the service's `taskDefinition` still names it: reporting
// that as success is the worst lie a deploy step can tell. Pure: fed by the poll's own DescribeServices
// answer (the one that carried ECS's "done"), so the check costs no call, whatever the strategy.
import type { Deployment, Service } from '@aws-sdk/client-ecs';

export type EndState =
  /** The deployment that completed and the service both run the revision we asked for. */
  | { readonly kind: 'ours' }
  /** ECS is done, but on another revision: `live` is what the service runs (the best we can tell). */
  | {
      readonly kind: 'other';
      readonly live: string;
      /** The completed deployment's revision, when it differs from ours. */
      readonly deployed: string | undefined;
      /** The service's `taskDefinition`, when it differs from ours. */
      readonly serviceTaskDefinition: string | undefined;
    };

/**
 * The end state once ECS said our deployment is done. `completed` is the deployment ECS called done (ours
 * by id or revision); its `taskDefinition` and the service's must both be `wanted`. The live revision named
 * is the service's own when it is not ours (that is what new tasks get), else the completed deployment's.
 */
export function checkEndState(
  wanted: string,
  service: Pick<Service, 'taskDefinition'>,
  completed: Pick<Deployment, 'taskDefinition'> | undefined,
): EndState {
  const deployedRevision = completed?.taskDefinition;
  const deployed = deployedRevision !== undefined && deployedRevision !== wanted ? deployedRevision : undefined;
  // A service whose `taskDefinition` is missing from the answer is not known to run ours either.
  const serviceIsOurs = service.taskDefinition === wanted;
  if (deployed === undefined && serviceIsOurs) return { kind: 'ours' };
  const serviceTaskDefinition = serviceIsOurs ? undefined : service.taskDefinition;
  const live = serviceTaskDefinition ?? deployed ?? '(unknown revision)';
  return { kind: 'other', live, deployed, serviceTaskDefinition };
}
