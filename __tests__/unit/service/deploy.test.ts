import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { ECSClient, UpdateServiceCommand, type UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import type { Config } from '../../../src/inputs/config.js';

jest.unstable_mockModule('@actions/core', () => import('../../../__fixtures__/core.js'));
const { updateServices } = await import('../../../src/service/deploy.js');

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' } });
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
    expect(updates.failed.map((failed) => failed.service)).toEqual(['worker']);
    expect(String(updates.failed[0]?.error)).toContain('AccessDeniedException');
    expect(ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: 'my-cluster', service: 'api', taskDefinition: NEW },
      { cluster: 'my-cluster', service: 'worker', taskDefinition: NEW },
    ]);
  });
});
