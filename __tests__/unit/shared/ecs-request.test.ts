import { describe, expect, test } from '@jest/globals';
import { EcsRequestError, ecsFailureAdvice, requestEcs, type EcsOperation } from '../../../src/shared/ecs-request.js';

function failure(name: string, message = 'refused'): Error {
  return Object.assign(new Error(message), { name });
}

describe('ecsFailureAdvice', () => {
  test.each([
    [
      'UpdateService',
      failure('ExpiredTokenException'),
      'The AWS credentials were rejected or expired; check the role and its session duration.',
    ],
    [
      'DescribeServices',
      failure('UnrecognizedClientException'),
      'The AWS credentials were rejected or expired; check the role and its session duration.',
    ],
    [
      'RegisterTaskDefinition',
      failure('InvalidSignatureException'),
      'The AWS credentials were rejected or expired; check the role and its session duration.',
    ],
    ['DescribeServices', failure('AccessDeniedException', 'not authorized'), 'The role needs ecs:DescribeServices.'],
    [
      'UpdateService',
      failure('UnauthorizedOperation', 'not authorized to perform: ecs:UpdateService on x'),
      'The role needs ecs:UpdateService.',
    ],
    ['UpdateService', failure('ClusterNotFoundException'), 'Check the cluster input and that aws-region is the region of the cluster.'],
    ['UpdateService', failure('ClientException'), ''],
    ['UpdateService', failure('InvalidParameterException'), ''],
    ['UpdateService', new Error('socket hang up'), ''],
  ] as [EcsOperation, Error, string][])('%s failing with %s advises %j', (operation, error, advice) => {
    expect(ecsFailureAdvice(operation, error)).toBe(advice);
  });
});

describe('requestEcs', () => {
  test('returns what the call answered', async () => {
    await expect(requestEcs('DescribeServices', 'service "api"', () => Promise.resolve('answer'))).resolves.toBe('answer');
  });

  test('rethrows a failure as EcsRequestError naming the operation and resource, with the advice', async () => {
    const cause = failure('ServiceNotFoundException', 'Service not found.');
    let thrown: unknown;
    await requestEcs('UpdateService', 'service "api" in cluster "production"', () => Promise.reject(cause)).catch((error: unknown) => {
      thrown = error;
    });
    expect(thrown).toBeInstanceOf(EcsRequestError);
    expect(thrown).toMatchObject({
      name: 'ServiceNotFoundException',
      operation: 'UpdateService',
      cause,
      message:
        'ServiceNotFoundException from ECS UpdateService for service "api" in cluster "production": Service not found. Check the service input, the cluster input and that aws-region is their region.',
    });
  });
});
