// RunTask and StopTask: standalone tasks, as a one-off migration runs them. A task is placed, pulled and
// started on the rollout's timeline (PENDING at 1 s, pull outcome at 2 s, RUNNING at 3 s); then the
// scenario's `oneOffTasks` decides: exit 0 or exit 3 two seconds later (with log lines in its awslogs
// stream), CannotPullContainerError at the pull, or running until StopTask (SIGTERM: exit 143 half a
// second later). An image the registry lacks fails the pull whatever the scenario says.
import {
  clientError,
  invalidParameter,
  isObject,
  optionalArray,
  optionalNumber,
  optionalObject,
  optionalString,
  pick,
  requiredString,
} from './ecs-input.js';
import { appendLogLines, awslogsTarget } from './ecs-logs.js';
import { markTaskStopped, TIMELINE, type RolloutContext } from './ecs-rollout.js';
import {
  containerArn,
  newTaskId,
  taskArn,
  type ClusterState,
  type ContainerState,
  type EcsRegionState,
  type StandaloneTaskState,
  type TaskState,
} from './ecs-state.js';
import { containerDefinitions, findTaskDefinition } from './ecs-task-definitions.js';
import type { JsonObject, OneOffTaskBehaviour } from './types.js';

/** RUNNING → exit, for tasks that exit by themselves. */
export const ONE_OFF_RUN_MS = 2_000;
const PLACEMENT_FIELDS = ['launchType', 'capacityProviderStrategy', 'platformVersion', 'networkConfiguration'] as const;

/** What the container prints, by behaviour: the command first, as a migration tool would echo it. */
export function oneOffLines(moment: 'started' | 'succeeded' | 'failed' | 'stopped', command: readonly string[] | undefined): string[] {
  switch (moment) {
    case 'started':
      return [`$ ${(command ?? ['(image default command)']).join(' ')}`, 'Applying migration 0042_add_orders_index'];
    case 'succeeded':
      return ['Migration 0042_add_orders_index applied', 'Migrations complete'];
    case 'failed':
      return ['ERROR: relation "orders" does not exist', 'Migration 0042_add_orders_index failed: exit 3'];
    case 'stopped':
      return ['Received SIGTERM, stopping'];
  }
}

export interface RunTaskDeps {
  readonly context: RolloutContext;
  readonly behaviour: () => OneOffTaskBehaviour;
}

/** The task as StandaloneTaskState holds it, with what renderTask needs in place of a service. */
export function standaloneOwner(
  cluster: ClusterState,
  standalone: StandaloneTaskState,
): { clusterArn: string; placement: JsonObject; name: string } {
  return { clusterArn: cluster.arn, placement: standalone.placement, name: '' };
}

export function runTask(deps: RunTaskDeps, state: EcsRegionState, cluster: ClusterState, input: JsonObject): StandaloneTaskState[] {
  const reference = requiredString(input, 'taskDefinition');
  const definition = findTaskDefinition(state, reference);
  if (definition === undefined) throw clientError('Unable to find task definition.');
  if (definition.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  if (input.launchType !== undefined && input.capacityProviderStrategy !== undefined) {
    throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  const count = optionalNumber(input, 'count') ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.');
  const startedBy = optionalString(input, 'startedBy');
  if (startedBy !== undefined && !/^[A-Za-z0-9_/-]{1,128}$/.test(startedBy)) {
    throw invalidParameter('startedBy may contain up to 128 letters, numbers, hyphens, forward slashes and underscores.');
  }
  const network = optionalObject(input, 'networkConfiguration');
  const awsvpc = network === undefined ? undefined : optionalObject(network, 'awsvpcConfiguration');
  const subnets = awsvpc === undefined ? [] : (optionalArray(awsvpc, 'subnets') ?? []);
  if (definition.body.networkMode === 'awsvpc' && subnets.length === 0) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
  const names = containerDefinitions(definition).map((container) => (typeof container.name === 'string' ? container.name : ''));
  const commands: Record<string, string[]> = {};
  const overrides = optionalObject(input, 'overrides');
  for (const override of (overrides === undefined ? undefined : optionalArray(overrides, 'containerOverrides')) ?? []) {
    if (!isObject(override)) continue;
    const name = optionalString(override, 'name') ?? '';
    if (!names.includes(name)) throw invalidParameter(`Override for container named ${name} is not a container in the TaskDefinition.`);
    const command = optionalArray(override, 'command');
    if (command !== undefined) commands[name] = command.filter((word): word is string => typeof word === 'string');
  }
  // The same clientToken answers the tasks it already started: a retried call starts none.
  const clientToken = optionalString(input, 'clientToken');
  if (clientToken !== undefined) {
    const earlier = cluster.standaloneTasks.filter((standalone) => standalone.clientToken === clientToken);
    if (earlier.length > 0) return earlier;
  }
  const placement = pick(input, PLACEMENT_FIELDS);
  const now = deps.context.now();
  const started: StandaloneTaskState[] = [];
  for (let index = 0; index < count; index += 1) {
    const taskId = newTaskId();
    const containers: ContainerState[] = containerDefinitions(definition).map((container, position) => ({
      name: typeof container.name === 'string' ? container.name : `container-${String(position)}`,
      image: typeof container.image === 'string' ? container.image : '',
      essential: container.essential !== false,
      lastStatus: 'PENDING',
      containerArn: containerArn(state.scope, cluster.name, taskId),
      runtimeId: `${taskId}-${String(1_000_000_000 + position * 7_919)}`,
    }));
    const task: TaskState = {
      taskArn: taskArn(state.scope, cluster.name, taskId),
      taskId,
      clusterName: cluster.name,
      serviceName: '',
      deploymentId: startedBy ?? '',
      taskDefinitionArn: definition.arn,
      behaviour: 'healthy',
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      createdAt: now,
      version: 1,
      containers,
      group: `family:${definition.family}`,
      commands,
    };
    const standalone: StandaloneTaskState = { task, placement, clientToken };
    cluster.standaloneTasks.push(standalone);
    started.push(standalone);
    schedule(deps, state, task, deps.behaviour(), now);
  }
  return started;
}

function schedule(deps: RunTaskDeps, state: EcsRegionState, task: TaskState, behaviour: OneOffTaskBehaviour, at: number): void {
  const { scheduler } = deps.context;
  const essentials = task.containers.filter((container) => container.essential);
  const images = [...new Set(essentials.map((container) => container.image))];
  let checked: { readonly missing: string | undefined } | undefined;
  let pullWaiting = false;
  void Promise.all(images.map((image) => deps.context.imageExists(image).catch(() => false))).then((present) => {
    checked = { missing: images.find((_, index) => present[index] !== true) };
    if (pullWaiting) scheduler.at(deps.context.now(), decidePull);
  });
  scheduler.at(at + TIMELINE.pendingAfterMs, (due) => {
    if (task.lastStatus !== 'PROVISIONING') return;
    task.lastStatus = 'PENDING';
    task.pullStartedAt = due;
    task.version += 1;
  });
  // The registry may answer after the pull is due: decide as soon as it does.
  const decidePull = (due: number): void => {
    if (task.lastStatus === 'STOPPED') return;
    if (checked === undefined) {
      pullWaiting = true;
      return;
    }
    task.pullStoppedAt = due;
    const image = behaviour === 'cannot-pull' ? (essentials[0]?.image ?? '') : checked.missing;
    if (image !== undefined) {
      const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found`;
      markTaskStopped(task, due, 'TaskFailedToStart', reason, () => undefined);
      for (const container of essentials) container.reason = reason;
      return;
    }
    scheduler.at(Math.max(due, at + TIMELINE.runningAfterMs), start);
  };
  const start = (due: number): void => {
    if (task.lastStatus === 'STOPPED' || task.desiredStatus !== 'RUNNING') return;
    task.lastStatus = 'RUNNING';
    task.startedAt = due;
    task.version += 1;
    for (const container of task.containers) container.lastStatus = 'RUNNING';
    writeLines(deps, state, task, 'started', due);
    if (behaviour === 'never-stops') return;
    scheduler.at(due + ONE_OFF_RUN_MS, (exitAt) => {
      if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return;
      const failed = behaviour === 'exits-3';
      writeLines(deps, state, task, failed ? 'failed' : 'succeeded', exitAt);
      markTaskStopped(task, exitAt, 'EssentialContainerExited', 'Essential container in task exited', (container) =>
        container.essential && failed ? 3 : 0,
      );
    });
  };
  scheduler.at(at + TIMELINE.pullOutcomeAfterMs, decidePull);
}

export function stopTask(deps: RunTaskDeps, state: EcsRegionState, cluster: ClusterState, input: JsonObject): StandaloneTaskState {
  const reference = requiredString(input, 'task');
  const id = reference.split('/').at(-1) ?? reference;
  const standalone = cluster.standaloneTasks.find((candidate) => candidate.task.taskId === id);
  if (standalone === undefined) throw invalidParameter('The referenced task was not found.');
  const { task } = standalone;
  if (task.desiredStatus === 'STOPPED') return standalone;
  const now = deps.context.now();
  const reason = optionalString(input, 'reason') ?? 'Task stopped by user';
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = now;
  task.version += 1;
  const wasRunning = task.lastStatus === 'RUNNING';
  deps.context.scheduler.at(now + TIMELINE.drainStopMs, (due) => {
    if (task.lastStatus === 'STOPPED') return;
    if (wasRunning) writeLines(deps, state, task, 'stopped', due);
    markTaskStopped(task, due, 'UserInitiated', reason, (container) => (wasRunning ? (container.essential ? 143 : 0) : undefined));
  });
  return standalone;
}

function writeLines(
  deps: RunTaskDeps,
  state: EcsRegionState,
  task: TaskState,
  moment: Parameters<typeof oneOffLines>[0],
  at: number,
): void {
  const definition = findTaskDefinition(state, task.taskDefinitionArn);
  if (definition === undefined) return;
  for (const container of task.containers.filter((candidate) => candidate.essential)) {
    const containerDefinition = containerDefinitions(definition).find((candidate) => candidate.name === container.name);
    const target = containerDefinition === undefined ? undefined : awslogsTarget(containerDefinition, task.taskId);
    if (target === undefined) continue;
    const logState = deps.context.regionState({ account: state.scope.account, region: target.region ?? state.scope.region });
    appendLogLines(logState, target, deps.context.toWallMs(at), oneOffLines(moment, task.commands?.[container.name]));
  }
}
