// The rules that end a watch: failure is reported the moment ECS signals it (a rollback requested, not
// settled), with who rolls back; success is "our deployment completed and the service runs our revision";
// time runs out on the wait or on no progress. Pure: decisions only, the words come from wording.ts.
import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { ecsRollsBack, readBreaker } from './circuit-breaker.js';
import { primaryDeployment } from './find-deployment.js';
import { awaitsServiceDeployment, judgeLifecycleFailure } from './lifecycle-verdict.js';
import { checkEndState } from './end-state.js';
import { createdMs, isRecent } from './recency.js';
import { describeStoppedTask } from './stopped-tasks.js';
import type { FinalVerdict, WatchState } from './watch-state.js';
import {
  breakerTrippedSentence,
  ecsRollbackSentence,
  ecsRollingBackSentence,
  noProgressSentence,
  replacedSentence,
  repeatedFailureSentence,
  rollbackFailedSentence,
  rolloutFailedSentence,
  stoppedEarlySentence,
  succeededSentence,
  timedOutSentence,
  watchLabel,
  withStoppedTasks,
  wrongRevisionSentence,
} from './wording.js';

/** A deployment started after ours and took its place: the PRIMARY one, and the newer service deployment when known. */
interface Replacement {
  readonly deployment: Deployment | undefined;
  readonly serviceDeploymentArn: string | undefined;
}

/**
 * Whether ours was replaced, on either path. deployments[]: a PRIMARY deployment that is not ours, by
 * revision or, for the same revision (`--force-new-deployment`), by id; ours seen first or the other one
 * started after our update, so a stale read of the old PRIMARY is not mistaken for it. Service deployments:
 * ours stopped while the service points at a newer one (ECS stops an unfinished service deployment when
 * another starts); the newer ARN alone is not enough, as DescribeServices can lag behind our update.
 */
function replacementOf(
  state: WatchState,
  service: Service,
  primary: Deployment | undefined,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
): Replacement | undefined {
  const { target } = state;
  let newer: Deployment | undefined;
  if (primary !== undefined && primary !== ours) {
    const otherRevision = primary.taskDefinition !== target.taskDefinitionArn;
    const otherId = primary.id !== undefined && state.deploymentId !== undefined && primary.id !== state.deploymentId;
    const afterOurs = ours !== undefined || state.deploymentSeen || isRecent(createdMs(primary), target.startedAtMs);
    if ((otherRevision || otherId) && afterOurs) newer = primary;
  }
  const current = service.currentServiceDeployment;
  const newerArn =
    current !== undefined && state.serviceDeploymentArn !== undefined && current !== state.serviceDeploymentArn ? current : undefined;
  const stopped = serviceDeployment?.status === 'STOPPED' || serviceDeployment?.status === 'STOP_REQUESTED';
  if (newer === undefined && !(newerArn !== undefined && stopped)) return undefined;
  return { deployment: newer, serviceDeploymentArn: newerArn };
}

/** Failure signals in the order ECS raises them; the first one found decides. */
export function judgeFailure(
  state: WatchState,
  service: Service,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
): FinalVerdict | undefined {
  const { target, stoppedTasks } = state;
  const primary = primaryDeployment(service);
  const otherRevision = primary !== undefined && primary !== ours ? primary.taskDefinition : undefined;
  const rollbackTo =
    otherRevision !== undefined && otherRevision !== target.taskDefinitionArn ? otherRevision : target.otherTaskDefinitionArn;
  const label = watchLabel(target);
  const sdStatus = serviceDeployment?.status;
  const byEcs = ecsRollsBack(service);
  const ecsRollbackTo = byEcs ? rollbackTo : undefined;

  // A hook or alarm of a traffic-shifting strategy: named, before the rollback it causes is reported.
  const lifecycle = judgeLifecycleFailure(state, service, serviceDeployment, rollbackTo);
  if (lifecycle !== undefined) return lifecycle;
  if (target.mode === 'deploy' && serviceDeployment !== undefined && sdStatus?.startsWith('ROLLBACK_') === true) {
    return {
      kind: 'failed',
      rolloutState: sdStatus,
      rollbackBy: 'ecs',
      ecsRollbackTo: rollbackTo,
      ecsRollback: sdStatus === 'ROLLBACK_FAILED' ? 'failed' : sdStatus === 'ROLLBACK_SUCCESSFUL' ? 'succeeded' : 'requested',
      reason: withStoppedTasks(ecsRollbackSentence(label, { ...serviceDeployment, status: sdStatus }, rollbackTo, service), stoppedTasks),
    };
  }
  if (target.mode === 'rollback' && sdStatus === 'ROLLBACK_FAILED') {
    const reason = withStoppedTasks(rollbackFailedSentence(label, serviceDeployment?.statusReason), stoppedTasks);
    return { kind: 'failed', rolloutState: sdStatus, reason, rollbackBy: 'none' };
  }
  const replacement = replacementOf(state, service, primary, ours, serviceDeployment);
  // ECS's circuit breaker rolls back by starting a deployment of the previous revision: a replacement too, but ECS's.
  const ecsRollingBack = replacement?.deployment?.taskDefinition === target.otherTaskDefinitionArn && byEcs && target.mode === 'deploy';
  if (ours?.rolloutState === 'FAILED' && (replacement === undefined || ecsRollingBack)) {
    return {
      kind: 'failed',
      rolloutState: 'FAILED',
      reason: withStoppedTasks(rolloutFailedSentence(label, ours.rolloutStateReason, ecsRollbackTo), stoppedTasks),
      rollbackBy: byEcs ? 'ecs' : 'ours',
      ecsRollbackTo,
    };
  }
  if (replacement !== undefined) {
    if (ecsRollingBack) {
      const reason = withStoppedTasks(ecsRollingBackSentence(label, rollbackTo), stoppedTasks);
      return { kind: 'failed', rolloutState: 'FAILED', reason, rollbackBy: 'ecs', ecsRollbackTo: rollbackTo };
    }
    return {
      kind: 'failed',
      rolloutState: serviceDeployment?.status ?? ours?.rolloutState ?? 'REPLACED',
      reason: replacedSentence(label, target.taskDefinitionArn, replacement.deployment, replacement.serviceDeploymentArn),
      rollbackBy: 'none',
    };
  }
  if (target.mode === 'deploy' && (sdStatus === 'STOP_REQUESTED' || sdStatus === 'STOPPED')) {
    const reason = withStoppedTasks(stoppedEarlySentence(label, sdStatus, serviceDeployment?.statusReason), stoppedTasks);
    return { kind: 'failed', rolloutState: sdStatus, reason, rollbackBy: 'none' };
  }

  const breaker = readBreaker(service, ours, serviceDeployment);
  if (breaker.tripped) {
    return {
      kind: 'failed',
      rolloutState: 'FAILED',
      reason: withStoppedTasks(breakerTrippedSentence(label, breaker.failedCount, breaker.threshold, ecsRollbackTo), stoppedTasks),
      rollbackBy: byEcs ? 'ecs' : 'ours',
      ecsRollbackTo,
    };
  }

  if (target.maxFailedTasks > 0) {
    const repeated = [...state.failureCounts.entries()].find(([, count]) => count >= target.maxFailedTasks);
    if (repeated !== undefined) {
      const example = stoppedTasks.find((report) => report.signature === repeated[0]);
      const detail = example === undefined ? repeated[0] : describeStoppedTask(example);
      // The breaker was checked just above and has not tripped, so ECS will not roll back until it reaches its
      // threshold, which may be far off (up to 200 tasks): the rollback is ours (rollback-on-failure), not ECS's.
      return {
        kind: 'failed',
        rolloutState: 'FAILED',
        reason: repeatedFailureSentence(label, repeated[1], target.maxFailedTasks, detail, byEcs ? breaker : undefined),
        rollbackBy: 'ours',
      };
    }
  }
  return undefined;
}

/**
 * Success once ECS says our deployment is done, and only if the end state is ours (end-state.ts); ECS done
 * on another revision is a failure that names the live one. Also when our deployment is not listed but our
 * service deployment says SUCCESSFUL: the PRIMARY deployment is then what completed.
 */
export function judgeSuccess(
  state: WatchState,
  service: Service,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
): FinalVerdict | undefined {
  const { target } = state;
  const sdStatus = serviceDeployment?.status;
  const sdDone = target.mode === 'deploy' ? sdStatus === 'SUCCESSFUL' : sdStatus === 'ROLLBACK_SUCCESSFUL';
  const wrongRevision = (completed: Deployment | undefined): FinalVerdict | undefined => {
    const end = checkEndState(target.taskDefinitionArn, service, completed);
    if (end.kind === 'ours') return undefined;
    const reason = wrongRevisionSentence(watchLabel(target), target.service, target.taskDefinitionArn, end, completed?.id);
    return { kind: 'failed', rolloutState: 'FAILED', reason, rollbackBy: 'none' };
  };
  if (ours === undefined) return sdDone ? wrongRevision(primaryDeployment(service)) : undefined;
  // BLUE_GREEN, LINEAR, CANARY: our tasks run long before the traffic shifts and the bake are over.
  if (target.mode === 'deploy' && awaitsServiceDeployment(service, serviceDeployment)) return undefined;
  const rolloutDone = ours.rolloutState === 'COMPLETED';
  // A deployment looks steady (PRIMARY, alone, every task running) before ECS is done with it: health checks,
  // bake time and alarms can still fail it and roll it back. So when ECS states where it is, only its
  // SUCCESSFUL / COMPLETED counts; "steady" decides only when ECS gives neither state.
  const ecsSaysNothing = sdStatus === undefined && ours.rolloutState === undefined;
  const others = (service.deployments ?? []).filter((deployment) => deployment !== ours);
  const steady =
    ecsSaysNothing &&
    primaryDeployment(service) === ours &&
    others.length === 0 &&
    (ours.runningCount ?? 0) === (ours.desiredCount ?? 0) &&
    (ours.pendingCount ?? 0) === 0;
  if (!sdDone && !rolloutDone && !steady) return undefined;
  // Done, by ECS's word: the deployment that completed and the service must both run our revision.
  const failed = wrongRevision(ours);
  if (failed !== undefined) return failed;
  // One word for success in the `rollout-state` output whichever of ECS's signals came first (workflows test
  // it), rather than a stale IN_PROGRESS; a rollback's ROLLBACK_SUCCESSFUL says more.
  const rolloutState = target.mode === 'rollback' && sdDone ? 'ROLLBACK_SUCCESSFUL' : 'COMPLETED';
  return { kind: 'succeeded', rolloutState, summary: succeededSentence(watchLabel(target), ours) };
}

/** The wait is over (or stuck) whatever the last snapshot said. Also used when a poll could not read anything. */
export function judgeTime(state: WatchState, nowMs: number, lastSummary: string): FinalVerdict | undefined {
  const { target } = state;
  const label = watchLabel(target);
  const lastEvent = state.events.at(-1) ?? 'none';
  if (nowMs >= target.deadlineMs) {
    const minutes = Math.round((target.deadlineMs - target.clockStartMs) / 60_000);
    const reason = timedOutSentence(label, minutes, lastSummary, lastEvent);
    return { kind: 'timed-out', rolloutState: 'TIMED_OUT', reason, rollbackBy: 'ours' };
  }
  if (target.noProgressMs > 0 && nowMs - state.lastProgressAtMs >= target.noProgressMs) {
    const minutes = Math.round(target.noProgressMs / 60_000);
    const reason = noProgressSentence(label, minutes, lastSummary, lastEvent);
    return { kind: 'timed-out', rolloutState: 'TIMED_OUT', reason, rollbackBy: 'ours' };
  }
  return undefined;
}
