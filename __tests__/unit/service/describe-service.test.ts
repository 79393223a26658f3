import { beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ClusterNotFoundException,
  DescribeServicesCommand,
  ECSClient,
  ECSServiceException,
  ServerException,
  type Service,
} from '@aws-sdk/client-ecs';
import { EcsRequestError } from '../../../src/shared/ecs-request.js';
import { describeServiceToDeploy } from '../../../src/service/describe-service.js';
import { classifyPollError } from '../../../src/watch/poll-policy.js';
import { ACCOUNT, accessDenied, errorOf, metadata } from '../ecs-failures.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });

const CLUSTER = 'production';
const SERVICE_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${CLUSTER}/my-app`;
const PREVIOUS_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:41`;

function activeService(overrides: Partial<Service> = {}): Service {
  return { serviceName: 'my-app', serviceArn: SERVICE_ARN, status: 'ACTIVE', taskDefinition: PREVIOUS_ARN, ...overrides };
}

beforeEach(() => {
  ecsMock.reset();
});

describe('describeServiceToDeploy', () => {
  test('asks for exactly the one service in the cluster and returns it', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [activeService()], failures: [] });

    const service = await describeServiceToDeploy(ecs, CLUSTER, 'my-app');

    expect(service.serviceArn).toBe(SERVICE_ARN);
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toStrictEqual([
      { cluster: CLUSTER, services: ['my-app'] },
    ]);
  });

  test('a MISSING failure names the service and cluster and says what to check', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: SERVICE_ARN, reason: 'MISSING' }] });

    const error = await errorOf(describeServiceToDeploy(ecs, CLUSTER, 'my-app'));

    expect(error.message).toBe(
      'ECS DescribeServices found no service "my-app" in cluster "production" (reason MISSING): check the service input, the cluster input and that aws-region is the region they live in.',
    );
  });

  test.each([
    ['INACTIVE', 'is INACTIVE (deleted)'],
    ['DRAINING', 'is DRAINING (deleted, its tasks still stopping)'],
  ])('a %s service is refused with the reason', async (status, phrase) => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [activeService({ status })] });

    const error = await errorOf(describeServiceToDeploy(ecs, CLUSTER, 'my-app'));

    expect(error.message).toBe(
      `The service "my-app" in cluster "production" ${phrase} and cannot be deployed to: recreate it with CreateService or check the service input.`,
    );
  });

  test('a missing cluster keeps the AWS error name and points at the cluster and region inputs', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(new ClusterNotFoundException({ $metadata: metadata, message: 'Cluster not found.' }));

    const error = await errorOf(describeServiceToDeploy(ecs, CLUSTER, 'my-app'));

    expect(error).toBeInstanceOf(EcsRequestError);
    expect(error.name).toBe('ClusterNotFoundException');
    expect(error.message).toBe(
      'ClusterNotFoundException from ECS DescribeServices for service "my-app" in cluster "production": Cluster not found. Check the cluster input and that aws-region is the region of the cluster.',
    );
  });

  test('access denied names the ecs action the role needs', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(accessDenied('ecs:DescribeServices'));

    const error = await errorOf(describeServiceToDeploy(ecs, CLUSTER, 'my-app'));

    expect(error.message).toMatch(
      /^AccessDeniedException from ECS DescribeServices for service "my-app" in cluster "production": User: .* action\. The role needs ecs:DescribeServices\.$/,
    );
  });
});

describe('EcsRequestError', () => {
  test.each([
    [
      'throttling',
      new ECSServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: metadata, message: 'Rate exceeded' }),
      'throttled',
    ],
    ['a server error', new ServerException({ $metadata: { ...metadata, httpStatusCode: 500 }, message: 'Internal error' }), 'transient'],
    ['access denied', accessDenied('ecs:DescribeServices'), 'denied'],
    [
      'an expired token',
      new ECSServiceException({ name: 'ExpiredTokenException', $fault: 'client', $metadata: metadata, message: 'expired' }),
      'expired',
    ],
  ])('keeps %s classifiable like the SDK error it wraps', async (_label, thrown, kind) => {
    ecsMock.on(DescribeServicesCommand).rejects(thrown);

    const error = await errorOf(describeServiceToDeploy(ecs, CLUSTER, 'my-app'));

    expect(classifyPollError(error)).toBe(kind);
    expect(classifyPollError(error)).toBe(classifyPollError(thrown));
  });
});
