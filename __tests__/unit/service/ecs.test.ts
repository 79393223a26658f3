import { beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AccessDeniedException,
  ClientException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ECSServiceException,
  RegisterTaskDefinitionCommand,
  ServerException,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
} from '@aws-sdk/client-ecs';
import {
  EcsRequestError,
  describeService,
  describeTaskDefinitionWithTags,
  registerTaskDefinition,
  updateService,
} from '../../../src/service/ecs.js';
import { classifyPollError } from '../../../src/watch/poll-policy.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });

const ACCOUNT = '123456789012';
const CLUSTER = 'production';
const SERVICE_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${CLUSTER}/my-app`;
const TASK_DEFINITION_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:42`;
const PREVIOUS_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:41`;
const SERVICE_DEPLOYMENT_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service-deployment/${CLUSTER}/my-app/AbCdEfGh`;

const metadata = { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 };

function accessDenied(action: string): AccessDeniedException {
  return new AccessDeniedException({
    $metadata: metadata,
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/deploy/oidc-ecs-deploy-1 is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`,
  });
}

function activeService(overrides: Partial<Service> = {}): Service {
  return { serviceName: 'my-app', serviceArn: SERVICE_ARN, status: 'ACTIVE', taskDefinition: PREVIOUS_ARN, ...overrides };
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  ecsMock.reset();
});

describe('describeService', () => {
  test('asks for exactly the one service in the cluster and returns it', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [activeService()], failures: [] });

    const service = await describeService(ecs, CLUSTER, 'my-app');

    expect(service.serviceArn).toBe(SERVICE_ARN);
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toStrictEqual([
      { cluster: CLUSTER, services: ['my-app'] },
    ]);
  });

  test('a MISSING failure names the service and cluster and says what to check', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: SERVICE_ARN, reason: 'MISSING' }] });

    const error = await errorOf(describeService(ecs, CLUSTER, 'my-app'));

    expect(error.message).toBe(
      'ECS DescribeServices found no service "my-app" in cluster "production" (reason MISSING): check the service input, the cluster input and that aws-region is the region they live in.',
    );
  });

  test.each([
    ['INACTIVE', 'is INACTIVE (deleted)'],
    ['DRAINING', 'is DRAINING (deleted, its tasks still stopping)'],
  ])('a %s service is refused with the reason', async (status, phrase) => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [activeService({ status })] });

    const error = await errorOf(describeService(ecs, CLUSTER, 'my-app'));

    expect(error.message).toBe(
      `The service "my-app" in cluster "production" ${phrase} and cannot be deployed to: recreate it with CreateService or check the service input.`,
    );
  });

  test('a missing cluster keeps the AWS error name and points at the cluster and region inputs', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(new ClusterNotFoundException({ $metadata: metadata, message: 'Cluster not found.' }));

    const error = await errorOf(describeService(ecs, CLUSTER, 'my-app'));

    expect(error).toBeInstanceOf(EcsRequestError);
    expect(error.name).toBe('ClusterNotFoundException');
    expect(error.message).toBe(
      'ClusterNotFoundException from ECS DescribeServices for service "my-app" in cluster "production": Cluster not found. Check the cluster input and that aws-region is the region of the cluster.',
    );
  });

  test('access denied names the ecs action the role needs', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(accessDenied('ecs:DescribeServices'));

    const error = await errorOf(describeService(ecs, CLUSTER, 'my-app'));

    expect(error.message).toMatch(
      /^AccessDeniedException from ECS DescribeServices for service "my-app" in cluster "production": User: .* action\. The role needs ecs:DescribeServices\.$/,
    );
  });
});

describe('describeTaskDefinitionWithTags', () => {
  test('asks for the tags and returns them with the definition', async () => {
    const tags = [{ key: 'team', value: 'payments' }];
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: PREVIOUS_ARN, family: 'my-app' }, tags });

    const described = await describeTaskDefinitionWithTags(ecs, PREVIOUS_ARN);

    expect(described).toStrictEqual({ taskDefinition: { taskDefinitionArn: PREVIOUS_ARN, family: 'my-app' }, tags });
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((call) => call.args[0].input)).toStrictEqual([
      { taskDefinition: PREVIOUS_ARN, include: ['TAGS'] },
    ]);
  });

  test('gives an empty tag list when the revision has none', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { family: 'my-app' } });

    expect((await describeTaskDefinitionWithTags(ecs, 'my-app')).tags).toStrictEqual([]);
  });

  test('an unknown definition names it and says what to check', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ $metadata: metadata, message: 'Unable to describe task definition.' }));

    const error = await errorOf(describeTaskDefinitionWithTags(ecs, 'my-app:99'));

    expect(error.message).toBe(
      'ClientException from ECS DescribeTaskDefinition for task definition "my-app:99": Unable to describe task definition. Check that the task definition exists in this account and region, and that the role may call ecs:DescribeTaskDefinition.',
    );
  });
});

describe('registerTaskDefinition', () => {
  const input: RegisterTaskDefinitionCommandInput = {
    family: 'my-app',
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/my-app-task`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/my-app-execution`,
    containerDefinitions: [{ name: 'app', image: `127.0.0.1:5000/my-org/my-app@sha256:${'c'.repeat(64)}` }],
    tags: [{ key: 'team', value: 'payments' }],
  };

  test('sends the rendered input unchanged and returns the new revision', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TASK_DEFINITION_ARN, family: 'my-app', revision: 42 } });

    const registered = await registerTaskDefinition(ecs, input);

    expect(registered.taskDefinitionArn).toBe(TASK_DEFINITION_ARN);
    const sent = ecsMock.commandCalls(RegisterTaskDefinitionCommand).map((call) => call.args[0].input);
    expect(sent).toStrictEqual([input]);
  });

  test('fails when ECS answers without an ARN', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { family: 'my-app' } });

    await expect(registerTaskDefinition(ecs, input)).rejects.toThrow(
      'ECS RegisterTaskDefinition answered without the new revision\'s ARN for task definition family "my-app".',
    );
  });

  test.each([
    ['ecs:RegisterTaskDefinition', 'The role needs ecs:RegisterTaskDefinition.'],
    [
      'iam:PassRole',
      `The role needs iam:PassRole on arn:aws:iam::${ACCOUNT}:role/my-app-task and arn:aws:iam::${ACCOUNT}:role/my-app-execution (besides ecs:RegisterTaskDefinition).`,
    ],
    [
      'ecs:TagResource',
      'The role needs ecs:TagResource to register a revision with tags (ECS authorizes tags on create), besides ecs:RegisterTaskDefinition.',
    ],
  ])('access denied for %s says what the role needs', async (action, advice) => {
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(accessDenied(action));

    const error = await errorOf(registerTaskDefinition(ecs, input));

    expect(
      error.message.startsWith('AccessDeniedException from ECS RegisterTaskDefinition for task definition family "my-app": User: '),
    ).toBe(true);
    expect(error.message.endsWith(` ${advice}`)).toBe(true);
  });

  test('PassRole advice comes only with an access error, and names both roles generically when the input has none', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new ClientException({ $metadata: metadata, message: 'not authorized to perform iam:PassRole' }));
    const error = await errorOf(registerTaskDefinition(ecs, { family: 'my-app', containerDefinitions: [] }));
    // ClientException is not an access error by name: the service's own message is all we add.
    expect(error.message).toBe(
      'ClientException from ECS RegisterTaskDefinition for task definition family "my-app": not authorized to perform iam:PassRole',
    );

    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new AccessDeniedException({ $metadata: metadata, message: 'Unable to assume role: PassRole denied' }));
    const denied = await errorOf(registerTaskDefinition(ecs, { family: 'my-app', containerDefinitions: [] }));
    expect(denied.message).toBe(
      'AccessDeniedException from ECS RegisterTaskDefinition for task definition family "my-app": Unable to assume role: PassRole denied. The role needs iam:PassRole on the task role and the execution role (besides ecs:RegisterTaskDefinition).',
    );
  });
});

describe('updateService', () => {
  const deployed = activeService({
    taskDefinition: TASK_DEFINITION_ARN,
    currentServiceDeployment: SERVICE_DEPLOYMENT_ARN,
    deployments: [
      { id: 'ecs-svc/1111111111111111111', status: 'ACTIVE', taskDefinition: PREVIOUS_ARN },
      { id: 'ecs-svc/2222222222222222222', status: 'PRIMARY', taskDefinition: TASK_DEFINITION_ARN },
    ],
  });

  test('sends only cluster, service and revision, and returns the PRIMARY deployment', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({ service: deployed });

    const result = await updateService(ecs, {
      cluster: CLUSTER,
      service: 'my-app',
      taskDefinitionArn: TASK_DEFINITION_ARN,
      forceNewDeployment: false,
    });

    expect(result).toStrictEqual({
      service: deployed,
      deploymentId: 'ecs-svc/2222222222222222222',
      serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
    });
    const sent = ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input);
    expect(sent).toStrictEqual([{ cluster: CLUSTER, service: 'my-app', taskDefinition: TASK_DEFINITION_ARN }]);
    expect(sent[0]).not.toHaveProperty('volumeConfigurations');
  });

  test('asks for a new deployment only when told to', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({ service: deployed });

    await updateService(ecs, { cluster: CLUSTER, service: 'my-app', taskDefinitionArn: TASK_DEFINITION_ARN, forceNewDeployment: true });

    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toStrictEqual({
      cluster: CLUSTER,
      service: 'my-app',
      taskDefinition: TASK_DEFINITION_ARN,
      forceNewDeployment: true,
    });
  });

  test('fails when the answer has no PRIMARY deployment', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({ service: activeService({ deployments: [] }) });

    await expect(
      updateService(ecs, { cluster: CLUSTER, service: 'my-app', taskDefinitionArn: TASK_DEFINITION_ARN, forceNewDeployment: false }),
    ).rejects.toThrow('ECS UpdateService answered without a PRIMARY deployment for service "my-app" in cluster "production".');
  });

  test.each([
    [
      'ServiceNotFoundException',
      new ServiceNotFoundException({ $metadata: metadata, message: 'Service not found.' }),
      'Check the service input, the cluster input and that aws-region is their region.',
    ],
    [
      'ServiceNotActiveException',
      new ServiceNotActiveException({ $metadata: metadata, message: 'Service was not ACTIVE.' }),
      'The service was deleted; recreate it with CreateService or check the service input.',
    ],
    ['AccessDeniedException', accessDenied('ecs:UpdateService'), 'The role needs ecs:UpdateService.'],
  ])('%s is explained with the service and cluster', async (_label, thrown, advice) => {
    ecsMock.on(UpdateServiceCommand).rejects(thrown);

    const error = await errorOf(
      updateService(ecs, { cluster: CLUSTER, service: 'my-app', taskDefinitionArn: TASK_DEFINITION_ARN, forceNewDeployment: false }),
    );

    expect(error.message.startsWith(`${thrown.name} from ECS UpdateService for service "my-app" in cluster "production": `)).toBe(true);
    expect(error.message.endsWith(advice)).toBe(true);
    expect(error.cause).toBe(thrown);
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

    const error = await errorOf(describeService(ecs, CLUSTER, 'my-app'));

    expect(classifyPollError(error)).toBe(kind);
    expect(classifyPollError(error)).toBe(classifyPollError(thrown));
  });

  test('a network failure without an AWS name still names the operation and resource', async () => {
    const socketError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(socketError);

    const error = await errorOf(describeTaskDefinitionWithTags(ecs, 'my-app'));

    expect(error.message).toBe('Error from ECS DescribeTaskDefinition for task definition "my-app": connect ECONNREFUSED 127.0.0.1:443');
    expect(classifyPollError(error)).toBe('transient');
  });
});
