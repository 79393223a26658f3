// The deployment watch as a pure state machine: ECS snapshots and the time go in, progress lines and a
// verdict come out. No I/O and no clock reads, so every rule below is tested by tables of recorded
// snapshots. The rules exist because the usual tools get them wrong (see docs/anchors.md): success is
// "our deployment completed and the service runs our revision", and failure is reported the moment ECS
// signals it (a rollback requested, not settled), with the reasons tasks stopped.
import type { Deployment, Service, ServiceDeployment, ServiceDeploymentBrief, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { POLL_POLICY } from './poll-policy.js';
import { taskDefinitionRevisionLabel } from '../task-definition/revision-label.js';

export type WatchMode =
  /** Our UpdateService: success is our revision deployed. */
  | 'deploy'
  /** Our own rollback after a failure: success is the previous revision back in place. */
  | 'rollback';

export interface WatchTarget {
  readonly service: string;
  readonly mode: WatchMode;
  /** The revision that should end up running. */
  readonly taskDefinitionArn: string;
  /** deploy: what ran before (where ECS would roll back to); rollback: the revision that failed. */
  readonly otherTaskDefinitionArn: string;
  /** `ecs-svc/…` of the deployment when UpdateService answered with it. */
  readonly deploymentId?: string | undefined;
  /** Our service deployment when already known (UpdateService's `currentServiceDeployment`): no need to look it up. */
  readonly serviceDeploymentArn?: string | undefined;
  /** Just before the call that started the deployment (AWS time); older deployments and events are not ours. */
  readonly startedAtMs: number;
  /** The watch's own clock when it began, and when it must end. */
  readonly clockStartMs: number;
  readonly deadlineMs: number;
  /** Fail after this long without any change in what ECS reports (no-progress-minutes allows 1–720 min; 0 here means no check). */
  readonly noProgressMs: number;
  /** Tasks stopped with the same lasting failure before we call the deployment failed; 0 disables. */
  readonly maxFailedTasks: number;
  /** Essential container names from the task definition; empty means "treat every container as essential". */
  readonly essentialContainers: readonly string[];
}

export type StoppedTaskKind =
  /** A failure that will not fix itself: it counts towards maxFailedTasks. */
  | 'failure'
  /** Failed a load balancer or container health check: reported, left to the circuit breaker. */
  | 'health-check'
  /** Stopped by scale-in or by the deployment replacing it: not a failure. */
  | 'scale-in'
  /** Spot interruption, instance termination, stopped by a user: not the revision's fault. */
  | 'interrupted'
  | 'other';

export interface ContainerExit {
  readonly name: string;
  readonly exitCode: number | undefined;
  readonly reason: string | undefined;
}

export interface StoppedTaskReport {
  readonly taskArn: string;
  readonly taskId: string;
  readonly taskDefinitionArn: string;
  readonly stopCode: string;
  readonly stoppedReason: string;
  readonly containers: readonly ContainerExit[];
  readonly kind: StoppedTaskKind;
  /** Same signature, same failure: `exit app 1`, `CannotPullContainerError`, … */
  readonly signature: string;
}

export interface Snapshot {
  readonly nowMs: number;
  readonly service: Service;
  /** Our service deployment when the service deployments API answered. */
  readonly serviceDeployment?: ServiceDeployment | undefined;
  /** Present only when stopped tasks were looked up in this poll (possibly none). */
  readonly stoppedTasks?: readonly Task[] | undefined;
}

/** Who rolls the service back after a failure. */
export type RollbackBy = 'ecs' | 'ours' | 'none';

/** How far ECS's own rollback got when the watch ended: requested (or in progress), or settled either way. */
export type EcsRollbackStatus = 'requested' | 'succeeded' | 'failed';

export type Verdict =
  | { readonly kind: 'continue' }
  | { readonly kind: 'succeeded'; readonly rolloutState: string; readonly summary: string }
  | {
      readonly kind: 'failed' | 'timed-out';
      readonly rolloutState: string;
      readonly reason: string;
      readonly rollbackBy: RollbackBy;
      /** The revision ECS rolls back to, when ECS does it. */
      readonly ecsRollbackTo?: string | undefined;
      /** When ECS does it: whether its rollback is under way, done, or failed ('requested' when absent). */
      readonly ecsRollback?: EcsRollbackStatus | undefined;
    };

export type FinalVerdict = Exclude<Verdict, { readonly kind: 'continue' }>;

export interface WatchState {
  readonly target: WatchTarget;
  readonly deploymentId: string | undefined;
  readonly serviceDeploymentArn: string | undefined;
  readonly seenEventKeys: ReadonlySet<string>;
  readonly seenTaskArns: ReadonlySet<string>;
  readonly failureCounts: ReadonlyMap<string, number>;
  readonly stoppedTasks: readonly StoppedTaskReport[];
  readonly events: readonly string[];
  readonly progressKey: string;
  readonly lastProgressAtMs: number;
  readonly lastStatusLine: string;
  /** failedTasks of our deployment when stopped tasks were last looked up. */
  readonly inspectedFailedTasks: number;
  readonly lastRunningCount: number;
  /** Some task was still stopping at the last look: look again. */
  readonly stoppingTasksPending: boolean;
  readonly rolloutState: string;
  /** Our deployment showed up in DescribeServices at least once (so its absence later means it was replaced). */
  readonly deploymentSeen: boolean;
}

export interface StepResult {
  readonly state: WatchState;
  readonly lines: readonly string[];
  readonly newStoppedTasks: readonly StoppedTaskReport[];
  readonly verdict: Verdict;
}

/** What a rollback watch inherits so nothing is printed twice. */
export interface Carried {
  readonly seenEventKeys: ReadonlySet<string>;
  readonly seenTaskArns: ReadonlySet<string>;
}

const CONTINUE: Verdict = { kind: 'continue' };

export function startWatch(target: WatchTarget, carried?: Carried): WatchState {
  return {
    target,
    deploymentId: target.deploymentId,
    serviceDeploymentArn: target.serviceDeploymentArn,
    seenEventKeys: carried?.seenEventKeys ?? new Set(),
    seenTaskArns: carried?.seenTaskArns ?? new Set(),
    failureCounts: new Map(),
    stoppedTasks: [],
    events: [],
    progressKey: '',
    lastProgressAtMs: target.clockStartMs,
    lastStatusLine: '',
    inspectedFailedTasks: 0,
    lastRunningCount: 0,
    stoppingTasksPending: false,
    rolloutState: 'IN_PROGRESS',
    deploymentSeen: false,
  };
}

// ---------------------------------------------------------------------------------------------------
// Naming

/** `my-app:8` from a task definition ARN (or the input unchanged when it is not one). */
export function revisionName(taskDefinitionArn: string | undefined): string {
  return taskDefinitionArn ? taskDefinitionRevisionLabel(taskDefinitionArn) : '(unknown revision)';
}

export function taskIdOf(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}

function time(ms: number | undefined): number {
  return ms ?? Number.NaN;
}

function createdMs(value: { createdAt?: Date | undefined }): number | undefined {
  return value.createdAt?.getTime();
}

function isRecent(createdAtMs: number | undefined, sinceMs: number): boolean {
  return createdAtMs === undefined || createdAtMs >= sinceMs - POLL_POLICY.clockSkewMs;
}

// ---------------------------------------------------------------------------------------------------
// Finding our deployment

/** The deployment ECS is moving the service to. */
function primaryDeployment(service: Service): Deployment | undefined {
  return service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
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
    .sort((a, b) => time(createdMs(b)) - time(createdMs(a)))[0];
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
    .sort((a, b) => time(createdMs(a)) - time(createdMs(b)));
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

// ---------------------------------------------------------------------------------------------------
// Stopped tasks

const LASTING_ERRORS = [
  'CannotPullContainerError',
  'ResourceInitializationError',
  'CannotStartContainerError',
  'CannotCreateContainerError',
  'CannotInspectContainerError',
  'ContainerRuntimeError',
  'OutOfMemoryError',
];
const LASTING_ERROR_PATTERN = new RegExp(`\\b(${LASTING_ERRORS.join('|')})\\b`);
// Problems of the ECS platform or the host, not of the revision: reported, but never counted towards
// max-failed-tasks, and checked before exit codes (a container that would not stop gets killed with 137).
const PLATFORM_ERRORS = ['InternalError', 'CannotStopContainerError'];
const PLATFORM_ERROR_PATTERN = new RegExp(`\\b(${PLATFORM_ERRORS.join('|')})\\b`);
// Secrets, registry auth and log drivers fail the same way on every attempt, whatever wording wraps them.
const LASTING_PHRASES: readonly (readonly [RegExp, string])[] = [
  [/unable to (pull|retrieve) secrets?/i, 'secrets'],
  [/registry auth/i, 'registry-auth'],
  [/log(ging)? driver|log-driver|log group|logConfiguration/i, 'log-configuration'],
];

function isEssential(containerName: string, essentials: readonly string[]): boolean {
  return essentials.length === 0 || essentials.includes(containerName);
}

/** Sorts a stopped task by whether it says anything about our revision, and names its failure. */
export function classifyStoppedTask(task: Task, essentialContainers: readonly string[]): StoppedTaskReport {
  const taskArn = task.taskArn ?? '';
  const stopCode = task.stopCode ?? '';
  const stoppedReason = task.stoppedReason ?? '';
  const containers: ContainerExit[] = (task.containers ?? []).map((container) => ({
    name: container.name ?? '',
    exitCode: container.exitCode,
    reason: container.reason,
  }));
  const base = { taskArn, taskId: taskIdOf(taskArn), taskDefinitionArn: task.taskDefinitionArn ?? '', stopCode, stoppedReason, containers };
  const texts = [stoppedReason, ...containers.map((container) => container.reason ?? '')];

  const namedError = texts.map((text) => LASTING_ERROR_PATTERN.exec(text)?.[1]).find((name) => name !== undefined);
  if (namedError !== undefined) return { ...base, kind: 'failure', signature: namedError };
  const phrase = LASTING_PHRASES.find(([pattern]) => texts.some((text) => pattern.test(text)));
  if (phrase !== undefined) return { ...base, kind: 'failure', signature: phrase[1] };
  const platformError = texts.map((text) => PLATFORM_ERROR_PATTERN.exec(text)?.[1]).find((name) => name !== undefined);
  if (platformError !== undefined) return { ...base, kind: 'other', signature: platformError };

  const crashed = containers.find(
    (container) => isEssential(container.name, essentialContainers) && container.exitCode !== undefined && container.exitCode !== 0,
  );
  if (crashed !== undefined && stopCode !== 'ServiceSchedulerInitiated' && stopCode !== 'UserInitiated') {
    return { ...base, kind: 'failure', signature: `exit ${crashed.name} ${String(crashed.exitCode)}` };
  }
  if (/health ?checks?/i.test(stoppedReason)) return { ...base, kind: 'health-check', signature: 'health-check' };
  if (stopCode === 'ServiceSchedulerInitiated' && /scaling activity/i.test(stoppedReason)) {
    return { ...base, kind: 'scale-in', signature: '' };
  }
  if (stopCode === 'SpotInterruption' || stopCode === 'TerminationNotice' || stopCode === 'UserInitiated') {
    return { ...base, kind: 'interrupted', signature: '' };
  }
  return { ...base, kind: 'other', signature: '' };
}

/** One line per stopped task: stop code, reason and every container's exit code and reason. */
export function describeStoppedTask(report: StoppedTaskReport): string {
  const containers = report.containers
    .map((container) => {
      const exit = container.exitCode === undefined ? 'no exit code' : `exit ${String(container.exitCode)}`;
      return container.reason === undefined || container.reason === ''
        ? `${container.name} ${exit}`
        : `${container.name} ${exit} (${container.reason})`;
    })
    .join(', ');
  const stop = report.stopCode === '' ? 'stopped' : `stopped (${report.stopCode})`;
  const reason = report.stoppedReason === '' ? 'no reason given' : report.stoppedReason;
  return `task ${report.taskId} ${stop}: ${reason}${containers === '' ? '' : `; containers: ${containers}`}`;
}

function countsAsProblem(report: StoppedTaskReport): boolean {
  return report.kind === 'failure' || report.kind === 'health-check' || report.kind === 'other';
}

/** Whether this poll should run ListTasks + DescribeTasks: failures grew, tasks went away, or some were still stopping. */
export function needsStoppedTaskLookup(state: WatchState, service: Service): boolean {
  const ours = findOurDeployment(service, state);
  if (ours === undefined) return false;
  return (
    (ours.failedTasks ?? 0) > state.inspectedFailedTasks || (ours.runningCount ?? 0) < state.lastRunningCount || state.stoppingTasksPending
  );
}

// ---------------------------------------------------------------------------------------------------
// awslogs

export interface LogLocation {
  readonly container: string;
  readonly group: string;
  readonly stream: string;
  readonly region: string | undefined;
}

/** Where the awslogs driver wrote a container's output: stream `PREFIX/CONTAINER/TASK_ID`. */
export function awslogsLocation(taskDefinition: TaskDefinition, containerName: string, taskId: string): LogLocation | undefined {
  const container = taskDefinition.containerDefinitions?.find((definition) => definition.name === containerName);
  const logConfiguration = container?.logConfiguration;
  if (logConfiguration?.logDriver !== 'awslogs') return undefined;
  const options = logConfiguration.options ?? {};
  const group = options['awslogs-group'];
  const prefix = options['awslogs-stream-prefix'];
  // Without a prefix the stream is named after the container id, which we cannot know.
  if (group === undefined || prefix === undefined || group === '' || prefix === '') return undefined;
  return { container: containerName, group, stream: `${prefix}/${containerName}/${taskId}`, region: options['awslogs-region'] };
}

/** Containers whose logs are worth showing for a failed task: the ones that exited non-zero, else the essential ones. */
export function containersToShowLogsFor(report: StoppedTaskReport, essentialContainers: readonly string[]): string[] {
  const crashed = report.containers
    .filter((container) => container.exitCode !== undefined && container.exitCode !== 0)
    .map((container) => container.name);
  if (crashed.length > 0) return crashed;
  return report.containers.filter((container) => isEssential(container.name, essentialContainers)).map((container) => container.name);
}

// ---------------------------------------------------------------------------------------------------
// Circuit breaker

/** ECS's failure threshold: by default half the desired count, clamped to 3..200. */
export function circuitBreakerThreshold(service: Service): number | undefined {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  if (breaker?.enable !== true) return undefined;
  const desired = service.desiredCount ?? 0;
  const configured = breaker.thresholdConfiguration;
  const value = configured?.value ?? 50;
  switch (configured?.type) {
    case 'COUNT':
      return Math.max(1, value);
    case 'UNBOUNDED_PERCENT':
      return Math.max(1, Math.ceil((value / 100) * desired));
    default:
      return Math.min(200, Math.max(3, Math.ceil((value / 100) * desired)));
  }
}

/** The service's circuit breaker rolls failed deployments back on its own. */
export function ecsRollsBack(service: Service): boolean {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  return breaker?.enable === true && breaker.rollback === true;
}

// ---------------------------------------------------------------------------------------------------
// The step

function eventKey(event: { id?: string | undefined; createdAt?: Date | undefined; message?: string | undefined }): string {
  return event.id ?? `${String(createdMs(event))}|${event.message ?? ''}`;
}

function formatClock(date: Date | undefined): string {
  return date === undefined ? '--:--:--' : date.toISOString().slice(11, 19);
}

function deploymentLine(deployment: Deployment, ours: boolean): string {
  const running = `${String(deployment.runningCount ?? 0)}/${String(deployment.desiredCount ?? 0)} running`;
  const counts = `${running}, ${String(deployment.pendingCount ?? 0)} pending, ${String(deployment.failedTasks ?? 0)} failed`;
  const rollout = deployment.rolloutState === undefined ? '' : ` ${deployment.rolloutState}`;
  const label = ours
    ? `${deployment.id ?? 'deployment'} (${revisionName(deployment.taskDefinition)})`
    : `${revisionName(deployment.taskDefinition)} ${deployment.status ?? ''}`.trim();
  return `${label}${rollout}: ${counts}`;
}

function statusLine(
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

function lastEventOf(state: WatchState): string {
  return state.events.at(-1) ?? 'none';
}

function stateSummary(ours: Deployment | undefined, serviceDeployment: ServiceDeployment | undefined, deploymentSeen: boolean): string {
  if (ours === undefined)
    return deploymentSeen ? 'our deployment is no longer listed in the service' : 'our deployment never appeared in the service';
  const sd = serviceDeployment?.status === undefined ? '' : `, service deployment ${serviceDeployment.status}`;
  return `${String(ours.runningCount ?? 0)}/${String(ours.desiredCount ?? 0)} tasks running, ${String(ours.pendingCount ?? 0)} pending, ${String(ours.failedTasks ?? 0)} failed, rollout ${ours.rolloutState ?? 'unknown'}${sd}`;
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

function withTasks(sentence: string, state: WatchState): string {
  const explanation = explainStoppedTasks(state.stoppedTasks);
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

/** Our deployment failed and ECS's rollback is under way, done, or failed: a failed deploy either way. */
function ecsRollbackVerdict(
  state: WatchState,
  service: Service,
  ourLabel: string,
  rollbackTo: string,
  serviceDeployment: ServiceDeployment & { status: string },
): FinalVerdict {
  const sdStatus = serviceDeployment.status;
  const sdReason = serviceDeployment.statusReason ? `: ${serviceDeployment.statusReason}` : '';
  const to = revisionName(rollbackTo);
  const base = { kind: 'failed', rolloutState: sdStatus, rollbackBy: 'ecs', ecsRollbackTo: rollbackTo } as const;
  if (sdStatus === 'ROLLBACK_FAILED') {
    return {
      ...base,
      ecsRollback: 'failed',
      reason: withTasks(
        `${ourLabel} failed, and ECS could not roll back to ${to} either (service deployment ${sdStatus}${sdReason}): the service may be left without a healthy revision; it runs ${whatServiceRuns(service)}.`,
        state,
      ),
    };
  }
  if (sdStatus === 'ROLLBACK_SUCCESSFUL') {
    return {
      ...base,
      ecsRollback: 'succeeded',
      reason: withTasks(`${ourLabel} failed: ECS rolled the service back to ${to} (service deployment ${sdStatus}${sdReason}).`, state),
    };
  }
  const sdParenthesis = serviceDeployment.statusReason ? ` (${serviceDeployment.statusReason})` : '';
  return {
    ...base,
    ecsRollback: 'requested',
    reason: withTasks(`${ourLabel} failed: ECS is rolling back to ${to}, service deployment ${sdStatus}${sdParenthesis}.`, state),
  };
}

function rollbackClause(service: Service, rollbackTo: string): string {
  return ecsRollsBack(service) ? ` ECS is rolling back to ${revisionName(rollbackTo)}.` : '';
}

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

function replacedVerdict(
  state: WatchState,
  ourLabel: string,
  replacement: Replacement,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
): FinalVerdict {
  const { deployment, serviceDeploymentArn } = replacement;
  const details = [
    deployment === undefined ? undefined : (deployment.id ?? 'unknown id'),
    deployment?.taskDefinition === state.target.taskDefinitionArn
      ? 'newer than ours: the same revision started again, as a forced new deployment does'
      : 'newer than ours',
    serviceDeploymentArn === undefined ? undefined : `service deployment ${serviceDeploymentArn}`,
  ].filter((detail) => detail !== undefined);
  const what = deployment === undefined ? 'another deployment' : `another deployment of ${revisionName(deployment.taskDefinition)}`;
  return {
    kind: 'failed',
    rolloutState: serviceDeployment?.status ?? ours?.rolloutState ?? 'REPLACED',
    reason: `${ourLabel} was replaced by ${what} (${details.join(', ')}); someone else deployed, so we do not roll back over it.`,
    rollbackBy: 'none',
  };
}

/** Failure signals in the order ECS raises them; the first one found decides. */
function judgeFailure(
  state: WatchState,
  service: Service,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
): FinalVerdict | undefined {
  const { target } = state;
  const primary = primaryDeployment(service);
  const otherRevision = primary !== undefined && primary !== ours ? primary.taskDefinition : undefined;
  const rollbackTo =
    otherRevision !== undefined && otherRevision !== target.taskDefinitionArn ? otherRevision : target.otherTaskDefinitionArn;
  const ourLabel = `${target.mode === 'rollback' ? 'Rollback to' : 'Deployment of'} ${revisionName(target.taskDefinitionArn)} to ${target.service}`;
  const sdStatus = serviceDeployment?.status;
  const sdReason = serviceDeployment?.statusReason ? ` (${serviceDeployment.statusReason})` : '';

  if (target.mode === 'deploy' && serviceDeployment !== undefined && sdStatus?.startsWith('ROLLBACK_') === true) {
    return ecsRollbackVerdict(state, service, ourLabel, rollbackTo, { ...serviceDeployment, status: sdStatus });
  }
  if (target.mode === 'rollback' && sdStatus === 'ROLLBACK_FAILED') {
    return { kind: 'failed', rolloutState: sdStatus, reason: withTasks(`${ourLabel} failed${sdReason}.`, state), rollbackBy: 'none' };
  }
  const replacement = replacementOf(state, service, primary, ours, serviceDeployment);
  // ECS's circuit breaker rolls back by starting a deployment of the previous revision: a replacement too, but ECS's.
  const ecsRollingBack =
    replacement?.deployment?.taskDefinition === target.otherTaskDefinitionArn && ecsRollsBack(service) && target.mode === 'deploy';
  if (ours?.rolloutState === 'FAILED' && (replacement === undefined || ecsRollingBack)) {
    const why = ours.rolloutStateReason === undefined || ours.rolloutStateReason === '' ? '' : `: ${ours.rolloutStateReason}`;
    const byEcs = ecsRollsBack(service);
    return {
      kind: 'failed',
      rolloutState: 'FAILED',
      reason: withTasks(`${ourLabel} failed${why}.${rollbackClause(service, rollbackTo)}`, state),
      rollbackBy: byEcs ? 'ecs' : 'ours',
      ecsRollbackTo: byEcs ? rollbackTo : undefined,
    };
  }
  if (replacement !== undefined) {
    if (ecsRollingBack) {
      return {
        kind: 'failed',
        rolloutState: 'FAILED',
        reason: withTasks(`${ourLabel} failed: ECS is rolling back to ${revisionName(rollbackTo)}.`, state),
        rollbackBy: 'ecs',
        ecsRollbackTo: rollbackTo,
      };
    }
    return replacedVerdict(state, ourLabel, replacement, ours, serviceDeployment);
  }
  if (target.mode === 'deploy' && (sdStatus === 'STOP_REQUESTED' || sdStatus === 'STOPPED')) {
    return {
      kind: 'failed',
      rolloutState: sdStatus,
      reason: withTasks(`${ourLabel} was stopped before it completed: service deployment ${sdStatus}${sdReason}.`, state),
      rollbackBy: 'none',
    };
  }

  const breaker = serviceDeployment?.deploymentCircuitBreaker;
  const threshold = breaker?.threshold ?? circuitBreakerThreshold(service);
  const failedCount = breaker?.failureCount ?? ours?.failedTasks;
  const breakerOn = breaker === undefined ? circuitBreakerThreshold(service) !== undefined : breaker.status !== 'DISABLED';
  if (
    breakerOn &&
    (breaker?.status === 'TRIGGERED' || (threshold !== undefined && threshold > 0 && failedCount !== undefined && failedCount >= threshold))
  ) {
    const byEcs = ecsRollsBack(service);
    return {
      kind: 'failed',
      rolloutState: 'FAILED',
      reason: withTasks(
        `${ourLabel} failed: the deployment circuit breaker tripped (${String(failedCount ?? 0)} failed tasks, threshold ${String(threshold ?? 0)}).${rollbackClause(service, rollbackTo)}`,
        state,
      ),
      rollbackBy: byEcs ? 'ecs' : 'ours',
      ecsRollbackTo: byEcs ? rollbackTo : undefined,
    };
  }

  if (target.maxFailedTasks > 0) {
    const repeated = [...state.failureCounts.entries()].find(([, count]) => count >= target.maxFailedTasks);
    if (repeated !== undefined) {
      const example = state.stoppedTasks.find((report) => report.signature === repeated[0]);
      const detail = example === undefined ? repeated[0] : describeStoppedTask(example);
      // The breaker was checked just above and has not tripped, so ECS will not roll back until it reaches its
      // threshold, which may be far off (up to 200 tasks): the rollback is ours (rollback-on-failure), not ECS's.
      const breakerNote = ecsRollsBack(service)
        ? ` The circuit breaker has not tripped (${String(failedCount ?? 0)} of ${String(threshold ?? 0)} failed tasks), so ECS is not rolling back.`
        : '';
      return {
        kind: 'failed',
        rolloutState: 'FAILED',
        reason: `${ourLabel} failed: ${String(repeated[1])} tasks stopped with the same failure, which will not fix itself (max-failed-tasks ${String(target.maxFailedTasks)}): ${detail}.${breakerNote}`,
        rollbackBy: 'ours',
      };
    }
  }
  return undefined;
}

function judgeSuccess(
  state: WatchState,
  service: Service,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
): FinalVerdict | undefined {
  const { target } = state;
  if (ours === undefined || service.taskDefinition !== target.taskDefinitionArn) return undefined;
  const sdStatus = serviceDeployment?.status;
  const sdDone = target.mode === 'deploy' ? sdStatus === 'SUCCESSFUL' : sdStatus === 'ROLLBACK_SUCCESSFUL';
  const rolloutDone = ours.rolloutState === 'COMPLETED';
  // A deployment looks steady (PRIMARY, alone, every task running) before ECS is done with it: health checks,
  // bake time and alarms can still fail it and roll it back. So when ECS states where it is, only its
  // SUCCESSFUL / COMPLETED counts; "steady" decides only when ECS gives neither state.
  const ecsSaysNothing = sdStatus === undefined && ours.rolloutState === undefined;
  const others = (service.deployments ?? []).filter((deployment) => deployment !== ours);
  const steady =
    ecsSaysNothing &&
    ours.status === 'PRIMARY' &&
    others.length === 0 &&
    (ours.runningCount ?? 0) === (ours.desiredCount ?? 0) &&
    (ours.pendingCount ?? 0) === 0;
  if (!sdDone && !rolloutDone && !steady) return undefined;
  // One word for success in the `rollout-state` output whichever of ECS's signals came first (workflows test
  // it), rather than a stale IN_PROGRESS; a rollback's ROLLBACK_SUCCESSFUL says more.
  const rolloutState = target.mode === 'rollback' && sdDone ? 'ROLLBACK_SUCCESSFUL' : 'COMPLETED';
  return {
    kind: 'succeeded',
    rolloutState,
    summary: `${target.mode === 'rollback' ? 'Rollback to' : 'Deployment of'} ${revisionName(target.taskDefinitionArn)} to ${target.service} completed: ${String(ours.runningCount ?? 0)}/${String(ours.desiredCount ?? 0)} tasks running (${ours.id ?? 'deployment'}).`,
  };
}

/** The wait is over (or stuck) whatever the last snapshot said. Also used when a poll could not read anything. */
export function judgeTime(state: WatchState, nowMs: number, lastSummary: string): FinalVerdict | undefined {
  const { target } = state;
  const tail = `${lastSummary}; last event: ${lastEventOf(state)}`;
  const label = `${target.mode === 'rollback' ? 'Rollback to' : 'Deployment of'} ${revisionName(target.taskDefinitionArn)} to ${target.service}`;
  if (nowMs >= target.deadlineMs) {
    const minutes = Math.round((target.deadlineMs - target.clockStartMs) / 60_000);
    return {
      kind: 'timed-out',
      rolloutState: 'TIMED_OUT',
      reason: `${label} did not finish within ${String(minutes)} min: ${tail}.`,
      rollbackBy: 'ours',
    };
  }
  if (target.noProgressMs > 0 && nowMs - state.lastProgressAtMs >= target.noProgressMs) {
    const minutes = Math.round(target.noProgressMs / 60_000);
    return {
      kind: 'timed-out',
      rolloutState: 'TIMED_OUT',
      reason: `${label} made no progress for ${String(minutes)} min: ${tail}.`,
      rollbackBy: 'ours',
    };
  }
  return undefined;
}

/** Feeds one poll's snapshot into the watch. */
export function observe(previous: WatchState, snapshot: Snapshot): StepResult {
  const { service, serviceDeployment, nowMs } = snapshot;
  const { target } = previous;
  const lines: string[] = [];
  const ours = findOurDeployment(service, previous);

  // Events: once each, oldest first, only since our update.
  const seenEventKeys = new Set(previous.seenEventKeys);
  const newEvents = (service.events ?? [])
    .filter((event) => isRecent(createdMs(event) ?? Number.POSITIVE_INFINITY, target.startedAtMs) && !seenEventKeys.has(eventKey(event)))
    .sort((a, b) => time(createdMs(a)) - time(createdMs(b)));
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
    rolloutState:
      serviceDeployment?.status?.startsWith('ROLLBACK_') === true
        ? serviceDeployment.status
        : (ours?.rolloutState ?? previous.rolloutState),
  };
  const progressKey = progressKeyOf(service, serviceDeployment, state);
  const line = statusLine(service, ours, serviceDeployment, state.deploymentSeen);
  if (line !== previous.lastStatusLine) lines.push(line);
  state = {
    ...state,
    progressKey,
    lastStatusLine: line,
    lastProgressAtMs: progressKey === previous.progressKey ? previous.lastProgressAtMs : nowMs,
  };

  const verdict =
    judgeFailure(state, service, ours, serviceDeployment) ??
    judgeSuccess(state, service, ours, serviceDeployment) ??
    judgeTime(state, nowMs, stateSummary(ours, serviceDeployment, state.deploymentSeen)) ??
    CONTINUE;
  if (verdict.kind === 'continue') return { state, lines, newStoppedTasks, verdict };
  if (verdict.kind === 'succeeded') lines.push(verdict.summary);
  return { state: { ...state, rolloutState: verdict.rolloutState }, lines, newStoppedTasks, verdict };
}

/** For polls that failed to read the service: the last known state, in words. */
export function lastKnownSummary(state: WatchState): string {
  return state.lastStatusLine === '' ? 'the service was never read' : state.lastStatusLine;
}
