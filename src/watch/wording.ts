// Every sentence and status line the deployment watch prints or reports, so the rules (verdict.ts) and the
// loop only decide and the words live in one place. Pure.
import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { taskDefinitionRevisionLabel } from '../task-definition/revision-label.js';
import { countsAsProblem, describeStoppedTask, type StoppedTaskReport } from './stopped-tasks.js';
import type { RollbackReport } from './rollback-policy.js';
import type { EcsRollbackStatus, WatchState, WatchTarget } from './watch-state.js';
import { asSentence } from '../shared/errors.js';

/** `my-app:8` from a task definition ARN (or the input unchanged when it is not one). */
export function revisionName(taskDefinitionArn: string | undefined): string {
  return taskDefinitionArn ? taskDefinitionRevisionLabel(taskDefinitionArn) : '(unknown revision)';
}

/** `Deployment of my-app:8 to my-svc`, or `Rollback to my-app:7 to my-svc` for our own rollback. */
export function watchLabel(target: Pick<WatchTarget, 'mode' | 'taskDefinitionArn' | 'service'>): string {
  return `${target.mode === 'rollback' ? 'Rollback to' : 'Deployment of'} ${revisionName(target.taskDefinitionArn)} to ${target.service}`;
}

export function formatClock(date: Date | undefined): string {
  return date === undefined ? '--:--:--' : date.toISOString().slice(11, 19);
}

// ---------------------------------------------------------------------------------------------------
// Status lines

function deploymentLine(deployment: Deployment, ours: boolean): string {
  const running = `${String(deployment.runningCount ?? 0)}/${String(deployment.desiredCount ?? 0)} running`;
  const counts = `${running}, ${String(deployment.pendingCount ?? 0)} pending, ${String(deployment.failedTasks ?? 0)} failed`;
  const rollout = deployment.rolloutState === undefined ? '' : ` ${deployment.rolloutState}`;
  const label = ours
    ? `${deployment.id ?? 'deployment'} (${revisionName(deployment.taskDefinition)})`
    : `${revisionName(deployment.taskDefinition)} ${deployment.status ?? ''}`.trim();
  return `${label}${rollout}: ${counts}`;
}

/** One line for the whole service: ours, the service deployment and breaker, then the other deployments. */
export function statusLine(
  service: Service,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
  deploymentSeen: boolean,
): string {
  const parts: string[] = [];
  if (ours === undefined) parts.push(deploymentSeen ? 'our deployment is no longer listed' : 'waiting for our deployment to appear');
  else parts.push(deploymentLine(ours, true));
  if (serviceDeployment !== undefined) {
    const stage = serviceDeployment.lifecycleStage === undefined ? '' : ` (${serviceDeployment.lifecycleStage})`;
    parts.push(`service deployment ${serviceDeployment.status ?? 'UNKNOWN'}${stage}`);
    const breaker = serviceDeployment.deploymentCircuitBreaker;
    if (breaker?.threshold !== undefined && breaker.status !== 'DISABLED') {
      parts.push(`circuit breaker ${String(breaker.failureCount ?? 0)}/${String(breaker.threshold)}`);
    }
  }
  for (const other of service.deployments ?? []) {
    if (other !== ours) parts.push(deploymentLine(other, false));
  }
  return parts.join('; ');
}

/** Our deployment's counts in a phrase, for a timeout's reason. */
export function stateSummary(
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
  deploymentSeen: boolean,
): string {
  if (ours === undefined)
    return deploymentSeen ? 'our deployment is no longer listed in the service' : 'our deployment never appeared in the service';
  const sd = serviceDeployment?.status === undefined ? '' : `, service deployment ${serviceDeployment.status}`;
  return `${String(ours.runningCount ?? 0)}/${String(ours.desiredCount ?? 0)} tasks running, ${String(ours.pendingCount ?? 0)} pending, ${String(ours.failedTasks ?? 0)} failed, rollout ${ours.rolloutState ?? 'unknown'}${sd}`;
}

/** For polls that failed to read the service: the last known state, in words. */
export function lastKnownSummary(state: Pick<WatchState, 'lastStatusLine'>): string {
  return state.lastStatusLine === '' ? 'the service was never read' : state.lastStatusLine;
}

/** The most frequent lasting failure, as one example a user can act on. */
export function explainStoppedTasks(stoppedTasks: readonly StoppedTaskReport[]): string {
  const problems = stoppedTasks.filter(countsAsProblem);
  if (problems.length === 0) return '';
  const bySignature = new Map<string, StoppedTaskReport[]>();
  for (const report of problems) bySignature.set(report.signature, [...(bySignature.get(report.signature) ?? []), report]);
  const [group] = [...bySignature.values()].sort((a, b) => b.length - a.length);
  const example = group?.[0];
  if (group === undefined || example === undefined) return '';
  const count = group.length === 1 ? '1 task' : `${String(group.length)} tasks`;
  return `${count} stopped like this: ${describeStoppedTask(example)}`;
}

/** A failure's sentence followed by what the stopped tasks say, when they say anything. */
export function withStoppedTasks(sentence: string, stoppedTasks: readonly StoppedTaskReport[]): string {
  const explanation = explainStoppedTasks(stoppedTasks);
  return explanation === '' ? sentence : `${sentence} ${explanation}.`;
}

/** Each deployment's revision and running tasks, for when nothing healthy may be left. */
function whatServiceRuns(service: Service): string {
  const deployments = service.deployments ?? [];
  if (deployments.length === 0) return `${revisionName(service.taskDefinition)} (no deployment listed)`;
  return deployments
    .map(
      (deployment) =>
        `${revisionName(deployment.taskDefinition)} (${String(deployment.runningCount ?? 0)}/${String(deployment.desiredCount ?? 0)} tasks running)`,
    )
    .join(', ');
}

// ---------------------------------------------------------------------------------------------------
// Verdicts (`label` is watchLabel's)

/** Our deployment failed and ECS's rollback (service deployment ROLLBACK_*) is under way, done, or failed. */
export function ecsRollbackSentence(
  label: string,
  serviceDeployment: ServiceDeployment & { status: string },
  rollbackTo: string,
  service: Service,
): string {
  const { status, statusReason } = serviceDeployment;
  const to = revisionName(rollbackTo);
  const colonReason = statusReason ? `: ${statusReason}` : '';
  if (status === 'ROLLBACK_FAILED') {
    return `${label} failed, and ECS could not roll back to ${to} either (service deployment ${status}${colonReason}): the service may be left without a healthy revision; it runs ${whatServiceRuns(service)}.`;
  }
  if (status === 'ROLLBACK_SUCCESSFUL')
    return `${label} failed: ECS rolled the service back to ${to} (service deployment ${status}${colonReason}).`;
  return `${label} failed: ECS is rolling back to ${to}, service deployment ${status}${statusReason ? ` (${statusReason})` : ''}.`;
}

/** Our own rollback's service deployment failed. */
export function rollbackFailedSentence(label: string, statusReason: string | undefined): string {
  return `${label} failed${statusReason ? ` (${statusReason})` : ''}.`;
}

/** rolloutState FAILED, with where ECS rolls back to when it does. */
export function rolloutFailedSentence(label: string, rolloutStateReason: string | undefined, ecsRollbackTo: string | undefined): string {
  const why = rolloutStateReason === undefined || rolloutStateReason === '' ? '' : `: ${rolloutStateReason}`;
  return `${label} failed${why}.${ecsRollingBackClause(ecsRollbackTo)}`;
}

/** ECS's breaker started a deployment of the previous revision in place of ours. */
export function ecsRollingBackSentence(label: string, rollbackTo: string): string {
  return `${label} failed: ECS is rolling back to ${revisionName(rollbackTo)}.`;
}

/** Someone else's deployment (its PRIMARY deployment and/or newer service deployment) took the place of ours. */
export function replacedSentence(
  label: string,
  ourTaskDefinitionArn: string,
  newer: Deployment | undefined,
  newerServiceDeploymentArn: string | undefined,
): string {
  const details = [
    newer === undefined ? undefined : (newer.id ?? 'unknown id'),
    newer?.taskDefinition === ourTaskDefinitionArn
      ? 'newer than ours: the same revision started again, as a forced new deployment does'
      : 'newer than ours',
    newerServiceDeploymentArn === undefined ? undefined : `service deployment ${newerServiceDeploymentArn}`,
  ].filter((detail) => detail !== undefined);
  const what = newer === undefined ? 'another deployment' : `another deployment of ${revisionName(newer.taskDefinition)}`;
  return `${label} was replaced by ${what} (${details.join(', ')}); someone else deployed, so we do not roll back over it.`;
}

export function stoppedEarlySentence(label: string, status: string, statusReason: string | undefined): string {
  return `${label} was stopped before it completed: service deployment ${status}${statusReason ? ` (${statusReason})` : ''}.`;
}

export function breakerTrippedSentence(
  label: string,
  failedCount: number | undefined,
  threshold: number | undefined,
  ecsRollbackTo: string | undefined,
): string {
  return `${label} failed: the deployment circuit breaker tripped (${String(failedCount ?? 0)} failed tasks, threshold ${String(threshold ?? 0)}).${ecsRollingBackClause(ecsRollbackTo)}`;
}

/** max-failed-tasks reached; `breaker` when the service has a rolling-back breaker that has not tripped. */
export function repeatedFailureSentence(
  label: string,
  count: number,
  maxFailedTasks: number,
  detail: string,
  breaker: { readonly failedCount: number | undefined; readonly threshold: number | undefined } | undefined,
): string {
  const breakerNote =
    breaker === undefined
      ? ''
      : ` The circuit breaker has not tripped (${String(breaker.failedCount ?? 0)} of ${String(breaker.threshold ?? 0)} failed tasks), so ECS is not rolling back.`;
  return `${label} failed: ${String(count)} tasks stopped with the same failure, which will not fix itself (max-failed-tasks ${String(maxFailedTasks)}): ${detail}.${breakerNote}`;
}

export function succeededSentence(label: string, ours: Deployment): string {
  return `${label} completed: ${String(ours.runningCount ?? 0)}/${String(ours.desiredCount ?? 0)} tasks running (${ours.id ?? 'deployment'}).`;
}

/** ECS said done, but the service does not run the revision we asked for (end-state.ts). */
export function wrongRevisionSentence(
  label: string,
  service: string,
  wanted: string,
  end: { readonly live: string; readonly deployed: string | undefined; readonly serviceTaskDefinition: string | undefined },
  completedId: string | undefined,
): string {
  const facts = [
    end.deployed === undefined
      ? undefined
      : `the deployment ECS completed (${completedId ?? 'deployment'}) runs ${revisionName(end.deployed)}`,
    end.serviceTaskDefinition === undefined
      ? end.deployed === undefined
        ? `the service's task definition is not reported`
        : undefined
      : `the service's task definition is ${revisionName(end.serviceTaskDefinition)}`,
  ].filter((fact): fact is string => fact !== undefined);
  return `${label} ended on another revision: ${revisionName(end.live)} is live on ${service}, not ${revisionName(wanted)} (${facts.join('; ')}).`;
}

export function timedOutSentence(label: string, minutes: number, lastSummary: string, lastEvent: string): string {
  return asSentence(`${label} did not finish within ${String(minutes)} min: ${lastSummary}; last event: ${lastEvent}`);
}

export function noProgressSentence(label: string, minutes: number, lastSummary: string, lastEvent: string): string {
  return asSentence(`${label} made no progress for ${String(minutes)} min: ${lastSummary}; last event: ${lastEvent}`);
}

function ecsRollingBackClause(ecsRollbackTo: string | undefined): string {
  return ecsRollbackTo === undefined ? '' : ` ECS is rolling back to ${revisionName(ecsRollbackTo)}.`;
}

// ---------------------------------------------------------------------------------------------------
// Rollbacks and the watch's own ends

export function ecsRollbackReason(status: EcsRollbackStatus, to: string): string {
  switch (status) {
    case 'requested':
      return `ECS is rolling back to ${revisionName(to)}`;
    case 'succeeded':
      return `ECS rolled the service back to ${revisionName(to)}`;
    case 'failed':
      return `ECS's rollback to ${revisionName(to)} failed; the service may be left without a healthy revision`;
  }
}

/** What our rollback did, appended to the failure's reason ('' when the reason already says it). */
export function rollbackSentence(rollback: RollbackReport): string {
  // The verdict's reason already says what ECS's own rollback did.
  if (rollback.method === 'ecs-circuit-breaker') return '';
  switch (rollback.status) {
    case 'requested':
      return '';
    case 'succeeded':
      return ` We rolled ${rollback.method === 'stop-service-deployment' ? 'the deployment back (StopServiceDeployment)' : 'the service back (UpdateService)'}: it is back on ${revisionName(rollback.taskDefinitionArn)}.`;
    case 'skipped':
      return ` No rollback: ${rollback.reason}.`;
    default:
      return ` Our rollback to ${revisionName(rollback.taskDefinitionArn)} ${rollback.status === 'timed-out' ? 'did not finish' : 'failed'} too: ${rollback.reason}`;
  }
}

/** The watch gave up on reading ECS: which call, how often, and the last state it knew. */
export function stoppedWatchingReason(service: string, operation: string, failedPolls: number, error: string, lastKnown: string): string {
  const retried = failedPolls > 1 ? ` (after ${String(failedPolls)} failed polls in a row)` : '';
  return `Stopped watching ${service}: ${operation} failed${retried} with ${error}. The deployment's last known state: ${lastKnown}.`;
}

// ---------------------------------------------------------------------------------------------------
// ECS's own traffic-shifting strategies (lifecycle-verdict.ts decides)

/** A lifecycle hook failed or timed out, or an alarm went into ALARM; `then` says what ECS does about it. */
export function lifecycleFailedSentence(
  label: string,
  failure:
    | { readonly kind: 'hook'; readonly hook: string; readonly status: string }
    | { readonly kind: 'alarm'; readonly alarmNames: readonly string[] },
  stage: string | undefined,
  then: string,
): string {
  const at = stage === undefined ? '' : ` at ${stage}`;
  const what =
    failure.kind === 'hook'
      ? `the lifecycle hook ${failure.hook} ${failure.status === 'FAILED' ? 'answered FAILED' : 'timed out'}${at}`
      : `${failure.alarmNames.length === 1 ? 'the CloudWatch alarm' : 'the CloudWatch alarms'} ${failure.alarmNames.length === 0 ? '(not named by ECS)' : failure.alarmNames.join(', ')} went into ALARM${at}`;
  return `${label} failed: ${what}.${then === '' ? '' : ` ${asSentence(then)}`}`;
}
