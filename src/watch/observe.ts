// One step of the deployment watch as a pure state machine: a poll's snapshot and the time go in; the lines
// to print, the newly stopped tasks and a verdict come out. No I/O and no clock reads, so the rules are
// tested by tables of recorded snapshots.
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { findOurDeployment } from './find-deployment.js';
import { followLifecycle, inPlannedWait } from './lifecycle-stages.js';
import { createdMs, isRecent, oldestFirst } from './recency.js';
import { classifyStoppedTask, describeStoppedTask, type StoppedTaskReport } from './stopped-tasks.js';
import { judgeFailure, judgeSuccess, judgeTime } from './verdict.js';
import type { Snapshot, StepResult, Verdict, WatchState } from './watch-state.js';
import { formatClock, revisionName, stateSummary, statusLine } from './wording.js';

const CONTINUE: Verdict = { kind: 'continue' };

function eventKey(event: { id?: string | undefined; createdAt?: Date | undefined; message?: string | undefined }): string {
  return event.id ?? `${String(createdMs(event))}|${event.message ?? ''}`;
}

/** Anything ECS reports changing: counts, statuses, the breaker, new events or stopped tasks. */
function progressKeyOf(service: Service, serviceDeployment: ServiceDeployment | undefined, state: WatchState): string {
  const deployments = (service.deployments ?? []).map((deployment) =>
    [
      deployment.id,
      deployment.status,
      deployment.runningCount,
      deployment.pendingCount,
      deployment.failedTasks,
      deployment.desiredCount,
      deployment.rolloutState,
    ].join(','),
  );
  const breaker = serviceDeployment?.deploymentCircuitBreaker;
  return JSON.stringify([
    deployments,
    serviceDeployment?.status,
    serviceDeployment?.lifecycleStage,
    breaker?.failureCount,
    state.seenEventKeys.size,
    state.seenTaskArns.size,
  ]);
}

/**
 * Our deployment's creation time when it was created by our update (a rollback may find an old
 * deployment of the previous revision as ours: its time says nothing about which events are new).
 */
function createdSinceUpdate(ours: { createdAt?: Date | undefined } | undefined, startedAtMs: number): number | undefined {
  const created = ours === undefined ? undefined : createdMs(ours);
  return created !== undefined && isRecent(created, startedAtMs) ? created : undefined;
}

/** Feeds one poll's snapshot into the watch. */
export function observe(previous: WatchState, snapshot: Snapshot): StepResult {
  const { service, serviceDeployment, nowMs } = snapshot;
  const { target } = previous;
  const lines: string[] = [];
  const ours = findOurDeployment(service, previous);

  // Events: once each, oldest first, only since our update: since our deployment was created when ECS
  // says when (its clock, as the events'), else since our call, give or take the clock skew.
  const deploymentCreatedAtMs = previous.deploymentCreatedAtMs ?? createdSinceUpdate(ours, target.startedAtMs);
  const isOurs = (createdAtMs: number): boolean =>
    deploymentCreatedAtMs === undefined ? isRecent(createdAtMs, target.startedAtMs) : createdAtMs >= deploymentCreatedAtMs;
  const seenEventKeys = new Set(previous.seenEventKeys);
  const newEvents = (service.events ?? [])
    .filter((event) => isOurs(createdMs(event) ?? Number.POSITIVE_INFINITY) && !seenEventKeys.has(eventKey(event)))
    .sort(oldestFirst);
  const events = [...previous.events];
  for (const event of newEvents) {
    seenEventKeys.add(eventKey(event));
    const text = `${formatClock(event.createdAt)} ${event.message ?? ''}`;
    events.push(text);
    lines.push(`event ${text}`);
  }

  // Stopped tasks of our deployment, when looked up this poll.
  const seenTaskArns = new Set(previous.seenTaskArns);
  const failureCounts = new Map(previous.failureCounts);
  const newStoppedTasks: StoppedTaskReport[] = [];
  let stoppingTasksPending = previous.stoppingTasksPending;
  let inspectedFailedTasks = previous.inspectedFailedTasks;
  if (snapshot.stoppedTasks !== undefined) {
    stoppingTasksPending = false;
    inspectedFailedTasks = ours?.failedTasks ?? inspectedFailedTasks;
    for (const task of snapshot.stoppedTasks) {
      const arn = task.taskArn;
      if (arn === undefined || seenTaskArns.has(arn)) continue;
      if (task.taskDefinitionArn !== undefined && task.taskDefinitionArn !== target.taskDefinitionArn) continue;
      if (task.lastStatus !== undefined && task.lastStatus !== 'STOPPED') {
        stoppingTasksPending = true;
        continue;
      }
      seenTaskArns.add(arn);
      const report = classifyStoppedTask(task, target.essentialContainers);
      newStoppedTasks.push(report);
      if (report.kind === 'failure') failureCounts.set(report.signature, (failureCounts.get(report.signature) ?? 0) + 1);
      lines.push(describeStoppedTask(report));
    }
  }

  let state: WatchState = {
    ...previous,
    deploymentId: previous.deploymentId ?? ours?.id,
    serviceDeploymentArn: previous.serviceDeploymentArn ?? serviceDeployment?.serviceDeploymentArn,
    seenEventKeys,
    seenTaskArns,
    failureCounts,
    stoppedTasks: [...previous.stoppedTasks, ...newStoppedTasks],
    events,
    inspectedFailedTasks,
    stoppingTasksPending,
    lastRunningCount: ours?.runningCount ?? previous.lastRunningCount,
    deploymentSeen: previous.deploymentSeen || ours !== undefined,
    deploymentCreatedAtMs,
    rolloutState:
      serviceDeployment?.status?.startsWith('ROLLBACK_') === true
        ? serviceDeployment.status
        : (ours?.rolloutState ?? previous.rolloutState),
  };
  const progressKey = progressKeyOf(service, serviceDeployment, state);
  const line = statusLine(service, ours, serviceDeployment, state.deploymentSeen);
  if (line !== previous.lastStatusLine) lines.push(line);
  const lifecycle = followLifecycle(previous.lifecycle, {
    service,
    serviceDeployment,
    nowMs,
    // Our own rollback's watch does not warn again.
    waitMinutes: target.mode === 'deploy' ? Math.round((target.deadlineMs - target.clockStartMs) / 60_000) : undefined,
    revision: revisionName(target.taskDefinitionArn),
  });
  lines.push(...lifecycle.lines);
  const warnings = lifecycle.warnings;
  state = {
    ...state,
    lifecycle: lifecycle.state,
    progressKey,
    lastStatusLine: line,
    // ECS's own bake and the waits between traffic steps are progress as planned, not a stall.
    lastProgressAtMs: progressKey === previous.progressKey && !inPlannedWait(lifecycle.state) ? previous.lastProgressAtMs : nowMs,
  };

  const verdict =
    judgeFailure(state, service, ours, serviceDeployment) ??
    judgeSuccess(state, service, ours, serviceDeployment) ??
    judgeTime(state, nowMs, stateSummary(ours, serviceDeployment, state.deploymentSeen)) ??
    CONTINUE;
  if (verdict.kind === 'continue') return { state, lines, warnings, newStoppedTasks, verdict };
  if (verdict.kind === 'succeeded') lines.push(verdict.summary);
  return { state: { ...state, rolloutState: verdict.rolloutState }, lines, warnings, newStoppedTasks, verdict };
}
