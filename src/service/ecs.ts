// The ECS calls of a deploy, one function each, with requests holding only what was asked for (the
// official deploy action sends `volumeConfigurations: []` and so detaches service-managed EBS volumes).
// Failures are rethrown as EcsRequestError: same `name` and retry hints as the SDK's error, so every
// classifier still recognises it, and a message that names the operation, the resource and the fix.
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type TaskDefinition,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { TaskDefinitionSource } from '../task-definition/task-definition.js';
import { errorMessage, errorName } from '../shared/errors.js';
import { AwsRequestError } from '../shared/aws-request-error.js';

export type EcsOperation = 'DescribeServices' | 'DescribeTaskDefinition' | 'RegisterTaskDefinition' | 'UpdateService';

/** An ECS call that failed, explained; `cause` is the SDK's error. */
export class EcsRequestError extends AwsRequestError<EcsOperation> {
  constructor(operation: EcsOperation, resource: string, cause: unknown, advice: string) {
    super('ECS', operation, resource, cause, advice);
  }
}

/** The service as DescribeServices shows it; an error saying what to check when it is missing or deleted. */
export async function describeService(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  const resource = `service "${service}" in cluster "${cluster}"`;
  const response = await call('DescribeServices', resource, () => ecs.send(new DescribeServicesCommand({ cluster, services: [service] })));

  const failure = response.failures?.[0];
  if (failure !== undefined) {
    const reason = failure.reason ?? 'UNKNOWN';
    const hint =
      reason === 'MISSING'
        ? `check the service input, the cluster input and that aws-region is the region they live in`
        : `check the service and cluster names${failure.detail === undefined ? '' : ` (${failure.detail})`}`;
    throw new Error(`ECS DescribeServices found no ${resource} (reason ${reason}): ${hint}.`);
  }

  const found =
    response.services?.find((candidate) => candidate.serviceName === service || candidate.serviceArn === service) ?? response.services?.[0];
  if (found === undefined) throw new Error(`ECS DescribeServices returned nothing for ${resource}: check the service and cluster inputs.`);
  if (found.status === 'INACTIVE' || found.status === 'DRAINING') {
    throw new Error(
      `The ${resource} is ${found.status} (deleted${found.status === 'DRAINING' ? ', its tasks still stopping' : ''}) and cannot be deployed to: recreate it with CreateService or check the service input.`,
    );
  }
  return found;
}

/** A revision (family, `family:revision` or ARN) with its tags, so that the next revision keeps them. */
export async function describeTaskDefinitionWithTags(ecs: ECSClient, arnOrFamily: string): Promise<TaskDefinitionSource> {
  const resource = `task definition "${arnOrFamily}"`;
  const response = await call('DescribeTaskDefinition', resource, () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arnOrFamily, include: ['TAGS'] })),
  );
  if (response.taskDefinition === undefined) throw new Error(`ECS DescribeTaskDefinition returned no definition for ${resource}.`);
  return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] };
}

/** Registers `input` exactly as given and returns the new revision (its ARN is always present). */
export async function registerTaskDefinition(
  ecs: ECSClient,
  input: RegisterTaskDefinitionCommandInput,
): Promise<TaskDefinition & { taskDefinitionArn: string }> {
  const resource = `task definition family "${input.family ?? ''}"`;
  const response = await call('RegisterTaskDefinition', resource, () => ecs.send(new RegisterTaskDefinitionCommand(input)), input);
  const registered = response.taskDefinition;
  const arn = registered?.taskDefinitionArn;
  if (registered === undefined || arn === undefined)
    throw new Error(`ECS RegisterTaskDefinition answered without the new revision's ARN for ${resource}.`);
  return { ...registered, taskDefinitionArn: arn };
}

export interface ServiceUpdate {
  readonly cluster: string;
  readonly service: string;
  readonly taskDefinitionArn: string;
  readonly forceNewDeployment: boolean;
}

export interface ServiceUpdateResult {
  readonly service: Service;
  /** `ecs-svc/…` of the PRIMARY deployment UpdateService answered with: the one running our revision. */
  readonly deploymentId: string;
  /** ARN for DescribeServiceDeployments, when ECS reported the service's current deployment. */
  readonly serviceDeploymentArn: string | undefined;
}

/** Points the service at the revision; nothing else about the service is sent, so nothing else changes. */
export async function updateService(ecs: ECSClient, update: ServiceUpdate): Promise<ServiceUpdateResult> {
  const resource = `service "${update.service}" in cluster "${update.cluster}"`;
  const input: UpdateServiceCommandInput = {
    cluster: update.cluster,
    service: update.service,
    taskDefinition: update.taskDefinitionArn,
    ...(update.forceNewDeployment ? { forceNewDeployment: true } : {}),
  };
  const response = await call('UpdateService', resource, () => ecs.send(new UpdateServiceCommand(input)));
  const service = response.service;
  if (service === undefined) throw new Error(`ECS UpdateService answered without the ${resource}.`);
  const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
  if (primary?.id === undefined) throw new Error(`ECS UpdateService answered without a PRIMARY deployment for ${resource}.`);
  return { service, deploymentId: primary.id, serviceDeploymentArn: service.currentServiceDeployment };
}

// ---------------------------------------------------------------------------------------------------
// Errors

async function call<T>(
  operation: EcsOperation,
  resource: string,
  send: () => Promise<T>,
  registerInput?: RegisterTaskDefinitionCommandInput,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new EcsRequestError(operation, resource, error, adviceFor(operation, error, registerInput));
  }
}

/** What to do about a failed call, as a sentence; empty when the service's own message says enough. */
export function adviceFor(operation: EcsOperation, error: unknown, registerInput?: RegisterTaskDefinitionCommandInput): string {
  const name = errorName(error);
  const message = errorMessage(error);
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return accessAdvice(operation, message, registerInput);
    case 'ClusterNotFoundException':
      return 'Check the cluster input and that aws-region is the region of the cluster.';
    case 'ServiceNotFoundException':
      return 'Check the service input, the cluster input and that aws-region is their region.';
    case 'ServiceNotActiveException':
      return 'The service was deleted; recreate it with CreateService or check the service input.';
    case 'ExpiredTokenException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
      return 'The AWS credentials were rejected or expired; check the role and its session duration.';
    case 'ClientException':
      return operation === 'DescribeTaskDefinition'
        ? 'Check that the task definition exists in this account and region, and that the role may call ecs:DescribeTaskDefinition.'
        : '';
    default:
      return '';
  }
}

function accessAdvice(operation: EcsOperation, message: string, registerInput: RegisterTaskDefinitionCommandInput | undefined): string {
  // The message names the action IAM refused (`... not authorized to perform: iam:PassRole on resource: ...`).
  const refused = /perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(message)?.[1];
  if (operation === 'RegisterTaskDefinition' && (refused?.toLowerCase() === 'iam:passrole' || /passrole/i.test(message))) {
    const roles = [registerInput?.taskRoleArn, registerInput?.executionRoleArn].filter(
      (arn): arn is string => arn !== undefined && arn !== '',
    );
    const on = roles.length > 0 ? roles.join(' and ') : 'the task role and the execution role';
    return `The role needs iam:PassRole on ${on} (besides ecs:RegisterTaskDefinition).`;
  }
  if (operation === 'RegisterTaskDefinition' && refused?.toLowerCase() === 'ecs:tagresource') {
    return 'The role needs ecs:TagResource to register a revision with tags (ECS authorizes tags on create), besides ecs:RegisterTaskDefinition.';
  }
  const action = refused ?? `ecs:${operation}`;
  return `The role needs ${action}.`;
}
