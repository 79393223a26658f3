// The watch's entry: verdicts, who rolls back and how, several services at once.
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
import {
  OUR_ID,
  PREVIOUS,
  SERVICE_DEPLOYMENT_ARN,
  at,
  oldDeployment,
  ourDeployment,
  service,
} from '../../../__fixtures__/watch-snapshots.js';
import {
  awsError,
  clock,
  core,
  crashLoop,
  crashLoopEndedByOurRollback,
  ecsMock,
  request,
  serviceDeploymentsAnswer,
  watchDeployment,
  watchDeployments,
} from './watch-io-harness.js';

describe('watchDeployment: failures and rollback', () => {
  test('a circuit-breaker rollback fails the watch the poll ECS requests it, without a rollback of ours', async () => {
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => ({
        services: [
          service({ deployments: [ourDeployment({ failedTasks: clock.seconds >= 9 ? 3 : 1 }), oldDeployment()], breaker: 'rollback' }),
        ],
      })),
    );
    ecsMock
      .on(DescribeServiceDeploymentsCommand)
      .callsFake(
        clock.record(() =>
          serviceDeploymentsAnswer(
            clock.seconds >= 9 ? 'ROLLBACK_REQUESTED' : 'IN_PROGRESS',
            clock.seconds >= 9 ? { statusReason: 'Circuit breaker triggered' } : {},
          ),
        ),
      );
    const outcome = await watchDeployment(request());
    expect(outcome).toMatchObject({
      status: 'failed',
      rolloutState: 'ROLLBACK_REQUESTED',
      rollback: { method: 'ecs-circuit-breaker', status: 'requested', taskDefinitionArn: PREVIOUS },
    });
    // Polls every 2 s while tasks fail and are replaced: 1, 3, 5, 7, 9 s.
    expect(outcome.durationMs).toBe(9000);
    expect(outcome.reason).toContain('ECS is rolling back to my-app:7');
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  test.each([
    [
      'ROLLBACK_FAILED',
      'failed',
      ['ECS could not roll back to my-app:7', 'may be left without a healthy revision', 'my-app:8 (0/2 tasks running)'],
    ],
    ['ROLLBACK_SUCCESSFUL', 'succeeded', ['ECS rolled the service back to my-app:7']],
  ] as const)('a circuit-breaker rollback seen as %s is a failed deploy with the rollback %s', async (status, rollbackStatus, parts) => {
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => ({
        services: [service({ deployments: [ourDeployment({ failedTasks: 3 }), oldDeployment()], breaker: 'rollback' })],
      })),
    );
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(clock.record(() => serviceDeploymentsAnswer(status)));
    const outcome = await watchDeployment(request());
    expect(outcome).toMatchObject({
      status: 'failed',
      rolloutState: status,
      rollback: { method: 'ecs-circuit-breaker', status: rollbackStatus, taskDefinitionArn: PREVIOUS },
    });
    for (const part of parts) expect(outcome.reason).toContain(part);
    expect(outcome.reason).not.toContain('is rolling back');
    expect(outcome.reason).not.toContain('Our rollback');
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  test('rolls back with StopServiceDeployment when the service has no rollback of its own, and watches it', async () => {
    crashLoopEndedByOurRollback();

    const outcome = await watchDeployment(request());

    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)[0]?.args[0].input).toEqual({
      serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
      stopType: 'ROLLBACK',
    });
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(outcome.status).toBe('failed');
    expect(outcome.rollback).toEqual({
      method: 'stop-service-deployment',
      status: 'succeeded',
      reason: 'The service is back on my-app:7.',
      taskDefinitionArn: PREVIOUS,
    });
    expect(outcome.reason).toMatch(
      /3 tasks stopped with the same failure.*app exit 1.*We rolled the deployment back \(StopServiceDeployment\): it is back on my-app:7\./,
    );
    expect(outcome.stoppedTasks[0]?.containers).toEqual([{ name: 'app', exitCode: 1, reason: undefined }]);
    expect(core.error).toHaveBeenCalledTimes(1);
    expect(core.error.mock.calls[0]?.[1]).toEqual({ title: expect.stringMatching(/^my-svc: task \w+ stopped$/) });
  });

  test("rolls back itself when max-failed-tasks is reached before the service's circuit breaker trips, and does not claim ECS rolls back", async () => {
    crashLoopEndedByOurRollback({ breakerThreshold: 10 });

    const outcome = await watchDeployment(request());

    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)[0]?.args[0].input).toEqual({
      serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
      stopType: 'ROLLBACK',
    });
    expect(outcome).toMatchObject({ status: 'failed', rollback: { method: 'stop-service-deployment', status: 'succeeded' } });
    expect(outcome.reason).toMatch(/3 tasks stopped with the same failure.*circuit breaker has not tripped \(3 of 10 failed tasks\)/);
    expect(outcome.reason).toContain('We rolled the deployment back (StopServiceDeployment): it is back on my-app:7.');
    expect(outcome.reason).not.toMatch(/ECS is rolling back|circuit breaker rolls back|owns rollbacks/);
  });

  test('a forced new deployment of our revision by someone else fails the watch at once, with no rollback over it', async () => {
    const forced = ourDeployment({ id: 'ecs-svc/forced', createdAt: at(4), runningCount: 2, rolloutState: 'COMPLETED' });
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => ({
        services: [
          service({
            deployments:
              clock.seconds < 6
                ? [ourDeployment({ pendingCount: 2 }), oldDeployment()]
                : clock.seconds < 11
                  ? [forced, ourDeployment({ status: 'ACTIVE' })]
                  : [forced],
          }),
        ],
      })),
    );
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(clock.record(() => serviceDeploymentsAnswer('IN_PROGRESS')));

    const outcome = await watchDeployment(request());

    expect(outcome).toMatchObject({ status: 'failed', rollback: undefined });
    // The first poll after 6 s (polls at 1, 3, 5, 7 s while tasks start).
    expect(outcome.durationMs).toBe(7000);
    expect(outcome.reason).toContain('was replaced by another deployment of my-app:8 (ecs-svc/forced');
    expect(outcome.reason).toContain('we do not roll back over it');
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  test('rolls back with UpdateService to the previous revision when the service deployments API is missing', async () => {
    const loop = crashLoop();
    let rolledBackAt: number | undefined;
    ecsMock.on(ListServiceDeploymentsCommand).callsFake(
      clock.record(() => {
        throw awsError('UnknownOperationException', 'Unknown operation', 400);
      }),
    );
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        if (rolledBackAt === undefined) return { services: [loop.describe(clock.seconds)] };
        const settled = clock.ms - rolledBackAt >= 6000;
        const back = oldDeployment({
          id: 'ecs-svc/back',
          status: 'PRIMARY',
          createdAt: new Date(rolledBackAt),
          rolloutState: settled ? 'COMPLETED' : 'IN_PROGRESS',
        });
        return { services: [service({ deployments: settled ? [back] : [back, ourDeployment({ status: 'ACTIVE' })] })] };
      }),
    );
    ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: loop.tasks.map((task) => task.taskArn ?? '') })));
    ecsMock
      .on(DescribeTasksCommand)
      .callsFake(
        clock.record((input: { tasks?: string[] }) => ({ tasks: loop.tasks.filter((task) => input.tasks?.includes(task.taskArn ?? '')) })),
      );
    ecsMock.on(UpdateServiceCommand).callsFake(
      clock.record(() => {
        rolledBackAt = clock.ms;
        return {
          service: service({ deployments: [oldDeployment({ id: 'ecs-svc/back', status: 'PRIMARY', createdAt: new Date(clock.ms) })] }),
        };
      }),
    );

    const outcome = await watchDeployment(request());

    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
      cluster: 'my-cluster',
      service: 'my-svc',
      taskDefinition: PREVIOUS,
    });
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(outcome).toMatchObject({ status: 'failed', deploymentId: OUR_ID, rollback: { method: 'update-service', status: 'succeeded' } });
    expect(outcome.reason).toContain('We rolled the service back (UpdateService): it is back on my-app:7.');
  });

  test('leaves the service alone when rollback-on-failure is off, and says so', async () => {
    const loop = crashLoop();
    ecsMock.on(DescribeServicesCommand).callsFake(clock.record(() => ({ services: [loop.describe(clock.seconds)] })));
    ecsMock.on(DescribeServiceDeploymentsCommand).callsFake(clock.record(() => serviceDeploymentsAnswer('IN_PROGRESS')));
    ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: loop.tasks.map((task) => task.taskArn ?? '') })));
    ecsMock
      .on(DescribeTasksCommand)
      .callsFake(
        clock.record((input: { tasks?: string[] }) => ({ tasks: loop.tasks.filter((task) => input.tasks?.includes(task.taskArn ?? '')) })),
      );
    const outcome = await watchDeployment(
      request({ options: { waitMinutes: 30, noProgressMinutes: 10, maxFailedTasks: 3, rollbackOnFailure: false } }),
    );
    expect(outcome.rollback).toMatchObject({ method: 'none', status: 'skipped' });
    expect(outcome.reason).toContain('No rollback: rollback-on-failure is off');
    expect(ecsMock.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });
});

test('watchDeployments watches several services at once, prefixing lines with the service name', async () => {
  const outcomes = await watchDeployments([request({ service: 'api' }), request({ service: 'worker' })]);
  expect(outcomes.map((outcome) => [outcome.service, outcome.status])).toEqual([
    ['api', 'succeeded'],
    ['worker', 'succeeded'],
  ]);
  const printed = core.info.mock.calls.map(([line]) => line);
  expect(printed.some((line) => line.startsWith('[api] '))).toBe(true);
  expect(printed.some((line) => line.startsWith('[worker] '))).toBe(true);
});
