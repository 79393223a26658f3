// The awslogs tail of stopped tasks, through watchDeployment.
import { describe, expect, test } from '@jest/globals';
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand, type Task } from '@aws-sdk/client-ecs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { OUR_ID, crashed, oldDeployment, ourDeployment, service } from '../../../__fixtures__/watch-snapshots.js';
import { awsError, clock, core, ecsMock, healthyService, logsMock, request, watchDeployment } from './watch-io-harness.js';

describe('showing the logs of stopped tasks', () => {
  function oneCrashedTask(): Task {
    const task = crashed();
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => ({
        services: [
          clock.seconds < 6
            ? service({ deployments: [ourDeployment({ failedTasks: 1, pendingCount: 2 }), oldDeployment()] })
            : healthyService(10),
        ],
      })),
    );
    ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: [task.taskArn ?? ''] })));
    ecsMock.on(DescribeTasksCommand).callsFake(clock.record(() => ({ tasks: [task] })));
    return task;
  }

  test('lists stopped tasks by the deployment id and prints the tail of their awslogs stream', async () => {
    const task = oneCrashedTask();
    logsMock
      .on(GetLogEventsCommand)
      .callsFake(clock.record(() => ({ events: [{ message: 'Starting server\n' }, { message: 'Error: DATABASE_URL is not set\n' }] })));
    const outcome = await watchDeployment(request());
    const taskId = (task.taskArn ?? '').split('/').at(-1) ?? '';

    expect(outcome.status).toBe('succeeded');
    expect(ecsMock.commandCalls(ListTasksCommand)[0]?.args[0].input).toEqual({
      cluster: 'my-cluster',
      startedBy: OUR_ID,
      desiredStatus: 'STOPPED',
    });
    expect(logsMock.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toEqual({
      logGroupName: '/ecs/my-app',
      logStreamName: `ecs/app/${taskId}`,
      startFromHead: false,
      limit: 20,
    });
    const printed = core.info.mock.calls.map(([line]) => line);
    expect(printed).toContain('  | Error: DATABASE_URL is not set');
    expect(printed).toContain(
      `task ${taskId} stopped (EssentialContainerExited): Essential container in task exited; containers: app exit 1`,
    );
    expect(core.error).toHaveBeenCalledWith(
      `task ${taskId} stopped (EssentialContainerExited): Essential container in task exited; containers: app exit 1; last error logged by app: Error: DATABASE_URL is not set`,
      { title: `my-svc: task ${taskId} stopped` },
    );
  });

  test('skips the logs quietly when the stream is missing or the role may not read it', async () => {
    oneCrashedTask();
    logsMock.on(GetLogEventsCommand).callsFake(
      clock.record(() => {
        throw awsError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);
      }),
    );
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('succeeded');
    expect(core.warning).not.toHaveBeenCalled();
    expect(core.error).toHaveBeenCalledTimes(1);
    expect(core.error).toHaveBeenCalledWith(expect.stringMatching(/containers: app exit 1$/), expect.anything());
  });
});
