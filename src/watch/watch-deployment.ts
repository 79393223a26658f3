// The deployment watch's entry: watch each service's deployment to a verdict, roll back when the service
// does not do it itself (rollback-policy.ts decides), and answer one outcome per service.
import { describeError } from '../shared/errors.js';
import { ecsRollsBack } from './circuit-breaker.js';
import { ContainerLogs } from './container-logs.js';
import { StoppedTaskReader } from './ecs-reads.js';
import { POLL_POLICY } from './poll-policy.js';
import { runWatch, type RunResult, type ServiceWatch } from './poll-loop.js';
import { startRollback } from './rollback-calls.js';
import { decideRollback, rollbackReportOf, rollbackTarget, type RollbackReport, type RollbackStart } from './rollback-policy.js';
import { essentialContainers } from './stopped-tasks.js';
import { asFailedCall, WatchCalls } from './watch-calls.js';
import { WatchPrinter } from './watch-printer.js';
import type { WatchContext, WatchOutcome, WatchRequest } from './watch-request.js';
import type { WatchTarget } from './watch-state.js';
import { revisionName, rollbackSentence } from './wording.js';

export type { WatchOptions, WatchOutcome, WatchRequest } from './watch-request.js';

async function openServiceWatch(request: WatchRequest): Promise<ServiceWatch> {
  const context: WatchContext = { request, calls: new WatchCalls(request), print: new WatchPrinter(request.service, request.logPrefix) };
  return { ...context, stoppedTasks: new StoppedTaskReader(context), containerLogs: await ContainerLogs.open(context) };
}

interface RollbackResult {
  readonly report: RollbackReport;
  /** Events seen while watching the rollback. */
  readonly events: readonly string[];
}

/** Starts our rollback and watches it like a deployment of the previous revision. */
async function rollBack(watch: ServiceWatch, run: RunResult): Promise<RollbackResult> {
  const to = watch.request.previousTaskDefinitionArn;
  let start: RollbackStart;
  try {
    start = await startRollback(watch, run.serviceDeploymentArn);
  } catch (error) {
    const reason = `it could not start: ${describeError(asFailedCall(error).cause)}.`;
    return { report: { method: 'update-service', status: 'failed', reason, taskDefinitionArn: to }, events: [] };
  }
  watch.print.info(
    `Rolling ${watch.request.service} back to ${revisionName(to)} (${start.method === 'stop-service-deployment' ? 'StopServiceDeployment ROLLBACK' : 'UpdateService'})`,
  );
  const target = rollbackTarget(run.state.target, start, watch.calls.now());
  const watched = await runWatch(watch, target, { seenEventKeys: run.state.seenEventKeys, seenTaskArns: run.state.seenTaskArns });
  return { report: rollbackReportOf(start.method, to, watched.verdict), events: watched.state.events };
}

/** Watches one service's deployment to a verdict, rolling back when the service does not do it itself. */
export async function watchDeployment(request: WatchRequest): Promise<WatchOutcome> {
  const watch = await openServiceWatch(request);
  const clockStartMs = watch.calls.now();
  const { options } = request;
  const target: WatchTarget = {
    service: request.service,
    mode: 'deploy',
    taskDefinitionArn: request.taskDefinitionArn,
    otherTaskDefinitionArn: request.previousTaskDefinitionArn,
    deploymentId: request.deploymentId,
    serviceDeploymentArn: request.serviceDeploymentArn,
    startedAtMs: request.updatedAt.getTime(),
    clockStartMs,
    deadlineMs: clockStartMs + options.waitMinutes * 60_000,
    noProgressMs: options.noProgressMinutes * 60_000,
    maxFailedTasks: options.maxFailedTasks,
    essentialContainers: essentialContainers(request.taskDefinition),
  };
  watch.print.info(
    `Watching ${request.service} in ${request.cluster} roll out ${revisionName(request.taskDefinitionArn)}: a poll every ${String(POLL_POLICY.intervalMs / 1000)} s for up to ${String(options.waitMinutes)} min` +
      (options.noProgressMinutes > 0 ? `, failing after ${String(options.noProgressMinutes)} min without progress` : ''),
  );
  const run = await runWatch(watch, target);
  const { verdict, state } = run;
  const deploymentId = run.serviceDeploymentArn ?? state.serviceDeploymentArn ?? state.deploymentId ?? '';

  const decision = decideRollback(verdict, {
    service: request.service,
    taskDefinitionArn: request.taskDefinitionArn,
    previousTaskDefinitionArn: request.previousTaskDefinitionArn,
    rollbackOnFailure: options.rollbackOnFailure,
    pollFailed: run.pollFailed,
    serviceRollsBack: run.service !== undefined && ecsRollsBack(run.service),
  });
  let rollback: RollbackReport | undefined;
  let rollbackEvents: readonly string[] = [];
  if (decision.action === 'report') rollback = decision.report;
  if (decision.action === 'roll-back') ({ report: rollback, events: rollbackEvents } = await rollBack(watch, run));

  const reason = verdict.kind === 'succeeded' ? '' : `${verdict.reason}${rollback === undefined ? '' : rollbackSentence(rollback)}`;
  if (reason !== '') watch.print.info(reason);
  return {
    service: request.service,
    status: verdict.kind,
    rolloutState: verdict.rolloutState,
    deploymentId,
    reason,
    stoppedTasks: state.stoppedTasks,
    events: [...state.events, ...rollbackEvents],
    rollback,
    durationMs: watch.calls.now() - clockStartMs,
    apiCalls: watch.calls.ledger.total,
  };
}

/** Watches several services at once, each on its own budget; one outcome per request, in order. */
export async function watchDeployments(requests: readonly WatchRequest[]): Promise<WatchOutcome[]> {
  const prefixed =
    requests.length > 1 ? requests.map((request) => ({ ...request, logPrefix: request.logPrefix ?? request.service })) : requests;
  // One watch breaking must not lose the other services' outcomes.
  return Promise.all(prefixed.map((request) => watchDeployment(request).catch((error: unknown) => brokenWatch(request, error))));
}

function brokenWatch(request: WatchRequest, error: unknown): WatchOutcome {
  return {
    service: request.service,
    status: 'failed',
    rolloutState: 'UNKNOWN',
    deploymentId: request.serviceDeploymentArn ?? request.deploymentId ?? '',
    reason: `Watching ${request.service} stopped unexpectedly: ${describeError(error)}.`,
    stoppedTasks: [],
    events: [],
    durationMs: 0,
    apiCalls: 0,
  };
}
