// Task definitions as ECS keeps them: revisions numbered per family, read-only fields refused on
// registration, defaults filled in and compatibilities/requiresAttributes computed for describe.
import { clientError, clone, isObject, objectArray, optionalString } from './ecs-input.js';
import { lastSegment, taskDefinitionArn, type EcsRegionState, type TaskDefinitionState } from './ecs-state.js';
import type { JsonObject, JsonValue } from './types.js';

/** Every member RegisterTaskDefinition accepts (RegisterTaskDefinitionRequest of the ECS API). */
export const REGISTRABLE_FIELDS: readonly string[] = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
];

/** What DescribeTaskDefinition adds and RegisterTaskDefinition refuses. */
export const READ_ONLY_FIELDS: readonly string[] = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
];

const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const NETWORK_MODES = new Set(['bridge', 'host', 'awsvpc', 'none']);

function refuseUnregistrable(input: JsonObject): void {
  for (const field of Object.keys(input)) {
    if (READ_ONLY_FIELDS.includes(field)) {
      throw clientError(`Unknown parameter in input: "${field}" is a read-only task definition field and cannot be registered.`);
    }
    if (!REGISTRABLE_FIELDS.includes(field)) {
      throw clientError(`Unknown parameter in input: "${field}", must be one of: ${REGISTRABLE_FIELDS.join(', ')}`);
    }
  }
}

function validateContainers(containers: JsonObject[], taskMemory: string | undefined): void {
  if (containers.length === 0) throw clientError('Container list cannot be empty.');
  const names = new Set<string>();
  for (const container of containers) {
    const name = optionalString(container, 'name');
    if (name === undefined || name === '') throw clientError('Container.name should not be null or empty.');
    const image = optionalString(container, 'image');
    if (image === undefined || image === '') throw clientError('Container.image should not be null or empty.');
    if (names.has(name)) throw clientError(`Duplicate container name: ${name}.`);
    names.add(name);
    if (taskMemory === undefined && container.memory === undefined && container.memoryReservation === undefined) {
      throw clientError(`Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`);
    }
  }
  if (!containers.some((container) => container.essential !== false)) {
    throw clientError('Task definition does not have any essential container.');
  }
}

function validateTags(tags: JsonObject[]): void {
  if (tags.length > 50) throw clientError('Too many tags: at most 50 may be given.');
  for (const tag of tags) {
    const key = optionalString(tag, 'key');
    if (key === undefined || key === '') throw clientError('Tag keys must not be empty.');
    optionalString(tag, 'value');
  }
}

function validateFargate(input: JsonObject): void {
  const requires = Array.isArray(input.requiresCompatibilities) ? input.requiresCompatibilities : [];
  if (!requires.includes('FARGATE')) return;
  if (input.networkMode !== 'awsvpc') throw clientError("Fargate only supports network mode 'awsvpc'.");
  if (optionalString(input, 'cpu') === undefined) throw clientError("Fargate requires that 'cpu' be defined at the task level.");
  if (optionalString(input, 'memory') === undefined) throw clientError("Fargate requires that 'memory' be defined at the task level.");
}

/** ECS answers containers with its defaults filled in; renderers must cope with them on the way back. */
function withContainerDefaults(container: JsonObject, networkMode: string | undefined): JsonObject {
  const portMappings = (Array.isArray(container.portMappings) ? container.portMappings : []).map((mapping): JsonValue => {
    if (!isObject(mapping)) return mapping;
    const filled: JsonObject = { ...mapping, protocol: mapping.protocol ?? 'tcp' };
    if (networkMode === 'awsvpc' && filled.hostPort === undefined && typeof filled.containerPort === 'number')
      filled.hostPort = filled.containerPort;
    return filled;
  });
  // ECS stores a health check's interval, timeout and retries when they are left out (startPeriod stays absent).
  const healthCheck = isObject(container.healthCheck)
    ? { interval: 30, timeout: 5, retries: 3, ...container.healthCheck }
    : container.healthCheck;
  return {
    ...container,
    ...(healthCheck === undefined ? {} : { healthCheck }),
    cpu: container.cpu ?? 0,
    portMappings,
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
    systemControls: container.systemControls ?? [],
  };
}

function requiresAttributes(input: JsonObject, containers: JsonObject[]): JsonObject[] {
  const names = new Set<string>();
  const usesAwslogs = containers.some(
    (container) => isObject(container.logConfiguration) && container.logConfiguration.logDriver === 'awslogs',
  );
  if (usesAwslogs) {
    names.add('com.amazonaws.ecs.capability.logging-driver.awslogs');
    names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19');
    if (input.executionRoleArn !== undefined) names.add('ecs.capability.execution-role-awslogs');
  }
  if (input.executionRoleArn !== undefined) names.add('ecs.capability.execution-role-ecr-pull');
  if (input.taskRoleArn !== undefined) names.add('com.amazonaws.ecs.capability.task-iam-role');
  if (input.networkMode === 'awsvpc') {
    names.add('ecs.capability.task-eni');
    names.add('com.amazonaws.ecs.capability.docker-remote-api.1.18');
  }
  if (containers.some((container) => container.healthCheck !== undefined)) names.add('ecs.capability.container-health-check');
  return [...names].map((name) => ({ name }));
}

function compatibilities(input: JsonObject): string[] {
  const fargateCapable = input.networkMode === 'awsvpc' && input.cpu !== undefined && input.memory !== undefined;
  return fargateCapable ? ['EC2', 'FARGATE'] : ['EC2'];
}

export function registerTaskDefinition(state: EcsRegionState, input: JsonObject, registeredBy: string, now: number): TaskDefinitionState {
  refuseUnregistrable(input);
  const family = optionalString(input, 'family');
  if (family === undefined || !FAMILY_PATTERN.test(family)) {
    throw clientError('Family must be 1-255 letters (uppercase and lowercase), numbers, underscores and hyphens.');
  }
  const networkMode = optionalString(input, 'networkMode');
  if (networkMode !== undefined && !NETWORK_MODES.has(networkMode)) throw clientError(`Invalid networkMode: ${networkMode}.`);
  const containers = objectArray(input, 'containerDefinitions');
  validateContainers(containers, optionalString(input, 'memory'));
  const tags = objectArray(input, 'tags');
  validateTags(tags);
  validateFargate(input);

  const revisions = state.taskDefinitions.get(family) ?? [];
  const revision = (revisions.at(-1)?.revision ?? 0) + 1;
  const arn = taskDefinitionArn(state.scope, family, revision);
  const { tags: _tags, ...registrable } = clone(input);
  const body: JsonObject = {
    taskDefinitionArn: arn,
    ...registrable,
    containerDefinitions: containers.map((container) => withContainerDefaults(clone(container), networkMode)),
    family,
    revision,
    volumes: registrable.volumes ?? [],
    enableFaultInjection: registrable.enableFaultInjection ?? false,
    status: 'ACTIVE',
    requiresAttributes: requiresAttributes(input, containers),
    placementConstraints: registrable.placementConstraints ?? [],
    compatibilities: compatibilities(input),
    registeredBy,
  };
  const created: TaskDefinitionState = { arn, family, revision, status: 'ACTIVE', body, tags: clone(tags), registeredAt: now };
  revisions.push(created);
  state.taskDefinitions.set(family, revisions);
  return created;
}

/** `family` (latest ACTIVE revision), `family:revision` or the full ARN. */
export function findTaskDefinition(state: EcsRegionState, reference: string): TaskDefinitionState | undefined {
  const familyAndRevision = reference.startsWith('arn:') ? lastSegment(reference) : reference;
  const [family, revisionText] = familyAndRevision.split(':');
  const revisions = state.taskDefinitions.get(family ?? '') ?? [];
  if (revisionText === undefined) return revisions.filter((candidate) => candidate.status === 'ACTIVE').at(-1);
  return revisions.find((candidate) => String(candidate.revision) === revisionText);
}

export function renderTaskDefinition(definition: TaskDefinitionState, toSeconds: (simulatedMs: number) => number): JsonObject {
  return {
    ...clone(definition.body),
    status: definition.status,
    registeredAt: toSeconds(definition.registeredAt),
    ...(definition.deregisteredAt === undefined ? {} : { deregisteredAt: toSeconds(definition.deregisteredAt) }),
  };
}

export function listTaskDefinitionArns(
  state: EcsRegionState,
  familyPrefix: string | undefined,
  status: string,
  descending: boolean,
): string[] {
  const arns: string[] = [];
  const families = [...state.taskDefinitions.keys()].sort();
  for (const family of families) {
    if (familyPrefix !== undefined && !family.startsWith(familyPrefix)) continue;
    for (const definition of state.taskDefinitions.get(family) ?? []) {
      if (definition.status === status) arns.push(definition.arn);
    }
  }
  return descending ? arns.reverse() : arns;
}

/** Container definitions of a registered revision, for the simulator. */
export function containerDefinitions(definition: TaskDefinitionState): JsonObject[] {
  return (Array.isArray(definition.body.containerDefinitions) ? definition.body.containerDefinitions : []).filter(isObject);
}
