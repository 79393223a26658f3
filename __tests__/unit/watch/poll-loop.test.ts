import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Service,
  type ServiceDeployment,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import {
  OUR_ID,
  OURS,
  PREVIOUS,
  SERVICE_DEPLOYMENT_ARN,
  SERVICE_REVISION_ARN,
  T0,
  at,
  crashed,
  event,
  oldDeployment,
  ourDeployment,
  service,
} from '../../../__fixtures__/watch-snapshots.js';

jest.unstable_mockModule('@actions/core', () => import('../../../__fixtures__/core.js'));
const core = await import('../../../__fixtures__/core.js');
const { watchDeployment, watchDeployments } = await import('../../../src/watch/poll-loop.js');
type WatchRequest = Parameters<typeof watchDeployment>[0];

const ecsMock = mockClient(ECSClient);
const logsMock = mockClient(CloudWatchLogsClient);

/** Simulated time: sleeping advances it at once, so a 30 min watch takes no real time. */
class SimClock {
  ms = T0;
  readonly sleeps: number[] = [];
  readonly callTimes: number[] = [];
  now = (): number => this.ms;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += ms;
  };
  get seconds(): number {
    return (this.ms - T0) / 1000;
  }
  /** Wraps a fake AWS answer so every call's time is recorded. */
  record<I, O>(answer: (input: I) => O): (input: I) => O {
    return (input: I) => {
      this.callTimes.push(this.ms);
      return answer(input);
    };
  }
}

function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
}

const taskDefinition: TaskDefinition = {
  taskDefinitionArn: OURS,
  family: 'my-app',
  containerDefinitions: [
    {
      name: 'app',
      essential: true,
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/my-app', 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'eu-west-1' },
      },
    },
  ],
};

let clock: SimClock;

function request(fields: Partial<WatchRequest> = {}): WatchRequest {
  return {
    ecs: new ECSClient({ region: 'eu-west-1' }),
    logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    cluster: 'my-cluster',
    service: 'my-svc',
    taskDefinitionArn: OURS,
    previousTaskDefinitionArn: PREVIOUS,
    taskDefinition,
    updatedAt: new Date(T0),
    deploymentId: OUR_ID,
    options: { waitMinutes: 30, noProgressMinutes: 10, maxFailedTasks: 3, rollbackOnFailure: true },
    sleep: clock.sleep,
    now: clock.now,
    ...fields,
  };
}

/** Healthy rollout: both tasks run at 3 s, the deployment completes at 6 s. */
function healthyService(seconds: number): Service {
  if (seconds < 3) return service({ deployments: [ourDeployment({ pendingCount: 2 }), oldDeployment()] });
  if (seconds < 6) return service({ deployments: [ourDeployment({ runningCount: 2 }), oldDeployment()] });
  return service({
    deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })],
    events: [event(6, '(service my-svc) has reached a steady state.')],
  });
}

function serviceDeploymentsAnswer(status: ServiceDeployment['status'], fields: Partial<ServiceDeployment> = {}) {
  return {
    serviceDeployments: [
      {
        serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
        createdAt: at(0),
        targetServiceRevision: { arn: SERVICE_REVISION_ARN },
        status,
        ...fields,
      },
    ],
  };
}

function listedServiceDeployments() {
  return {
    serviceDeployments: [
      {
        serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
        createdAt: at(0),
        targetServiceRevisionArn: SERVICE_REVISION_ARN,
        status: 'IN_PROGRESS' as const,
      },
    ],
  };
}

/** A crash loop without a circuit breaker: one more task exits 1 every 5 s. */
function crashLoop() {
  const tasks: Task[] = [];
  let failed = 0;
  return {
    tasks,
    describe(seconds: number): Service {
      const due = Math.floor(seconds / 5);
      while (failed < due) {
        failed += 1;
        tasks.unshift(crashed());
      }
      return service({ deployments: [ourDeployment({ pendingCount: 2, failedTasks: failed }), oldDeployment()] });
    },
  };
}

/**
 * A crash loop that only our StopServiceDeployment rollback ends: from the stop on the previous revision is
 * PRIMARY, and the rollback succeeds 10 s later. With `breakerThreshold` the service has a rolling-back
 * circuit breaker that has counted the crashed tasks but not yet reached that threshold.
 */
function crashLoopEndedByOurRollback(options: { readonly breakerThreshold?: number } = {}): void {
  const loop = crashLoop();
  const breaker = options.breakerThreshold === undefined ? {} : { breaker: 'rollback' as const };
  let stoppedAt: number | undefined;
  ecsMock.on(DescribeServicesCommand).callsFake(
    clock.record(() => {
      if (stoppedAt === undefined)
        return { services: [service({ deployments: loop.describe(clock.seconds).deployments ?? [], ...breaker })] };
      const back = oldDeployment({ id: 'ecs-svc/back', status: 'PRIMARY', createdAt: new Date(stoppedAt), rolloutState: 'IN_PROGRESS' });
      return { services: [service({ deployments: [back], ...breaker })] };
    }),
  );
  // Read at each call: the breaker counts the tasks that have crashed so far.
  const circuitBreaker = () =>
    options.breakerThreshold === undefined
      ? {}
      : {
          deploymentCircuitBreaker: { status: 'MONITORING' as const, failureCount: loop.tasks.length, threshold: options.breakerThreshold },
        };
  ecsMock
    .on(DescribeServiceDeploymentsCommand)
    .callsFake(
      clock.record(() =>
        serviceDeploymentsAnswer(
          stoppedAt === undefined ? 'IN_PROGRESS' : clock.ms - stoppedAt >= 10_000 ? 'ROLLBACK_SUCCESSFUL' : 'ROLLBACK_IN_PROGRESS',
          circuitBreaker(),
        ),
      ),
    );
  ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: loop.tasks.map((task) => task.taskArn ?? '') })));
  ecsMock
    .on(DescribeTasksCommand)
    .callsFake(
      clock.record((input: { tasks?: string[] }) => ({ tasks: loop.tasks.filter((task) => input.tasks?.includes(task.taskArn ?? '')) })),
    );
  ecsMock.on(StopServiceDeploymentCommand).callsFake(
    clock.record(() => {
      stoppedAt = clock.ms;
      return { serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN };
    }),
  );
}

beforeEach(() => {
  clock = new SimClock();
  ecsMock.reset();
  logsMock.reset();
  jest.clearAllMocks();
  ecsMock.on(ListServiceDeploymentsCommand).callsFake(clock.record(() => listedServiceDeployments()));
  ecsMock
    .on(DescribeServiceDeploymentsCommand)
    .callsFake(clock.record(() => serviceDeploymentsAnswer(clock.seconds >= 6 ? 'SUCCESSFUL' : 'IN_PROGRESS')));
  ecsMock.on(DescribeServicesCommand).callsFake(clock.record(() => ({ services: [healthyService(clock.seconds)] })));
  ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: [] })));
  logsMock.on(GetLogEventsCommand).callsFake(clock.record(() => ({ events: [] })));
});

afterEach(() => {
  ecsMock.reset();
  logsMock.reset();
});

describe('watchDeployment: polling', () => {
  test('polls 1 s after the update, then every 5 s, and reports success the poll it completes', async () => {
    const outcome = await watchDeployment(request());
    expect(outcome).toMatchObject({
      service: 'my-svc',
      status: 'succeeded',
      rolloutState: 'COMPLETED',
      reason: '',
      deploymentId: SERVICE_DEPLOYMENT_ARN,
    });
    expect(clock.sleeps).toEqual([1000, 5000]);
    expect(outcome.durationMs).toBe(6000);
    expect(outcome.events).toEqual(['10:00:06 (service my-svc) has reached a steady state.']);
    expect(ecsMock.commandCalls(ListServiceDeploymentsCommand)[0]?.args[0].input).toEqual({
      cluster: 'my-cluster',
      service: 'my-svc',
      createdAt: { after: new Date(T0 - 5000) },
    });
    expect(outcome.apiCalls).toBe(clock.callTimes.length);
  });

  test('backs off on ThrottlingException, doubling to 15 s, and returns to 5 s after a success', async () => {
    const throttled = awsError('ThrottlingException', 'Rate exceeded', 400);
    let calls = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        calls += 1;
        if (calls >= 2 && calls <= 4) throw throttled;
        return { services: [clock.seconds >= 50 ? healthyService(10) : healthyService(1)] };
      }),
    );
    ecsMock
      .on(DescribeServiceDeploymentsCommand)
      .callsFake(clock.record(() => serviceDeploymentsAnswer(clock.seconds >= 50 ? 'SUCCESSFUL' : 'IN_PROGRESS')));
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('succeeded');
    expect(clock.sleeps).toEqual([1000, 5000, 10_000, 15_000, 15_000, 5000]);
    expect(core.info.mock.calls.map(([line]) => line)).toContain('DescribeServices was throttled; next poll in 10 s');
  });

  test('retries a 5xx on the same schedule, but only so often', async () => {
    ecsMock.on(DescribeServicesCommand).callsFake(
      clock.record(() => {
        throw awsError('ServiceUnavailable', 'Service Unavailable', 503);
      }),
    );
    const outcome = await watchDeployment(request());
    expect(outcome.status).toBe('failed');
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(13);
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

  test.each([
    ['UnknownOperationException', 'Unknown operation', 400],
    ['AccessDeniedException', 'not authorized to perform: ecs:ListServiceDeployments', 400],
    ['InvalidParameterException', 'Service deployments are not available for this service', 400],
  ])('falls back to DescribeServices deployments[] quietly when ListServiceDeployments answers %s', async (name, message, status) => {
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
  });

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
    expect(outcome.durationMs).toBe(11_000);
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
    expect(outcome.durationMs).toBe(6000);
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

describe('watchDeployment: explaining stopped tasks', () => {
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
    expect(core.error).toHaveBeenCalledWith(expect.stringContaining('app exit 1'), { title: `my-svc: task ${taskId} stopped` });
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
  });

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

  test('does not look for stopped tasks while no task failed or went away', async () => {
    await watchDeployment(request());
    expect(ecsMock.commandCalls(ListTasksCommand)).toHaveLength(0);
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
