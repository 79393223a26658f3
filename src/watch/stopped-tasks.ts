// Stopped tasks: whether a stopped task says anything about our revision (and which failure it names), one
// line describing it, whether a poll should look for more, and which container logs explain it. Pure.
import type { Deployment, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import type { WatchState } from './watch-state.js';

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

export function taskIdOf(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}

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

export function countsAsProblem(report: StoppedTaskReport): boolean {
  return report.kind === 'failure' || report.kind === 'health-check' || report.kind === 'other';
}

/** Whether this poll should run ListTasks + DescribeTasks: our deployment's failures grew, tasks went away, or some were still stopping. */
export function needsStoppedTaskLookup(
  ours: Deployment | undefined,
  state: Pick<WatchState, 'inspectedFailedTasks' | 'lastRunningCount' | 'stoppingTasksPending'>,
): boolean {
  if (ours === undefined) return false;
  return (
    (ours.failedTasks ?? 0) > state.inspectedFailedTasks || (ours.runningCount ?? 0) < state.lastRunningCount || state.stoppingTasksPending
  );
}

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

/** The essential containers of a task definition (ECS treats a container without `essential` as essential). */
export function essentialContainers(taskDefinition: TaskDefinition): string[] {
  return (taskDefinition.containerDefinitions ?? [])
    .filter((container) => container.essential !== false && container.name !== undefined)
    .map((container) => container.name ?? '');
}
