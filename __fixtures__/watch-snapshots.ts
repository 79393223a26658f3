// Plain objects shaped like @aws-sdk/client-ecs output, for the deployment watch's tests. Times are
// seconds after T0 (our UpdateService call).
import type { Deployment, Service, ServiceDeployment, ServiceEvent, Task } from '@aws-sdk/client-ecs';
import { observe } from '../src/watch/observe.js';
import { startWatch, type Snapshot, type Verdict, type WatchTarget } from '../src/watch/watch-state.js';

export const T0 = Date.parse('2026-11-20T10:00:00.000Z');
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);

const TASK_DEFINITION_PREFIX = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:';
export const OURS = `${TASK_DEFINITION_PREFIX}8`;
export const PREVIOUS = `${TASK_DEFINITION_PREFIX}7`;
export const SOMEONE_ELSES = `${TASK_DEFINITION_PREFIX}9`;
export const OUR_ID = 'ecs-svc/1485800978477494678';
export const OLD_ID = 'ecs-svc/9000000000000000001';
export const SERVICE_DEPLOYMENT_ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/my-cluster/my-svc/ejGvqq2ilnbKT9qj0vLJe';
export const SERVICE_REVISION_ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/my-cluster/my-svc/1485800978477494678';

export function ourDeployment(fields: Partial<Deployment> = {}): Deployment {
  return {
    id: OUR_ID,
    status: 'PRIMARY',
    taskDefinition: OURS,
    desiredCount: 2,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment ecs-svc/1485800978477494678 in progress.',
    createdAt: at(0),
    updatedAt: at(0),
    ...fields,
  };
}

export function oldDeployment(fields: Partial<Deployment> = {}): Deployment {
  return {
    id: OLD_ID,
    status: 'ACTIVE',
    taskDefinition: PREVIOUS,
    desiredCount: 2,
    pendingCount: 0,
    runningCount: 2,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
    createdAt: at(-86_400),
    updatedAt: at(-86_000),
    ...fields,
  };
}

export interface ServiceShape {
  readonly deployments: Deployment[];
  readonly events?: ServiceEvent[];
  /** Circuit breaker: 'off', on without rollback, or on with rollback. */
  readonly breaker?: 'off' | 'enabled' | 'rollback';
  readonly taskDefinition?: string;
}

export function service(shape: ServiceShape): Service {
  const primary = shape.deployments.find((deployment) => deployment.status === 'PRIMARY');
  const breaker = shape.breaker ?? 'off';
  return {
    serviceName: 'my-svc',
    serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/my-cluster/my-svc',
    clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/my-cluster',
    status: 'ACTIVE',
    desiredCount: 2,
    taskDefinition: shape.taskDefinition ?? primary?.taskDefinition,
    deployments: shape.deployments,
    events: [...(shape.events ?? [])].reverse(), // ECS lists the newest first
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: breaker !== 'off', rollback: breaker === 'rollback' },
    },
  };
}

export function event(seconds: number, message: string, id = `event-${String(seconds)}`): ServiceEvent {
  return { id, createdAt: at(seconds), message };
}

export function serviceDeployment(fields: Partial<ServiceDeployment> = {}): ServiceDeployment {
  return {
    serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
    serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/my-cluster/my-svc',
    clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/my-cluster',
    createdAt: at(0),
    startedAt: at(0),
    targetServiceRevision: { arn: SERVICE_REVISION_ARN, requestedTaskCount: 2, runningTaskCount: 0, pendingTaskCount: 0 },
    status: 'IN_PROGRESS',
    ...fields,
  };
}

let taskNumber = 0;

/** A stopped task of our deployment. */
export function stoppedTask(fields: Partial<Task> & { exitCode?: number; containerReason?: string } = {}): Task {
  taskNumber += 1;
  const { exitCode, containerReason, ...taskFields } = fields;
  return {
    taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/my-cluster/${String(taskNumber).padStart(8, '0')}aaaaaaaaaaaaaaaaaaaaaaaa`,
    taskDefinitionArn: OURS,
    startedBy: OUR_ID,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode, reason: containerReason }],
    ...taskFields,
  };
}

export const crashed = (): Task => stoppedTask({ exitCode: 1 });
export const pullFailed = (): Task =>
  stoppedTask({
    stopCode: 'TaskFailedToStart',
    stoppedReason:
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref my-org/my-app:abc123: not found',
  });
export const scaledIn = (): Task =>
  stoppedTask({
    stopCode: 'ServiceSchedulerInitiated',
    stoppedReason: `Scaling activity initiated by (deployment ${OUR_ID})`,
    exitCode: 143,
  });

// ---------------------------------------------------------------------------------------------------
// Playing recorded polls through the pure watch

/** The deploy watch of my-svc rolling out OURS over PREVIOUS, 30 min to wait, 5 min without progress, 3 failed tasks. */
export function watchTarget(fields: Partial<WatchTarget> = {}): WatchTarget {
  return {
    service: 'my-svc',
    mode: 'deploy',
    taskDefinitionArn: OURS,
    otherTaskDefinitionArn: PREVIOUS,
    deploymentId: OUR_ID,
    startedAtMs: T0,
    clockStartMs: T0,
    deadlineMs: T0 + 30 * 60_000,
    noProgressMs: 5 * 60_000,
    maxFailedTasks: 3,
    essentialContainers: ['app'],
    ...fields,
  };
}

export interface Poll {
  readonly second: number;
  readonly service: Service;
  readonly serviceDeployment?: ServiceDeployment;
  readonly stoppedTasks?: Task[];
}

export interface Played {
  readonly verdict: Verdict;
  /** Index of the poll that gave the verdict (-1: still going after the last). */
  readonly decidedAt: number;
  readonly lines: string[];
}

export function play(target: WatchTarget, polls: readonly Poll[]): Played {
  let state = startWatch(target);
  const lines: string[] = [];
  for (const [index, poll] of polls.entries()) {
    const snapshot: Snapshot = {
      nowMs: T0 + poll.second * 1000,
      service: poll.service,
      serviceDeployment: poll.serviceDeployment,
      stoppedTasks: poll.stoppedTasks,
    };
    const result = observe(state, snapshot);
    state = result.state;
    lines.push(...result.lines);
    if (result.verdict.kind !== 'continue') return { verdict: result.verdict, decidedAt: index, lines };
  }
  return { verdict: { kind: 'continue' }, decidedAt: -1, lines };
}
