// The in-memory world of the ECS stand-in: one `EcsRegionState` per account and region, holding what
// ECS would hold. Plain data; the rules that change it live in ecs-rollout.ts and the API in ecs.ts.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { JsonObject, RolloutBehaviour } from './types.js';

export interface Scope {
  readonly account: string;
  readonly region: string;
}

export type TaskLastStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEPROVISIONING' | 'STOPPED';

export interface ContainerState {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  readonly containerArn: string;
  readonly runtimeId: string;
}

export interface TaskState {
  readonly taskArn: string;
  readonly taskId: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly deploymentId: string;
  readonly taskDefinitionArn: string;
  /** Decided at placement: how this task's containers will behave. */
  readonly behaviour: RolloutBehaviour;
  lastStatus: TaskLastStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  readonly createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  /** Bumped at every change, as Task.version is. */
  version: number;
  readonly containers: ContainerState[];
  /** Images of essential containers that the registry lacks; undefined until the check answered. */
  missingImages?: readonly string[];
  /** The pull outcome was due before the registry answered: decide as soon as it does. */
  pullDecisionWaiting?: boolean;
  /** A standalone task's group (`family:my-app`); a service's task is in `service:NAME`. */
  readonly group?: string;
  /** RunTask's command overrides, by container name. */
  readonly commands?: Readonly<Record<string, readonly string[]>>;
}

/** A task RunTask started: no service, placed as the request said. */
export interface StandaloneTaskState {
  readonly task: TaskState;
  /** launchType, capacityProviderStrategy, platformVersion, networkConfiguration of the request. */
  readonly placement: JsonObject;
  readonly clientToken: string | undefined;
}

export type DeploymentStatus = 'PRIMARY' | 'ACTIVE';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentState {
  readonly id: string;
  status: DeploymentStatus;
  readonly taskDefinitionArn: string;
  readonly serviceRevisionArn: string;
  desiredCount: number;
  failedTasks: number;
  readonly createdAt: number;
  updatedAt: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** False once the circuit breaker fired or the deployment was stopped: no more tasks are placed. */
  launching: boolean;
  replacementScheduled: boolean;
  /** A rollback deployment (circuit breaker or StopServiceDeployment) watches its tasks longer. */
  readonly rollback: boolean;
  /** When running first equalled desired with nothing pending; cleared when that stops being true. */
  healthySince?: number;
  readonly serviceDeploymentArn: string;
  /** Copied from the service when the deployment was created (echoed in deployments[]). */
  readonly placement: JsonObject;
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

export interface ServiceDeploymentState {
  readonly arn: string;
  readonly serviceArn: string;
  readonly clusterArn: string;
  readonly createdAt: number;
  readonly startedAt: number;
  updatedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  lifecycleStage: string;
  readonly sourceServiceRevisionArns: readonly string[];
  readonly targetServiceRevisionArn: string;
  readonly deploymentConfiguration: JsonObject;
  /** The `ecs-svc/…` deployment this service deployment created. */
  readonly deploymentId: string;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  circuitBreaker: { status: 'DISABLED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'TRIGGERED'; failureCount: number; threshold: number };
  /** Traffic-shifting strategies (ecs-strategies.ts): the hooks of the current stage, the alarms, the target's traffic. */
  lifecycleHookDetails?: LifecycleHookDetailState[];
  alarms?: { status: 'DISABLED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'TRIGGERED'; alarmNames: string[]; triggeredAlarmNames: string[] };
  /** Percentages of test and production traffic on the target revision (the sources share the rest). */
  traffic?: { test: number; production: number };
}

export interface LifecycleHookDetailState {
  readonly hookId: string;
  readonly targetType: string;
  readonly targetArn?: string;
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly expiresAt: number;
  readonly timeoutAction: 'CONTINUE' | 'ROLLBACK';
}

export interface ServiceRevisionState {
  readonly arn: string;
  readonly serviceArn: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly createdAt: number;
  readonly placement: JsonObject;
  readonly containerImages: readonly { containerName: string; image: string }[];
}

/** A task set of a CODE_DEPLOY service: the PRIMARY one serves production traffic, an ACTIVE one is a replacement. */
export interface TaskSetState {
  readonly id: string;
  readonly arn: string;
  readonly taskDefinitionArn: string;
  status: 'PRIMARY' | 'ACTIVE';
  readonly createdAt: number;
  updatedAt: number;
}

export interface ServiceEventState {
  readonly id: string;
  readonly createdAt: number;
  readonly message: string;
}

export interface ServiceState {
  readonly arn: string;
  readonly name: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinitionArn: string;
  deploymentConfiguration: JsonObject;
  /** launchType, capacityProviderStrategy, platformVersion, networkConfiguration…: accepted and echoed. */
  placement: JsonObject;
  /** Other accepted CreateService fields echoed on the service (propagateTags, enableExecuteCommand…). */
  extras: JsonObject;
  tags: JsonObject[];
  readonly createdAt: number;
  readonly createdBy: string;
  /** Newest first, PRIMARY first. */
  deployments: DeploymentState[];
  /** Newest first, at most 100, as ECS keeps them. */
  events: ServiceEventState[];
  readonly tasks: TaskState[];
  readonly serviceDeployments: ServiceDeploymentState[];
  readonly revisions: ServiceRevisionState[];
  currentServiceDeploymentArn?: string;
  /** The last deployment that completed: where a rollback goes. */
  lastCompleted?: { deploymentId: string; taskDefinitionArn: string; serviceRevisionArn: string };
  /** Revisions that completed a deployment on this service: the scenario no longer applies to them. */
  readonly knownGoodTaskDefinitions: Set<string>;
  /** Only for the CODE_DEPLOY controller (ecs-task-sets.ts). */
  taskSets?: TaskSetState[];
}

export interface ClusterState {
  readonly name: string;
  readonly arn: string;
  readonly tags: JsonObject[];
  readonly settings: JsonObject[];
  readonly services: Map<string, ServiceState>;
  /** Tasks RunTask started, oldest first. */
  readonly standaloneTasks: StandaloneTaskState[];
}

export interface TaskDefinitionState {
  readonly arn: string;
  readonly family: string;
  readonly revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  /** Everything DescribeTaskDefinition answers except the timestamps. */
  readonly body: JsonObject;
  readonly tags: JsonObject[];
  readonly registeredAt: number;
  deregisteredAt?: number;
}

export interface LogStreamState {
  readonly events: { timestamp: number; ingestionTime: number; message: string }[];
}

export interface EcsRegionState {
  readonly scope: Scope;
  readonly clusters: Map<string, ClusterState>;
  readonly taskDefinitions: Map<string, TaskDefinitionState[]>;
  /** Log group → stream → events. */
  readonly logGroups: Map<string, Map<string, LogStreamState>>;
}

export function newRegionState(scope: Scope): EcsRegionState {
  return { scope, clusters: new Map(), taskDefinitions: new Map(), logGroups: new Map() };
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function digits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

export const newDeploymentId = (): string => `ecs-svc/${digits(19)}`;
export const newTaskId = (): string => randomBytes(16).toString('hex');
export const newEventId = (): string => randomUUID();

function newServiceDeploymentId(): string {
  const bytes = randomBytes(22);
  let out = '';
  for (const byte of bytes) out += BASE62.charAt(byte % BASE62.length);
  return out;
}

const arnPrefix = (scope: Scope): string => `arn:aws:ecs:${scope.region}:${scope.account}`;
export const clusterArn = (scope: Scope, cluster: string): string => `${arnPrefix(scope)}:cluster/${cluster}`;
export const serviceArn = (scope: Scope, cluster: string, service: string): string => `${arnPrefix(scope)}:service/${cluster}/${service}`;
export const taskArn = (scope: Scope, cluster: string, taskId: string): string => `${arnPrefix(scope)}:task/${cluster}/${taskId}`;
export const containerArn = (scope: Scope, cluster: string, taskId: string): string =>
  `${arnPrefix(scope)}:container/${cluster}/${taskId}/${randomUUID()}`;
export const taskDefinitionArn = (scope: Scope, family: string, revision: number): string =>
  `${arnPrefix(scope)}:task-definition/${family}:${String(revision)}`;
export const newServiceDeploymentArn = (scope: Scope, cluster: string, service: string): string =>
  `${arnPrefix(scope)}:service-deployment/${cluster}/${service}/${newServiceDeploymentId()}`;
export const newServiceRevisionArn = (scope: Scope, cluster: string, service: string): string =>
  `${arnPrefix(scope)}:service-revision/${cluster}/${service}/${digits(19)}`;

/** The last path segment of an ARN, or the value itself when it is a plain name or id. */
export function lastSegment(nameOrArn: string): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const resource = nameOrArn.split(':').slice(5).join(':');
  return resource.split('/').at(-1) ?? resource;
}
