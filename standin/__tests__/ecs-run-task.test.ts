// RunTask and StopTask of the ECS stand-in: standalone tasks on the rollout's timeline, each scenario's
// ending, and the refusals ECS answers, on a clock the test moves by hand.
import { describe, expect, test } from '@jest/globals';
import { iamRequestsFor } from '../iam-requests.js';
import type { JsonObject, OneOffTaskBehaviour } from '../types.js';
import { createRig, IMAGE_V2, SCOPE, type Rig } from './ecs-test-kit.js';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } };

async function started(rig: Rig, input: JsonObject = {}): Promise<JsonObject> {
  const answer = await rig.call('RunTask', {
    cluster: 'my-cluster',
    taskDefinition: rig.v2,
    startedBy: 'oidc-ecs-deploy/run-1-1',
    networkConfiguration: NETWORK,
    launchType: 'FARGATE',
    overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
    ...input,
  });
  expect(answer['failures']).toEqual([]);
  const [task] = answer['tasks'] as JsonObject[];
  return task ?? {};
}

async function described(rig: Rig, taskArn: unknown): Promise<JsonObject> {
  const answer = await rig.call('DescribeTasks', { cluster: 'my-cluster', tasks: [String(taskArn)] });
  return (answer['tasks'] as JsonObject[])[0] ?? {};
}

function rigWith(oneOffTasks: OneOffTaskBehaviour): Rig {
  const rig = createRig();
  rig.setScenario({ rollout: 'healthy', oneOffTasks });
  return rig;
}

const logLines = (rig: Rig, taskArn: unknown): string[] =>
  rig.standin.admin.logLines(SCOPE, '/ecs/my-app', `ecs/app/${String(taskArn).split('/').pop() ?? ''}`);

describe('RunTask', () => {
  test('starts one standalone task with the command override, startedBy and group of the family', async () => {
    const rig = rigWith('succeeds');
    const task = await started(rig);
    expect(task).toMatchObject({
      taskDefinitionArn: rig.v2,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      startedBy: 'oidc-ecs-deploy/run-1-1',
      group: 'family:my-app',
      launchType: 'FARGATE',
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
    });
    expect(rig.standin.admin.tasks(SCOPE, 'my-cluster', { serviceName: 'my-svc' }).map((each) => each['taskArn'])).not.toContain(
      task['taskArn'],
    );
  });

  test.each<[OneOffTaskBehaviour, object, string[]]>([
    [
      'succeeds',
      { stopCode: 'EssentialContainerExited', containers: [{ name: 'app', exitCode: 0 }] },
      ['$ npm run migrate', 'Applying migration 0042_add_orders_index', 'Migration 0042_add_orders_index applied', 'Migrations complete'],
    ],
    [
      'exits-3',
      { stopCode: 'EssentialContainerExited', containers: [{ name: 'app', exitCode: 3 }] },
      [
        '$ npm run migrate',
        'Applying migration 0042_add_orders_index',
        'ERROR: relation "orders" does not exist',
        'Migration 0042_add_orders_index failed: exit 3',
      ],
    ],
  ])('%s: RUNNING at 3 s, STOPPED at 5 s with its exit code and log lines', async (behaviour, ending, lines) => {
    const rig = rigWith(behaviour);
    const task = await started(rig);
    await rig.runTo(3);
    expect((await described(rig, task['taskArn']))['lastStatus']).toBe('RUNNING');
    await rig.runTo(5);
    expect(await described(rig, task['taskArn'])).toMatchObject({ lastStatus: 'STOPPED', ...ending });
    expect(logLines(rig, task['taskArn'])).toEqual(lines);
  });

  test.each<[string, () => Rig]>([
    ['the cannot-pull scenario', () => rigWith('cannot-pull')],
    [
      'an image the registry lacks',
      () => {
        const rig = rigWith('succeeds');
        rig.missingImages.add(IMAGE_V2);
        return rig;
      },
    ],
  ])('%s: stopped at 2 s with CannotPullContainerError and no exit code', async (_name, makeRig) => {
    const rig = makeRig();
    const task = await started(rig);
    await rig.runTo(2);
    const stopped = await described(rig, task['taskArn']);
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(stopped['stoppedReason']).toEqual(expect.stringMatching(/^CannotPullContainerError: /));
    expect((stopped['containers'] as JsonObject[])[0]).not.toHaveProperty('exitCode');
  });

  test('never-stops runs until StopTask, then stops half a second later with exit 143 and the reason given', async () => {
    const rig = rigWith('never-stops');
    const task = await started(rig);
    await rig.runTo(60);
    expect((await described(rig, task['taskArn']))['lastStatus']).toBe('RUNNING');
    const answer = await rig.call('StopTask', { cluster: 'my-cluster', task: task['taskArn'] ?? '', reason: 'timed out' });
    expect(answer['task']).toMatchObject({ desiredStatus: 'STOPPED', lastStatus: 'RUNNING' });
    await rig.runTo(61);
    expect(await described(rig, task['taskArn'])).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'timed out',
      containers: [{ name: 'app', exitCode: 143 }],
    });
    expect(logLines(rig, task['taskArn']).at(-1)).toBe('Received SIGTERM, stopping');
  });

  test('the same clientToken starts no second task', async () => {
    const rig = rigWith('succeeds');
    const first = await started(rig, { clientToken: 'token-1' });
    const again = await started(rig, { clientToken: 'token-1' });
    expect(again['taskArn']).toBe(first['taskArn']);
    expect(rig.standin.admin.standaloneTasks(SCOPE, 'my-cluster')).toHaveLength(1);
  });

  test.each<[string, JsonObject, string]>([
    [
      'an awsvpc revision without subnets',
      { networkConfiguration: null },
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ],
    [
      'an override of a container the revision lacks',
      { overrides: { containerOverrides: [{ name: 'web', command: ['x'] }] } },
      'Override for container named web is not a container in the TaskDefinition.',
    ],
    [
      'a launch type with a capacity provider strategy',
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] },
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    ],
    [
      'a startedBy with spaces',
      { startedBy: 'my run' },
      'startedBy may contain up to 128 letters, numbers, hyphens, forward slashes and underscores.',
    ],
  ])('refuses %s', async (_name, input, message) => {
    const rig = rigWith('succeeds');
    const request: JsonObject = {
      cluster: 'my-cluster',
      taskDefinition: rig.v2,
      networkConfiguration: NETWORK,
      launchType: 'FARGATE',
      ...input,
    };
    if (request['networkConfiguration'] === null) delete request['networkConfiguration'];
    await expect(rig.call('RunTask', request)).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message,
    });
  });

  test('StopTask of an unknown task is refused', async () => {
    const rig = rigWith('succeeds');
    await expect(rig.call('StopTask', { cluster: 'my-cluster', task: 'nope' })).rejects.toMatchObject({
      message: 'The referenced task was not found.',
    });
  });
});

describe('what IAM authorizes for RunTask and StopTask', () => {
  const scope = { account: '123456789012', region: 'us-east-1', rolesOf: () => ['arn:aws:iam::123456789012:role/my-app-task'] };
  const revision = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8';
  const inCluster = { 'ecs:cluster': 'arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster' };

  test('RunTask: the revision in the cluster, and iam:PassRole for the roles it names', () => {
    expect(iamRequestsFor('ecs', 'RunTask', { cluster: 'my-cluster', taskDefinition: revision }, scope)).toEqual([
      { action: 'ecs:RunTask', resource: revision, context: inCluster },
      {
        action: 'iam:PassRole',
        resource: 'arn:aws:iam::123456789012:role/my-app-task',
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    ]);
  });

  test('StopTask: the task in the cluster', () => {
    expect(iamRequestsFor('ecs', 'StopTask', { cluster: 'my-cluster', task: 'abc' }, scope)).toEqual([
      { action: 'ecs:StopTask', resource: 'arn:aws:ecs:us-east-1:123456789012:task/my-cluster/abc', context: inCluster },
    ]);
  });
});
