// The AWS side of the deployment watch's I/O tests: ECS and CloudWatch Logs mocked with
// aws-sdk-client-mock, @actions/core replaced by the fixture, and a simulated clock whose sleeps advance
// at once (so a 30 min watch takes no real time). Imported first by each watch I/O test file; it resets
// the mocks before every test.
import { afterEach, beforeEach, jest } from '@jest/globals';
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

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
export const core = await import('../../../__fixtures__/core.js');
export const { watchDeployment, watchDeployments } = await import('../../../src/watch/watch-deployment.js');
export type WatchRequest = Parameters<typeof watchDeployment>[0];

export const ecsMock = mockClient(ECSClient);
export const logsMock = mockClient(CloudWatchLogsClient);

/** Simulated time: sleeping advances it at once, so a 30 min watch takes no real time. */
export class SimClock {
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

export function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
}

export const taskDefinition: TaskDefinition = {
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

/** Reset before each test. */
export let clock: SimClock;

export function request(fields: Partial<WatchRequest> = {}): WatchRequest {
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
    // The middle of the backoff's range: 10 s after a first throttled poll, then the 15 s cap.
    random: () => 0.5,
    ...fields,
  };
}

/** Healthy rollout: both tasks run at 3 s, the deployment completes at 6 s. */
export function healthyService(seconds: number): Service {
  if (seconds < 3) return service({ deployments: [ourDeployment({ pendingCount: 2 }), oldDeployment()] });
  if (seconds < 6) return service({ deployments: [ourDeployment({ runningCount: 2 }), oldDeployment()] });
  return service({
    deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })],
    events: [event(6, '(service my-svc) has reached a steady state.')],
  });
}

/** A service of the step, as ECS names it. */
export function named(name: string, shape: Service): Service {
  return { ...shape, serviceName: name, serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/my-cluster/${name}` };
}

/** DescribeServices' answer for `names`, each rolling out like healthyService. */
export function healthyServices(names: readonly string[]) {
  return { services: names.map((name) => named(name, healthyService(clock.seconds))) };
}

export function serviceDeploymentsAnswer(status: ServiceDeployment['status'], fields: Partial<ServiceDeployment> = {}) {
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

export function listedServiceDeployments() {
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
export function crashLoop() {
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
export function crashLoopEndedByOurRollback(options: { readonly breakerThreshold?: number } = {}): void {
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
  ecsMock.on(DescribeServicesCommand).callsFake(clock.record((input: { services?: string[] }) => healthyServices(input.services ?? [])));
  ecsMock.on(ListTasksCommand).callsFake(clock.record(() => ({ taskArns: [] })));
  logsMock.on(GetLogEventsCommand).callsFake(clock.record(() => ({ events: [] })));
});

afterEach(() => {
  ecsMock.reset();
  logsMock.reset();
});
