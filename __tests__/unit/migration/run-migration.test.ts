// The one-off task's I/O: RunTask, the DescribeTasks polls, StopTask at the timeout, the log lines;
// ECS and CloudWatch Logs mocked, @actions/core replaced, and a clock whose sleeps advance at once.
import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import type { RunTaskConfig } from '../../../src/inputs/config.js';
import type { MigrationTarget } from '../../../src/migration/target.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { runMigration } = await import('../../../src/migration/run-migration.js');

const ecsMock = mockClient(ECSClient);
const logsMock = mockClient(CloudWatchLogsClient);
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/my-cluster/0123456789abcdef0123456789abcdef';
const REVISION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8';

const RUN_TASK: RunTaskConfig = {
  command: ['npm', 'run', 'migrate'],
  subnets: ['subnet-aaaaaaaa'],
  securityGroups: undefined,
  assignPublicIp: undefined,
  launchType: undefined,
  capacityProviderStrategy: undefined,
  timeoutMinutes: 1,
  startedBy: 'oidc-ecs-deploy/run-1-1',
};
const TARGET: MigrationTarget = {
  service: 'my-service',
  placement: { launchType: 'FARGATE' },
  taskDefinitionArn: REVISION,
  containerName: 'app',
  taskDefinition: {
    taskDefinitionArn: REVISION,
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'app',
        essential: true,
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/my-app', 'awslogs-stream-prefix': 'ecs' } },
      },
    ],
  },
};

let now = 0;
const clock = { now: () => now, sleep: async (ms: number) => void (now += ms), random: () => 0.5 };
const task = (status: string, extra: Partial<Task> = {}): Task => ({ taskArn: TASK, lastStatus: status, ...extra });
const ecs = () => new ECSClient({ region: 'us-east-1' });
const run = () =>
  runMigration(
    'my-cluster',
    RUN_TASK,
    TARGET,
    { ecs: ecs(), watchEcs: ecs(), logs: new CloudWatchLogsClient({ region: 'us-east-1' }) },
    clock,
  );

beforeEach(() => {
  now = 0;
  ecsMock.reset();
  logsMock.reset();
  jest.clearAllMocks();
  ecsMock.on(RunTaskCommand).resolves({ tasks: [task('PROVISIONING')], failures: [] });
  logsMock.on(GetLogEventsCommand).resolves({ events: [{ message: 'Applying 0042' }, { message: 'ERROR: boom' }] });
});

describe('runMigration', () => {
  test('polls until the task stopped, then reads its log lines; exit 0 succeeds', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [task('RUNNING')] })
      .resolves({ tasks: [task('STOPPED', { stopCode: 'EssentialContainerExited', containers: [{ name: 'app', exitCode: 0 }] })] });
    const result = await run();
    expect(result).toMatchObject({
      taskArn: TASK,
      outcome: { kind: 'succeeded', exitCode: 0 },
      logLines: ['Applying 0042', 'ERROR: boom'],
    });
    const sent = ecsMock.commandCalls(RunTaskCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({
      cluster: 'my-cluster',
      taskDefinition: REVISION,
      count: 1,
      startedBy: 'oidc-ecs-deploy/run-1-1',
      launchType: 'FARGATE',
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
    });
    expect(sent?.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(logsMock.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toMatchObject({
      logGroupName: '/ecs/my-app',
      logStreamName: 'ecs/app/0123456789abcdef0123456789abcdef',
    });
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(0);
    expect(core.info).toHaveBeenCalledWith('One-off task 0123456789abcdef0123456789abcdef: RUNNING');
  });

  test('a non-zero exit is its exit code', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [task('STOPPED', { containers: [{ name: 'app', exitCode: 3 }] })] });
    expect((await run()).outcome).toEqual({ kind: 'exited', exitCode: 3, reason: '' });
  });

  test('a task still running at the timeout is stopped, waited for, and judged timed out', async () => {
    let stopped = false;
    ecsMock.on(StopTaskCommand).callsFake(() => {
      stopped = true;
      return { task: task('RUNNING') };
    });
    ecsMock.on(DescribeTasksCommand).callsFake(() => ({
      tasks: [stopped ? task('STOPPED', { stopCode: 'UserInitiated', containers: [{ name: 'app', exitCode: 143 }] }) : task('RUNNING')],
    }));
    const result = await run();
    expect(result.outcome).toEqual({ kind: 'timed-out', exitCode: 143, reason: 'UserInitiated' });
    expect(ecsMock.commandCalls(StopTaskCommand)[0]?.args[0].input).toEqual({
      cluster: 'my-cluster',
      task: TASK,
      reason: 'Stopped by oidc-ecs-deploy: still running after run-task-timeout-minutes (1)',
    });
    expect(now).toBeGreaterThanOrEqual(60_000);
    expect(core.warning).toHaveBeenCalledWith(
      'One-off task 0123456789abcdef0123456789abcdef is still RUNNING after run-task-timeout-minutes (1): stopping it.',
    );
  });

  test('RunTask failures instead of a task: not started, with the reason', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: 'RESOURCE:MEMORY' }] });
    const result = await run();
    expect(result).toMatchObject({ taskArn: '', outcome: { kind: 'not-started', reason: 'RunTask placed no task (RESOURCE:MEMORY)' } });
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });

  test('RunTask refused: the error names the operation and the permissions', async () => {
    ecsMock.on(RunTaskCommand).rejects(
      Object.assign(new Error('User: x is not authorized to perform: ecs:RunTask on resource: y'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(run()).rejects.toThrow(
      /^AccessDeniedException from ECS RunTask for the one-off task of .*my-app:8 in cluster "my-cluster": .* The role needs ecs:RunTask: /,
    );
  });

  test('DescribeTasks refused fails at once, saying the task may still run and nothing was updated', async () => {
    ecsMock.on(DescribeTasksCommand).rejects(
      Object.assign(new Error('not authorized to perform: ecs:DescribeTasks'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(run()).rejects.toThrow(
      /The role needs ecs:DescribeTasks on the tasks of this cluster\. The one-off task .* may still be running; no service was updated\.$/,
    );
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(1);
  });

  test('a throttled poll is retried on the backoff', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .resolves({ tasks: [task('STOPPED', { containers: [{ name: 'app', exitCode: 0 }] })] });
    expect((await run()).outcome.kind).toBe('succeeded');
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(2);
  });
});
