// Every ECS call of the task definition and service phases goes through `requestEcs`: a failure is
// rethrown as EcsRequestError, with the same `name` and retry hints as the SDK's error (so every
// classifier still recognises it) and a message that names the operation, the resource and the fix.
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { errorMessage, errorName } from './errors.js';
import { AwsRequestError, refusedAction, rejectedCredentialsAdvice } from './aws-request-error.js';

export type EcsOperation = 'DescribeServices' | 'DescribeTaskDefinition' | 'RegisterTaskDefinition' | 'UpdateService';

/** An ECS call that failed, explained; `cause` is the SDK's error. */
export class EcsRequestError extends AwsRequestError<EcsOperation> {
  constructor(operation: EcsOperation, resource: string, cause: unknown, advice: string) {
    super('ECS', operation, resource, cause, advice);
  }
}

export async function requestEcs<T>(
  operation: EcsOperation,
  resource: string,
  send: () => Promise<T>,
  registerInput?: RegisterTaskDefinitionCommandInput,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new EcsRequestError(operation, resource, error, ecsFailureAdvice(operation, error, registerInput));
  }
}

/** What to do about a failed ECS call, as a sentence; empty when the service's own message says enough. */
export function ecsFailureAdvice(operation: EcsOperation, error: unknown, registerInput?: RegisterTaskDefinitionCommandInput): string {
  switch (errorName(error)) {
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return accessAdvice(operation, error, registerInput);
    case 'ClusterNotFoundException':
      return 'Check the cluster input and that aws-region is the region of the cluster.';
    case 'ServiceNotFoundException':
      return 'Check the service input, the cluster input and that aws-region is their region.';
    case 'ServiceNotActiveException':
      return 'The service was deleted; recreate it with CreateService or check the service input.';
    case 'ClientException':
      return operation === 'DescribeTaskDefinition'
        ? 'Check that the task definition exists in this account and region, and that the role may call ecs:DescribeTaskDefinition.'
        : '';
    default:
      return rejectedCredentialsAdvice(error) ?? '';
  }
}

function accessAdvice(operation: EcsOperation, error: unknown, registerInput: RegisterTaskDefinitionCommandInput | undefined): string {
  const refused = refusedAction(error);
  if (operation === 'RegisterTaskDefinition' && (refused?.toLowerCase() === 'iam:passrole' || /passrole/i.test(errorMessage(error)))) {
    const roles = [registerInput?.taskRoleArn, registerInput?.executionRoleArn].filter(
      (arn): arn is string => arn !== undefined && arn !== '',
    );
    const on = roles.length > 0 ? roles.join(' and ') : 'the task role and the execution role';
    return `The role needs iam:PassRole on ${on} (besides ecs:RegisterTaskDefinition).`;
  }
  if (operation === 'RegisterTaskDefinition' && refused?.toLowerCase() === 'ecs:tagresource') {
    return 'The role needs ecs:TagResource to register a revision with tags (ECS authorizes tags on create), besides ecs:RegisterTaskDefinition.';
  }
  return `The role needs ${refused ?? `ecs:${operation}`}.`;
}
