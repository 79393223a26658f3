// The rollout simulator: tasks placed, pulled, started, crashed and replaced; deployments that settle,
// trip the circuit breaker or roll back; service deployments moving through their statuses. Every
// change happens in a callback of the simulated-time scheduler and is stamped with the instant it was
// due at (see TIMELINE), so the timeline is the same whatever the clock's scale and tick.
import { clone, isObject } from './ecs-input.js';
import { appendLogLines, awslogsTarget, linesFor } from './ecs-logs.js';
import type { SimulatedScheduler } from './ecs-scheduler.js';
import {
  containerArn,
  newDeploymentId,
  newEventId,
  newServiceDeploymentArn,
  newServiceRevisionArn,
  newTaskId,
  taskArn,
  type ContainerState,
  type DeploymentState,
  type EcsRegionState,
  type Scope,
  type ServiceDeploymentState,
  type ServiceDeploymentStatus,
  type ServiceRevisionState,
  type ServiceState,
  type TaskState,
} from './ecs-state.js';
import {
  beginLifecycle,
  continueAfterScaleUp,
  settledTraffic,
  startLifecycle,
  usesTrafficShifting,
  rolloutLifecycle,
  type LifecycleActions,
} from './ecs-strategies.js';
import { containerDefinitions, findTaskDefinition } from './ecs-task-definitions.js';
import { AwsError, type RolloutBehaviour, type Scenario } from './types.js';

/**
 * Simulated milliseconds between the steps of a rollout. With them a healthy deployment completes 6 s
 * after UpdateService; a crash loop with desiredCount 2 trips the circuit breaker at 9 s (two tasks fail
 * at 4 s, their replacements at 9 s: 4 failures >= threshold 3) and its rollback settles at 29 s.
 */
export const TIMELINE = {
  /** PROVISIONING → PENDING. */
  pendingAfterMs: 1_000,
  /** From placement: image pulled, or CannotPullContainerError when the registry lacks it. */
  pullOutcomeAfterMs: 2_000,
  /** From placement: RUNNING. */
  runningAfterMs: 3_000,
  /** From placement, scenario 'slow-start'. */
  slowRunningAfterMs: 20_000,
  /** Scenario 'crash-loop': the essential container exits 1 this long after RUNNING. */
  crashAfterRunningMs: 1_000,
  /** The scheduler replaces a failed task this long after it stopped. */
  replacementDelayMs: 1_000,
  /** New tasks must stay up this long before the older deployments are drained. */
  stableForMs: 2_000,
  /**
   * The same for a rollback deployment: the stand-in watches a rollback longer before calling it
   * settled, which puts the crash-loop rollback's end at 29 s as the benchmarks' timeline states.
   */
  rollbackStableForMs: 15_000,
  /** A drained task takes this long to stop. */
  drainStopMs: 500,
  /** From the start of the drain to COMPLETED / SUCCESSFUL. */
  completeAfterDrainMs: 1_000,
  /** ROLLBACK_REQUESTED → ROLLBACK_IN_PROGRESS (and STOP_REQUESTED → STOPPED). */
  rollbackStartDelayMs: 1_000,
} as const;

export interface RolloutContext {
  readonly scheduler: SimulatedScheduler;
  scenario(): Scenario;
  imageExists(imageReference: string): Promise<boolean>;
  /** Simulated now, for work that resumes after an asynchronous answer. */
  now(): number;
  toWallMs(simulatedMs: number): number;
  regionState(scope: Scope): EcsRegionState;
}

const IN_FLIGHT: ReadonlySet<ServiceDeploymentStatus> = new Set([
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
]);

// ---------------------------------------------------------------------------------------------------
// Small helpers

export function addEvent(service: ServiceState, at: number, message: string): void {
  service.events.unshift({ id: newEventId(), createdAt: at, message: `(service ${service.name}) ${message}` });
  if (service.events.length > 100) service.events.length = 100;
}

const taskList = (tasks: readonly TaskState[]): string => tasks.map((task) => `(task ${task.taskId})`).join(' ');
const liveTasks = (service: ServiceState, deployment: DeploymentState): TaskState[] =>
  service.tasks.filter((task) => task.deploymentId === deployment.id && task.desiredStatus === 'RUNNING');
const findServiceDeployment = (service: ServiceState, arn: string): ServiceDeploymentState | undefined =>
  service.serviceDeployments.find((candidate) => candidate.arn === arn);

interface BreakerSettings {
  readonly enable: boolean;
  readonly rollback: boolean;
}

function breakerSettings(service: ServiceState): BreakerSettings {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  if (!isObject(breaker)) return { enable: false, rollback: false };
  return { enable: breaker.enable === true, rollback: breaker.rollback === true };
}

/**
 * ECS's failure threshold. thresholdConfiguration defaults to BOUNDED_PERCENT 50: ceil(50 % of the
 * desired count) clamped to 3..200; UNBOUNDED_PERCENT drops the clamp (at least 1); COUNT is the value.
 */
export function circuitBreakerThreshold(service: ServiceState): number {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  const configuration = isObject(breaker) && isObject(breaker.thresholdConfiguration) ? breaker.thresholdConfiguration : undefined;
  const type = typeof configuration?.type === 'string' ? configuration.type : 'BOUNDED_PERCENT';
  const value = typeof configuration?.value === 'number' ? configuration.value : 50;
  if (type === 'COUNT') return Math.max(1, value);
  const share = Math.ceil((value / 100) * service.desiredCount);
  return type === 'UNBOUNDED_PERCENT' ? Math.max(1, share) : Math.min(200, Math.max(3, share));
}

function writeLogs(
  context: RolloutContext,
  state: EcsRegionState,
  task: TaskState,
  containers: readonly ContainerState[],
  moment: 'started' | 'crashed',
  at: number,
): void {
  const definition = findTaskDefinition(state, task.taskDefinitionArn);
  if (definition === undefined) return;
  for (const container of containers) {
    const containerDefinition = containerDefinitions(definition).find((candidate) => candidate.name === container.name);
    const target = containerDefinition === undefined ? undefined : awslogsTarget(containerDefinition, task.taskId);
    if (target === undefined) continue;
    const logState = context.regionState({ account: state.scope.account, region: target.region ?? state.scope.region });
    appendLogLines(logState, target, context.toWallMs(at), linesFor(moment, task, container));
  }
}

function newRevision(state: EcsRegionState, service: ServiceState, taskDefinitionArn: string, at: number): ServiceRevisionState {
  const definition = findTaskDefinition(state, taskDefinitionArn);
  const containerImages = (definition === undefined ? [] : containerDefinitions(definition)).map((container) => ({
    containerName: typeof container.name === 'string' ? container.name : '',
    image: typeof container.image === 'string' ? container.image : '',
  }));
  const revision: ServiceRevisionState = {
    arn: newServiceRevisionArn(state.scope, service.clusterName, service.name),
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    taskDefinitionArn,
    createdAt: at,
    placement: clone(service.placement),
    containerImages,
  };
  service.revisions.push(revision);
  return revision;
}

// ---------------------------------------------------------------------------------------------------
// Tasks

/** Stops `task` at `at` as ECS does: both statuses STOPPED, the reason, and exit codes for running containers. */
export function markTaskStopped(
  task: TaskState,
  at: number,
  stopCode: string,
  stoppedReason: string,
  exitCodeOf: (container: ContainerState) => number | undefined,
): void {
  task.desiredStatus = 'STOPPED';
  task.lastStatus = 'STOPPED';
  task.stoppingAt ??= at;
  task.stoppedAt = at;
  task.stopCode = stopCode;
  task.stoppedReason = stoppedReason;
  task.version += 1;
  for (const container of task.containers) {
    const exitCode = exitCodeOf(container);
    if (exitCode !== undefined && container.lastStatus === 'RUNNING') container.exitCode = exitCode;
    container.lastStatus = 'STOPPED';
  }
}

function placeTask(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  deployment: DeploymentState,
  at: number,
): TaskState | undefined {
  const definition = findTaskDefinition(state, deployment.taskDefinitionArn);
  if (definition === undefined) return undefined;
  const knownGood = service.knownGoodTaskDefinitions.has(deployment.taskDefinitionArn);
  const scenario = context.scenario();
  const behaviour: RolloutBehaviour = knownGood ? 'healthy' : (scenario.serviceRollouts?.[service.name] ?? scenario.rollout);
  const taskId = newTaskId();
  const containers: ContainerState[] = containerDefinitions(definition).map((container, index) => ({
    name: typeof container.name === 'string' ? container.name : `container-${String(index)}`,
    image: typeof container.image === 'string' ? container.image : '',
    essential: container.essential !== false,
    lastStatus: 'PENDING',
    containerArn: containerArn(state.scope, service.clusterName, taskId),
    runtimeId: `${taskId}-${String(1_000_000_000 + index * 7_919)}`,
  }));
  const task: TaskState = {
    taskArn: taskArn(state.scope, service.clusterName, taskId),
    taskId,
    clusterName: service.clusterName,
    serviceName: service.name,
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinitionArn,
    behaviour,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    createdAt: at,
    version: 1,
    containers,
  };
  service.tasks.push(task);

  // A revision that already ran here was pulled before; for the others, ask the registry now.
  if (knownGood) {
    task.missingImages = [];
  } else {
    const images = [...new Set(containers.filter((container) => container.essential).map((container) => container.image))];
    void Promise.all(images.map((image) => context.imageExists(image).catch(() => false))).then((present) => {
      task.missingImages = images.filter((_, index) => present[index] !== true);
      if (task.pullDecisionWaiting === true) {
        task.pullDecisionWaiting = false;
        context.scheduler.at(context.now(), (now) => decidePull(context, state, service, task, now));
      }
    });
  }
  context.scheduler.at(at + TIMELINE.pendingAfterMs, () => {
    if (task.lastStatus !== 'PROVISIONING' || task.desiredStatus !== 'RUNNING') return;
    task.lastStatus = 'PENDING';
    task.pullStartedAt = at + TIMELINE.pendingAfterMs;
    task.version += 1;
  });
  context.scheduler.at(at + TIMELINE.pullOutcomeAfterMs, (due) => decidePull(context, state, service, task, due));
  return task;
}

function decidePull(context: RolloutContext, state: EcsRegionState, service: ServiceState, task: TaskState, at: number): void {
  if (task.desiredStatus !== 'RUNNING' || task.lastStatus === 'STOPPED' || task.lastStatus === 'RUNNING') return;
  if (task.missingImages === undefined) {
    task.pullDecisionWaiting = true;
    return;
  }
  task.pullStartedAt ??= at;
  task.pullStoppedAt = at;
  const missing = task.missingImages[0];
  if (missing !== undefined) {
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${missing}: not found`;
    markTaskStopped(task, at, 'TaskFailedToStart', reason, () => undefined);
    for (const container of task.containers) {
      if (task.missingImages.includes(container.image)) container.reason = reason;
    }
    onTaskFailed(context, state, service, task, at);
    return;
  }
  const runningAfter = task.behaviour === 'slow-start' ? TIMELINE.slowRunningAfterMs : TIMELINE.runningAfterMs;
  context.scheduler.at(Math.max(at, task.createdAt + runningAfter), (due) => startTask(context, state, service, task, due));
}

function startTask(context: RolloutContext, state: EcsRegionState, service: ServiceState, task: TaskState, at: number): void {
  if (task.desiredStatus !== 'RUNNING' || task.lastStatus === 'STOPPED' || task.lastStatus === 'RUNNING') return;
  task.lastStatus = 'RUNNING';
  task.startedAt = at;
  task.version += 1;
  for (const container of task.containers) container.lastStatus = 'RUNNING';
  writeLogs(context, state, task, task.containers, 'started', at);
  if (task.behaviour === 'crash-loop') {
    context.scheduler.at(at + TIMELINE.crashAfterRunningMs, (due) => crashTask(context, state, service, task, due));
  }
  reconcile(context, state, service, at);
}

function crashTask(context: RolloutContext, state: EcsRegionState, service: ServiceState, task: TaskState, at: number): void {
  if (task.desiredStatus !== 'RUNNING' || task.lastStatus !== 'RUNNING') return;
  const essentials = task.containers.filter((container) => container.essential);
  writeLogs(context, state, task, essentials, 'crashed', at);
  markTaskStopped(task, at, 'EssentialContainerExited', 'Essential container in task exited', (container) => (container.essential ? 1 : 0));
  onTaskFailed(context, state, service, task, at);
}

/** The scheduler stops a task it no longer needs: SIGTERM, a clean exit, then STOPPED. */
function drainTask(context: RolloutContext, task: TaskState, initiatedBy: string, at: number): void {
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = at;
  task.version += 1;
  context.scheduler.at(at + TIMELINE.drainStopMs, (due) => {
    if (task.lastStatus === 'STOPPED') return;
    markTaskStopped(task, due, 'ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${initiatedBy})`, () => 0);
  });
}

// ---------------------------------------------------------------------------------------------------
// Deployments

/** Places the primary deployment's missing tasks, or drains its surplus after a scale-in. */
function launch(context: RolloutContext, state: EcsRegionState, service: ServiceState, deployment: DeploymentState, at: number): void {
  if (service.deployments[0] !== deployment || !deployment.launching) return;
  const live = liveTasks(service, deployment);
  if (live.length > deployment.desiredCount) {
    const surplus = live.slice(deployment.desiredCount);
    for (const task of surplus) drainTask(context, task, deployment.id, at);
    addEvent(service, at, `has stopped ${String(surplus.length)} running tasks: ${taskList(surplus)}.`);
    return;
  }
  const placed: TaskState[] = [];
  for (let index = live.length; index < deployment.desiredCount; index += 1) {
    const task = placeTask(context, state, service, deployment, at);
    if (task !== undefined) placed.push(task);
  }
  if (placed.length > 0) addEvent(service, at, `has started ${String(placed.length)} tasks: ${taskList(placed)}.`);
}

function scheduleReplacement(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  deployment: DeploymentState,
  at: number,
): void {
  if (deployment.replacementScheduled) return;
  deployment.replacementScheduled = true;
  context.scheduler.at(at + TIMELINE.replacementDelayMs, (due) => {
    deployment.replacementScheduled = false;
    launch(context, state, service, deployment, due);
    reconcile(context, state, service, due);
  });
}

function onTaskFailed(context: RolloutContext, state: EcsRegionState, service: ServiceState, task: TaskState, at: number): void {
  const deployment = service.deployments.find((candidate) => candidate.id === task.deploymentId);
  if (deployment === undefined) return;
  deployment.failedTasks += 1;
  deployment.updatedAt = at;
  const serviceDeployment = findServiceDeployment(service, deployment.serviceDeploymentArn);
  const isPrimary = service.deployments[0] === deployment;
  if (serviceDeployment?.deploymentId === deployment.id && serviceDeployment.circuitBreaker.status !== 'DISABLED') {
    serviceDeployment.circuitBreaker.failureCount = deployment.failedTasks;
    serviceDeployment.updatedAt = at;
  }
  const breaker = breakerSettings(service);
  if (
    isPrimary &&
    deployment.launching &&
    deployment.rolloutState === 'IN_PROGRESS' &&
    breaker.enable &&
    deployment.failedTasks >= circuitBreakerThreshold(service)
  ) {
    tripCircuitBreaker(context, state, service, deployment, serviceDeployment, breaker, at);
  } else if (isPrimary && deployment.launching) {
    // Without a circuit breaker ECS keeps replacing failed tasks for as long as it takes.
    scheduleReplacement(context, state, service, deployment, at);
  }
  reconcile(context, state, service, at);
}

function tripCircuitBreaker(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  deployment: DeploymentState,
  serviceDeployment: ServiceDeploymentState | undefined,
  breaker: BreakerSettings,
  at: number,
): void {
  deployment.launching = false;
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  deployment.updatedAt = at;
  addEvent(service, at, `(deployment ${deployment.id}) deployment failed: tasks failed to start.`);
  if (serviceDeployment === undefined || !IN_FLIGHT.has(serviceDeployment.status)) return;
  serviceDeployment.circuitBreaker.status = 'TRIGGERED';
  serviceDeployment.circuitBreaker.failureCount = deployment.failedTasks;
  serviceDeployment.updatedAt = at;
  if (breaker.rollback) {
    const reason = 'Service deployment rolled back because the circuit breaker threshold was exceeded.';
    serviceDeployment.status = 'ROLLBACK_REQUESTED';
    serviceDeployment.statusReason = reason;
    context.scheduler.at(at + TIMELINE.rollbackStartDelayMs, (due) =>
      startRollback(context, state, service, serviceDeployment, reason, due),
    );
  } else {
    serviceDeployment.status = 'STOPPED';
    serviceDeployment.statusReason = 'Service deployment stopped because the circuit breaker threshold was exceeded.';
    serviceDeployment.stoppedAt = at;
  }
}

function startRollback(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  serviceDeployment: ServiceDeploymentState,
  reason: string,
  at: number,
): void {
  if (serviceDeployment.status !== 'ROLLBACK_REQUESTED') return;
  serviceDeployment.updatedAt = at;
  const target = service.lastCompleted;
  if (target === undefined || target.deploymentId === serviceDeployment.deploymentId) {
    serviceDeployment.status = 'ROLLBACK_FAILED';
    serviceDeployment.statusReason = 'Service deployment rollback failed: the service has no completed deployment to roll back to.';
    serviceDeployment.finishedAt = at;
    return;
  }
  serviceDeployment.status = 'ROLLBACK_IN_PROGRESS';
  // A traffic-shifting deployment keeps the stage it failed at (the hook's or alarm's); a rolling one scales up the old revision.
  if (serviceDeployment.traffic === undefined) serviceDeployment.lifecycleStage = 'SCALE_UP';
  serviceDeployment.rollback = { reason, startedAt: at, serviceRevisionArn: target.serviceRevisionArn };
  const failed = service.deployments.find((candidate) => candidate.id === serviceDeployment.deploymentId);
  if (failed !== undefined) {
    failed.launching = false;
    if (failed.rolloutState === 'IN_PROGRESS') failed.rolloutState = 'FAILED';
  }
  const rollback = createDeployment(service, {
    id: newDeploymentId(),
    taskDefinitionArn: target.taskDefinitionArn,
    serviceRevisionArn: target.serviceRevisionArn,
    serviceDeploymentArn: serviceDeployment.arn,
    rollback: true,
    rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${target.deploymentId}.`,
    at,
  });
  addEvent(service, at, `rolling back to deployment ${target.deploymentId}.`);
  launch(context, state, service, rollback, at);
  reconcile(context, state, service, at);
}

interface NewDeployment {
  readonly id: string;
  readonly taskDefinitionArn: string;
  readonly serviceRevisionArn: string;
  readonly serviceDeploymentArn: string;
  readonly rollback: boolean;
  readonly rolloutStateReason?: string;
  readonly at: number;
}

function createDeployment(service: ServiceState, spec: NewDeployment): DeploymentState {
  const id = spec.id;
  for (const existing of service.deployments) existing.status = 'ACTIVE';
  const deployment: DeploymentState = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: spec.taskDefinitionArn,
    serviceRevisionArn: spec.serviceRevisionArn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: spec.at,
    updatedAt: spec.at,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: spec.rolloutStateReason ?? `ECS deployment ${id} in progress.`,
    launching: true,
    replacementScheduled: false,
    rollback: spec.rollback,
    serviceDeploymentArn: spec.serviceDeploymentArn,
    placement: clone(service.placement),
  };
  service.deployments.unshift(deployment);
  service.taskDefinitionArn = spec.taskDefinitionArn;
  return deployment;
}

/** Watches the primary deployment: once its tasks all run and stay up, drain the others and complete. */
function reconcile(context: RolloutContext, state: EcsRegionState, service: ServiceState, at: number): void {
  const primary = service.deployments[0];
  if (primary?.rolloutState !== 'IN_PROGRESS') return;
  const live = liveTasks(service, primary);
  const running = live.filter((task) => task.lastStatus === 'RUNNING').length;
  const healthy = primary.launching && live.length === primary.desiredCount && running === primary.desiredCount;
  if (!healthy) {
    primary.healthySince = undefined;
    return;
  }
  if (primary.healthySince !== undefined) return;
  primary.healthySince = at;
  const since = at;
  const stableFor = primary.rollback ? TIMELINE.rollbackStableForMs : TIMELINE.stableForMs;
  context.scheduler.at(at + stableFor, (due) => afterStable(context, state, service, primary, since, due));
}

/** The new tasks stayed up: drain the others, or first the traffic-shifting stages (ecs-strategies.ts). */
function afterStable(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  primary: DeploymentState,
  since: number,
  at: number,
): void {
  const record = findServiceDeployment(service, primary.serviceDeploymentArn);
  if (record?.traffic === undefined || primary.rollback || record.deploymentId !== primary.id || !stillSettling(service, primary, since)) {
    drainOthers(context, service, primary, since, at);
    return;
  }
  const actions = lifecycleActions(context, state, service, primary, record, () => stillSettling(service, primary, since));
  continueAfterScaleUp(record, { ...actions, cleanUp: (due) => drainOthers(context, service, primary, since, due) }, at);
}

/** The rollout's part in a traffic-shifting lifecycle: its tasks and its rollback. */
function lifecycleActions(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  deployment: DeploymentState,
  record: ServiceDeploymentState,
  current: () => boolean,
): LifecycleActions {
  return rolloutLifecycle({
    scheduler: context.scheduler,
    service,
    deployment,
    record,
    current,
    faults: () => context.scenario().lifecycle,
    launchTasks: (at) => {
      launch(context, state, service, deployment, at);
      reconcile(context, state, service, at);
    },
    startRollback: (reason, at) =>
      context.scheduler.at(at + TIMELINE.rollbackStartDelayMs, (due) => startRollback(context, state, service, record, reason, due)),
  });
}

const stillSettling = (service: ServiceState, primary: DeploymentState, since: number): boolean =>
  service.deployments[0] === primary && primary.healthySince === since && primary.rolloutState === 'IN_PROGRESS';

function drainOthers(context: RolloutContext, service: ServiceState, primary: DeploymentState, since: number, at: number): void {
  if (!stillSettling(service, primary, since)) return;
  const drained: TaskState[] = [];
  for (const other of service.deployments.slice(1)) {
    other.desiredCount = 0;
    other.launching = false;
    other.updatedAt = at;
    for (const task of liveTasks(service, other)) {
      drainTask(context, task, primary.id, at);
      drained.push(task);
    }
  }
  if (drained.length > 0) addEvent(service, at, `has stopped ${String(drained.length)} running tasks: ${taskList(drained)}.`);
  const serviceDeployment = findServiceDeployment(service, primary.serviceDeploymentArn);
  if (serviceDeployment !== undefined && IN_FLIGHT.has(serviceDeployment.status)) {
    serviceDeployment.lifecycleStage = 'CLEAN_UP';
    serviceDeployment.updatedAt = at;
  }
  context.scheduler.at(at + TIMELINE.completeAfterDrainMs, (due) => completeDeployment(service, primary, since, due));
}

function completeDeployment(service: ServiceState, primary: DeploymentState, since: number, at: number): void {
  if (!stillSettling(service, primary, since)) return;
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
  primary.updatedAt = at;
  service.deployments = [primary];
  service.knownGoodTaskDefinitions.add(primary.taskDefinitionArn);
  service.lastCompleted = {
    deploymentId: primary.id,
    taskDefinitionArn: primary.taskDefinitionArn,
    serviceRevisionArn: primary.serviceRevisionArn,
  };
  addEvent(service, at, `(deployment ${primary.id}) deployment completed.`);
  addEvent(service, at, 'has reached a steady state.');
  const serviceDeployment = findServiceDeployment(service, primary.serviceDeploymentArn);
  if (serviceDeployment === undefined) return;
  if (serviceDeployment.status === 'IN_PROGRESS' || serviceDeployment.status === 'PENDING') serviceDeployment.status = 'SUCCESSFUL';
  else if (serviceDeployment.status === 'ROLLBACK_IN_PROGRESS') serviceDeployment.status = 'ROLLBACK_SUCCESSFUL';
  else return;
  serviceDeployment.finishedAt = at;
  serviceDeployment.updatedAt = at;
  if (serviceDeployment.circuitBreaker.status === 'MONITORING') serviceDeployment.circuitBreaker.status = 'MONITORING_COMPLETE';
  if (serviceDeployment.alarms?.status === 'MONITORING') serviceDeployment.alarms.status = 'MONITORING_COMPLETE';
}

// ---------------------------------------------------------------------------------------------------
// Entry points for the API

function newServiceDeployment(
  state: EcsRegionState,
  service: ServiceState,
  revision: ServiceRevisionState,
  deploymentId: string,
  at: number,
): ServiceDeploymentState {
  const breaker = breakerSettings(service);
  const sourceServiceRevisionArns = [...new Set(service.deployments.map((deployment) => deployment.serviceRevisionArn))];
  const serviceDeployment: ServiceDeploymentState = {
    arn: newServiceDeploymentArn(state.scope, service.clusterName, service.name),
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    createdAt: at,
    startedAt: at,
    updatedAt: at,
    status: 'IN_PROGRESS',
    lifecycleStage: 'SCALE_UP',
    sourceServiceRevisionArns,
    targetServiceRevisionArn: revision.arn,
    deploymentConfiguration: clone(service.deploymentConfiguration),
    deploymentId,
    circuitBreaker: { status: breaker.enable ? 'MONITORING' : 'DISABLED', failureCount: 0, threshold: circuitBreakerThreshold(service) },
  };
  if (usesTrafficShifting(service.deploymentConfiguration)) startLifecycle(serviceDeployment, service.deploymentConfiguration);
  service.serviceDeployments.unshift(serviceDeployment);
  service.currentServiceDeploymentArn = serviceDeployment.arn;
  return serviceDeployment;
}

/** CreateService, or UpdateService with a new revision or forceNewDeployment: a new PRIMARY deployment. */
export function startDeployment(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  taskDefinitionArn: string,
  at: number,
): DeploymentState {
  for (const earlier of service.serviceDeployments) {
    if (!IN_FLIGHT.has(earlier.status)) continue;
    earlier.status = 'STOPPED';
    earlier.statusReason = 'Service deployment stopped because a newer service deployment started.';
    earlier.stoppedAt = at;
    earlier.updatedAt = at;
  }
  const { deployment, serviceDeployment } = newForwardDeployment(state, service, taskDefinitionArn, at);
  if (serviceDeployment.traffic !== undefined) {
    // PRE_SCALE_UP (and its hooks) before any task of the new revision starts.
    deployment.launching = false;
    const current = (): boolean => service.deployments[0] === deployment;
    beginLifecycle(serviceDeployment, lifecycleActions(context, state, service, deployment, serviceDeployment, current), at);
    return deployment;
  }
  launch(context, state, service, deployment, at);
  reconcile(context, state, service, at);
  return deployment;
}

/** A deployment of `taskDefinitionArn` (not a rollback) with its service revision and service deployment. */
function newForwardDeployment(
  state: EcsRegionState,
  service: ServiceState,
  taskDefinitionArn: string,
  at: number,
): { deployment: DeploymentState; revisionArn: string; serviceDeployment: ServiceDeploymentState } {
  const revision = newRevision(state, service, taskDefinitionArn, at);
  const deploymentId = newDeploymentId();
  const serviceDeployment = newServiceDeployment(state, service, revision, deploymentId, at);
  const deployment = createDeployment(service, {
    id: deploymentId,
    taskDefinitionArn,
    serviceRevisionArn: revision.arn,
    serviceDeploymentArn: serviceDeployment.arn,
    rollback: false,
    at,
  });
  return { deployment, revisionArn: revision.arn, serviceDeployment };
}

/** A service that has been running its revision for a while: for setting up tests without waiting. */
export function settleNewService(
  state: EcsRegionState,
  service: ServiceState,
  taskDefinitionArn: string,
  at: number,
  context: RolloutContext,
): void {
  const { deployment, revisionArn, serviceDeployment } = newForwardDeployment(state, service, taskDefinitionArn, at);
  service.knownGoodTaskDefinitions.add(taskDefinitionArn);
  const started: TaskState[] = [];
  for (let index = 0; index < deployment.desiredCount; index += 1) {
    const task = placeTask(context, state, service, deployment, at);
    if (task === undefined) continue;
    task.lastStatus = 'RUNNING';
    task.pullStartedAt = at;
    task.pullStoppedAt = at;
    task.startedAt = at;
    for (const container of task.containers) container.lastStatus = 'RUNNING';
    writeLogs(context, state, task, task.containers, 'started', at);
    started.push(task);
  }
  if (started.length > 0) addEvent(service, at, `has started ${String(started.length)} tasks: ${taskList(started)}.`);
  deployment.rolloutState = 'COMPLETED';
  deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
  service.lastCompleted = { deploymentId: deployment.id, taskDefinitionArn, serviceRevisionArn: revisionArn };
  addEvent(service, at, `(deployment ${deployment.id}) deployment completed.`);
  addEvent(service, at, 'has reached a steady state.');
  serviceDeployment.status = 'SUCCESSFUL';
  serviceDeployment.lifecycleStage = 'CLEAN_UP';
  settledTraffic(serviceDeployment);
  serviceDeployment.finishedAt = at;
  if (serviceDeployment.circuitBreaker.status === 'MONITORING') serviceDeployment.circuitBreaker.status = 'MONITORING_COMPLETE';
}

/** UpdateService with only a new desiredCount: the primary deployment scales, nothing is redeployed. */
export function changeDesiredCount(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  desiredCount: number,
  at: number,
): void {
  service.desiredCount = desiredCount;
  const primary = service.deployments[0];
  if (primary === undefined) return;
  primary.desiredCount = desiredCount;
  primary.updatedAt = at;
  launch(context, state, service, primary, at);
  reconcile(context, state, service, at);
}

/** StopServiceDeployment. ROLLBACK goes back to the last completed revision; ABORT just stops launching. */
export function stopServiceDeployment(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  serviceDeployment: ServiceDeploymentState,
  stopType: 'ROLLBACK' | 'ABORT',
  at: number,
): void {
  const status = serviceDeployment.status;
  if (status === 'ROLLBACK_REQUESTED' || status === 'ROLLBACK_IN_PROGRESS' || status === 'STOP_REQUESTED') return;
  if (status !== 'PENDING' && status !== 'IN_PROGRESS') {
    throw new AwsError('ConflictException', `The service deployment ${serviceDeployment.arn} is ${status} and can no longer be stopped.`);
  }
  const deployment = service.deployments.find((candidate) => candidate.id === serviceDeployment.deploymentId);
  if (deployment !== undefined) {
    deployment.launching = false;
    deployment.rolloutState = 'FAILED';
    deployment.rolloutStateReason = `ECS deployment ${deployment.id} stopped by a StopServiceDeployment request.`;
    deployment.updatedAt = at;
  }
  serviceDeployment.updatedAt = at;
  if (stopType === 'ROLLBACK') {
    const reason = 'Service deployment rolled back because of a StopServiceDeployment request.';
    serviceDeployment.status = 'ROLLBACK_REQUESTED';
    serviceDeployment.statusReason = reason;
    context.scheduler.at(at + TIMELINE.rollbackStartDelayMs, (due) =>
      startRollback(context, state, service, serviceDeployment, reason, due),
    );
    return;
  }
  serviceDeployment.status = 'STOP_REQUESTED';
  serviceDeployment.statusReason = 'Service deployment stop requested by a StopServiceDeployment request.';
  context.scheduler.at(at + TIMELINE.rollbackStartDelayMs, (due) => {
    if (serviceDeployment.status !== 'STOP_REQUESTED') return;
    serviceDeployment.status = 'STOPPED';
    serviceDeployment.statusReason = 'Service deployment stopped by a StopServiceDeployment request.';
    serviceDeployment.stoppedAt = due;
    serviceDeployment.updatedAt = due;
  });
}
