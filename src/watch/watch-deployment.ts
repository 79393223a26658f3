// The deployment watch's entry: watch every service's deployment of the step to a verdict in one polling
// loop (batched reads, one call budget), roll back a service when it does not do it itself
// (rollback-policy.ts decides), and answer one outcome per service.
import { itemAt } from '../shared/collections.js';
import { describeError } from '../shared/errors.js';
import { serviceBatches } from './batching.js';
import { CallLedger } from './call-budget.js';
import { ecsRollsBack } from './circuit-breaker.js';
import { ContainerLogs } from './container-logs.js';
import { StoppedTaskReader } from './ecs-reads.js';
import { CADENCE } from './cadence.js';
import { stepCallBudget } from './poll-policy.js';
import { WatchRun, runWatches, type RunResult, type ServiceWatch } from './poll-loop.js';
import { startRollback } from './rollback-calls.js';
import { decideRollback, rollbackReportOf, rollbackTarget, type RollbackReport, type RollbackStart } from './rollback-policy.js';
import { essentialContainers } from './stopped-tasks.js';
import { asFailedCall, WatchCalls } from './watch-calls.js';
import { WatchPrinter } from './watch-printer.js';
import type { WatchContext, WatchOutcome, WatchRequest, WatchStepOptions } from './watch-request.js';
import { revisionName, rollbackSentence } from './wording.js';

export type { WatchOptions, WatchOutcome, WatchRequest, WatchStepOptions } from './watch-request.js';

async function openServiceWatch(request: WatchRequest, step: WatchCalls): Promise<ServiceWatch> {
  const context: WatchContext = { request, calls: step.forService(), print: new WatchPrinter(request.service, request.logPrefix) };
  return { ...context, stoppedTasks: new StoppedTaskReader(context), containerLogs: await ContainerLogs.open(context) };
}

/** One service through the step: the watch of our deployment, then perhaps our rollback and its watch, to one outcome. */
class ServiceJourney {
  outcome: WatchOutcome | undefined;
  private readonly clockStartMs: number;
  private deployed: RunResult | undefined;
  private rollbackMethod: RollbackStart['method'] = 'update-service';

  constructor(readonly watch: ServiceWatch) {
    this.clockStartMs = watch.calls.now();
  }

  get request(): WatchRequest {
    return this.watch.request;
  }

  /** The watch of our deployment. */
  firstRun(): WatchRun {
    const { request, clockStartMs } = this;
    const { options } = request;
    this.watch.print.info(
      `Watching ${request.service} in ${request.cluster} roll out ${revisionName(request.taskDefinitionArn)}: polling every ${String(CADENCE.busyMs / 1000)} s while tasks start or stop, ${String(CADENCE.steadyMs / 1000)} s while nothing changes, for up to ${String(options.waitMinutes)} min` +
        (options.noProgressMinutes > 0 ? `, failing after ${String(options.noProgressMinutes)} min without progress` : ''),
    );
    return new WatchRun(this.watch, {
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
    });
  }

  /** A watch of this service ended: start our rollback (and return its watch), or settle the outcome. */
  async onVerdict(result: RunResult): Promise<WatchRun | undefined> {
    const deployed = this.deployed;
    if (deployed !== undefined) {
      // The watch of our rollback ended.
      this.finish(
        deployed,
        rollbackReportOf(this.rollbackMethod, this.request.previousTaskDefinitionArn, result.verdict),
        result.state.events,
      );
      return undefined;
    }
    this.deployed = result;
    const { request } = this;
    const decision = decideRollback(result.verdict, {
      service: request.service,
      taskDefinitionArn: request.taskDefinitionArn,
      previousTaskDefinitionArn: request.previousTaskDefinitionArn,
      rollbackOnFailure: request.options.rollbackOnFailure,
      pollFailed: result.pollFailed,
      serviceRollsBack: result.service !== undefined && ecsRollsBack(result.service),
    });
    if (decision.action === 'roll-back') return this.startRollback(result);
    this.finish(result, decision.action === 'report' ? decision.report : undefined, []);
    return undefined;
  }

  /** Starts our rollback; its watch is like a deployment of the previous revision. */
  private async startRollback(deployed: RunResult): Promise<WatchRun | undefined> {
    const { watch } = this;
    const to = this.request.previousTaskDefinitionArn;
    let start: RollbackStart;
    try {
      start = await startRollback(watch, deployed.serviceDeploymentArn);
    } catch (error) {
      const reason = `it could not start: ${describeError(asFailedCall(error).cause)}.`;
      this.finish(deployed, { method: 'update-service', status: 'failed', reason, taskDefinitionArn: to }, []);
      return undefined;
    }
    this.rollbackMethod = start.method;
    watch.print.info(
      `Rolling ${this.request.service} back to ${revisionName(to)} (${start.method === 'stop-service-deployment' ? 'StopServiceDeployment ROLLBACK' : 'UpdateService'})`,
    );
    const target = rollbackTarget(deployed.state.target, start, watch.calls.now());
    return new WatchRun(watch, target, { seenEventKeys: deployed.state.seenEventKeys, seenTaskArns: deployed.state.seenTaskArns });
  }

  private finish(run: RunResult, rollback: RollbackReport | undefined, rollbackEvents: readonly string[]): void {
    const { verdict, state } = run;
    const reason = verdict.kind === 'succeeded' ? '' : `${verdict.reason}${rollback === undefined ? '' : rollbackSentence(rollback)}`;
    if (reason !== '') this.watch.print.info(reason);
    this.outcome = {
      service: this.request.service,
      status: verdict.kind,
      rolloutState: verdict.rolloutState,
      deploymentId: run.serviceDeploymentArn ?? state.serviceDeploymentArn ?? state.deploymentId ?? '',
      reason,
      stoppedTasks: state.stoppedTasks,
      events: [...state.events, ...rollbackEvents],
      rollback,
      durationMs: this.watch.calls.now() - this.clockStartMs,
      apiCalls: this.watch.calls.made,
    };
  }
}

/** Watches one service's deployment to a verdict, rolling back when the service does not do it itself. */
export async function watchDeployment(request: WatchRequest): Promise<WatchOutcome> {
  return itemAt(await watchDeployments([request]), 0);
}

/**
 * Watches every service of the step in one polling loop, on one call budget; one outcome per request, in
 * order. One service failing (or its watch breaking) does not stop the watch of the others, unless
 * `failFast` asks to stop waiting at the first failure.
 */
export async function watchDeployments(requests: readonly WatchRequest[], stepOptions: WatchStepOptions = {}): Promise<WatchOutcome[]> {
  if (requests.length === 0) return [];
  const prefixed =
    requests.length > 1 ? requests.map((request) => ({ ...request, logPrefix: request.logPrefix ?? request.service })) : requests;
  const first = itemAt(prefixed, 0);
  const budget = stepCallBudget(serviceBatches(prefixed).length);
  const step = new WatchCalls(first, new CallLedger(budget.maxCallsPerMinute, budget.reservedForPolls));

  const journeys = await Promise.all(prefixed.map(async (request) => new ServiceJourney(await openServiceWatch(request, step))));
  const journeyOf = new Map<WatchRun, ServiceJourney>();
  const firstRuns = journeys.map((journey) => {
    const run = journey.firstRun();
    journeyOf.set(run, journey);
    return run;
  });
  const failedAt = (): ServiceJourney | undefined =>
    journeys.find((journey) => journey.outcome !== undefined && journey.outcome.status !== 'succeeded');

  let open: WatchRun[];
  try {
    open = await runWatches(
      {
        calls: step,
        ecs: first.ecs,
        onVerdict: async (run, result) => {
          const journey = journeyOf.get(run);
          if (journey === undefined) return undefined;
          try {
            const next = await journey.onVerdict(result);
            if (next !== undefined) journeyOf.set(next, journey);
            return next;
          } catch (error) {
            journey.outcome = brokenWatch(journey.request, error);
            return undefined;
          }
        },
        stop: stepOptions.failFast === true ? () => failedAt() !== undefined : undefined,
      },
      firstRuns,
    );
  } catch (error) {
    // A bug of the loop itself: every service not yet settled says so, none is lost.
    for (const journey of journeys) journey.outcome ??= brokenWatch(journey.request, error);
    open = [];
  }
  const stoppedBy = failedAt()?.request.service ?? '';
  for (const run of open) {
    const journey = journeyOf.get(run);
    if (journey !== undefined) journey.outcome ??= notWaitedFor(journey, stoppedBy);
  }
  return journeys.map((journey) => journey.outcome ?? brokenWatch(journey.request, new Error('the watch ended without a verdict')));
}

/** fail-fast stopped the step before this service had a verdict: it was updated, but nobody saw it settle. */
function notWaitedFor(journey: ServiceJourney, failedService: string): WatchOutcome {
  const { request, watch } = journey;
  const reason = `Not waited for: fail-fast stopped watching at the first failure (${failedService}); the deployment of ${request.service} may still be in progress.`;
  watch.print.info(reason);
  return {
    service: request.service,
    status: 'not-waited',
    rolloutState: 'IN_PROGRESS',
    deploymentId: request.serviceDeploymentArn ?? request.deploymentId ?? '',
    reason,
    stoppedTasks: [],
    events: [],
    durationMs: 0,
    apiCalls: watch.calls.made,
  };
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
