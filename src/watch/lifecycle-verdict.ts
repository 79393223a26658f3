// The verdicts of ECS's own traffic-shifting strategies: a failed (or timed-out) lifecycle hook or an alarm
// in ALARM fails the deployment at the first poll that shows it, naming the hook or alarm and the stage, with
// who rolls back; and success only once the service deployment is SUCCESSFUL. Pure; verdict.ts asks here first.
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { lifecycleFailure, nativeStrategy } from './lifecycle-stages.js';
import type { EcsRollbackStatus, FinalVerdict, WatchState } from './watch-state.js';
import { ecsRollbackReason, lifecycleFailedSentence, watchLabel, withStoppedTasks } from './wording.js';

function ecsRollbackStatus(status: string | undefined): EcsRollbackStatus {
  if (status === 'ROLLBACK_SUCCESSFUL') return 'succeeded';
  if (status === 'ROLLBACK_FAILED') return 'failed';
  return 'requested';
}

/**
 * ECS rolls back after a failed hook always (that is what FAILED means to it); after an alarm when the
 * service's alarms say rollback, or when the service deployment already says it is rolling back.
 */
function rollsBack(kind: 'hook' | 'alarm', service: Service, serviceDeployment: ServiceDeployment): boolean {
  if (serviceDeployment.status?.startsWith('ROLLBACK_') === true) return true;
  if (kind === 'hook') return true;
  const alarms = serviceDeployment.deploymentConfiguration?.alarms ?? service.deploymentConfiguration?.alarms;
  return alarms?.rollback === true;
}

/** The failure a hook or an alarm caused, or undefined when neither says anything (yet). */
export function judgeLifecycleFailure(
  state: WatchState,
  service: Service,
  serviceDeployment: ServiceDeployment | undefined,
  rollbackTo: string,
): FinalVerdict | undefined {
  if (state.target.mode !== 'deploy' || serviceDeployment === undefined) return undefined;
  const failure = lifecycleFailure(serviceDeployment, state.lifecycle.stage);
  if (failure === undefined) return undefined;
  const label = watchLabel(state.target);
  const byEcs = rollsBack(failure.kind, service, serviceDeployment) && rollbackTo !== '';
  const sdStatus = serviceDeployment.status;
  const ecsRollback = ecsRollbackStatus(sdStatus);
  const then = byEcs ? ecsRollbackReason(ecsRollback, rollbackTo) : '';
  return {
    kind: 'failed',
    rolloutState:
      sdStatus?.startsWith('ROLLBACK_') === true || sdStatus === 'STOPPED' || sdStatus === 'STOP_REQUESTED' ? sdStatus : 'FAILED',
    reason: withStoppedTasks(lifecycleFailedSentence(label, failure, failure.stage, then), state.stoppedTasks),
    rollbackBy: byEcs ? 'ecs' : 'ours',
    ...(byEcs ? { ecsRollbackTo: rollbackTo, ecsRollback } : {}),
  };
}

/**
 * With a traffic-shifting strategy the deployment is done only when its service deployment is SUCCESSFUL:
 * our tasks run long before that, through the traffic shifts and the bake, any of which can still roll it
 * back. False when the rule does not apply (rolling, or no service deployment to read).
 */
export function awaitsServiceDeployment(service: Service, serviceDeployment: ServiceDeployment | undefined): boolean {
  return (
    serviceDeployment !== undefined && nativeStrategy(service, serviceDeployment) !== undefined && serviceDeployment.status !== 'SUCCESSFUL'
  );
}
