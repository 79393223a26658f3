// The thin loop around the pure watch (rules.ts): poll ECS on the fixed policy of poll-policy.ts,
// feed each snapshot in, print what it says, explain stopped tasks (with their awslogs tail), and roll
// back when the service cannot do it itself. Every error is classified here, because the SDK's retries
// end somewhere and "keep waiting" on AccessDenied is exactly what users hate in the tools we replace.
import * as core from '@actions/core';
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
  type ServiceDeployment,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { describeError } from '../shared/errors.js';
import { defaultSleep, retry, RetryExhaustedError } from '../shared/retry.js';
import { CallLedger, POLL_POLICY, classifyPollError, meansServiceDeploymentsUnavailable, nextPollDelay } from './poll-policy.js';
import {
  awslogsLocation,
  containersToShowLogsFor,
  describeStoppedTask,
  ecsRollsBack,
  findOurDeployment,
  judgeTime,
  lastKnownSummary,
  needsStoppedTaskLookup,
  observe,
  pickServiceDeployment,
  revisionName,
  startWatch,
  type Carried,
  type EcsRollbackStatus,
  type StoppedTaskReport,
  type FinalVerdict,
  type WatchState,
  type WatchTarget,
} from './rules.js';

export interface WatchOptions {
  readonly waitMinutes: number;
  /** Fail after this many minutes without any change in what ECS reports (the no-progress-minutes input: 1–720). */
  readonly noProgressMinutes: number;
  /** 0 disables. */
  readonly maxFailedTasks: number;
  readonly rollbackOnFailure: boolean;
}

export interface WatchRequest {
  readonly ecs: ECSClient;
  readonly logs?: CloudWatchLogsClient | undefined;
  readonly cluster: string;
  readonly service: string;
  /** What we deployed. */
  readonly taskDefinitionArn: string;
  /** What the service ran before, for our own rollback. */
  readonly previousTaskDefinitionArn: string;
  /** What we deployed, for essential containers and awslogs settings (no DescribeTaskDefinition needed). */
  readonly taskDefinition: TaskDefinition;
  /** Just before our UpdateService call. */
  readonly updatedAt: Date;
  /** PRIMARY deployment id from UpdateService's answer. */
  readonly deploymentId?: string | undefined;
  /**
   * UpdateService's `service.currentServiceDeployment`: watched directly, so ListServiceDeployments is not
   * needed (and cannot pick someone else's deployment). Without it the watch looks its deployment up.
   */
  readonly serviceDeploymentArn?: string | undefined;
  readonly options: WatchOptions;
  /** Put before every line; watchDeployments sets it to the service name when it watches several. */
  readonly logPrefix?: string | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
}

export type RollbackMethod = 'ecs-circuit-breaker' | 'stop-service-deployment' | 'update-service' | 'none';

export interface RollbackReport {
  readonly method: RollbackMethod;
  /** requested: ECS is doing it and we did not wait; skipped: nothing was done (reason says why). */
  readonly status: 'requested' | 'succeeded' | 'failed' | 'timed-out' | 'skipped';
  readonly reason: string;
  /** The revision the service is rolled back to. */
  readonly taskDefinitionArn: string;
}

export interface WatchOutcome {
  readonly service: string;
  readonly status: 'succeeded' | 'failed' | 'timed-out';
  /** COMPLETED, FAILED, ROLLBACK_REQUESTED, ROLLBACK_SUCCESSFUL, IN_PROGRESS, TIMED_OUT, … */
  readonly rolloutState: string;
  /** The service deployment ARN when known, else the `ecs-svc/…` id. */
  readonly deploymentId: string;
  /** Empty on success; otherwise one sentence a user can act on (with what the rollback did). */
  readonly reason: string;
  readonly stoppedTasks: readonly StoppedTaskReport[];
  readonly events: readonly string[];
  readonly rollback?: RollbackReport | undefined;
  readonly durationMs: number;
  readonly apiCalls: number;
}

/** A call that failed, with the operation's name for the message. */
class PollError extends Error {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`${operation} failed: ${describeError(cause)}`);
    this.name = 'PollError';
  }
}

/** Clock, budget and printing shared by the watches of one service. */
class WatchContext {
  readonly ledger = new CallLedger();
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  private annotated = false;
  private tasksWithLogs = 0;
  private stoppedTaskLookupDenied = false;

  constructor(readonly request: WatchRequest) {
    this.now = request.now ?? Date.now;
    this.sleep = request.sleep ?? defaultSleep;
  }

  info(line: string): void {
    core.info(this.request.logPrefix === undefined ? line : `[${this.request.logPrefix}] ${line}`);
  }

  /** A call every poll needs: waits for room in the minute's budget rather than skip it. */
  async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    const wait = this.ledger.waitFor(this.now(), 1);
    if (wait > 0) await this.sleep(wait);
    this.ledger.record(this.now());
    try {
      return await send();
    } catch (error) {
      throw new PollError(operation, error);
    }
  }

  /**
   * A call that changes the service (our rollback): the watch client makes one attempt per call, so
   * throttling and 5xx answers are retried here, on the poll policy's backoff, rather than losing the rollback.
   */
  async change<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return retry(() => this.call(operation, send), {
      isRetryable: (error) => ['throttled', 'transient'].includes(classifyPollError(error instanceof PollError ? error.cause : error)),
      maxAttempts: 5,
      baseDelayMs: POLL_POLICY.intervalMs,
      maxDelayMs: POLL_POLICY.maxBackoffMs,
      totalBudgetMs: 60_000,
      sleep: this.sleep,
      now: this.now,
    }).catch((error: unknown) => {
      throw error instanceof RetryExhaustedError ? error.cause : error;
    });
  }

  /** An explanatory call: only when it fits in the budget with room left for the polls. */
  fits(calls: number): boolean {
    return this.ledger.hasRoomFor(this.now(), calls);
  }

  get stoppedTasksReadable(): boolean {
    return !this.stoppedTaskLookupDenied;
  }

  denyStoppedTaskLookup(error: unknown): void {
    this.stoppedTaskLookupDenied = true;
    core.warning(
      `${this.prefix()}Cannot read stopped tasks (${describeError(error)}); allow ecs:ListTasks and ecs:DescribeTasks to see why tasks stop (max-failed-tasks needs them too).`,
    );
  }

  prefix(): string {
    return this.request.logPrefix === undefined ? '' : `[${this.request.logPrefix}] `;
  }

  annotateOnce(report: StoppedTaskReport): void {
    if (this.annotated) return;
    this.annotated = true;
    core.error(describeStoppedTask(report), { title: `${this.request.service}: task ${report.taskId} stopped` });
  }

  takeLogSlot(): boolean {
    if (this.tasksWithLogs >= POLL_POLICY.maxTasksWithLogs) return false;
    this.tasksWithLogs += 1;
    return true;
  }
}

interface ServiceDeploymentLookup {
  /** 'missing' once the API said it is not there for us; the watch then uses deployments[] alone. */
  api: 'unknown' | 'available' | 'missing';
  arn: string | undefined;
  lookups: number;
}

async function describeService(context: WatchContext): Promise<Service> {
  const { ecs, cluster, service } = context.request;
  const answer = await context.call('DescribeServices', () => ecs.send(new DescribeServicesCommand({ cluster, services: [service] })));
  const found =
    answer.services?.find((candidate) => candidate.serviceName === service || candidate.serviceArn === service) ?? answer.services?.[0];
  if (found === undefined) {
    const failure = answer.failures?.[0];
    const why = failure?.reason === undefined ? '' : ` (${failure.reason}${failure.detail === undefined ? '' : `: ${failure.detail}`})`;
    throw new PollError(
      'DescribeServices',
      Object.assign(new Error(`service ${service} not found in cluster ${cluster}${why}`), { name: 'ServiceNotFoundException' }),
    );
  }
  return found;
}

/** Our service deployment ARN from ListServiceDeployments (and DescribeServiceRevisions when several match). */
async function findServiceDeployment(
  context: WatchContext,
  target: WatchTarget,
  deploymentId: string | undefined,
): Promise<string | undefined> {
  const { ecs, cluster, service } = context.request;
  const listed = await context.call('ListServiceDeployments', () =>
    ecs.send(
      new ListServiceDeploymentsCommand({ cluster, service, createdAt: { after: new Date(target.startedAtMs - POLL_POLICY.clockSkewMs) } }),
    ),
  );
  const candidates = listed.serviceDeployments ?? [];
  if (candidates.length <= 1) return pickServiceDeployment(candidates, target, deploymentId);
  const revisionArns = candidates.map((candidate) => candidate.targetServiceRevisionArn).filter((arn): arn is string => arn !== undefined);
  const revisions = new Map<string, string>();
  if (revisionArns.length > 0 && context.fits(1)) {
    try {
      const described = await context.call('DescribeServiceRevisions', () =>
        ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: revisionArns.slice(0, 20) })),
      );
      for (const revision of described.serviceRevisions ?? []) {
        if (revision.serviceRevisionArn !== undefined && revision.taskDefinition !== undefined) {
          revisions.set(revision.serviceRevisionArn, revision.taskDefinition);
        }
      }
    } catch (error) {
      // Only a nicety for telling several recent deployments apart; the id and time heuristics remain.
      if (classifyPollError(error instanceof PollError ? error.cause : error) === 'expired') throw error;
    }
  }
  return pickServiceDeployment(candidates, target, deploymentId, revisions);
}

async function readServiceDeployment(
  context: WatchContext,
  lookup: ServiceDeploymentLookup,
  target: WatchTarget,
  state: WatchState,
): Promise<ServiceDeployment | undefined> {
  if (lookup.api === 'missing') return undefined;
  try {
    if (lookup.arn === undefined) {
      if (lookup.lookups >= POLL_POLICY.maxServiceDeploymentLookups) return undefined;
      lookup.lookups += 1;
      lookup.arn = await findServiceDeployment(context, target, state.deploymentId);
      if (lookup.arn === undefined) return undefined;
    }
    const arn = lookup.arn;
    const described = await context.call('DescribeServiceDeployments', () =>
      context.request.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })),
    );
    lookup.api = 'available';
    return described.serviceDeployments?.find((deployment) => deployment.serviceDeploymentArn === arn);
  } catch (error) {
    const cause = error instanceof PollError ? error.cause : error;
    if (!meansServiceDeploymentsUnavailable(cause)) throw error;
    lookup.api = 'missing';
    lookup.arn = undefined;
    core.debug(
      `${context.prefix()}Service deployments API unavailable (${describeError(cause)}); watching DescribeServices deployments[] instead.`,
    );
    return undefined;
  }
}

async function readStoppedTasks(
  context: WatchContext,
  deploymentId: string,
  seenTaskArns: ReadonlySet<string>,
): Promise<Task[] | undefined> {
  if (!context.stoppedTasksReadable || !context.fits(2)) return undefined;
  const { ecs, cluster } = context.request;
  try {
    const listed = await context.call('ListTasks', () =>
      ecs.send(new ListTasksCommand({ cluster, startedBy: deploymentId, desiredStatus: 'STOPPED' })),
    );
    // Drop the tasks already reported before taking the poll's share: ListTasks promises no order, so
    // the first few could all be old ones while new ones wait beyond them.
    const arns = (listed.taskArns ?? []).filter((arn) => !seenTaskArns.has(arn)).slice(0, POLL_POLICY.maxStoppedTasksPerPoll);
    if (arns.length === 0) return [];
    const described = await context.call('DescribeTasks', () => ecs.send(new DescribeTasksCommand({ cluster, tasks: arns })));
    return described.tasks ?? [];
  } catch (error) {
    const cause = error instanceof PollError ? error.cause : error;
    const kind = classifyPollError(cause);
    if (kind === 'denied') {
      context.denyStoppedTaskLookup(cause);
      return undefined;
    }
    // Throttled or flaky: the lookup stays pending and is tried on a later poll.
    if (kind === 'throttled' || kind === 'transient') return undefined;
    throw error;
  }
}

async function showLogs(context: WatchContext, report: StoppedTaskReport, region: string | undefined): Promise<void> {
  const { logs, taskDefinition } = context.request;
  if (logs === undefined || !context.takeLogSlot()) return;
  const essentials = essentialContainers(taskDefinition);
  for (const container of containersToShowLogsFor(report, essentials).slice(0, 2)) {
    const location = awslogsLocation(taskDefinition, container, report.taskId);
    if (location === undefined || (location.region !== undefined && region !== undefined && location.region !== region)) continue;
    if (!context.fits(1)) return;
    try {
      const answer = await context.call('GetLogEvents', () =>
        logs.send(
          new GetLogEventsCommand({
            logGroupName: location.group,
            logStreamName: location.stream,
            startFromHead: false,
            limit: POLL_POLICY.logLinesPerContainer,
          }),
        ),
      );
      const lines = (answer.events ?? []).map((event) => event.message?.trimEnd() ?? '').filter((line) => line !== '');
      if (lines.length === 0) continue;
      context.info(
        `last ${String(lines.length)} log lines of ${container} in task ${report.taskId} (${location.group} ${location.stream}):`,
      );
      for (const line of lines) context.info(`  | ${line}`);
    } catch (error) {
      // Logs are a courtesy: a missing stream or a role without logs:GetLogEvents must not change the verdict.
      core.debug(
        `${context.prefix()}No logs for ${container} in task ${report.taskId}: ${describeError(error instanceof PollError ? error.cause : error)}`,
      );
    }
  }
}

async function clientRegion(logs: CloudWatchLogsClient | undefined): Promise<string | undefined> {
  if (logs === undefined) return undefined;
  try {
    const region: unknown = await logs.config.region();
    return typeof region === 'string' ? region : undefined;
  } catch {
    return undefined;
  }
}

function essentialContainers(taskDefinition: TaskDefinition): string[] {
  // ECS treats a container without `essential` as essential.
  return (taskDefinition.containerDefinitions ?? [])
    .filter((container) => container.essential !== false && container.name !== undefined)
    .map((container) => container.name ?? '');
}

interface RunResult {
  readonly verdict: FinalVerdict;
  readonly state: WatchState;
  readonly serviceDeploymentArn: string | undefined;
  /** The service as last read, for deciding on a rollback. */
  readonly service: Service | undefined;
  /** The watch ended because we could not read ECS, not because of anything ECS said. */
  readonly pollFailed: boolean;
}

/** Polls until the state machine gives a verdict. */
async function runWatch(context: WatchContext, target: WatchTarget, carried?: Carried): Promise<RunResult> {
  let state = startWatch(target, carried);
  const lookup: ServiceDeploymentLookup = { api: 'unknown', arn: target.serviceDeploymentArn, lookups: 0 };
  const region = await clientRegion(context.request.logs);
  let delay: number = POLL_POLICY.intervalMs;
  let consecutiveErrors = 0;
  let lastService: Service | undefined;
  await context.sleep(POLL_POLICY.firstPollDelayMs);

  for (;;) {
    try {
      const service = await describeService(context);
      lastService = service;
      const serviceDeployment = await readServiceDeployment(context, lookup, target, state);
      const ours = findOurDeployment(service, state);
      const stoppedTasks =
        ours?.id !== undefined && needsStoppedTaskLookup(state, service)
          ? await readStoppedTasks(context, ours.id, state.seenTaskArns)
          : undefined;
      const result = observe(state, { nowMs: context.now(), service, serviceDeployment, stoppedTasks });
      state = result.state;
      consecutiveErrors = 0;
      delay = nextPollDelay(delay, 'ok');
      for (const line of result.lines) context.info(line);
      for (const report of result.newStoppedTasks) {
        if (report.kind === 'scale-in' || report.kind === 'interrupted') continue;
        context.annotateOnce(report);
        await showLogs(context, report, region);
      }
      if (result.verdict.kind !== 'continue') {
        return { verdict: result.verdict, state, serviceDeploymentArn: lookup.arn, service, pollFailed: false };
      }
    } catch (error) {
      const operation = error instanceof PollError ? error.operation : 'polling';
      const cause = error instanceof PollError ? error.cause : error;
      const kind = classifyPollError(cause);
      consecutiveErrors += 1;
      if ((kind !== 'throttled' && kind !== 'transient') || consecutiveErrors > POLL_POLICY.maxConsecutiveErrors) {
        const retried = consecutiveErrors > 1 ? ` (after ${String(consecutiveErrors)} failed polls in a row)` : '';
        return {
          verdict: {
            kind: 'failed',
            rolloutState: state.rolloutState,
            reason: `Stopped watching ${target.service}: ${operation} failed${retried} with ${describeError(cause)}. The deployment's last known state: ${lastKnownSummary(state)}.`,
            rollbackBy: 'none',
          },
          state,
          serviceDeploymentArn: lookup.arn,
          service: lastService,
          pollFailed: true,
        };
      }
      delay = nextPollDelay(delay, kind);
      context.info(
        `${operation} ${kind === 'throttled' ? 'was throttled' : `failed (${describeError(cause)})`}; next poll in ${String(delay / 1000)} s`,
      );
      const late = judgeTime(state, context.now(), lastKnownSummary(state));
      if (late !== undefined) return { verdict: late, state, serviceDeploymentArn: lookup.arn, service: lastService, pollFailed: false };
    }
    const remaining = target.deadlineMs - context.now();
    // One last look at the deadline, so a deployment finishing in the last seconds is not called a timeout.
    await context.sleep(Math.max(0, Math.min(delay, remaining)));
  }
}

interface RollbackStart {
  readonly method: Exclude<RollbackMethod, 'ecs-circuit-breaker' | 'none'>;
  readonly deploymentId: string | undefined;
  readonly serviceDeploymentArn: string | undefined;
  readonly startedAtMs: number;
}

async function startRollback(context: WatchContext, serviceDeploymentArn: string | undefined): Promise<RollbackStart> {
  const { ecs, cluster, service, previousTaskDefinitionArn } = context.request;
  const startedAtMs = context.now();
  if (serviceDeploymentArn !== undefined) {
    try {
      await context.change('StopServiceDeployment', () =>
        ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' })),
      );
      return { method: 'stop-service-deployment', deploymentId: undefined, serviceDeploymentArn, startedAtMs };
    } catch (error) {
      const cause = error instanceof PollError ? error.cause : error;
      if (classifyPollError(cause) === 'expired') throw error;
      context.info(`StopServiceDeployment failed (${describeError(cause)}); rolling back with UpdateService instead`);
    }
  }
  const answer = await context.change('UpdateService', () =>
    ecs.send(new UpdateServiceCommand({ cluster, service, taskDefinition: previousTaskDefinitionArn })),
  );
  const primary = answer.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
  return { method: 'update-service', deploymentId: primary?.id, serviceDeploymentArn: undefined, startedAtMs };
}

function rollbackSkipReason(request: WatchRequest, run: RunResult): string | undefined {
  if (!request.options.rollbackOnFailure)
    return `rollback-on-failure is off, so ${request.service} stays on ${revisionName(request.taskDefinitionArn)}`;
  if (run.pollFailed) return 'we could not read the service, so we did not touch it';
  if (request.previousTaskDefinitionArn === '') return 'there is no previous revision to return to';
  // The previous revision can never be the deployed one: it is read from the service before the action
  // registers the new revision, and RegisterTaskDefinition always creates a new revision number.
  return undefined;
}

interface RollbackResult {
  readonly report: RollbackReport;
  /** Events seen while watching the rollback. */
  readonly events: readonly string[];
}

async function rollBack(context: WatchContext, run: RunResult): Promise<RollbackResult> {
  const { request } = context;
  const to = request.previousTaskDefinitionArn;
  const skip = rollbackSkipReason(request, run);
  if (skip !== undefined) return { report: { method: 'none', status: 'skipped', reason: skip, taskDefinitionArn: to }, events: [] };
  let start: RollbackStart;
  try {
    start = await startRollback(context, run.serviceDeploymentArn);
  } catch (error) {
    const cause = error instanceof PollError ? error.cause : error;
    return {
      report: { method: 'update-service', status: 'failed', reason: `it could not start: ${describeError(cause)}.`, taskDefinitionArn: to },
      events: [],
    };
  }
  context.info(
    `Rolling ${request.service} back to ${revisionName(to)} (${start.method === 'stop-service-deployment' ? 'StopServiceDeployment ROLLBACK' : 'UpdateService'})`,
  );
  const nowMs = context.now();
  const remaining = Math.max(0, run.state.target.deadlineMs - nowMs);
  const target: WatchTarget = {
    ...run.state.target,
    mode: 'rollback',
    taskDefinitionArn: to,
    otherTaskDefinitionArn: request.taskDefinitionArn,
    deploymentId: start.deploymentId,
    serviceDeploymentArn: start.serviceDeploymentArn,
    startedAtMs: start.startedAtMs,
    clockStartMs: nowMs,
    deadlineMs: nowMs + Math.max(remaining, POLL_POLICY.minRollbackWatchMs),
  };
  const watched = await runWatch(context, target, { seenEventKeys: run.state.seenEventKeys, seenTaskArns: run.state.seenTaskArns });
  const { verdict } = watched;
  const events = watched.state.events;
  if (verdict.kind === 'succeeded') {
    return {
      report: { method: start.method, status: 'succeeded', reason: `The service is back on ${revisionName(to)}.`, taskDefinitionArn: to },
      events,
    };
  }
  return { report: { method: start.method, status: verdict.kind, reason: verdict.reason, taskDefinitionArn: to }, events };
}

function ecsRollbackReason(status: EcsRollbackStatus, to: string): string {
  switch (status) {
    case 'requested':
      return `ECS is rolling back to ${revisionName(to)}`;
    case 'succeeded':
      return `ECS rolled the service back to ${revisionName(to)}`;
    case 'failed':
      return `ECS's rollback to ${revisionName(to)} failed; the service may be left without a healthy revision`;
  }
}

function rollbackSentence(rollback: RollbackReport): string {
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

/** Watches one service's deployment to a verdict, rolling back when the service does not do it itself. */
export async function watchDeployment(request: WatchRequest): Promise<WatchOutcome> {
  const context = new WatchContext(request);
  const clockStartMs = context.now();
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
  context.info(
    `Watching ${request.service} in ${request.cluster} roll out ${revisionName(request.taskDefinitionArn)}: a poll every ${String(POLL_POLICY.intervalMs / 1000)} s for up to ${String(options.waitMinutes)} min` +
      (options.noProgressMinutes > 0 ? `, failing after ${String(options.noProgressMinutes)} min without progress` : ''),
  );
  const run = await runWatch(context, target);
  const { verdict, state } = run;
  const deploymentId = run.serviceDeploymentArn ?? state.serviceDeploymentArn ?? state.deploymentId ?? '';

  let rollback: RollbackReport | undefined;
  let rollbackEvents: readonly string[] = [];
  if (verdict.kind !== 'succeeded') {
    if (verdict.rollbackBy === 'ecs') {
      const to = verdict.ecsRollbackTo ?? request.previousTaskDefinitionArn;
      const status = verdict.ecsRollback ?? 'requested';
      rollback = { method: 'ecs-circuit-breaker', status, reason: ecsRollbackReason(status, to), taskDefinitionArn: to };
    } else if (verdict.rollbackBy === 'ours' && verdict.kind === 'timed-out' && run.service !== undefined && ecsRollsBack(run.service)) {
      // A timeout says nothing ECS's breaker can act on. A failure we judged (max-failed-tasks before the
      // breaker's threshold) is ours to roll back: the breaker may not trip for a long while.
      const to = request.previousTaskDefinitionArn;
      rollback = {
        method: 'none',
        status: 'skipped',
        reason: "the service's circuit breaker owns rollbacks and has not acted yet",
        taskDefinitionArn: to,
      };
    } else if (verdict.rollbackBy === 'ours') {
      ({ report: rollback, events: rollbackEvents } = await rollBack(context, run));
    }
  }
  const reason = verdict.kind === 'succeeded' ? '' : `${verdict.reason}${rollback === undefined ? '' : rollbackSentence(rollback)}`;
  if (reason !== '') context.info(reason);
  return {
    service: request.service,
    status: verdict.kind,
    rolloutState: verdict.rolloutState,
    deploymentId,
    reason,
    stoppedTasks: state.stoppedTasks,
    events: [...state.events, ...rollbackEvents],
    rollback,
    durationMs: context.now() - clockStartMs,
    apiCalls: context.ledger.total,
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
