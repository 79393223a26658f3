// State → the JSON ECS answers. Timestamps are epoch seconds with fractions, in wall time: clients
// compare them with their own clock, whatever the simulation's scale.
import { renderTaskSets } from './ecs-task-sets.js';
import { clone } from './ecs-input.js';
import { findTaskDefinition } from './ecs-task-definitions.js';
import type {
  ClusterState,
  DeploymentState,
  EcsRegionState,
  ServiceDeploymentState,
  ServiceRevisionState,
  ServiceState,
  TaskState,
} from './ecs-state.js';
import type { JsonObject } from './types.js';

export type ToSeconds = (simulatedMs: number) => number;

const optionalTime = (field: string, value: number | undefined, toSeconds: ToSeconds): JsonObject =>
  value === undefined ? {} : { [field]: toSeconds(value) };

export function renderCluster(cluster: ClusterState): JsonObject {
  let running = 0;
  let pending = 0;
  let activeServices = 0;
  for (const service of cluster.services.values()) {
    if (service.status === 'ACTIVE') activeServices += 1;
    for (const task of service.tasks) {
      if (task.lastStatus === 'RUNNING') running += 1;
      if (task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING') pending += 1;
    }
  }
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: activeServices,
    statistics: [],
    tags: clone(cluster.tags),
    settings: clone(cluster.settings),
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
  };
}

function taskCounts(service: ServiceState, belongs: (task: TaskState) => boolean): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const task of service.tasks) {
    if (!belongs(task)) continue;
    if (task.lastStatus === 'RUNNING') running += 1;
    else if (task.desiredStatus === 'RUNNING' && (task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING')) pending += 1;
  }
  return { running, pending };
}

export function renderDeployment(service: ServiceState, deployment: DeploymentState, toSeconds: ToSeconds): JsonObject {
  const counts = taskCounts(service, (task) => task.deploymentId === deployment.id);
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinitionArn,
    desiredCount: deployment.desiredCount,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: deployment.failedTasks,
    createdAt: toSeconds(deployment.createdAt),
    updatedAt: toSeconds(deployment.updatedAt),
    ...clone(deployment.placement),
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
  };
}

function revisionSummary(
  service: ServiceState,
  revisionArn: string,
  requested: number,
  traffic?: { readonly test: number; readonly production: number },
): JsonObject {
  const counts = taskCounts(service, (task) =>
    service.deployments.some((deployment) => deployment.id === task.deploymentId && deployment.serviceRevisionArn === revisionArn),
  );
  return {
    arn: revisionArn,
    requestedTaskCount: requested,
    runningTaskCount: counts.running,
    pendingTaskCount: counts.pending,
    ...(traffic === undefined ? {} : { requestedTestTrafficWeight: traffic.test, requestedProductionTrafficWeight: traffic.production }),
  };
}

function requestedFor(service: ServiceState, revisionArn: string): number {
  return service.deployments
    .filter((deployment) => deployment.serviceRevisionArn === revisionArn)
    .reduce((sum, deployment) => sum + deployment.desiredCount, 0);
}

export function renderService(service: ServiceState, toSeconds: ToSeconds, includeTags: boolean): JsonObject {
  const counts = taskCounts(service, () => true);
  const currentRevisions = [...new Set(service.deployments.map((deployment) => deployment.serviceRevisionArn))];
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: [],
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: counts.running,
    pendingCount: counts.pending,
    ...clone(service.placement),
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: clone(service.deploymentConfiguration),
    deployments: service.deployments.map((deployment) => renderDeployment(service, deployment, toSeconds)),
    events: service.events.map((event) => ({ id: event.id, createdAt: toSeconds(event.createdAt), message: event.message })),
    createdAt: toSeconds(service.createdAt),
    ...(service.currentServiceDeploymentArn === undefined ? {} : { currentServiceDeployment: service.currentServiceDeploymentArn }),
    currentServiceRevisions: currentRevisions.map((arn) => revisionSummary(service, arn, requestedFor(service, arn))),
    placementConstraints: [],
    placementStrategy: [],
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    createdBy: service.createdBy,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'DISABLED',
    ...clone(service.extras),
    ...renderTaskSets(service, toSeconds),
    ...(includeTags ? { tags: clone(service.tags) } : {}),
  };
}

/** A service's task, or a standalone one (RunTask) with its own placement and an empty name. */
export function renderTask(
  state: EcsRegionState,
  service: Pick<ServiceState, 'clusterArn' | 'placement' | 'name'>,
  task: TaskState,
  toSeconds: ToSeconds,
): JsonObject {
  const definition = findTaskDefinition(state, task.taskDefinitionArn);
  const launchType = typeof service.placement.launchType === 'string' ? service.placement.launchType : undefined;
  const fargate = launchType === 'FARGATE' || (launchType === undefined && service.placement.capacityProviderStrategy !== undefined);
  const body = definition?.body;
  return {
    attachments: [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: `${state.scope.region}a`,
    clusterArn: service.clusterArn,
    connectivity: 'CONNECTED',
    connectivityAt: toSeconds(task.createdAt),
    containers: task.containers.map((container) => ({
      containerArn: container.containerArn,
      taskArn: task.taskArn,
      name: container.name,
      image: container.image,
      ...(container.image.includes('@sha256:') ? { imageDigest: container.image.slice(container.image.indexOf('@') + 1) } : {}),
      runtimeId: container.runtimeId,
      lastStatus: container.lastStatus,
      ...(container.exitCode === undefined ? {} : { exitCode: container.exitCode }),
      ...(container.reason === undefined ? {} : { reason: container.reason }),
      networkBindings: [],
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
      cpu: '0',
    })),
    ...(typeof body?.cpu === 'string' ? { cpu: body.cpu } : {}),
    ...(typeof body?.memory === 'string' ? { memory: body.memory } : {}),
    createdAt: toSeconds(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    group: task.group ?? `service:${service.name}`,
    healthStatus: 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: launchType ?? (fargate ? 'FARGATE' : 'EC2'),
    overrides: {
      containerOverrides: task.containers.map((container) => {
        const command = task.commands?.[container.name];
        return { name: container.name, ...(command === undefined ? {} : { command: [...command] }) };
      }),
      inferenceAcceleratorOverrides: [],
    },
    ...(fargate ? { platformVersion: '1.4.0', platformFamily: 'Linux', ephemeralStorage: { sizeInGiB: 20 } } : {}),
    ...optionalTime('pullStartedAt', task.pullStartedAt, toSeconds),
    ...optionalTime('pullStoppedAt', task.pullStoppedAt, toSeconds),
    ...optionalTime('startedAt', task.startedAt, toSeconds),
    ...(task.deploymentId === '' ? {} : { startedBy: task.deploymentId }),
    ...(task.stopCode === undefined ? {} : { stopCode: task.stopCode }),
    ...optionalTime('stoppingAt', task.stoppingAt, toSeconds),
    ...optionalTime('executionStoppedAt', task.stoppedAt, toSeconds),
    ...optionalTime('stoppedAt', task.stoppedAt, toSeconds),
    ...(task.stoppedReason === undefined ? {} : { stoppedReason: task.stoppedReason }),
    tags: [],
    taskArn: task.taskArn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
  };
}

export function renderServiceDeployment(service: ServiceState, record: ServiceDeploymentState, toSeconds: ToSeconds): JsonObject {
  const requested = (arn: string): number => requestedFor(service, arn);
  const sourceTraffic =
    record.traffic === undefined ? undefined : { test: 100 - record.traffic.test, production: 100 - record.traffic.production };
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: record.serviceArn,
    clusterArn: record.clusterArn,
    createdAt: toSeconds(record.createdAt),
    startedAt: toSeconds(record.startedAt),
    ...optionalTime('finishedAt', record.finishedAt, toSeconds),
    ...optionalTime('stoppedAt', record.stoppedAt, toSeconds),
    updatedAt: toSeconds(record.updatedAt),
    sourceServiceRevisions: record.sourceServiceRevisionArns.map((arn) => revisionSummary(service, arn, requested(arn), sourceTraffic)),
    targetServiceRevision: revisionSummary(
      service,
      record.targetServiceRevisionArn,
      requested(record.targetServiceRevisionArn),
      record.traffic,
    ),
    status: record.status,
    ...(record.statusReason === undefined ? {} : { statusReason: record.statusReason }),
    lifecycleStage: record.lifecycleStage,
    deploymentConfiguration: clone(record.deploymentConfiguration),
    ...(record.rollback === undefined
      ? {}
      : {
          rollback: {
            reason: record.rollback.reason,
            startedAt: toSeconds(record.rollback.startedAt),
            serviceRevisionArn: record.rollback.serviceRevisionArn,
          },
        }),
    deploymentCircuitBreaker: { ...record.circuitBreaker },
    alarms:
      record.alarms === undefined
        ? { status: 'DISABLED' }
        : {
            status: record.alarms.status,
            alarmNames: [...record.alarms.alarmNames],
            ...(record.alarms.triggeredAlarmNames.length === 0 ? {} : { triggeredAlarmNames: [...record.alarms.triggeredAlarmNames] }),
          },
    ...(record.lifecycleHookDetails === undefined
      ? {}
      : {
          lifecycleHookDetails: record.lifecycleHookDetails.map((hook) => ({
            hookId: hook.hookId,
            targetType: hook.targetType,
            ...(hook.targetArn === undefined ? {} : { targetArn: hook.targetArn }),
            status: hook.status,
            expiresAt: toSeconds(hook.expiresAt),
            timeoutAction: hook.timeoutAction,
          })),
        }),
  };
}

export function renderServiceDeploymentBrief(record: ServiceDeploymentState, toSeconds: ToSeconds): JsonObject {
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: record.serviceArn,
    clusterArn: record.clusterArn,
    startedAt: toSeconds(record.startedAt),
    createdAt: toSeconds(record.createdAt),
    ...optionalTime('finishedAt', record.finishedAt, toSeconds),
    targetServiceRevisionArn: record.targetServiceRevisionArn,
    status: record.status,
    ...(record.statusReason === undefined ? {} : { statusReason: record.statusReason }),
  };
}

export function renderServiceRevision(revision: ServiceRevisionState, toSeconds: ToSeconds): JsonObject {
  return {
    serviceRevisionArn: revision.arn,
    serviceArn: revision.serviceArn,
    clusterArn: revision.clusterArn,
    taskDefinition: revision.taskDefinitionArn,
    ...clone(revision.placement),
    loadBalancers: [],
    serviceRegistries: [],
    containerImages: revision.containerImages.map((image) => ({
      containerName: image.containerName,
      image: image.image,
      ...(image.image.includes('@sha256:') ? { imageDigest: image.image.slice(image.image.indexOf('@') + 1) } : {}),
    })),
    guardDutyEnabled: false,
    createdAt: toSeconds(revision.createdAt),
  };
}
