import { beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  type DescribeServicesCommandInput,
  type DescribeTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import type { Config } from '../../../src/inputs/config.js';
import type { PreparedImage } from '../../../src/image/prepare.js';
import { describePlan, planDeployment } from '../../../src/task-definition/plan.js';
import { decideServices } from '../../../src/service/decision.js';
import { sampleConfig } from '../../../__fixtures__/config.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });

const ARN_7 = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:7';
const ARN_3 = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-worker:3';
const REPOSITORY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-org/my-app';
const DIGEST = `sha256:${'d'.repeat(64)}`;
const image = {
  uri: `${REPOSITORY}@${DIGEST}`,
  registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  tag: 'v2',
  digest: DIGEST,
  origin: 'built',
  repositoryUri: REPOSITORY,
  otherImages: [],
} as PreparedImage;

function configFor(services: string[], taskDefinition: Partial<Config['taskDefinition']> = {}): Config {
  return sampleConfig({ deploy: { cluster: 'production', services }, taskDefinition });
}

const CURRENT: Record<string, string> = { api: ARN_7, web: ARN_7, worker: ARN_3 };

beforeEach(() => {
  ecsMock.reset();
  ecsMock.on(DescribeServicesCommand).callsFake((input: DescribeServicesCommandInput) => {
    const name = input.services?.[0] ?? '';
    const deployments = [{ id: `ecs-svc/${name}`, status: 'PRIMARY', taskDefinition: CURRENT[name], rolloutState: 'COMPLETED' }];
    return { services: [{ serviceName: name, status: 'ACTIVE', taskDefinition: CURRENT[name], deployments }] };
  });
  ecsMock.on(DescribeTaskDefinitionCommand).callsFake((input: DescribeTaskDefinitionCommandInput) => ({
    taskDefinition: {
      taskDefinitionArn: input.taskDefinition,
      family: input.taskDefinition === ARN_7 ? 'my-app' : 'my-worker',
      revision: input.taskDefinition === ARN_7 ? 7 : 3,
      containerDefinitions: [{ name: 'app', image: `${REPOSITORY}:v1` }],
    },
    tags: input.taskDefinition === ARN_7 ? [{ key: 'team', value: 'payments' }] : [],
  }));
});

describe('planDeployment', () => {
  test('renders one revision per distinct current definition, shared by the services that run it', async () => {
    const plan = await planDeployment(configFor(['api', 'worker', 'web']), ecs, image);

    expect(plan.targets).toEqual([
      { service: 'api', previousTaskDefinitionArn: ARN_7, render: 0 },
      { service: 'worker', previousTaskDefinitionArn: ARN_3, render: 1 },
      { service: 'web', previousTaskDefinitionArn: ARN_7, render: 0 },
    ]);
    expect(plan.renders.map((render) => [render.origin, render.containerNames, render.input])).toEqual([
      [
        ARN_7,
        ['app'],
        { family: 'my-app', containerDefinitions: [{ name: 'app', image: image.uri }], tags: [{ key: 'team', value: 'payments' }] },
      ],
      [ARN_3, ['app'], { family: 'my-worker', containerDefinitions: [{ name: 'app', image: image.uri }] }],
    ]);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((call) => call.args[0].input.taskDefinition)).toEqual([ARN_7, ARN_3]);
  });

  test('keeps beside each service what it runs now: the service and its revision with tags, each revision described once', async () => {
    const plan = await planDeployment(configFor(['api', 'worker', 'web']), ecs, image);

    expect(plan.now.map(({ service, running }) => [service.serviceName, running?.taskDefinition.taskDefinitionArn, running?.tags])).toEqual(
      [
        ['api', ARN_7, [{ key: 'team', value: 'payments' }]],
        ['worker', ARN_3, []],
        ['web', ARN_7, [{ key: 'team', value: 'payments' }]],
      ],
    );
  });

  test('renders the file once for every service, and reads each current revision once to compare it with', async () => {
    const fromFile = {
      taskDefinition: { family: 'from-file', containerDefinitions: [{ name: 'web', image: 'my-org/my-app:1' }] },
      tags: [],
    };
    const plan = await planDeployment(
      configFor(['api', 'worker'], { file: '/work/task.json', fromFile, containerNames: ['web'] }),
      ecs,
      image,
    );

    expect(plan.targets).toEqual([
      { service: 'api', previousTaskDefinitionArn: ARN_7, render: 0 },
      { service: 'worker', previousTaskDefinitionArn: ARN_3, render: 0 },
    ]);
    expect(plan.renders.map((render) => [render.origin, render.input])).toEqual([
      ['/work/task.json', { family: 'from-file', containerDefinitions: [{ name: 'web', image: image.uri }] }],
    ]);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((call) => call.args[0].input.taskDefinition)).toEqual([ARN_7, ARN_3]);
    expect(plan.now.map(({ running }) => running?.taskDefinition.family)).toEqual(['my-app', 'my-worker']);
  });
});

describe('describePlan', () => {
  test('shows each revision diff with the services that get it, then each UpdateService', async () => {
    const config = configFor(['api', 'worker', 'web']);
    const plan = await planDeployment(config, ecs, image);

    expect(describePlan(plan, config, decideServices(plan, false))).toEqual([
      `# ${ARN_7} → new revision of my-app for api, web`,
      `~ containerDefinitions[app].image: ${REPOSITORY}:v1 → ${image.uri}`,
      `# ${ARN_3} → new revision of my-worker for worker`,
      `~ containerDefinitions[app].image: ${REPOSITORY}:v1 → ${image.uri}`,
      `# UpdateService production/api: ${ARN_7} → new revision`,
      `# UpdateService production/worker: ${ARN_3} → new revision`,
      `# UpdateService production/web: ${ARN_7} → new revision`,
    ]);
  });

  test('says "no change" for a service that already runs this image and settings, and registers nothing for it', async () => {
    const config = configFor(['api', 'worker']);
    const plan = await planDeployment(config, ecs, { ...image, uri: `${REPOSITORY}:v1` });

    expect(describePlan(plan, config, decideServices(plan, false))).toEqual([
      `# ${ARN_7}: no change for api`,
      '  (no change)',
      `# ${ARN_3}: no change for worker`,
      '  (no change)',
      `# production/api: no change (already runs ${ARN_7} with this image and settings)`,
      `# production/worker: no change (already runs ${ARN_3} with this image and settings)`,
    ]);
  });

  test('with force-new-deployment, an unchanged service is rolled out again on its revision, with none registered', async () => {
    const config = configFor(['api']);
    const plan = await planDeployment(config, ecs, { ...image, uri: `${REPOSITORY}:v1` });

    expect(describePlan(plan, config, decideServices(plan, true))).toEqual([
      `# ${ARN_7}: no change for api`,
      '  (no change)',
      `# UpdateService production/api: ${ARN_7} again, no new revision (force-new-deployment is true)`,
    ]);
  });
});
