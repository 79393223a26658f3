// The polling loop of the step: one poll cycle reads every watched service in batched calls (step-reads.ts),
// feeds each service's snapshot to its own pure watch (observe.ts), prints what it says, and keeps going on
// one cadence (cadence.ts: faster while tasks start or stop, within the step's budget) until every watch
// has a verdict. Every failed call arrives here already classified (FailedCall), because "keep waiting" on
// AccessDenied is exactly what users hate in the tools we replace: a failure ends the watch of the services
// it concerns, and only throttled and transient failures are waited out, on the shared backoff, for all
// services at once, and only so often.
import type { ECSClient, Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import { describeError } from '../shared/errors.js';
import { arnBatches, BATCH_LIMITS, serviceBatches } from './batching.js';
import { activityOf, busiest, nextCadence, pollOutcome, type Activity } from './cadence.js';
import { explainingLine, type ContainerLogs } from './container-logs.js';
import { ServiceDeploymentReader, type StoppedTaskReader } from './ecs-reads.js';
import { findOurDeployment } from './find-deployment.js';
import { observe } from './observe.js';
import { POLL_POLICY } from './poll-policy.js';
import { readServiceDeployments, readServices, readTasks } from './step-reads.js';
import { needsStoppedTaskLookup } from './stopped-tasks.js';
import { judgeTime } from './verdict.js';
import { asFailedCall, type FailedCall, type WatchCalls } from './watch-calls.js';
import type { WatchContext } from './watch-request.js';
import { startWatch, type Carried, type FinalVerdict, type WatchState, type WatchTarget } from './watch-state.js';
import { lastKnownSummary, stoppedWatchingReason } from './wording.js';

/** One service's watch: shared by its deploy and rollback watches, so nothing is warned about or fetched twice. */
export interface ServiceWatch extends WatchContext {
  readonly stoppedTasks: StoppedTaskReader;
  readonly containerLogs: ContainerLogs;
}

export interface RunResult {
  readonly verdict: FinalVerdict;
  readonly state: WatchState;
  readonly serviceDeploymentArn: string | undefined;
  /** The service as last read, for deciding on a rollback. */
  readonly service: Service | undefined;
  /** The watch ended because we could not read ECS, not because of anything ECS said. */
  readonly pollFailed: boolean;
}

/** One watch (our deploy, or our rollback) of one service, polled by the step's loop until it has a verdict. */
export class WatchRun {
  state: WatchState;
  readonly serviceDeployments: ServiceDeploymentReader;
  lastService: Service | undefined;
  consecutiveErrors = 0;

  constructor(
    readonly watch: ServiceWatch,
    readonly target: WatchTarget,
    carried?: Carried,
  ) {
    this.state = startWatch(target, carried);
    this.serviceDeployments = new ServiceDeploymentReader(watch, target);
  }

  result(verdict: FinalVerdict, pollFailed = false): RunResult {
    return { verdict, state: this.state, serviceDeploymentArn: this.serviceDeployments.arn, service: this.lastService, pollFailed };
  }
}

/** What the step does with a verdict: the service's next watch (our rollback), or nothing more to watch. */
export type OnVerdict = (run: WatchRun, result: RunResult) => Promise<WatchRun | undefined>;

export interface StepLoop {
  /** The step's calls: its clock and its one budget; the batched reads are made on it. */
  readonly calls: WatchCalls;
  readonly ecs: ECSClient;
  readonly onVerdict: OnVerdict;
  /** Asked after each cycle: true ends the loop with the watches still open (fail-fast). */
  readonly stop?: (() => boolean) | undefined;
}

/** One watch's part of a cycle: still going, a verdict, or the failure of one of its reads. */
type PollStep =
  | { readonly kind: 'continue'; readonly activity: Activity }
  | { readonly kind: 'verdict'; readonly verdict: FinalVerdict }
  | { readonly kind: 'failed'; readonly failure: FailedCall };

/** Polls until every watch, and every watch its verdict starts, has a verdict (or `stop` says so); the open watches are returned. */
export async function runWatches(loop: StepLoop, first: readonly WatchRun[]): Promise<WatchRun[]> {
  const { calls } = loop;
  let active = [...first];
  let delay: number = POLL_POLICY.intervalMs;
  await calls.sleep(POLL_POLICY.firstPollDelayMs);

  while (active.length > 0) {
    const throttlesBefore = calls.absorbedThrottles;
    const { steps, pollCalls } = await pollCycle(loop, active);
    const failed = steps.flatMap((step) => (step.kind === 'failed' ? [step.failure.kind] : []));
    // Throttling anywhere slows the whole step: the account's rate limit is shared by every service.
    delay = nextCadence({
      activity: busiest(steps.flatMap((step) => (step.kind === 'continue' ? [step.activity] : []))),
      outcome: pollOutcome(failed, calls.absorbedThrottles - throttlesBefore),
      previousDelayMs: delay,
      pollCalls,
      usedInWindow: calls.ledger.usedInWindow(calls.now()),
      maxCallsPerMinute: calls.ledger.maxCallsPerMinute,
      random: calls.random,
    });

    const ended: { run: WatchRun; result: RunResult }[] = [];
    const going: WatchRun[] = [];
    for (const [index, step] of steps.entries()) {
      const run = active[index];
      if (run === undefined) continue;
      const verdict =
        step.kind === 'verdict' ? run.result(step.verdict) : step.kind === 'failed' ? afterFailure(run, step.failure, delay) : undefined;
      if (verdict === undefined) going.push(run);
      else ended.push({ run, result: verdict });
    }
    const next = await Promise.all(ended.map(({ run, result }) => loop.onVerdict(run, result)));
    const joining = next.filter((run): run is WatchRun => run !== undefined);
    active = [...going, ...joining];
    if (active.length === 0 || loop.stop?.() === true) break;

    // A watch that just began (our rollback) gets its quick first look; one last look at the nearest
    // deadline, so a deployment finishing in the last seconds is not called a timeout.
    const wait = joining.length > 0 ? Math.min(delay, POLL_POLICY.firstPollDelayMs) : delay;
    const remaining = Math.min(...active.map((run) => run.target.deadlineMs)) - calls.now();
    await calls.sleep(Math.max(0, Math.min(wait, remaining)));
  }
  return active;
}

/** A failed poll of one watch: its verdict when the failure ends it (or its time is up), else undefined after saying so. */
function afterFailure(run: WatchRun, failure: FailedCall, delay: number): RunResult | undefined {
  const { watch, target } = run;
  run.consecutiveErrors += 1;
  if (!failure.retryable || run.consecutiveErrors > POLL_POLICY.maxConsecutiveErrors) {
    const reason = stoppedWatchingReason(
      target.service,
      failure.operation,
      run.consecutiveErrors,
      describeError(failure.cause),
      lastKnownSummary(run.state),
    );
    return run.result({ kind: 'failed', rolloutState: run.state.rolloutState, reason, rollbackBy: 'none' }, true);
  }
  watch.print.info(
    `${failure.operation} ${failure.kind === 'throttled' ? 'was throttled' : `failed (${describeError(failure.cause)})`}; next poll in ${String(delay / 1000)} s`,
  );
  const late = judgeTime(run.state, watch.calls.now(), lastKnownSummary(run.state));
  return late === undefined ? undefined : run.result(late);
}

/** A watch's progress through the reads of one cycle. */
interface InCycle {
  readonly run: WatchRun;
  service?: Service;
  serviceDeployment?: ServiceDeployment | undefined;
  stoppedTasks?: Task[] | undefined;
  failure?: FailedCall;
}

/** Runs `work` for a watch still going in this cycle; a throw (a bug of ours included) fails that watch alone. */
async function forEachGoing(cycle: readonly InCycle[], work: (entry: InCycle) => Promise<void> | void): Promise<void> {
  await Promise.all(
    cycle
      .filter((entry) => entry.failure === undefined)
      .map((entry) =>
        Promise.resolve()
          .then(() => work(entry))
          .catch((error: unknown) => {
            entry.failure = asFailedCall(error);
          }),
      ),
  );
}

/** One poll of every active watch: the batched reads, then each watch's own step; and the calls every poll needs. */
async function pollCycle(loop: StepLoop, active: readonly WatchRun[]): Promise<{ steps: PollStep[]; pollCalls: number }> {
  const { calls: step, ecs } = loop;
  const cycle: InCycle[] = active.map((run) => ({ run }));

  const keys = active.map((run) => ({ cluster: run.watch.request.cluster, service: run.watch.request.service, calls: run.watch.calls }));
  const services = await readServices(step, ecs, keys);
  for (const [index, entry] of cycle.entries()) {
    const answer = services[index];
    if (answer?.ok === true) entry.service = entry.run.lastService = answer.value;
    else entry.failure = asFailedCall(answer?.error, 'DescribeServices');
  }

  // Our service deployments: looked up per service while unknown, then described in one batch.
  const arns = new Map<InCycle, string>();
  await forEachGoing(cycle, async (entry) => {
    const arn = await entry.run.serviceDeployments.arnToDescribe(entry.run.state.deploymentId);
    if (arn !== undefined) arns.set(entry, arn);
  });
  const described = await readServiceDeployments(
    step,
    ecs,
    [...arns].map(([entry, arn]) => ({ arn, calls: entry.run.watch.calls })),
  );
  await forEachGoing(cycle, (entry) => {
    const answer = described.get(arns.get(entry) ?? '');
    if (answer !== undefined) entry.serviceDeployment = entry.run.serviceDeployments.accept(answer);
  });

  // Stopped tasks of our deployment: listed per service (ListTasks filters by deployment), described in one batch per cluster.
  const listed = new Map<InCycle, string[]>();
  await forEachGoing(cycle, async (entry) => {
    const { run } = entry;
    const ours = entry.service === undefined ? undefined : findOurDeployment(entry.service, run.state);
    if (ours?.id === undefined || !needsStoppedTaskLookup(ours, run.state)) return;
    const taskArns = await run.watch.stoppedTasks.list(ours.id, run.state.seenTaskArns);
    if (taskArns !== undefined) listed.set(entry, taskArns);
  });
  const requests = [...listed].map(([entry, taskArns]) => ({
    cluster: entry.run.watch.request.cluster,
    taskArns,
    calls: entry.run.watch.calls,
  }));
  const tasks = await readTasks(step, ecs, requests);
  const listedEntries = [...listed.keys()];
  await forEachGoing(cycle, (entry) => {
    // A service that listed no new stopped task gets an empty answer without a call: looked up, none.
    const answer = tasks[listedEntries.indexOf(entry)];
    if (answer !== undefined) entry.stoppedTasks = entry.run.watch.stoppedTasks.accept(answer);
  });

  // Each watch's own step, side by side: printing, and the logs of tasks that stopped.
  const verdicts = new Map<InCycle, FinalVerdict>();
  const activities = new Map<InCycle, Activity>();
  await forEachGoing(cycle, async (entry) => {
    const { run, service } = entry;
    const { watch } = run;
    if (service === undefined) return;
    const nowMs = watch.calls.now();
    const result = observe(run.state, {
      nowMs,
      service,
      serviceDeployment: entry.serviceDeployment,
      stoppedTasks: entry.stoppedTasks,
    });
    activities.set(entry, activityOf(run.state, result.state, service, nowMs));
    run.state = result.state;
    run.consecutiveErrors = 0;
    for (const warning of result.warnings ?? []) watch.print.warning(warning);
    for (const line of result.lines) watch.print.info(line);
    for (const report of result.newStoppedTasks) {
      if (report.kind === 'scale-in' || report.kind === 'interrupted') continue;
      // The logs first, so the annotation can quote the line that says why the container exited.
      const [first] = await watch.containerLogs.show(report);
      watch.print.annotateOnce(report, first && explainingLine(first.container, first.lines));
    }
    if (result.verdict.kind !== 'continue') verdicts.set(entry, result.verdict);
  });

  const steps = cycle.map((entry): PollStep => {
    if (entry.failure !== undefined) return { kind: 'failed', failure: entry.failure };
    const verdict = verdicts.get(entry);
    return verdict === undefined ? { kind: 'continue', activity: activities.get(entry) ?? 'steady' } : { kind: 'verdict', verdict };
  });
  const pollCalls = serviceBatches(keys).length + arnBatches([...arns.values()], BATCH_LIMITS.describeServiceDeployments).length;
  return { steps, pollCalls };
}
