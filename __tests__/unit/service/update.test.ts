import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ECSClient,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
  type Service,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import type { Config } from '../../../src/inputs/config.js';
import { ACCOUNT, accessDenied, errorOf, metadata } from '../ecs-failures.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const { UPDATE_CONCURRENCY, updateService, updateServices } = await import('../../../src/service/update.js');

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });

const CLUSTER = 'production';
const SERVICE_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${CLUSTER}/my-app`;
const TASK_DEFINITION_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:42`;
const PREVIOUS_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:41`;
const SERVICE_DEPLOYMENT_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service-deployment/${CLUSTER}/my-app/AbCdEfGh`;

function activeService(overrides: Partial<Service> = {}): Service {
  return { serviceName: 'my-app', serviceArn: SERVICE_ARN, status: 'ACTIVE', taskDefinition: PREVIOUS_ARN, ...overrides };
}

beforeEach(() => {
  ecsMock.reset();
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

const NEW = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8';
const config = { deploy: { cluster: 'my-cluster', forceNewDeployment: false } } as unknown as Config;
const plan = {
  renders: [],
  targets: [
    { service: 'api', previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7', render: 0 },
    { service: 'worker', previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7', render: 0 },
  ],
};

describe('updateServices', () => {
  beforeEach(() => {
    ecsMock.reset();
  });

  test('returns the services it updated and the ones it could not, so none is left unwatched', async () => {
    ecsMock.on(UpdateServiceCommand).callsFake((input: UpdateServiceCommandInput) => {
      if (input.service === 'worker')
        throw Object.assign(new Error('User is not authorized to perform ecs:UpdateService'), { name: 'AccessDeniedException' });
      return {
        service: {
          serviceName: input.service,
          taskDefinition: input.taskDefinition,
          deployments: [{ id: 'ecs-svc/111', status: 'PRIMARY', taskDefinition: input.taskDefinition }],
          currentServiceDeployment: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/my-cluster/api/abc',
        },
      };
    });
    const updates = await updateServices(ecs, config, plan, [{ taskDefinitionArn: NEW }]);
    expect(updates.started.map((started) => [started.target.service, started.deploymentId, started.serviceDeploymentArn])).toEqual([
      ['api', 'ecs-svc/111', 'arn:aws:ecs:us-east-1:123456789012:service-deployment/my-cluster/api/abc'],
    ]);
    expect(updates.failed.map((failed) => [failed.service, failed.operation])).toEqual([['worker', 'ecs:UpdateService']]);
    expect(String(updates.failed[0]?.error)).toContain('AccessDeniedException');
    expect(ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: 'my-cluster', service: 'api', taskDefinition: NEW },
      { cluster: 'my-cluster', service: 'worker', taskDefinition: NEW },
    ]);
  });

  test('says which call failed for each service: UpdateService, CodeDeploy’s GetDeploymentGroup or CreateDeployment, or a refusal before any call', async () => {
    const codeDeployMock = mockClient(CodeDeployClient);
    ecsMock.on(UpdateServiceCommand).rejects(accessDenied('ecs:UpdateService'));
    codeDeployMock
      .on(GetDeploymentGroupCommand, { deploymentGroupName: 'DgpECS-my-cluster-blue' })
      .rejects(accessDenied('codedeploy:GetDeploymentGroup'));
    codeDeployMock
      .on(GetDeploymentGroupCommand, { deploymentGroupName: 'DgpECS-my-cluster-green' })
      .resolves({ deploymentGroupInfo: { ecsServices: [{ clusterName: 'my-cluster', serviceName: 'green' }] } });
    codeDeployMock.on(CreateDeploymentCommand).rejects(accessDenied('codedeploy:CreateDeployment'));
    const previous = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';
    const loadBalancer = { containerName: 'app', containerPort: 8080 };
    const codeDeployConfig = { application: undefined, deploymentGroup: undefined, deploymentConfig: undefined, appspec: undefined };
    const updates = await updateServices(
      ecs,
      { deploy: { cluster: 'my-cluster', forceNewDeployment: false }, codeDeploy: codeDeployConfig } as unknown as Config,
      {
        renders: [],
        targets: [
          { service: 'api', previousTaskDefinitionArn: previous, render: 0 },
          { service: 'blue', previousTaskDefinitionArn: previous, render: 0, controller: { type: 'CODE_DEPLOY', loadBalancer } },
          { service: 'green', previousTaskDefinitionArn: previous, render: 0, controller: { type: 'CODE_DEPLOY', loadBalancer } },
          {
            service: 'plain',
            previousTaskDefinitionArn: previous,
            render: 0,
            controller: { type: 'CODE_DEPLOY', loadBalancer: undefined },
          },
          { service: 'outside', previousTaskDefinitionArn: previous, render: 0, controller: { type: 'EXTERNAL' } },
        ],
      },
      [{ taskDefinitionArn: NEW }],
    );
    codeDeployMock.restore();
    expect(updates.started).toEqual([]);
    expect(updates.failed.map((failed) => [failed.service, failed.operation])).toEqual([
      ['api', 'ecs:UpdateService'],
      ['blue', 'codedeploy:GetDeploymentGroup'],
      ['green', 'codedeploy:CreateDeployment'],
      ['plain', 'refused'],
      ['outside', 'refused'],
    ]);
  });

  test('updates 12 services side by side, never more than 5 at once, and returns them in plan order', async () => {
    const services = Array.from({ length: 12 }, (_, index) => `svc-${String(index + 1)}`);
    const many = {
      renders: [],
      targets: services.map((service) => ({
        service,
        previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7',
        render: 0,
      })),
    };
    let inFlight = 0;
    let most = 0;
    ecsMock.on(UpdateServiceCommand).callsFake(async (input: UpdateServiceCommandInput) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Later services answer first, so the order of the answers is not the order of the plan.
      await new Promise((resolve) => setTimeout(resolve, 20 - services.indexOf(input.service ?? '')));
      inFlight -= 1;
      return { service: { serviceName: input.service, deployments: [{ id: `ecs-svc/${input.service ?? ''}`, status: 'PRIMARY' }] } };
    });
    const updates = await updateServices(ecs, config, many, [{ taskDefinitionArn: NEW }]);
    expect(UPDATE_CONCURRENCY).toBe(5);
    expect(most).toBe(5);
    expect(updates.started.map((started) => started.deploymentId)).toEqual(services.map((service) => `ecs-svc/${service}`));
    expect(updates.failed).toEqual([]);
  });
});
