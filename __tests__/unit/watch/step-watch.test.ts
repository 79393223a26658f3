// Several services in one step, through watchDeployments: one poll cycle of batched reads for all of them,
// one call budget, one backoff, and each service's verdict on its own.
import { describe, expect, test } from '@jest/globals';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand,
} from '@aws-sdk/client-ecs';
import { oldDeployment, ourDeployment, service } from '../../../__fixtures__/watch-snapshots.js';
import {
  awsError,
  clock,
  core,
  crashLoop,
  ecsMock,
  healthyService,
  named,
  request,
  serviceDeploymentsAnswer,
  watchDeployments,
} from './watch-io-harness.js';

const names = (count: number): string[] => Array.from({ length: count }, (_, index) => `svc-${String(index + 1)}`);
const deploymentArn = (name: string) => `arn:aws:ecs:eu-west-1:123456789012:service-deployment/my-cluster/${name}/d-${name}`;
const requestsFor = (services: readonly string[], cluster = 'my-cluster') =>
  services.map((name) => request({ service: name, cluster, serviceDeploymentArn: deploymentArn(name) }));

/** Each ARN asked for, as a service deployment that succeeds with its service's healthy rollout at 6 s. */
function serviceDeploymentsByArn(): void {
  ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(
    clock.record((input: { serviceDeploymentArns?: string[] }) => ({
      serviceDeployments: (input.serviceDeploymentArns ?? []).flatMap(
        (arn) =>
          serviceDeploymentsAnswer(clock.seconds >= 6 ? 'SUCCESSFUL' : 'IN_PROGRESS', { serviceDeploymentArn: arn }).serviceDeployments,
      ),
    })),
  );
}

/** The calls of each poll, by operation: polls are the distinct times calls were made at. */
function callsPerPoll(): number[] {
  const perTime = new Map<number, number>();
  for (const time of clock.callTimes) perTime.set(time, (perTime.get(time) ?? 0) + 1);
  return [...perTime.values()];
}

describe('watching the services of one step together', () => {
  test.each([
    [1, 1, 2],
    [10, 1, 2],
    [11, 2, 3],
    [20, 2, 3],
    [25, 3, 5],
  ])(
    '%i services of one cluster: %i DescribeServices calls a poll, and %i calls a poll in all with their service deployments',
    async (count, describeServicesCalls, callsInAPoll) => {
      serviceDeploymentsByArn();
      const outcomes = await watchDeployments(requestsFor(names(count)));
      expect(outcomes.map((outcome) => [outcome.service, outcome.status])).toEqual(names(count).map((name) => [name, 'succeeded']));
      // A poll at 1 s, then every 2 s while tasks start and the old ones are stopped; complete at 6 s, seen at 7 s.
      expect(clock.sleeps).toEqual([1000, 2000, 2000, 2000]);
      expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(4 * describeServicesCalls);
      expect(ecsMock.commandCalls(DescribeServicesCommand).every((call) => (call.args[0].input.services?.length ?? 0) <= 10)).toBe(true);
      expect(callsPerPoll()).toEqual([callsInAPoll, callsInAPoll, callsInAPoll, callsInAPoll]);
      expect(ecsMock.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(0);
    },
  );

  test('services in two clusters are described per cluster', async () => {
    serviceDeploymentsByArn();
    const outcomes = await watchDeployments([...requestsFor(['api', 'web']), ...requestsFor(['worker'], 'jobs')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const onePoll = [
      { cluster: 'my-cluster', services: ['api', 'web'] },
      { cluster: 'jobs', services: ['worker'] },
    ];
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toEqual([
      ...onePoll,
      ...onePoll,
      ...onePoll,
      ...onePoll,
    ]);
  });

  test('a service missing from the answer fails alone, naming its cluster; the others are watched to success', async () => {
    serviceDeploymentsByArn();
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record((input: { services?: string[] }) => ({
        services: (input.services ?? []).filter((name) => name !== 'gone').map((name) => named(name, healthyService(clock.seconds))),
        failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:service/my-cluster/gone', reason: 'MISSING' }],
      })),
    );
    const outcomes = await watchDeployments(requestsFor(['api', 'gone', 'worker']));
    expect(outcomes.map((outcome) => [outcome.service, outcome.status])).toEqual([
      ['api', 'succeeded'],
      ['gone', 'failed'],
      ['worker', 'succeeded'],
    ]);
    expect(outcomes[1]?.reason).toContain('service gone not found in cluster my-cluster (MISSING)');
    // After the first poll only the services still watched are asked for.
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.services)).toEqual([
      ['api', 'gone', 'worker'],
      ['api', 'worker'],
      ['api', 'worker'],
      ['api', 'worker'],
    ]);
  });

  test('one service crash-looping to a failure does not stop the watch of the others', async () => {
    const loop = crashLoop();
    serviceDeploymentsByArn();
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record((input: { services?: string[] }) => ({
        services: (input.services ?? []).map((name) =>
          name === 'worker'
            ? named(name, loop.describe(clock.seconds))
            : named(
                name,
                clock.seconds < 20 ? service({ deployments: [ourDeployment({ pendingCount: 2 }), oldDeployment()] }) : healthyService(10),
              ),
        ),
      })),
    );
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(
      clock.record((input: { serviceDeploymentArns?: string[] }) => ({
        serviceDeployments: (input.serviceDeploymentArns ?? []).flatMap(
          (arn) =>
            serviceDeploymentsAnswer(!arn.includes('worker') && clock.seconds >= 20 ? 'SUCCESSFUL' : 'IN_PROGRESS', {
              serviceDeploymentArn: arn,
            }).serviceDeployments,
        ),
      })),
    );
    ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: loop.tasks.map((task) => task.taskArn ?? '') })));
    ecsMock
      .on(DescribeTasksCommand)
      .callsFake(
        clock.record((input: { tasks?: string[] }) => ({ tasks: loop.tasks.filter((task) => input.tasks?.includes(task.taskArn ?? '')) })),
      );
    const options = { waitMinutes: 30, noProgressMinutes: 10, maxFailedTasks: 3, rollbackOnFailure: false };
    const outcomes = await watchDeployments(requestsFor(['api', 'worker', 'web']).map((entry) => ({ ...entry, options })));
    expect(outcomes.map((outcome) => [outcome.service, outcome.status])).toEqual([
      ['api', 'succeeded'],
      ['worker', 'failed'],
      ['web', 'succeeded'],
    ]);
    expect(outcomes[1]?.reason).toContain('3 tasks stopped with the same failure');
    expect(outcomes[1]?.durationMs).toBeLessThan(outcomes[0]?.durationMs ?? 0);
    expect(ecsMock.commandCalls(ListTasksCommand).every((call) => call.args[0].input.cluster === 'my-cluster')).toBe(true);
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(core.error.mock.calls[0]?.[1]).toEqual({ title: expect.stringMatching(/^worker: task \w+ stopped$/) });
  });

  test('a call throttled twice in a poll backs off the whole step at once, and every service says so', async () => {
    serviceDeploymentsByArn();
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record((input: { services?: string[] }) => {
        // The second poll's (3 s) first batch is throttled, and again when tried once more; the second batch answers.
        if (input.services?.includes('svc-1') === true && clock.seconds >= 3 && clock.seconds < 4)
          throw awsError('ThrottlingException', 'Rate exceeded', 400);
        return { services: (input.services ?? []).map((name) => named(name, healthyService(clock.seconds >= 10 ? 10 : 1))) };
      }),
    );
    const outcomes = await watchDeployments(requestsFor(names(11)));
    expect(outcomes.every((outcome) => outcome.status === 'succeeded')).toBe(true);
    // 250 ms: the retry within the poll (the middle draw below 500 ms); then the step's backoff, 10 s at the middle draw.
    expect(clock.sleeps).toEqual([1000, 2000, 250, 10_000]);
    const printed = core.info.mock.calls.map(([line]) => line);
    expect(printed).toContain('[svc-1] DescribeServices was throttled; next poll in 10 s');
    expect(printed).toContain('[svc-10] DescribeServices was throttled; next poll in 10 s');
    expect(printed.filter((line) => line.includes('was throttled'))).toHaveLength(10);
  });

  test('keeps the step within one budget: 60 calls in any minute for 20 services in a long crash loop', async () => {
    const loop = crashLoop();
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record((input: { services?: string[] }) => ({
        services: (input.services ?? []).map((name) => named(name, loop.describe(clock.seconds))),
      })),
    );
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(clock.record(() => serviceDeploymentsAnswer('IN_PROGRESS')));
    ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: loop.tasks.map((task) => task.taskArn ?? '') })));
    ecsMock
      .on(DescribeTasksCommand)
      .callsFake(
        clock.record((input: { tasks?: string[] }) => ({ tasks: loop.tasks.filter((task) => input.tasks?.includes(task.taskArn ?? '')) })),
      );
    const options = { waitMinutes: 5, noProgressMinutes: 0, maxFailedTasks: 0, rollbackOnFailure: false };
    const outcomes = await watchDeployments(requestsFor(names(20)).map((entry) => ({ ...entry, options })));
    expect(outcomes.every((outcome) => outcome.status === 'timed-out')).toBe(true);
    const busiestMinute = Math.max(
      ...clock.callTimes.map((start) => clock.callTimes.filter((time) => time >= start && time < start + 60_000).length),
    );
    expect(busiestMinute).toBeLessThanOrEqual(60);
    expect(ecsMock.commandCalls(DescribeTasksCommand).every((call) => (call.args[0].input.tasks?.length ?? 0) <= 100)).toBe(true);
  });
});

describe('fail-fast', () => {
  /** api and web roll out slowly (complete at 60 s); worker's circuit breaker has counted 3 failed tasks at the first poll. */
  function workerFailsFirst(): void {
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record((input: { services?: string[] }) => ({
        services: (input.services ?? []).map((name) =>
          name === 'worker'
            ? named(name, service({ deployments: [ourDeployment({ failedTasks: 3 }), oldDeployment()], breaker: 'rollback' }))
            : named(name, clock.seconds < 60 ? healthyService(1) : healthyService(10)),
        ),
      })),
    );
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(
      clock.record((input: { serviceDeploymentArns?: string[] }) => ({
        serviceDeployments: (input.serviceDeploymentArns ?? []).flatMap(
          (arn) =>
            serviceDeploymentsAnswer(
              arn.includes('worker')
                ? clock.seconds >= 6
                  ? 'ROLLBACK_REQUESTED'
                  : 'IN_PROGRESS'
                : clock.seconds >= 60
                  ? 'SUCCESSFUL'
                  : 'IN_PROGRESS',
              { serviceDeploymentArn: arn },
            ).serviceDeployments,
        ),
      })),
    );
  }

  test('stops waiting at the first failure: the others are not waited for, and say why', async () => {
    workerFailsFirst();
    const outcomes = await watchDeployments(requestsFor(['api', 'worker', 'web']), { failFast: true });
    expect(outcomes.map((outcome) => [outcome.service, outcome.status])).toEqual([
      ['api', 'not-waited'],
      ['worker', 'failed'],
      ['web', 'not-waited'],
    ]);
    expect(outcomes[0]?.reason).toBe(
      'Not waited for: fail-fast stopped watching at the first failure (worker); the deployment of api may still be in progress.',
    );
    // The first poll saw the failure: no further poll.
    expect(clock.sleeps).toEqual([1000]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(1);
  });

  test('without fail-fast the others are watched to their end', async () => {
    workerFailsFirst();
    const outcomes = await watchDeployments(requestsFor(['api', 'worker', 'web']));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(clock.seconds).toBeGreaterThanOrEqual(60);
  });
});
