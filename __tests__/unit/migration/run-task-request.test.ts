import { describe, expect, test } from '@jest/globals';
import { SAMPLE_RUN_TASK } from '../../../__fixtures__/config.js';
import type { RunTaskConfig } from '../../../src/inputs/config.js';
import { commandText, describeRunTask, runTaskRequest, RunTaskRequestError } from '../../../src/migration/run-task-request.js';
import type { MigrationTarget, ServicePlacement } from '../../../src/migration/target.js';

const RUN_TASK = SAMPLE_RUN_TASK;
const SERVICE_NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-aaaaaaaa'], securityGroups: ['sg-aaaaaaaa'], assignPublicIp: 'DISABLED' as const },
};
const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8';

function target(placement: ServicePlacement, networkMode: 'awsvpc' | 'bridge' = 'awsvpc'): MigrationTarget {
  return {
    service: 'my-service',
    placement,
    taskDefinition: { family: 'my-app', networkMode, containerDefinitions: [{ name: 'app' }] },
    taskDefinitionArn: ARN,
    containerName: 'app',
  };
}

const request = (placement: ServicePlacement, runTask: Partial<RunTaskConfig> = {}, networkMode?: 'awsvpc' | 'bridge') =>
  runTaskRequest({ cluster: 'my-cluster', runTask: { ...RUN_TASK, ...runTask }, target: target(placement, networkMode), clientToken: 't' });

describe('runTaskRequest', () => {
  test('runs the new revision once with the command on the deployed container, placed as the service is', () => {
    expect(request({ launchType: 'FARGATE', platformVersion: '1.4.0', networkConfiguration: SERVICE_NETWORK })).toEqual({
      cluster: 'my-cluster',
      taskDefinition: ARN,
      count: 1,
      startedBy: 'oidc-ecs-deploy/run-1-1',
      clientToken: 't',
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: SERVICE_NETWORK,
    });
  });

  test.each<[string, ServicePlacement, Partial<RunTaskConfig>, object]>([
    [
      'subnets and security groups from the inputs, the public IP from the service',
      { networkConfiguration: SERVICE_NETWORK },
      { subnets: ['subnet-bbbbbbbb'], securityGroups: ['sg-bbbbbbbb'] },
      {
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-bbbbbbbb'], securityGroups: ['sg-bbbbbbbb'], assignPublicIp: 'DISABLED' },
        },
      },
    ],
    [
      'a public IP from the input',
      { networkConfiguration: SERVICE_NETWORK },
      { assignPublicIp: 'ENABLED' },
      { networkConfiguration: { awsvpcConfiguration: { ...SERVICE_NETWORK.awsvpcConfiguration, assignPublicIp: 'ENABLED' } } },
    ],
    [
      'the service capacity provider strategy',
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], networkConfiguration: SERVICE_NETWORK },
      {},
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
    ],
    [
      'a launch type input in place of the service strategy',
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], networkConfiguration: SERVICE_NETWORK },
      { launchType: 'FARGATE' },
      { launchType: 'FARGATE' },
    ],
    [
      'a strategy input in place of the service launch type',
      { launchType: 'FARGATE', networkConfiguration: SERVICE_NETWORK },
      {
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', weight: 1, base: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3, base: undefined },
        ],
      },
      {
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', weight: 1, base: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ],
      },
    ],
  ])('%s', (_name, placement, runTask, expected) => {
    expect(request(placement, runTask)).toMatchObject(expected);
  });

  test('a platform version is left out with the EC2 launch type, which refuses one', () => {
    expect(
      request({ launchType: 'FARGATE', platformVersion: 'LATEST', networkConfiguration: SERVICE_NETWORK }, { launchType: 'EC2' }),
    ).not.toHaveProperty('platformVersion');
  });

  test('a bridge-mode revision on a service without a network needs none', () => {
    const built = request({ launchType: 'EC2' }, {}, 'bridge');
    expect(built).not.toHaveProperty('networkConfiguration');
    expect(built.launchType).toBe('EC2');
  });

  test('an awsvpc revision without subnets from the service or the inputs is refused before the call, naming the input', () => {
    expect(() => request({ launchType: 'FARGATE' })).toThrow(RunTaskRequestError);
    expect(() => request({ launchType: 'FARGATE' })).toThrow(
      "The one-off task's revision uses networkMode awsvpc, but service my-service has no subnets and `run-task-subnets` is empty: set `run-task-subnets` (and `run-task-security-groups`).",
    );
    expect(request({ launchType: 'FARGATE' }, { subnets: ['subnet-cccccccc'] }).networkConfiguration).toEqual({
      awsvpcConfiguration: { subnets: ['subnet-cccccccc'] },
    });
  });
});

describe('commandText and describeRunTask', () => {
  test.each<[string[], string]>([
    [['npm', 'run', 'migrate'], 'npm run migrate'],
    [['sh', '-c', 'npm run migrate && echo ok'], 'sh -c "npm run migrate && echo ok"'],
    [['./migrate', '--to=2024-01-01'], './migrate --to=2024-01-01'],
    [['echo', ''], 'echo ""'],
  ])('%j reads as %s', (words, text) => {
    expect(commandText(words)).toBe(text);
  });

  test('one line with the revision, the container, the command, the placement and startedBy', () => {
    const built = request({ launchType: 'FARGATE', networkConfiguration: SERVICE_NETWORK });
    expect(describeRunTask(built, target({}))).toBe(
      `RunTask my-cluster: ${ARN}, container app running \`npm run migrate\` (launch type FARGATE; subnets subnet-aaaaaaaa, security groups sg-aaaaaaaa, public IP DISABLED; placed like service my-service), startedBy oidc-ecs-deploy/run-1-1`,
    );
  });
});
