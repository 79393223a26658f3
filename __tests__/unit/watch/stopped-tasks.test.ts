import { describe, expect, test } from '@jest/globals';
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import {
  awslogsLocation,
  classifyStoppedTask,
  containersToShowLogsFor,
  describeStoppedTask,
  essentialContainers,
  needsStoppedTaskLookup,
  taskIdOf,
} from '../../../src/watch/stopped-tasks.js';
import { crashed, ourDeployment, pullFailed, scaledIn, stoppedTask } from '../../../__fixtures__/watch-snapshots.js';

const internalError = (): Task =>
  stoppedTask({ stopCode: 'TaskFailedToStart', stoppedReason: 'InternalError: failed to start the task, please retry' });
const cannotStop = (): Task =>
  stoppedTask({
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    exitCode: 137,
    containerReason: 'CannotStopContainerError: API error (500): timed out stopping the container',
  });

describe('classifyStoppedTask', () => {
  test.each([
    ['exit code of an essential container', crashed(), 'failure', 'exit app 1'],
    ['CannotPullContainerError', pullFailed(), 'failure', 'CannotPullContainerError'],
    [
      'secrets or registry auth',
      stoppedTask({
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed',
      }),
      'failure',
      'ResourceInitializationError',
    ],
    [
      'log configuration',
      stoppedTask({
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'Task failed to start',
        containerReason: 'failed to initialize logging driver: failed to create Cloudwatch log stream',
      }),
      'failure',
      'log-configuration',
    ],
    ['scale-in by the deployment', scaledIn(), 'scale-in', ''],
    [
      'failed load balancer health checks',
      stoppedTask({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Task failed ELB health checks in (target-group arn)' }),
      'health-check',
      'health-check',
    ],
    ['InternalError is the platform, reported but not a failure of the revision', internalError(), 'other', 'InternalError'],
    ['CannotStopContainerError is the platform, even with an exit code', cannotStop(), 'other', 'CannotStopContainerError'],
    [
      'spot interruption',
      stoppedTask({ stopCode: 'SpotInterruption', stoppedReason: 'Your Spot Task was interrupted.' }),
      'interrupted',
      '',
    ],
    [
      'a sidecar exiting non-zero is not the essential container',
      stoppedTask({
        containers: [
          { name: 'app', exitCode: 0 },
          { name: 'log-router', exitCode: 2 },
        ],
      }),
      'other',
      '',
    ],
  ] as const)('%s', (_name, task, kind, signature) => {
    const report = classifyStoppedTask(task, ['app']);
    expect(report.kind).toBe(kind);
    expect(report.signature).toBe(signature);
  });

  test('treats every container as essential when the task definition names none', () => {
    const task = stoppedTask({ containers: [{ name: 'worker', exitCode: 3 }] });
    expect(classifyStoppedTask(task, []).signature).toBe('exit worker 3');
  });

  test('says when a container has no exit code', () => {
    expect(describeStoppedTask(classifyStoppedTask(pullFailed(), ['app']))).toContain('app no exit code');
  });
});
describe('awslogsLocation', () => {
  const definition = (options: Record<string, string>, logDriver: 'awslogs' | 'splunk' = 'awslogs'): TaskDefinition => ({
    containerDefinitions: [{ name: 'app', logConfiguration: { logDriver, options } }],
  });

  test('names the stream PREFIX/CONTAINER/TASK_ID', () => {
    expect(
      awslogsLocation(
        definition({ 'awslogs-group': '/ecs/my-app', 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'eu-west-1' }),
        'app',
        'abc123',
      ),
    ).toEqual({ container: 'app', group: '/ecs/my-app', stream: 'ecs/app/abc123', region: 'eu-west-1' });
  });

  test.each([
    ['another driver', definition({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'ecs' }, 'splunk'), 'app'],
    ['no stream prefix', definition({ 'awslogs-group': 'g' }), 'app'],
    ['an unknown container', definition({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'ecs' }), 'sidecar'],
  ])('is undefined for %s', (_name, taskDefinition, container) => {
    expect(awslogsLocation(taskDefinition, container, 'abc123')).toBeUndefined();
  });
});

test('taskIdOf takes the last part of a task ARN', () => {
  expect(taskIdOf('arn:aws:ecs:eu-west-1:123456789012:task/my-cluster/0123abcd')).toBe('0123abcd');
});

describe('containersToShowLogsFor', () => {
  test.each([
    [
      'the containers that exited non-zero',
      [
        { name: 'app', exitCode: 1 },
        { name: 'envoy', exitCode: 0 },
        { name: 'worker', exitCode: 2 },
      ],
      ['app', 'worker'],
    ],
    ['else the essential ones', [{ name: 'app' }, { name: 'envoy', exitCode: 0 }], ['app']],
  ] as const)('shows %s', (_name, containers, expected) => {
    const report = classifyStoppedTask(stoppedTask({ containers: [...containers] }), ['app', 'worker']);
    expect(containersToShowLogsFor(report, ['app', 'worker'])).toEqual(expected);
  });
});

describe('needsStoppedTaskLookup', () => {
  const looked = { inspectedFailedTasks: 1, lastRunningCount: 2, stoppingTasksPending: false };
  test.each([
    ['no deployment of ours listed', undefined, looked, false],
    ['nothing changed since the last look', ourDeployment({ failedTasks: 1, runningCount: 2 }), looked, false],
    ['more failed tasks', ourDeployment({ failedTasks: 2, runningCount: 2 }), looked, true],
    ['fewer running tasks', ourDeployment({ failedTasks: 1, runningCount: 1 }), looked, true],
    [
      'a task still stopping at the last look',
      ourDeployment({ failedTasks: 1, runningCount: 2 }),
      { ...looked, stoppingTasksPending: true },
      true,
    ],
  ] as const)('%s: %s', (_name, ours, state, expected) => {
    expect(needsStoppedTaskLookup(ours, state)).toBe(expected);
  });
});

test('essentialContainers counts a container without `essential` as essential', () => {
  const definition: TaskDefinition = {
    containerDefinitions: [{ name: 'app' }, { name: 'envoy', essential: true }, { name: 'log-router', essential: false }],
  };
  expect(essentialContainers(definition)).toEqual(['app', 'envoy']);
});
