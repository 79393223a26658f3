// The polling loop, through watchDeployment: cadence, backoff, which failures end the watch, the call budget.
import { describe, expect, test } from '@jest/globals';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SERVICE_DEPLOYMENT_ARN, T0, ourDeployment, service } from '../../../__fixtures__/watch-snapshots.js';
import {
  awsError,
  clock,
  core,
  crashLoop,
  ecsMock,
  healthyService,
  listedServiceDeployments,
  logsMock,
  request,
  serviceDeploymentsAnswer,
  watchDeployment,
} from './watch-io-harness.js';

describe('the polling loop', () => {
  test('polls 1 s after the update, then every 2 s while tasks start or stop, and reports success the poll it sees it', async () => {
    const outcome = await watchDeployment(request());
    expect(outcome).toMatchObject({
      service: 'my-svc',
      status: 'succeeded',
      rolloutState: 'COMPLETED',
      reason: '',
      deploymentId: SERVICE_DEPLOYMENT_ARN,
    });
    // Tasks pending at 1 s, running beside the old ones at 3 and 5 s, complete at 6 s: seen at 7 s.
    expect(clock.sleeps).toEqual([1000, 2000, 2000, 2000]);
    expect(outcome.durationMs).toBe(7000);
    expect(outcome.events).toEqual(['10:00:06 (service my-svc) has reached a steady state.']);
    expect(ecsMock.commandCalls(ListServiceDeploymentsCommand)[0]?.args[0].input).toEqual({
      cluster: 'my-cluster',
      service: 'my-svc',
      createdAt: { after: new Date(T0 - 5000) },
    });
    expect(outcome.apiCalls).toBe(clock.callTimes.length);
  });

  test('polls every 5 s while nothing changes and no task starts or stops', async () => {
    // All tasks of ours run from the first poll; ECS completes the deployment at 20 s (a health check grace, say).
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => ({
        services: [
          clock.seconds >= 20 ? healthyService(10) : service({ deployments: [ourDeployment({ runningCount: 2, desiredCount: 2 })] }),
        ],
      })),
    );
    ecsMock
      .on(DescribeServiceDeploymentsCommand)
      .callsFake(clock.record(() => serviceDeploymentsAnswer(clock.seconds >= 20 ? 'SUCCESSFUL' : 'IN_PROGRESS')));
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('succeeded');
    // 1 s: the first look (new): 2 s; 3 s: nothing changed: 5 s; ... 23 s: complete.
    expect(clock.sleeps).toEqual([1000, 2000, 5000, 5000, 5000, 5000]);
  });

  test('a read throttled once is tried again within the poll, and the step polls less often after it', async () => {
    let calls = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        calls += 1;
        if (calls === 2) throw awsError('ThrottlingException', 'Rate exceeded', 400);
        return { services: [healthyService(clock.seconds)] };
      }),
    );
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('succeeded');
    // 3 s: throttled, answered 250 ms later (the middle draw below the SDK's 500 ms); the next poll is 3 s away, not 2 s.
    expect(clock.sleeps).toEqual([1000, 2000, 250, 3000]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(4);
    // The second try is a call of its own, in the budget and in the service's count.
    expect(outcome.apiCalls).toBe(clock.callTimes.length);
    expect(core.info.mock.calls.map(([line]) => line).filter((line) => line.includes('throttled'))).toEqual([]);
  });

  test('a service deployment read throttled twice is done without: the last answer stands in, and the step slows down', async () => {
    let calls = 0;
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(
      clock.record(() => {
        calls += 1;
        if (calls === 2 || calls === 3) throw awsError('ThrottlingException', 'Rate exceeded', 400);
        return serviceDeploymentsAnswer(clock.seconds >= 6 ? 'SUCCESSFUL' : 'IN_PROGRESS');
      }),
    );
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('succeeded');
    expect(clock.sleeps).toEqual([1000, 2000, 250, 3000]);
    expect(core.info.mock.calls.map(([line]) => line).filter((line) => line.includes('throttled'))).toEqual([]);
  });

  test('a read throttled twice in a poll backs off on the shared jittered backoff (10 s, then the 15 s cap at the middle draw), then returns to the cadence', async () => {
    const throttled = awsError('ThrottlingException', 'Rate exceeded', 400);
    let calls = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        calls += 1;
        if (calls >= 2 && calls <= 7) throw throttled;
        return { services: [calls >= 9 ? healthyService(10) : healthyService(1)] };
      }),
    );
    ecsMock
      .on(DescribeServiceDeploymentsCommand)
      .callsFake(clock.record(() => serviceDeploymentsAnswer(calls >= 9 ? 'SUCCESSFUL' : 'IN_PROGRESS')));
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('succeeded');
    // Back to the cadence after a poll that went through: 5 s, as nothing has changed for 40 s.
    expect(clock.sleeps).toEqual([1000, 2000, 250, 10_000, 250, 15_000, 250, 15_000, 5000]);
    expect(outcome.apiCalls).toBe(clock.callTimes.length);
    expect(core.info.mock.calls.map(([line]) => line)).toContain('DescribeServices was throttled; next poll in 10 s');
  });

  test.each([
    ['lowest', 0, [1000, 1600, 0, 5000, 0, 5000, 0, 5000]],
    ['highest', 0.999, [1000, 2399, 500, 14_990, 500, 15_000, 500, 15_000]],
  ])('at the %s draw of its random source the backoff stays within 5 s and 15 s', async (_name, random, sleeps) => {
    let calls = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        calls += 1;
        if (calls >= 2 && calls <= 7) throw awsError('ThrottlingException', 'Rate exceeded', 400);
        return { services: [calls >= 8 ? healthyService(10) : healthyService(1)] };
      }),
    );
    ecsMock
      .on(DescribeServiceDeploymentsCommand)
      .callsFake(clock.record(() => serviceDeploymentsAnswer(calls >= 8 ? 'SUCCESSFUL' : 'IN_PROGRESS')));
    const outcome = await watchDeployment(request({ random: () => random }));
    expect(outcome.status).toBe('succeeded');
    expect(clock.sleeps).toEqual(sleeps);
  });

  test('retries a 5xx once within each poll and on the backoff between polls, but only so often', async () => {
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        throw awsError('ServiceUnavailable', 'Service Unavailable', 503);
      }),
    );
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('failed');
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(26);
    expect(outcome.reason).toContain(
      'DescribeServices failed (after 13 failed polls in a row) with ServiceUnavailable: Service Unavailable',
    );
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  test.each([
    [
      'AccessDeniedException',
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecs:DescribeServices',
      400,
    ],
    ['ExpiredTokenException', 'The security token included in the request is expired', 400],
    ['InvalidParameterException', 'Unable to describe services: cluster name is invalid', 400],
  ])('%s while polling fails at once with its name and message', async (name, message, status) => {
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        throw awsError(name, message, status);
      }),
    );
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toContain(`DescribeServices failed with ${name}: ${message}`);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(1);
    expect(clock.sleeps).toEqual([1000]);
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });

  test('keeps any sliding minute at 30 API calls or fewer during a long crash loop', async () => {
    const loop = crashLoop();
    ecsMock.on(ListServiceDeploymentsCommand).callsFake(clock.record(() => listedServiceDeployments()));
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(clock.record(() => serviceDeploymentsAnswer('IN_PROGRESS')));
    ecsMock.on(DescribeServicesCommand).callsFake(clock.record(() => ({ services: [loop.describe(clock.seconds)] })));
    ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: loop.tasks.map((task) => task.taskArn ?? '') })));
    ecsMock
      .on(DescribeTasksCommand)
      .callsFake(
        clock.record((input: { tasks?: string[] }) => ({ tasks: loop.tasks.filter((task) => input.tasks?.includes(task.taskArn ?? '')) })),
      );
    logsMock.on(GetLogEventsCommand).callsFake(clock.record(() => ({ events: [{ message: 'Error: boom' }] })));

    const outcome = await watchDeployment(
      request({ options: { waitMinutes: 5, noProgressMinutes: 0, maxFailedTasks: 0, rollbackOnFailure: false } }),
    );

    expect(outcome.status).toBe('timed-out');
    expect(outcome.rolloutState).toBe('TIMED_OUT');
    const busiestMinute = Math.max(
      ...clock.callTimes.map((start) => clock.callTimes.filter((time) => time >= start && time < start + 60_000).length),
    );
    expect(busiestMinute).toBeLessThanOrEqual(30);
    expect(ecsMock.commandCalls(DescribeTasksCommand).length).toBeGreaterThan(3);
    expect(outcome.stoppedTasks.length).toBeGreaterThan(10);
    expect(outcome.apiCalls).toBe(clock.callTimes.length);
  });
});
