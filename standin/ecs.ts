// The ECS and CloudWatch Logs side of the stand-in: JSON 1.1 operation handlers over per-account,
// per-region state, the rollout simulator driven by the scaled clock, and `admin` for tests.
//
// admin (all synchronous except `call`; `scope` is { account, region }):
//   createCluster(scope, name)                  → cluster ARN (idempotent)
//   registerTaskDefinition(scope, input)        → task definition ARN (same rules as the API)
//   createService(scope, spec)                  → the service as DescribeServices shows it. By default
//       the service is already settled: its tasks RUNNING, its deployment COMPLETED, its revision
//       known-good (scenario behaviours and image checks no longer apply to it). `settled: false`
//       starts a first deployment as CreateService does.
//   call(scope, operation, input)               → any ECS operation as the account's root
//   service(scope, cluster, name)               → DescribeServices' entry, or undefined
//   tasks(scope, cluster, { serviceName?, desiredStatus? }) → DescribeTasks' entries, newest first
//   standaloneTasks(scope, cluster)             → the tasks RunTask started (ecs-run-task.ts), oldest first
//   serviceDeployments(scope, cluster, name)    → DescribeServiceDeployments' entries, newest first
//   createLogGroup(scope, group); logLines(scope, group, stream) → messages written there
//   setServiceDeploymentsApi(account, 'available' | 'access-denied' | 'unknown-operation' | 'not-json'): makes
//       List/DescribeServiceDeployments, DescribeServiceRevisions and StopServiceDeployment answer as
//       for a role without the permission, as if the operations did not exist, or with a 200 HTML page.
//   advance()                                   → runs the simulation up to the clock's now
//
// Rollouts (timeline in ecs-rollout.ts TIMELINE, simulated seconds): tasks PROVISIONING → PENDING at 1 s →
// RUNNING at 3 s (20 s for 'slow-start'); a task whose essential image the registry lacks stops at 2 s
// with TaskFailedToStart / CannotPullContainerError; 'crash-loop' tasks exit 1 one second after RUNNING
// (EssentialContainerExited, "Error: …" lines in their awslogs stream). Failed tasks are replaced 1 s
// later, forever unless the circuit breaker is on. Healthy: COMPLETED 6 s after UpdateService, old
// deployments drained, service deployment SUCCESSFUL. Crash loop with desiredCount 2 and the breaker:
// FAILED at 9 s, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS at 10 s, ROLLBACK_SUCCESSFUL at 29 s.
// The scenario's behaviour applies only to revisions that never completed a deployment on the service:
// a rollback (or a redeploy of a revision that ran there before) is healthy and skips the image check.
// Timestamps are wall time when the clock offers toWallTime (the stand-in's does), so clients can
// compare them with Date.now() whatever the scale.
import { getLogEvents, createLogGroup as addLogGroup } from './ecs-logs.js';
import {
  clientError,
  invalidParameter,
  isObject,
  objectArray,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  optionalStringArray,
  pick,
  requiredString,
  clone,
} from './ecs-input.js';
import {
  renderCluster,
  renderService,
  renderServiceDeployment,
  renderServiceDeploymentBrief,
  renderServiceRevision,
  renderTask,
  type ToSeconds,
} from './ecs-render.js';
import { changeDesiredCount, settleNewService, startDeployment, stopServiceDeployment, type RolloutContext } from './ecs-rollout.js';
import { createSimulatedScheduler } from './ecs-scheduler.js';
import { runTask, standaloneOwner, stopTask, type RunTaskDeps } from './ecs-run-task.js';
import {
  clusterArn,
  lastSegment,
  newRegionState,
  serviceArn,
  type ClusterState,
  type EcsRegionState,
  type Scope,
  type ServiceDeploymentState,
  type ServiceState,
  type TaskDefinitionState,
  type TaskState,
} from './ecs-state.js';
import {
  addReplacementTaskSet,
  controllerOf,
  finishReplacement,
  initialTaskSets,
  refuseNewTaskDefinition,
  type DeploymentControllerType,
} from './ecs-task-sets.js';
import { findTaskDefinition, listTaskDefinitionArns, registerTaskDefinition, renderTaskDefinition } from './ecs-task-definitions.js';
import {
  AwsError,
  NotJsonAnswer,
  type Caller,
  type Clock,
  type JsonHandler,
  type JsonObject,
  type RequestContext,
  type RolloutBehaviour,
  type Scenario,
} from './types.js';

export type { Scope } from './ecs-state.js';
export { TIMELINE, circuitBreakerThreshold } from './ecs-rollout.js';

export interface EcsStandinDeps {
  clock: Clock;
  scenario(): Scenario;
  imageExists(imageReference: string): Promise<boolean>;
}

export type ServiceDeploymentsApi = 'available' | 'access-denied' | 'unknown-operation' | 'not-json';

export interface AdminServiceSpec {
  readonly cluster: string;
  readonly serviceName: string;
  readonly taskDefinition: string;
  /** Default 1. */
  readonly desiredCount?: number;
  readonly deploymentConfiguration?: JsonObject;
  readonly launchType?: string;
  readonly capacityProviderStrategy?: JsonObject[];
  readonly networkConfiguration?: JsonObject;
  readonly tags?: JsonObject[];
  /** `{ type: 'CODE_DEPLOY' }` for a service deployed through CodeDeploy (ecs-task-sets.ts). */
  readonly deploymentController?: JsonObject;
  readonly loadBalancers?: JsonObject[];
  /** Default true: already at steady state. */
  readonly settled?: boolean;
}

/** What the CodeDeploy stand-in may see and do of ECS: a CODE_DEPLOY service's task sets. */
export interface EcsTaskSetsPort {
  /** The service's ARN, controller, revision and the behaviour its new tasks would have; undefined when there is none. */
  service(
    scope: Scope,
    cluster: string,
    serviceName: string,
  ): { arn: string; controller: DeploymentControllerType; taskDefinitionArn: string; behaviour: RolloutBehaviour } | undefined;
  /** True when the revision is registered and ACTIVE, and the registry has its essential images. */
  taskDefinitionActive(scope: Scope, reference: string): boolean;
  addReplacement(scope: Scope, cluster: string, serviceName: string, taskDefinitionArn: string): void;
  finish(scope: Scope, cluster: string, serviceName: string, succeeded: boolean): void;
}

export interface EcsAdmin {
  createCluster(scope: Scope, clusterName: string): string;
  registerTaskDefinition(scope: Scope, input: JsonObject): string;
  /** The revision number the next registration in `family` gets. */
  nextRevision(scope: Scope, family: string): number;
  createService(scope: Scope, spec: AdminServiceSpec): JsonObject;
  call(scope: Scope, operation: string, input: JsonObject): Promise<JsonObject>;
  service(scope: Scope, cluster: string, serviceName: string): JsonObject | undefined;
  tasks(scope: Scope, cluster: string, filter?: { serviceName?: string; desiredStatus?: 'RUNNING' | 'STOPPED' }): JsonObject[];
  /** The task and execution role ARNs of a revision (what RunTask passes); none for an unknown one. */
  taskDefinitionRoles(scope: Scope, reference: string): string[];
  /** Tasks RunTask started, as DescribeTasks shows them, oldest first. */
  standaloneTasks(scope: Scope, cluster: string): JsonObject[];
  serviceDeployments(scope: Scope, cluster: string, serviceName: string): JsonObject[];
  createLogGroup(scope: Scope, group: string): void;
  logLines(scope: Scope, group: string, stream: string): string[];
  setServiceDeploymentsApi(account: string, availability: ServiceDeploymentsApi): void;
  advance(): void;
}

export interface EcsStandin {
  ecs: JsonHandler;
  logs: JsonHandler;
  admin: EcsAdmin;
  taskSets: EcsTaskSetsPort;
  stop(): void;
}

/** Real time between simulation ticks; requests also advance the simulation before they are answered. */
const TICK_MS = 50;
const SERVICE_DEPLOYMENT_OPERATIONS: ReadonlySet<string> = new Set([
  'ListServiceDeployments',
  'DescribeServiceDeployments',
  'DescribeServiceRevisions',
  'StopServiceDeployment',
]);
const PLACEMENT_FIELDS = ['launchType', 'capacityProviderStrategy', 'platformVersion', 'networkConfiguration'] as const;
const UPDATABLE_PLACEMENT_FIELDS = ['capacityProviderStrategy', 'platformVersion', 'networkConfiguration'] as const;
const SERVICE_EXTRA_FIELDS = [
  'deploymentController',
  'loadBalancers',
  'healthCheckGracePeriodSeconds',
  'enableECSManagedTags',
  'propagateTags',
  'enableExecuteCommand',
  'availabilityZoneRebalancing',
  'placementConstraints',
  'placementStrategy',
] as const;
const PROPAGATE_TAGS = ['TASK_DEFINITION', 'SERVICE', 'NONE'] as const;

/** The tag and ECS Exec members CreateService and UpdateService take, checked as ECS checks them. */
function checkServiceSettings(input: JsonObject): void {
  optionalBoolean(input, 'enableECSManagedTags');
  optionalBoolean(input, 'enableExecuteCommand');
  const propagateTags = optionalString(input, 'propagateTags');
  if (propagateTags !== undefined && !(PROPAGATE_TAGS as readonly string[]).includes(propagateTags)) {
    throw invalidParameter(
      `1 validation error detected: Value '${propagateTags}' at 'propagateTags' failed to satisfy constraint: Member must satisfy enum value set: [${PROPAGATE_TAGS.join(', ')}]`,
    );
  }
}

const DEFAULT_DEPLOYMENT_CONFIGURATION: JsonObject = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

/** A clock that can say when a simulated instant happens in wall time (the stand-in's clock can). */
export function wallTimeOf(clock: Clock): (simulatedMs: number) => number {
  if ('toWallTime' in clock && typeof clock.toWallTime === 'function') {
    const convert = clock.toWallTime as (simulatedMs: number) => unknown;
    return (simulatedMs) => {
      const wall = convert.call(clock, simulatedMs);
      return typeof wall === 'number' ? wall : simulatedMs;
    };
  }
  return (simulatedMs) => simulatedMs;
}

const notFoundCluster = (): AwsError => new AwsError('ClusterNotFoundException', 'Cluster not found.');
const notFoundService = (): AwsError => new AwsError('ServiceNotFoundException', 'Service not found.');

function normalizeDeploymentConfiguration(input: JsonObject | undefined, previous: JsonObject): JsonObject {
  if (input === undefined) return clone(previous);
  const merged: JsonObject = { ...clone(previous), ...clone(input) };
  const breaker = merged.deploymentCircuitBreaker;
  if (breaker !== undefined) {
    if (!isObject(breaker) || typeof breaker.enable !== 'boolean' || typeof breaker.rollback !== 'boolean') {
      throw invalidParameter('deploymentCircuitBreaker requires both enable and rollback to be set.');
    }
  }
  for (const field of ['maximumPercent', 'minimumHealthyPercent']) {
    const value = optionalNumber(merged, field);
    if (value !== undefined && (value < 0 || !Number.isInteger(value))) throw invalidParameter(`${field} must be a non-negative integer.`);
  }
  return merged;
}

export function createEcsStandin(deps: EcsStandinDeps): EcsStandin {
  const regions = new Map<string, EcsRegionState>();
  const serviceDeploymentsApi = new Map<string, ServiceDeploymentsApi>();
  const scheduler = createSimulatedScheduler();
  const toWallMs = wallTimeOf(deps.clock);
  const toSeconds: ToSeconds = (simulatedMs) => toWallMs(simulatedMs) / 1000;

  const regionState = (scope: Scope): EcsRegionState => {
    const key = `${scope.account}/${scope.region}`;
    let state = regions.get(key);
    if (state === undefined) {
      state = newRegionState({ account: scope.account, region: scope.region });
      regions.set(key, state);
    }
    return state;
  };

  const advance = (): void => scheduler.runUntil(deps.clock.now());
  const rollout: RolloutContext = {
    scheduler,
    scenario: () => deps.scenario(),
    imageExists: (reference) => deps.imageExists(reference),
    now: () => deps.clock.now(),
    toWallMs,
    regionState,
  };
  const oneOff: RunTaskDeps = { context: rollout, behaviour: () => deps.scenario().oneOffTasks ?? 'succeeds' };
  const timer = setInterval(advance, TICK_MS);
  timer.unref();

  // -------------------------------------------------------------------------------------------------
  // Look-ups

  function findCluster(state: EcsRegionState, reference: string | undefined): ClusterState {
    const name = reference === undefined ? 'default' : lastSegment(reference);
    const cluster = state.clusters.get(name);
    if (cluster === undefined || (reference?.startsWith('arn:') === true && reference !== cluster.arn)) throw notFoundCluster();
    return cluster;
  }

  function findService(state: EcsRegionState, clusterReference: string | undefined, serviceReference: string): ServiceState {
    const cluster = findCluster(state, clusterReference);
    const service = cluster.services.get(lastSegment(serviceReference));
    if (service === undefined || service.status === 'INACTIVE') throw notFoundService();
    return service;
  }

  function activeTaskDefinition(state: EcsRegionState, reference: string): TaskDefinitionState {
    const definition = findTaskDefinition(state, reference);
    if (definition === undefined) throw invalidParameter('TaskDefinition not found.');
    if (definition.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive');
    return definition;
  }

  function allServices(state: EcsRegionState): ServiceState[] {
    return [...state.clusters.values()].flatMap((cluster) => [...cluster.services.values()]);
  }

  function findServiceDeployment(
    state: EcsRegionState,
    arn: string,
  ): { service: ServiceState; record: ServiceDeploymentState } | undefined {
    for (const service of allServices(state)) {
      const record = service.serviceDeployments.find((candidate) => candidate.arn === arn);
      if (record !== undefined) return { service, record };
    }
    return undefined;
  }

  function paginate(items: string[], input: JsonObject, defaultMax: number): JsonObject {
    const max = Math.max(1, Math.min(100, optionalNumber(input, 'maxResults') ?? defaultMax));
    const token = optionalString(input, 'nextToken');
    const start = token === undefined ? 0 : Number.parseInt(Buffer.from(token, 'base64').toString('utf8'), 10);
    if (!Number.isInteger(start) || start < 0) throw invalidParameter('The specified nextToken is invalid.');
    const page = items.slice(start, start + max);
    const next = start + max < items.length ? Buffer.from(String(start + max), 'utf8').toString('base64') : undefined;
    return { page, ...(next === undefined ? {} : { nextToken: next }) };
  }

  // -------------------------------------------------------------------------------------------------
  // Operations

  function createCluster(state: EcsRegionState, input: JsonObject): JsonObject {
    const name = optionalString(input, 'clusterName') ?? 'default';
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
      throw invalidParameter('Cluster name must be 1-255 letters, numbers, hyphens and underscores.');
    let cluster = state.clusters.get(name);
    if (cluster === undefined) {
      const settings = objectArray(input, 'settings');
      cluster = {
        name,
        arn: clusterArn(state.scope, name),
        tags: objectArray(input, 'tags'),
        settings: settings.length > 0 ? settings : [{ name: 'containerInsights', value: 'disabled' }],
        services: new Map(),
        standaloneTasks: [],
      };
      state.clusters.set(name, cluster);
    }
    return { cluster: renderCluster(cluster) };
  }

  function describeClusters(state: EcsRegionState, input: JsonObject): JsonObject {
    const references = optionalStringArray(input, 'clusters') ?? ['default'];
    const clusters: JsonObject[] = [];
    const failures: JsonObject[] = [];
    for (const reference of references) {
      const cluster = state.clusters.get(lastSegment(reference));
      if (cluster === undefined)
        failures.push({ arn: reference.startsWith('arn:') ? reference : clusterArn(state.scope, reference), reason: 'MISSING' });
      else clusters.push(renderCluster(cluster));
    }
    return { clusters, failures };
  }

  function createService(state: EcsRegionState, input: JsonObject, caller: Caller, settled: boolean): JsonObject {
    const cluster = findCluster(state, optionalString(input, 'cluster'));
    const name = requiredString(input, 'serviceName');
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
      throw invalidParameter('Service name must be 1-255 letters, numbers, hyphens and underscores.');
    const existing = cluster.services.get(name);
    if (existing !== undefined && existing.status !== 'INACTIVE') throw invalidParameter('Creation of service was not idempotent.');
    if (input.launchType !== undefined && input.capacityProviderStrategy !== undefined) {
      throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
    }
    const desiredCount = optionalNumber(input, 'desiredCount');
    if (desiredCount === undefined) throw invalidParameter('desiredCount is required for a service with the REPLICA scheduling strategy.');
    if (desiredCount < 0 || !Number.isInteger(desiredCount)) throw invalidParameter('desiredCount must be a non-negative integer.');
    checkServiceSettings(input);
    const definition = activeTaskDefinition(state, requiredString(input, 'taskDefinition'));
    const now = deps.clock.now();
    const service: ServiceState = {
      arn: serviceArn(state.scope, cluster.name, name),
      name,
      clusterName: cluster.name,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount,
      taskDefinitionArn: definition.arn,
      deploymentConfiguration: normalizeDeploymentConfiguration(
        optionalObject(input, 'deploymentConfiguration'),
        DEFAULT_DEPLOYMENT_CONFIGURATION,
      ),
      placement: pick(input, PLACEMENT_FIELDS),
      extras: pick(input, SERVICE_EXTRA_FIELDS),
      tags: objectArray(input, 'tags'),
      createdAt: now,
      createdBy: caller.arn,
      deployments: [],
      events: [],
      tasks: [],
      serviceDeployments: [],
      revisions: [],
      knownGoodTaskDefinitions: new Set(),
    };
    cluster.services.set(name, service);
    if (settled) settleNewService(state, service, definition.arn, now, rollout);
    else startDeployment(rollout, state, service, definition.arn, now);
    initialTaskSets(state, service, now);
    return { service: renderService(service, toSeconds, false) };
  }

  function describeServices(state: EcsRegionState, input: JsonObject): JsonObject {
    const cluster = findCluster(state, optionalString(input, 'cluster'));
    const references = optionalStringArray(input, 'services');
    if (references === undefined || references.length === 0) throw invalidParameter('Services cannot be empty.');
    if (references.length > 10) throw invalidParameter('Too many services: at most 10 may be described at once.');
    const includeTags = (optionalStringArray(input, 'include') ?? []).includes('TAGS');
    const services: JsonObject[] = [];
    const failures: JsonObject[] = [];
    for (const reference of references) {
      const service = cluster.services.get(lastSegment(reference));
      if (service === undefined)
        failures.push({
          arn: reference.startsWith('arn:') ? reference : serviceArn(state.scope, cluster.name, reference),
          reason: 'MISSING',
        });
      else services.push(renderService(service, toSeconds, includeTags));
    }
    return { services, failures };
  }

  function updateService(state: EcsRegionState, input: JsonObject): JsonObject {
    const service = findService(state, optionalString(input, 'cluster'), requiredString(input, 'service'));
    if (service.status !== 'ACTIVE') throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    const now = deps.clock.now();
    const reference = optionalString(input, 'taskDefinition');
    const definition = reference === undefined ? undefined : activeTaskDefinition(state, reference);
    const desiredCount = optionalNumber(input, 'desiredCount');
    if (desiredCount !== undefined && (desiredCount < 0 || !Number.isInteger(desiredCount)))
      throw invalidParameter('desiredCount must be a non-negative integer.');
    checkServiceSettings(input);
    refuseNewTaskDefinition(service, definition?.arn, optionalBoolean(input, 'forceNewDeployment') === true);
    const configuration = optionalObject(input, 'deploymentConfiguration');
    if (configuration !== undefined)
      service.deploymentConfiguration = normalizeDeploymentConfiguration(configuration, service.deploymentConfiguration);
    let placementChanged = false;
    for (const field of UPDATABLE_PLACEMENT_FIELDS) {
      const value = input[field];
      if (value === undefined || value === null) continue;
      if (JSON.stringify(value) !== JSON.stringify(service.placement[field])) placementChanged = true;
      service.placement[field] = clone(value);
    }
    Object.assign(service.extras, pick(input, SERVICE_EXTRA_FIELDS));
    const forceNewDeployment = optionalBoolean(input, 'forceNewDeployment') === true;
    const redeploy = (definition !== undefined && definition.arn !== service.taskDefinitionArn) || forceNewDeployment || placementChanged;
    if (redeploy) {
      if (desiredCount !== undefined) service.desiredCount = desiredCount;
      const asked = definition?.arn ?? service.taskDefinitionArn;
      const keepsRevision = deps.scenario().updateServiceKeepsRevision === true;
      startDeployment(rollout, state, service, keepsRevision ? service.taskDefinitionArn : asked, now);
      if (keepsRevision) service.taskDefinitionArn = asked;
    } else if (desiredCount !== undefined && desiredCount !== service.desiredCount) {
      changeDesiredCount(rollout, state, service, desiredCount, now);
    }
    return { service: renderService(service, toSeconds, false) };
  }

  function describeTaskDefinition(state: EcsRegionState, input: JsonObject): JsonObject {
    const definition = findTaskDefinition(state, requiredString(input, 'taskDefinition'));
    if (definition === undefined) throw clientError('Unable to describe task definition.');
    const includeTags = (optionalStringArray(input, 'include') ?? []).includes('TAGS');
    return { taskDefinition: renderTaskDefinition(definition, toSeconds), ...(includeTags ? { tags: clone(definition.tags) } : {}) };
  }

  function deregisterTaskDefinition(state: EcsRegionState, input: JsonObject): JsonObject {
    const reference = requiredString(input, 'taskDefinition');
    const familyAndRevision = reference.startsWith('arn:') ? lastSegment(reference) : reference;
    if (!familyAndRevision.includes(':')) throw clientError('Revision is required: give family:revision or the full ARN.');
    const definition = findTaskDefinition(state, reference);
    if (definition === undefined) throw clientError('The specified task definition does not exist.');
    if (definition.status === 'ACTIVE') {
      definition.status = 'INACTIVE';
      definition.deregisteredAt = deps.clock.now();
    }
    return { taskDefinition: renderTaskDefinition(definition, toSeconds) };
  }

  function listTaskDefinitions(state: EcsRegionState, input: JsonObject): JsonObject {
    const status = optionalString(input, 'status') ?? 'ACTIVE';
    const sort = optionalString(input, 'sort') ?? 'ASC';
    const arns = listTaskDefinitionArns(state, optionalString(input, 'familyPrefix'), status, sort === 'DESC');
    const { page, ...rest } = paginate(arns, input, 100);
    return { taskDefinitionArns: page ?? [], ...rest };
  }

  function listServices(state: EcsRegionState, input: JsonObject): JsonObject {
    const cluster = findCluster(state, optionalString(input, 'cluster'));
    const arns = [...cluster.services.values()].filter((service) => service.status === 'ACTIVE').map((service) => service.arn);
    const { page, ...rest } = paginate(arns, input, 10);
    return { serviceArns: page ?? [], ...rest };
  }

  function listTasks(state: EcsRegionState, input: JsonObject): JsonObject {
    const cluster = findCluster(state, optionalString(input, 'cluster'));
    const serviceName = optionalString(input, 'serviceName');
    if (serviceName !== undefined) findService(state, cluster.arn, serviceName);
    const startedBy = optionalString(input, 'startedBy');
    const family = optionalString(input, 'family');
    const desiredStatus = optionalString(input, 'desiredStatus') ?? 'RUNNING';
    if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus)) throw invalidParameter(`Invalid desiredStatus: ${desiredStatus}.`);
    const wanted = desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
    const tasks = [...cluster.services.values()]
      .filter((service) => serviceName === undefined || service.name === lastSegment(serviceName))
      .flatMap((service) => service.tasks)
      .concat(serviceName === undefined ? cluster.standaloneTasks.map((standalone) => standalone.task) : [])
      .filter((task) => task.desiredStatus === wanted)
      .filter((task) => startedBy === undefined || task.deploymentId === startedBy)
      .filter((task) => family === undefined || lastSegment(task.taskDefinitionArn).split(':')[0] === family)
      .sort((a, b) => b.createdAt - a.createdAt);
    const { page, ...rest } = paginate(
      tasks.map((task) => task.taskArn),
      input,
      100,
    );
    return { taskArns: page ?? [], ...rest };
  }

  function describeTasks(state: EcsRegionState, input: JsonObject): JsonObject {
    const cluster = findCluster(state, optionalString(input, 'cluster'));
    const references = optionalStringArray(input, 'tasks');
    if (references === undefined || references.length === 0) throw invalidParameter('Tasks cannot be empty.');
    if (references.length > 100) throw invalidParameter('Too many tasks: at most 100 may be described at once.');
    const byId = new Map<string, { service: Pick<ServiceState, 'clusterArn' | 'placement' | 'name'>; task: TaskState }>();
    for (const service of cluster.services.values()) for (const task of service.tasks) byId.set(task.taskId, { service, task });
    for (const standalone of cluster.standaloneTasks) {
      byId.set(standalone.task.taskId, { service: standaloneOwner(cluster, standalone), task: standalone.task });
    }
    const tasks: JsonObject[] = [];
    const failures: JsonObject[] = [];
    for (const reference of references) {
      const found = byId.get(lastSegment(reference));
      if (found === undefined || (reference.startsWith('arn:') && reference !== found.task.taskArn))
        failures.push({ arn: reference, reason: 'MISSING' });
      else tasks.push(renderTask(state, found.service, found.task, toSeconds));
    }
    return { tasks, failures };
  }

  function listServiceDeployments(state: EcsRegionState, input: JsonObject): JsonObject {
    const service = findService(state, optionalString(input, 'cluster'), requiredString(input, 'service'));
    const statuses = optionalStringArray(input, 'status');
    const createdAt = optionalObject(input, 'createdAt');
    const after = createdAt === undefined ? undefined : optionalNumber(createdAt, 'after');
    const before = createdAt === undefined ? undefined : optionalNumber(createdAt, 'before');
    const records = service.serviceDeployments
      .filter((record) => statuses === undefined || statuses.length === 0 || statuses.includes(record.status))
      .filter((record) => after === undefined || toSeconds(record.createdAt) >= after)
      .filter((record) => before === undefined || toSeconds(record.createdAt) <= before);
    const { page, ...rest } = paginate(
      records.map((record) => record.arn),
      input,
      20,
    );
    const arns = new Set(Array.isArray(page) ? page : []);
    return {
      serviceDeployments: records.filter((record) => arns.has(record.arn)).map((record) => renderServiceDeploymentBrief(record, toSeconds)),
      ...rest,
    };
  }

  function describeServiceDeployments(state: EcsRegionState, input: JsonObject): JsonObject {
    const arns = optionalStringArray(input, 'serviceDeploymentArns');
    if (arns === undefined || arns.length === 0) throw invalidParameter('serviceDeploymentArns cannot be empty.');
    if (arns.length > 20) throw invalidParameter('Too many service deployments: at most 20 may be described at once.');
    const serviceDeployments: JsonObject[] = [];
    const failures: JsonObject[] = [];
    for (const arn of arns) {
      const found = findServiceDeployment(state, arn);
      if (found === undefined) failures.push({ arn, reason: 'MISSING' });
      else serviceDeployments.push(renderServiceDeployment(found.service, found.record, toSeconds));
    }
    return { serviceDeployments, failures };
  }

  function describeServiceRevisions(state: EcsRegionState, input: JsonObject): JsonObject {
    const arns = optionalStringArray(input, 'serviceRevisionArns');
    if (arns === undefined || arns.length === 0) throw invalidParameter('serviceRevisionArns cannot be empty.');
    if (arns.length > 20) throw invalidParameter('Too many service revisions: at most 20 may be described at once.');
    const revisions = allServices(state).flatMap((service) => service.revisions);
    const serviceRevisions: JsonObject[] = [];
    const failures: JsonObject[] = [];
    for (const arn of arns) {
      const revision = revisions.find((candidate) => candidate.arn === arn);
      if (revision === undefined) failures.push({ arn, reason: 'MISSING' });
      else serviceRevisions.push(renderServiceRevision(revision, toSeconds));
    }
    return { serviceRevisions, failures };
  }

  function stopDeployment(state: EcsRegionState, input: JsonObject): JsonObject {
    const arn = requiredString(input, 'serviceDeploymentArn');
    const stopType = optionalString(input, 'stopType') ?? 'ROLLBACK';
    if (stopType !== 'ROLLBACK' && stopType !== 'ABORT')
      throw invalidParameter(`Invalid stopType: ${stopType}. Valid values are ABORT, ROLLBACK.`);
    const found = findServiceDeployment(state, arn);
    if (found === undefined) throw new AwsError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
    stopServiceDeployment(rollout, state, found.service, found.record, stopType, deps.clock.now());
    return { serviceDeploymentArn: arn };
  }

  function refuseIfServiceDeploymentsUnavailable(operation: string, input: JsonObject, context: RequestContext): void {
    if (!SERVICE_DEPLOYMENT_OPERATIONS.has(operation)) return;
    const availability = serviceDeploymentsApi.get(context.caller.account) ?? 'available';
    if (availability === 'unknown-operation') throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    if (availability === 'not-json')
      throw new NotJsonAnswer(200, 'text/html', `<html><body><h1>${operation} is not implemented</h1></body></html>`);
    if (availability === 'access-denied') {
      const service = optionalString(input, 'service');
      const resource = service?.startsWith('arn:') === true ? service : `arn:aws:ecs:${context.region}:${context.caller.account}:service/*`;
      throw new AwsError(
        'AccessDeniedException',
        `User: ${context.caller.arn} is not authorized to perform: ecs:${operation} on resource: ${resource} because no identity-based policy allows the ecs:${operation} action`,
      );
    }
  }

  // async so that every refusal reaches the caller as a rejected promise, never as a synchronous throw.
  const ecs: JsonHandler = async (operation, input, context) => {
    advance();
    refuseIfServiceDeploymentsUnavailable(operation, input, context);
    const state = regionState({ account: context.caller.account, region: context.region });
    const answer = ((): JsonObject => {
      switch (operation) {
        case 'CreateCluster':
          return createCluster(state, input);
        case 'DescribeClusters':
          return describeClusters(state, input);
        case 'RegisterTaskDefinition': {
          const definition = registerTaskDefinition(state, input, context.caller.arn, deps.clock.now());
          return { taskDefinition: renderTaskDefinition(definition, toSeconds), tags: clone(definition.tags) };
        }
        case 'DescribeTaskDefinition':
          return describeTaskDefinition(state, input);
        case 'DeregisterTaskDefinition':
          return deregisterTaskDefinition(state, input);
        case 'ListTaskDefinitions':
          return listTaskDefinitions(state, input);
        case 'CreateService':
          return createService(state, input, context.caller, false);
        case 'DescribeServices':
          return describeServices(state, input);
        case 'UpdateService':
          return updateService(state, input);
        case 'ListServices':
          return listServices(state, input);
        case 'ListTasks':
          return listTasks(state, input);
        case 'DescribeTasks':
          return describeTasks(state, input);
        case 'RunTask': {
          const cluster = findCluster(state, optionalString(input, 'cluster'));
          const started = runTask(oneOff, state, cluster, input);
          return {
            tasks: started.map((standalone) => renderTask(state, standaloneOwner(cluster, standalone), standalone.task, toSeconds)),
            failures: [],
          };
        }
        case 'StopTask': {
          const cluster = findCluster(state, optionalString(input, 'cluster'));
          const standalone = stopTask(oneOff, state, cluster, input);
          return { task: renderTask(state, standaloneOwner(cluster, standalone), standalone.task, toSeconds) };
        }
        case 'ListServiceDeployments':
          return listServiceDeployments(state, input);
        case 'DescribeServiceDeployments':
          return describeServiceDeployments(state, input);
        case 'DescribeServiceRevisions':
          return describeServiceRevisions(state, input);
        case 'StopServiceDeployment':
          return stopDeployment(state, input);
        default:
          throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      }
    })();
    return answer;
  };

  const logs: JsonHandler = async (operation, input, context) => {
    advance();
    if (operation !== 'GetLogEvents') throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    return getLogEvents(regionState({ account: context.caller.account, region: context.region }), input);
  };

  // -------------------------------------------------------------------------------------------------
  // Admin

  const rootCaller = (scope: Scope): Caller => ({
    accessKeyId: 'ADMIN',
    account: scope.account,
    arn: `arn:aws:iam::${scope.account}:root`,
  });
  const rootContext = (scope: Scope): RequestContext => ({ caller: rootCaller(scope), region: scope.region });

  const admin: EcsAdmin = {
    createCluster(scope, clusterName) {
      const answer = createCluster(regionState(scope), { clusterName });
      return isObject(answer.cluster) && typeof answer.cluster.clusterArn === 'string' ? answer.cluster.clusterArn : '';
    },
    nextRevision(scope, family) {
      return (regionState(scope).taskDefinitions.get(family)?.at(-1)?.revision ?? 0) + 1;
    },
    registerTaskDefinition(scope, input) {
      return registerTaskDefinition(regionState(scope), input, rootCaller(scope).arn, deps.clock.now()).arn;
    },
    createService(scope, spec) {
      advance();
      const input: JsonObject = {
        cluster: spec.cluster,
        serviceName: spec.serviceName,
        taskDefinition: spec.taskDefinition,
        desiredCount: spec.desiredCount ?? 1,
        ...(spec.deploymentConfiguration === undefined ? {} : { deploymentConfiguration: spec.deploymentConfiguration }),
        ...(spec.launchType === undefined ? {} : { launchType: spec.launchType }),
        ...(spec.capacityProviderStrategy === undefined ? {} : { capacityProviderStrategy: spec.capacityProviderStrategy }),
        ...(spec.networkConfiguration === undefined ? {} : { networkConfiguration: spec.networkConfiguration }),
        ...(spec.tags === undefined ? {} : { tags: spec.tags }),
        ...(spec.deploymentController === undefined ? {} : { deploymentController: spec.deploymentController }),
        ...(spec.loadBalancers === undefined ? {} : { loadBalancers: spec.loadBalancers }),
      };
      const answer = createService(regionState(scope), input, rootCaller(scope), spec.settled ?? true);
      return isObject(answer.service) ? answer.service : {};
    },
    call: (scope, operation, input) => ecs(operation, input, rootContext(scope)),
    service(scope, cluster, serviceName) {
      advance();
      const service = regionState(scope).clusters.get(cluster)?.services.get(serviceName);
      return service === undefined ? undefined : renderService(service, toSeconds, true);
    },
    tasks(scope, cluster, filter = {}) {
      advance();
      const state = regionState(scope);
      const services = [...(state.clusters.get(cluster)?.services.values() ?? [])].filter(
        (service) => filter.serviceName === undefined || service.name === filter.serviceName,
      );
      return services
        .flatMap((service) => service.tasks.map((task) => ({ service, task })))
        .filter(({ task }) => filter.desiredStatus === undefined || task.desiredStatus === filter.desiredStatus)
        .sort((a, b) => b.task.createdAt - a.task.createdAt)
        .map(({ service, task }) => renderTask(state, service, task, toSeconds));
    },
    taskDefinitionRoles(scope, reference) {
      const body = findTaskDefinition(regionState(scope), reference)?.body;
      return [body?.taskRoleArn, body?.executionRoleArn].filter((role): role is string => typeof role === 'string' && role !== '');
    },
    standaloneTasks(scope, cluster) {
      advance();
      const state = regionState(scope);
      const found = state.clusters.get(cluster);
      return found === undefined
        ? []
        : found.standaloneTasks.map((standalone) => renderTask(state, standaloneOwner(found, standalone), standalone.task, toSeconds));
    },
    serviceDeployments(scope, cluster, serviceName) {
      advance();
      const service = regionState(scope).clusters.get(cluster)?.services.get(serviceName);
      return service === undefined ? [] : service.serviceDeployments.map((record) => renderServiceDeployment(service, record, toSeconds));
    },
    createLogGroup(scope, group) {
      addLogGroup(regionState(scope), group);
    },
    logLines(scope, group, stream) {
      advance();
      return (regionState(scope).logGroups.get(group)?.get(stream)?.events ?? []).map((event) => event.message);
    },
    setServiceDeploymentsApi(account, availability) {
      serviceDeploymentsApi.set(account, availability);
    },
    advance,
  };

  const findOwn = (scope: Scope, cluster: string, serviceName: string): ServiceState | undefined =>
    regionState(scope).clusters.get(cluster)?.services.get(serviceName);
  const taskSets: EcsTaskSetsPort = {
    service(scope, cluster, serviceName) {
      advance();
      const service = findOwn(scope, cluster, serviceName);
      if (service?.status !== 'ACTIVE') return undefined;
      const scenario = deps.scenario();
      const behaviour = scenario.serviceRollouts?.[serviceName] ?? scenario.rollout;
      return { arn: service.arn, controller: controllerOf(service), taskDefinitionArn: service.taskDefinitionArn, behaviour };
    },
    taskDefinitionActive: (scope, reference) => findTaskDefinition(regionState(scope), reference)?.status === 'ACTIVE',
    addReplacement(scope, cluster, serviceName, taskDefinitionArn) {
      const service = findOwn(scope, cluster, serviceName);
      if (service !== undefined) addReplacementTaskSet(regionState(scope), service, taskDefinitionArn, deps.clock.now());
    },
    finish(scope, cluster, serviceName, succeeded) {
      const service = findOwn(scope, cluster, serviceName);
      if (service !== undefined) finishReplacement(rollout, regionState(scope), service, succeeded, deps.clock.now());
    },
  };

  return {
    ecs,
    logs,
    admin,
    taskSets,
    stop() {
      clearInterval(timer);
      scheduler.clear();
    },
  };
}
