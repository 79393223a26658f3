// The ECS reads of a poll, through watchDeployment: the service, our service deployment, stopped tasks.
import { describe, expect, test } from '@jest/globals';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  OUR_ID,
  SERVICE_DEPLOYMENT_ARN,
  at,
  crashed,
  oldDeployment,
  ourDeployment,
  service,
} from '../../../__fixtures__/watch-snapshots.js';
import { awsError, clock, core, ecsMock, healthyService, request, watchDeployment } from './watch-io-harness.js';

describe('reading the service and our service deployment', () => {
  test.each([
    ['UnknownOperationException', 'Unknown operation', 400],
    ['AccessDeniedException', 'not authorized to perform: ecs:ListServiceDeployments', 400],
    ['InvalidParameterException', 'Service deployments are not available for this service', 400],
    ['SyntaxError', 'Unexpected token \'<\', "<html><bod"... is not valid JSON', 200],
    ['InternalFailure', 'API action not yet implemented', 501],
  ])(
    'falls back to DescribeServices deployments[] after the first answer when ListServiceDeployments answers %s',
    async (name, message, status) => {
      ecsMock.on(ListServiceDeploymentsCommand).callsFake(
        clock.record(() => {
          throw awsError(name, message, status);
        }),
      );
      const outcome = await watchDeployment(request());
      expect(outcome).toMatchObject({ status: 'succeeded', deploymentId: OUR_ID });
      expect(ecsMock.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(1);
      expect(ecsMock.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(0);
      expect(core.warning).not.toHaveBeenCalled();
      const notices = core.info.mock.calls.filter(([line]) => line.includes('Service deployments API unavailable'));
      expect(notices).toEqual([
        [
          `Service deployments API unavailable (ListServiceDeployments: ${name}: ${message}); watching DescribeServices deployments[] instead.`,
        ],
      ]);
    },
  );

  test('watches the service deployment UpdateService named, without listing service deployments', async () => {
    const theirs = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/my-cluster/my-svc/someoneElses';
    ecsMock.on(ListServiceDeploymentsCommand).callsFake(
      clock.record(() => ({
        serviceDeployments: [{ serviceDeploymentArn: theirs, createdAt: at(0), status: 'IN_PROGRESS' as const }],
      })),
    );
    const outcome = await watchDeployment(request({ serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN }));
    expect(outcome).toMatchObject({ status: 'succeeded', deploymentId: SERVICE_DEPLOYMENT_ARN });
    expect(ecsMock.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(0);
    const described = ecsMock.commandCalls(DescribeServiceDeploymentsCommand).map((call) => call.args[0].input.serviceDeploymentArns);
    expect(described.length).toBeGreaterThan(0);
    expect(described.every((arns) => arns?.length === 1 && arns[0] === SERVICE_DEPLOYMENT_ARN)).toBe(true);
  });

  test('a missing service fails at once, naming the cluster', async () => {
    ecsMock.on(DescribeServicesCommand).callsFake(clock.record(() => ({ services: [], failures: [{ arn: 'my-svc', reason: 'MISSING' }] })));
    const outcome = await watchDeployment(request());
    expect(outcome.reason).toContain('service my-svc not found in cluster my-cluster (MISSING)');
  });
});

describe('reading stopped tasks', () => {
  test('describes tasks that stopped since the last look even when ECS lists the ones already seen first', async () => {
    const first = Array.from({ length: 10 }, () => crashed());
    const later = [crashed(), crashed()];
    const arnsOf = (tasks: readonly Task[]): string[] => tasks.map((task) => task.taskArn ?? '');
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => ({
        services: [
          clock.seconds < 11
            ? service({ deployments: [ourDeployment({ pendingCount: 2, failedTasks: clock.seconds < 6 ? 10 : 12 }), oldDeployment()] })
            : healthyService(10),
        ],
      })),
    );
    ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: arnsOf(clock.seconds < 6 ? first : [...first, ...later]) })));
    ecsMock.on(DescribeTasksCommand).callsFake(
      clock.record((input: { tasks?: string[] }) => ({
        tasks: [...first, ...later].filter((task) => input.tasks?.includes(task.taskArn ?? '')),
      })),
    );
    const outcome = await watchDeployment(
      request({ options: { waitMinutes: 30, noProgressMinutes: 10, maxFailedTasks: 0, rollbackOnFailure: false } }),
    );
    expect(outcome.status).toBe('succeeded');
    expect(ecsMock.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input.tasks)).toEqual([arnsOf(first), arnsOf(later)]);
    expect(outcome.stoppedTasks).toHaveLength(12);
  });

  test('stops looking for stopped tasks once the role may not, and says once which permissions to allow', async () => {
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => ({
        services: [service({ deployments: [ourDeployment({ pendingCount: 2, failedTasks: clock.seconds < 6 ? 1 : 2 }), oldDeployment()] })],
      })),
    );
    ecsMock.on(ListTasksCommand).callsFake(
      clock.record(() => {
        throw awsError('AccessDeniedException', 'not authorized to perform: ecs:ListTasks', 400);
      }),
    );
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('succeeded');
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(1);
    expect(core.warning).toHaveBeenCalledTimes(1);
    expect(core.warning).toHaveBeenCalledWith(
      'Cannot read stopped tasks (AccessDeniedException: not authorized to perform: ecs:ListTasks); allow ecs:ListTasks and ecs:DescribeTasks to see why tasks stop (max-failed-tasks needs them too).',
    );
  });

  test('does not look for stopped tasks while no task failed or went away', async () => {
    await watchDeployment(request());
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(0);
  });
});
