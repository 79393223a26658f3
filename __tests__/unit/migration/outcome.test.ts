import { describe, expect, test } from '@jest/globals';
import type { Task } from '@aws-sdk/client-ecs';
import { failureText, judgeStoppedTask, notStarted, timedOut } from '../../../src/migration/outcome.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/my-cluster/0123456789abcdef0123456789abcdef';
const stopped = (task: Partial<Task>): Task => ({ taskArn: ARN, lastStatus: 'STOPPED', ...task });
const PULL = 'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found';

describe('judgeStoppedTask: the overridden container decides', () => {
  test.each<[string, Task, ReturnType<typeof judgeStoppedTask>]>([
    [
      'exit 0',
      stopped({
        stopCode: 'EssentialContainerExited',
        containers: [
          { name: 'app', exitCode: 0 },
          { name: 'sidecar', exitCode: 1 },
        ],
      }),
      { kind: 'succeeded', exitCode: 0 },
    ],
    [
      'exit 3',
      stopped({
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        containers: [{ name: 'app', exitCode: 3 }],
      }),
      { kind: 'exited', exitCode: 3, reason: 'EssentialContainerExited: Essential container in task exited' },
    ],
    [
      'a pull failure: no exit code, the container reason added',
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: 'Task failed to start', containers: [{ name: 'app', reason: PULL }] }),
      { kind: 'not-started', reason: `TaskFailedToStart: Task failed to start; ${PULL}` },
    ],
    [
      'a container reason already in the stopped reason is said once',
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: PULL, containers: [{ name: 'app', reason: PULL }] }),
      { kind: 'not-started', reason: `TaskFailedToStart: ${PULL}` },
    ],
    ['a task without the container', stopped({ containers: [{ name: 'other', exitCode: 0 }] }), { kind: 'not-started', reason: '' }],
  ])('%s', (_name, task, outcome) => {
    expect(judgeStoppedTask(task, 'app')).toEqual(outcome);
  });

  test('a timed-out task keeps the exit code the stop gave it', () => {
    expect(
      timedOut(
        stopped({ stopCode: 'UserInitiated', stoppedReason: 'Stopped by oidc-ecs-deploy', containers: [{ name: 'app', exitCode: 143 }] }),
        'app',
      ),
    ).toEqual({
      kind: 'timed-out',
      exitCode: 143,
      reason: 'UserInitiated: Stopped by oidc-ecs-deploy',
    });
    expect(timedOut(undefined, 'app')).toEqual({ kind: 'timed-out', exitCode: undefined, reason: '' });
  });

  test('a RunTask failure names its reason and detail', () => {
    expect(notStarted({ arn: 'x', reason: 'RESOURCE:MEMORY', detail: 'no capacity' })).toEqual({
      kind: 'not-started',
      reason: 'RunTask placed no task (RESOURCE:MEMORY: no capacity)',
    });
    expect(notStarted(undefined)).toEqual({ kind: 'not-started', reason: 'RunTask placed no task (no reason given)' });
  });
});

describe('failureText: the annotation line, then the log block', () => {
  const words = {
    taskArn: ARN,
    containerName: 'app',
    command: ['npm', 'run', 'migrate'],
    timeoutMinutes: 15,
    logLines: ['Applying 0042', 'ERROR: boom'],
  };

  test('a non-zero exit names the code and the last log line', () => {
    expect(
      failureText({ kind: 'exited', exitCode: 3, reason: 'EssentialContainerExited: Essential container in task exited' }, words).split(
        '\n',
      ),
    ).toEqual([
      'One-off task 0123456789abcdef0123456789abcdef (`npm run migrate` in container app) exited with code 3; last log line: ERROR: boom',
      'Stopped: EssentialContainerExited: Essential container in task exited',
      'Last 2 log lines of app:',
      '  | Applying 0042',
      '  | ERROR: boom',
      'No service was updated: they still run their previous revision.',
    ]);
  });

  test('a task that never started names the reason, with no log line', () => {
    expect(
      failureText(
        { kind: 'not-started', reason: 'RunTask placed no task (RESOURCE:MEMORY)' },
        { ...words, taskArn: '', logLines: [] },
      ).split('\n'),
    ).toEqual([
      'The one-off task (`npm run migrate` in container app) did not start: RunTask placed no task (RESOURCE:MEMORY)',
      'No service was updated: they still run their previous revision.',
    ]);
  });

  test('a timeout names the minutes and the exit code of the stop', () => {
    expect(failureText({ kind: 'timed-out', exitCode: 143, reason: 'UserInitiated: stopped' }, words).split('\n')[0]).toBe(
      'One-off task 0123456789abcdef0123456789abcdef (`npm run migrate` in container app) was still running after run-task-timeout-minutes (15) and was stopped (exit code 143); last log line: ERROR: boom',
    );
  });
});
