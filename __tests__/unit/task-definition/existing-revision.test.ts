import { beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientException, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { planExistingRevision } from '../../../src/task-definition/existing-revision.js';
import { sampleConfig } from '../../../__fixtures__/config.js';
import { metadata } from '../ecs-failures.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'us-east-1' });
const ARN_6 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:6';
const ARN_7 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';
const config = sampleConfig({ deploy: { cluster: 'my-cluster', services: ['api', 'web'] } });

beforeEach(() => {
  ecsMock.reset();
  ecsMock.on(DescribeServicesCommand).callsFake((input: { services?: string[] }) => ({
    services: [{ serviceName: input.services?.[0], status: 'ACTIVE', taskDefinition: ARN_7 }],
  }));
});

describe('planExistingRevision', () => {
  test('describes the revision by the name given and plans every service onto its full ARN, with nothing to render', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: ARN_6, family: 'my-app', status: 'ACTIVE' } });
    const { plan, revision } = await planExistingRevision(config, ecs, 'my-app:6');

    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input).toEqual({ taskDefinition: 'my-app:6' });
    expect(revision.arn).toBe(ARN_6);
    expect(plan.renders).toEqual([]);
    expect(plan.targets).toEqual([
      { service: 'api', previousTaskDefinitionArn: ARN_7, render: 0 },
      { service: 'web', previousTaskDefinitionArn: ARN_7, render: 0 },
    ]);
  });

  test('a revision ECS does not have fails naming it and the input, before any service is read', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Unable to describe task definition.', $metadata: metadata }));
    await expect(planExistingRevision(config, ecs, 'my-app:99')).rejects.toThrow(
      /^ClientException from ECS DescribeTaskDefinition for task definition revision "my-app:99" \(input `task-definition`\)/,
    );
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });

  test('a deregistered revision fails: ECS deploys only ACTIVE ones', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: ARN_6, family: 'my-app', status: 'INACTIVE' } });
    await expect(planExistingRevision(config, ecs, ARN_6)).rejects.toThrow(
      `The task definition revision "${ARN_6}" (input \`task-definition\`) is INACTIVE (deregistered): ECS deploys only ACTIVE revisions.`,
    );
  });
});
