import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ClientException,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotFoundException,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { READ_ONLY_FIELDS } from '../ecs-task-definitions.js';
import { CONTEXT, createRig, IMAGE_V1, IMAGE_V2, SCOPE, START, taskDefinitionInput, type Rig } from './ecs-test-kit.js';
import { AwsError, type JsonObject, type JsonValue } from '../types.js';

const rigs: Rig[] = [];
afterEach(() => {
  for (const rig of rigs.splice(0)) rig.standin.stop();
});
function rigWith(options: Parameters<typeof createRig>[0] = {}): Rig {
  const rig = createRig(options);
  rigs.push(rig);
  return rig;
}
const objects = (value: JsonValue | undefined): JsonObject[] =>
  Array.isArray(value) ? value.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];

describe('RegisterTaskDefinition', () => {
  test.each(READ_ONLY_FIELDS.map((field) => [field]))('refuses the read-only field %s with ClientException', async (field) => {
    const rig = rigWith();
    await expect(rig.call('RegisterTaskDefinition', taskDefinitionInput(IMAGE_V2, { [field]: 'x' }))).rejects.toMatchObject({
      code: 'ClientException',
      message: expect.stringContaining(`"${field}"`),
    });
  });

  test('refuses an unknown top-level field with ClientException', async () => {
    const rig = rigWith();
    await expect(rig.call('RegisterTaskDefinition', taskDefinitionInput(IMAGE_V2, { containerDefinitionz: [] }))).rejects.toMatchObject({
      code: 'ClientException',
      message: expect.stringContaining('"containerDefinitionz"'),
    });
  });

  test('numbers revisions per family and keeps the tags it was given', async () => {
    const rig = rigWith();
    const third = await rig.call('RegisterTaskDefinition', taskDefinitionInput(IMAGE_V2));
    const other = await rig.call('RegisterTaskDefinition', taskDefinitionInput(IMAGE_V2, { family: 'worker' }));
    expect((third.taskDefinition as JsonObject).taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:3');
    expect((other.taskDefinition as JsonObject).revision).toBe(1);
    expect(third.tags).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '42' },
    ]);
  });

  test('refuses a container without an image and a Fargate definition outside awsvpc', async () => {
    const rig = rigWith();
    await expect(
      rig.call('RegisterTaskDefinition', { family: 'x', memory: '512', containerDefinitions: [{ name: 'app' }] }),
    ).rejects.toMatchObject({
      code: 'ClientException',
      message: 'Container.image should not be null or empty.',
    });
    await expect(rig.call('RegisterTaskDefinition', taskDefinitionInput(IMAGE_V2, { networkMode: 'bridge' }))).rejects.toMatchObject({
      code: 'ClientException',
    });
  });
});

describe('DescribeTaskDefinition', () => {
  test('returns tags only when asked with include TAGS', async () => {
    const rig = rigWith();
    const withTags = await rig.call('DescribeTaskDefinition', { taskDefinition: 'my-app:2', include: ['TAGS'] });
    const without = await rig.call('DescribeTaskDefinition', { taskDefinition: 'my-app:2' });
    expect(withTags.tags).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '42' },
    ]);
    expect(without).not.toHaveProperty('tags');
  });

  test('answers the read-only fields and the defaults ECS fills in', async () => {
    const rig = rigWith();
    const { taskDefinition } = await rig.call('DescribeTaskDefinition', { taskDefinition: rig.v2 });
    const definition = taskDefinition as JsonObject;
    expect(definition).toMatchObject({
      taskDefinitionArn: rig.v2,
      family: 'my-app',
      revision: 2,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      requiresCompatibilities: ['FARGATE'],
      registeredBy: `arn:aws:iam::${SCOPE.account}:root`,
      registeredAt: START / 1000,
      volumes: [],
      placementConstraints: [],
      enableFaultInjection: false,
    });
    expect(objects(definition.requiresAttributes).map((attribute) => attribute.name)).toEqual(
      expect.arrayContaining([
        'com.amazonaws.ecs.capability.logging-driver.awslogs',
        'ecs.capability.execution-role-awslogs',
        'ecs.capability.task-eni',
      ]),
    );
    expect(objects(definition.containerDefinitions)[0]).toMatchObject({
      cpu: 0,
      essential: true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
    });
  });

  test('a health check left without interval, timeout and retries is stored with ECS defaults; given ones are kept', async () => {
    const rig = rigWith();
    const container = (healthCheck: JsonObject): JsonObject => ({ name: 'app', image: 'my-org/my-app:1', memory: 128, healthCheck });
    const registered = await rig.call('RegisterTaskDefinition', {
      family: 'checked',
      containerDefinitions: [
        container({ command: ['CMD', 'true'] }),
        { ...container({ command: ['CMD', 'true'], interval: 10, startPeriod: 60 }), name: 'other' },
      ],
    });
    const containers = objects((registered.taskDefinition as JsonObject).containerDefinitions);
    expect(containers.map((described) => described.healthCheck)).toEqual([
      { command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 3 },
      { command: ['CMD', 'true'], interval: 10, timeout: 5, retries: 3, startPeriod: 60 },
    ]);
  });

  test('a family alone names its latest ACTIVE revision; a deregistered revision cannot be deployed', async () => {
    const rig = rigWith();
    await rig.call('DeregisterTaskDefinition', { taskDefinition: 'my-app:2' });
    const latest = await rig.call('DescribeTaskDefinition', { taskDefinition: 'my-app' });
    expect((latest.taskDefinition as JsonObject).revision).toBe(1);
    await expect(rig.call('UpdateService', { cluster: 'my-cluster', service: 'my-svc', taskDefinition: rig.v2 })).rejects.toMatchObject({
      code: 'InvalidParameterException',
    });
    await expect(rig.call('DescribeTaskDefinition', { taskDefinition: 'nope:1' })).rejects.toMatchObject({ code: 'ClientException' });
  });
});

describe('ListServices', () => {
  test('lists the cluster ACTIVE services ten a page by default, and up to maxResults when given', async () => {
    const rig = rigWith();
    for (let index = 0; index < 11; index += 1) {
      rig.standin.admin.createService(SCOPE, { cluster: 'my-cluster', serviceName: `extra-${String(index)}`, taskDefinition: rig.v1 });
    }
    const first = await rig.call('ListServices', { cluster: 'my-cluster' });
    expect(first.serviceArns).toHaveLength(10);
    expect(typeof first.nextToken).toBe('string');
    const rest = await rig.call('ListServices', { cluster: 'my-cluster', nextToken: first.nextToken ?? null });
    expect(rest.serviceArns).toHaveLength(2);
    expect(rest.nextToken).toBeUndefined();
    const all = await rig.call('ListServices', { cluster: 'my-cluster', maxResults: 100 });
    expect(all.serviceArns).toEqual(
      expect.arrayContaining([
        'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-svc',
        'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/extra-10',
      ]),
    );
    await expect(rig.call('ListServices', { cluster: 'nope' })).rejects.toMatchObject({ code: 'ClusterNotFoundException' });
  });
});

describe('services', () => {
  test('missing clusters and services answer as ECS does', async () => {
    const rig = rigWith();
    await expect(rig.call('DescribeServices', { cluster: 'nope', services: ['my-svc'] })).rejects.toMatchObject({
      code: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    });
    const described = await rig.call('DescribeServices', { cluster: 'my-cluster', services: ['my-svc', 'ghost'] });
    expect(objects(described.services)).toHaveLength(1);
    expect(described.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/ghost', reason: 'MISSING' }]);
    await expect(rig.call('UpdateService', { cluster: 'my-cluster', service: 'ghost', taskDefinition: rig.v2 })).rejects.toMatchObject({
      code: 'ServiceNotFoundException',
    });
  });

  test('CreateService starts a first deployment and refuses a second service of the same name', async () => {
    const rig = rigWith();
    const created = await rig.call('CreateService', {
      cluster: 'my-cluster',
      serviceName: 'api',
      taskDefinition: rig.v1,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123'], assignPublicIp: 'DISABLED' } },
    });
    const service = created.service as JsonObject;
    expect(service).toMatchObject({
      serviceName: 'api',
      launchType: 'FARGATE',
      desiredCount: 1,
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
    });
    expect(objects(service.deployments)).toEqual([
      expect.objectContaining({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', launchType: 'FARGATE' }),
    ]);
    await expect(
      rig.call('CreateService', { cluster: 'my-cluster', serviceName: 'api', taskDefinition: rig.v1, desiredCount: 1 }),
    ).rejects.toMatchObject({
      code: 'InvalidParameterException',
    });
  });

  test('a desiredCount change scales the primary deployment without a new one', async () => {
    const rig = rigWith();
    await rig.call('UpdateService', { cluster: 'my-cluster', service: 'my-svc', desiredCount: 3 });
    await rig.runTo(3);
    const service = rig.service();
    expect(objects(service.deployments)).toEqual([expect.objectContaining({ desiredCount: 3, runningCount: 3, taskDefinition: rig.v1 })]);
    const listed = await rig.call('ListServiceDeployments', { cluster: 'my-cluster', service: 'my-svc' });
    expect(objects(listed.serviceDeployments).map((brief) => brief.status)).toEqual(['SUCCESSFUL']);
  });

  test('tag propagation, managed tags and ECS Exec are stored and echoed, and change no deployment by themselves', async () => {
    const rig = rigWith();
    const answer = await rig.call('UpdateService', {
      cluster: 'my-cluster',
      service: 'my-svc',
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      enableExecuteCommand: true,
    });
    expect(answer.service).toMatchObject({ propagateTags: 'SERVICE', enableECSManagedTags: true, enableExecuteCommand: true });
    expect(objects((answer.service as JsonObject).deployments)).toHaveLength(1);
    expect(rig.service()).toMatchObject({ propagateTags: 'SERVICE', enableECSManagedTags: true, enableExecuteCommand: true });
  });

  test.each([
    [
      { propagateTags: 'service' },
      /Value 'service' at 'propagateTags' failed to satisfy constraint: Member must satisfy enum value set: \[TASK_DEFINITION, SERVICE, NONE\]/,
    ],
    [{ enableExecuteCommand: 'true' }, /enableExecuteCommand must be a boolean/],
    [{ enableECSManagedTags: 1 }, /enableECSManagedTags must be a boolean/],
    [{ desiredCount: -1 }, /desiredCount must be a non-negative integer/],
  ] as [JsonObject, RegExp][])('UpdateService refuses %j with InvalidParameterException, changing nothing', async (fields, message) => {
    const rig = rigWith();
    await expect(rig.call('UpdateService', { cluster: 'my-cluster', service: 'my-svc', ...fields })).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message: expect.stringMatching(message),
    });
    expect(rig.service()).toMatchObject({ propagateTags: 'NONE', enableExecuteCommand: false, enableECSManagedTags: false });
  });

  test('forceNewDeployment redeploys the same revision', async () => {
    const rig = rigWith();
    const answer = await rig.call('UpdateService', { cluster: 'my-cluster', service: 'my-svc', forceNewDeployment: true });
    expect(objects((answer.service as JsonObject).deployments).map((deployment) => [deployment.status, deployment.taskDefinition])).toEqual(
      [
        ['PRIMARY', rig.v1],
        ['ACTIVE', rig.v1],
      ],
    );
  });
});

describe('CloudWatch Logs', () => {
  test('GetLogEvents answers ResourceNotFoundException for a missing group or stream', async () => {
    const rig = rigWith();
    await expect(rig.standin.logs('GetLogEvents', { logGroupName: '/ecs/none', logStreamName: 'x' }, CONTEXT)).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    rig.standin.admin.createLogGroup(SCOPE, '/ecs/none');
    await expect(rig.standin.logs('GetLogEvents', { logGroupName: '/ecs/none', logStreamName: 'x' }, CONTEXT)).rejects.toMatchObject({
      message: 'The specified log stream does not exist.',
    });
  });
});

describe('the unmodified AWS SDK parses every answer', () => {
  let server: Server;
  let endpoint = '';
  let current: Rig | undefined;

  beforeAll(async () => {
    // A signer-free front door: the real server verifies SigV4 first; here only the wire format matters.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const [prefix = '', operation = ''] = target.split('.');
        const handler = prefix === 'Logs_20140328' ? current?.standin.logs : current?.standin.ecs;
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as JsonObject;
        const answer = (status: number, body: JsonObject, errorType?: string): void => {
          response.writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': 'req-1',
            ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
          });
          response.end(JSON.stringify(body));
        };
        if (handler === undefined) {
          answer(500, { __type: 'InternalFailure', message: 'no rig' }, 'InternalFailure');
          return;
        }
        handler(operation, input, CONTEXT).then(
          (output) => answer(200, output),
          (error: unknown) => {
            const awsError = error instanceof AwsError ? error : new AwsError('InternalFailure', String(error), 500);
            answer(awsError.status, { __type: awsError.code, message: awsError.message }, awsError.code);
          },
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const clientConfig = () => ({
    endpoint,
    region: SCOPE.region,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
    maxAttempts: 1,
  });

  test('ECS and CloudWatch Logs answers during a crash-loop rollback', async () => {
    const rig = rigWith({ rollout: 'crash-loop' });
    current = rig;
    const ecs = new ECSClient(clientConfig());
    const logs = new CloudWatchLogsClient(clientConfig());
    try {
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'my-app',
          containerDefinitions: [{ name: 'app', image: IMAGE_V2, memory: 256 }],
          tags: [{ key: 'team', value: 'payments' }],
        }),
      );
      expect(registered.taskDefinition?.registeredAt).toBeInstanceOf(Date);
      expect(registered.tags).toEqual([{ key: 'team', value: 'payments' }]);

      const updated = await ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'my-svc', taskDefinition: rig.v2 }));
      const serviceDeploymentArn = updated.service?.currentServiceDeployment ?? '';
      const deploymentId = updated.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.id ?? '';
      expect(serviceDeploymentArn).toContain(':service-deployment/');
      await rig.runTo(12);

      const described = await ecs.send(new DescribeServicesCommand({ cluster: 'my-cluster', services: ['my-svc'] }));
      const service = described.services?.[0];
      expect(service?.createdAt).toEqual(new Date(START));
      expect(service?.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
      const failed = service?.deployments?.find((deployment) => deployment.id === deploymentId);
      expect(failed).toMatchObject({ status: 'ACTIVE', rolloutState: 'FAILED', failedTasks: 4, taskDefinition: rig.v2 });
      expect(failed?.createdAt).toEqual(new Date(START));
      expect(service?.events?.[0]?.createdAt).toBeInstanceOf(Date);
      expect(service?.events?.map((event) => event.message)).toContain(
        `(service my-svc) (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
      );

      const listed = await ecs.send(new ListTasksCommand({ cluster: 'my-cluster', startedBy: deploymentId, desiredStatus: 'STOPPED' }));
      expect(listed.taskArns).toHaveLength(4);
      const tasks = await ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: listed.taskArns }));
      const task = tasks.tasks?.[0];
      expect(task).toMatchObject({
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        startedBy: deploymentId,
        lastStatus: 'STOPPED',
      });
      expect(task?.stoppedAt).toBeInstanceOf(Date);
      expect(task?.containers?.[0]).toMatchObject({ name: 'app', exitCode: 1, image: IMAGE_V2, imageDigest: IMAGE_V2.split('@')[1] });

      const briefs = await ecs.send(
        new ListServiceDeploymentsCommand({
          cluster: 'my-cluster',
          service: 'my-svc',
          status: ['IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'],
          createdAt: { after: new Date(START - 1000) },
        }),
      );
      expect(briefs.serviceDeployments?.map((brief) => [brief.serviceDeploymentArn, brief.status])).toEqual([
        [serviceDeploymentArn, 'ROLLBACK_IN_PROGRESS'],
      ]);
      expect(briefs.serviceDeployments?.[0]?.startedAt).toEqual(new Date(START));

      const records = await ecs.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeploymentArn, `${serviceDeploymentArn}x`] }),
      );
      const record = records.serviceDeployments?.[0];
      expect(record).toMatchObject({
        status: 'ROLLBACK_IN_PROGRESS',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 4, threshold: 3 },
      });
      expect(record?.rollback?.startedAt).toEqual(new Date(START + 10_000));
      expect(record?.sourceServiceRevisions).toHaveLength(1);
      expect(records.failures).toEqual([{ arn: `${serviceDeploymentArn}x`, reason: 'MISSING' }]);

      const revisionArn = record?.targetServiceRevision?.arn ?? '';
      const revisions = await ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [revisionArn] }));
      expect(revisions.serviceRevisions?.[0]).toMatchObject({
        taskDefinition: rig.v2,
        containerImages: [{ containerName: 'app', image: IMAGE_V2 }],
      });

      const withTags = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: rig.v1, include: ['TAGS'] }));
      expect(withTags.tags).toHaveLength(2);
      expect(withTags.taskDefinition?.containerDefinitions?.[0]?.logConfiguration?.options?.['awslogs-stream-prefix']).toBe('ecs');

      const taskId = task?.taskArn?.split('/').at(-1) ?? '';
      const events = await logs.send(
        new GetLogEventsCommand({ logGroupName: '/ecs/my-app', logStreamName: `ecs/app/${taskId}`, startFromHead: false, limit: 2 }),
      );
      expect(events.events?.map((event) => event.message)).toEqual([
        '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)',
        'app exited with code 1',
      ]);
      expect(typeof events.events?.[0]?.timestamp).toBe('number');

      await rig.runTo(29);
      const stop = ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }));
      await expect(stop).rejects.toMatchObject({ name: 'ConflictException' });
      await expect(
        ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'ghost', taskDefinition: rig.v1 })),
      ).rejects.toBeInstanceOf(ServiceNotFoundException);
      await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:9' }))).rejects.toBeInstanceOf(ClientException);
    } finally {
      ecs.destroy();
      logs.destroy();
      current = undefined;
    }
  });

  test('the image of the previous revision is the one the service runs after the rollback', async () => {
    const rig = rigWith({ rollout: 'crash-loop' });
    current = rig;
    const ecs = new ECSClient(clientConfig());
    try {
      await ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'my-svc', taskDefinition: rig.v2 }));
      await rig.runTo(29);
      const running = await ecs.send(new ListTasksCommand({ cluster: 'my-cluster', serviceName: 'my-svc' }));
      const tasks = await ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: running.taskArns }));
      expect(tasks.tasks?.map((task) => task.containers?.[0]?.image)).toEqual([IMAGE_V1, IMAGE_V1]);
    } finally {
      ecs.destroy();
      current = undefined;
    }
  });
});
