import { beforeEach, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  GetDeploymentCommand,
  ListDeploymentTargetsCommand,
  type LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const { watchCodeDeploy } = await import('../../../src/codedeploy/watch.js');

const codeDeployMock = mockClient(CodeDeployClient);
const ecsMock = mockClient(ECSClient);
const client = new CodeDeployClient({ region: 'us-east-1' });
const ecs = new ECSClient({ region: 'us-east-1' });
const V1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:1';
const V2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:2';
const REQUEST = { cluster: 'my-cluster', service: 'my-app', deploymentId: 'd-ABCDEFGHI', taskDefinitionArn: V2, waitMinutes: 5 };
const target = (lifecycleEvents: LifecycleEvent[]) => ({
  deploymentTargets: [{ deploymentTargetType: 'ECSTarget' as const, ecsTarget: { lifecycleEvents } }],
});

beforeEach(() => {
  codeDeployMock.reset();
  ecsMock.reset();
});

test('polls until Succeeded, lists the target once, prints each event state once and checks the PRIMARY task set', async () => {
  codeDeployMock
    .on(GetDeploymentCommand)
    .resolvesOnce({ deploymentInfo: { status: 'InProgress' } })
    .resolvesOnce({ deploymentInfo: { status: 'InProgress' } })
    .resolves({ deploymentInfo: { status: 'Succeeded' } });
  codeDeployMock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['my-cluster:my-app'] });
  codeDeployMock
    .on(BatchGetDeploymentTargetsCommand)
    .resolvesOnce(
      target([
        { lifecycleEventName: 'Install', status: 'InProgress' },
        { lifecycleEventName: 'AllowTraffic', status: 'Pending' },
      ]),
    )
    .resolvesOnce(
      target([
        { lifecycleEventName: 'Install', status: 'InProgress' },
        { lifecycleEventName: 'AllowTraffic', status: 'Pending' },
      ]),
    )
    .resolves(
      target([
        { lifecycleEventName: 'Install', status: 'Succeeded' },
        { lifecycleEventName: 'AllowTraffic', status: 'Succeeded' },
      ]),
    );
  ecsMock
    .on(DescribeServicesCommand)
    .resolves({ services: [{ taskDefinition: V2, taskSets: [{ status: 'PRIMARY', taskDefinition: V2 }] }] });
  const sleeps: number[] = [];
  const outcome = await watchCodeDeploy(client, ecs, REQUEST, {
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    now: () => 0,
  });
  expect(outcome).toMatchObject({ status: 'succeeded', rolloutState: 'Succeeded', deploymentId: 'd-ABCDEFGHI', reason: '', apiCalls: 8 });
  expect(outcome.events).toEqual(['Install: InProgress', 'Install: Succeeded', 'AllowTraffic: Succeeded']);
  expect(codeDeployMock.commandCalls(ListDeploymentTargetsCommand)).toHaveLength(1);
  expect(sleeps).toEqual([5000, 5000]);
});

test('a Succeeded deployment whose service serves another revision is a failure naming the live one', async () => {
  codeDeployMock.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'Succeeded' } });
  codeDeployMock.on(ListDeploymentTargetsCommand).resolves({ targetIds: [] });
  ecsMock
    .on(DescribeServicesCommand)
    .resolves({ services: [{ taskDefinition: V1, taskSets: [{ status: 'PRIMARY', taskDefinition: V1 }] }] });
  const outcome = await watchCodeDeploy(client, ecs, REQUEST, { sleep: () => Promise.resolve(), now: () => 0 });
  expect(outcome).toMatchObject({
    status: 'failed',
    reason: 'CodeDeploy deployment d-ABCDEFGHI Succeeded, but the service runs my-app:1, not my-app:2: the PRIMARY task set is not ours.',
  });
});

test('stops at wait-for-minutes with a timed-out outcome, and a refused read fails the watch with its message', async () => {
  codeDeployMock.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'InProgress' } });
  codeDeployMock.on(ListDeploymentTargetsCommand).resolves({ targetIds: [] });
  ecsMock.on(DescribeServicesCommand).resolves({ services: [{ taskDefinition: V1 }] });
  let clock = 0;
  const timedOut = await watchCodeDeploy(
    client,
    ecs,
    { ...REQUEST, waitMinutes: 1 },
    {
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
      now: () => clock,
    },
  );
  expect(timedOut).toMatchObject({ status: 'timed-out', rolloutState: 'InProgress' });
  expect(timedOut.reason).toBe(
    'CodeDeploy deployment d-ABCDEFGHI was still InProgress after 1 minutes (wait-for-minutes); the service runs my-app:1.',
  );

  codeDeployMock
    .on(GetDeploymentCommand)
    .rejects(Object.assign(new Error('User is not authorized to perform: codedeploy:GetDeployment'), { name: 'AccessDeniedException' }));
  const refused = await watchCodeDeploy(client, ecs, REQUEST, { sleep: () => Promise.resolve(), now: () => 0 });
  expect(refused).toMatchObject({ status: 'failed' });
  expect(refused.reason).toContain('The watch could not read CodeDeploy deployment d-ABCDEFGHI: ');
  expect(refused.reason).toContain('codedeploy:GetDeployment');
});
