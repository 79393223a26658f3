import { describe, expect, test } from '@jest/globals';
import type { Deployment, Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import type { Verdict, WatchTarget } from '../../../src/watch/watch-state.js';
import { judgeTime } from '../../../src/watch/verdict.js';
import { startWatch } from '../../../src/watch/watch-state.js';
import {
  OLD_ID,
  OURS,
  PREVIOUS,
  SERVICE_DEPLOYMENT_ARN,
  SOMEONE_ELSES,
  T0,
  at,
  crashed,
  oldDeployment,
  ourDeployment,
  play,
  type Poll,
  pullFailed,
  scaledIn,
  service,
  serviceDeployment,
  stoppedTask,
  watchTarget as target,
} from '../../../__fixtures__/watch-snapshots.js';

// The rules are played through observe(), the way the loop feeds them: recorded polls in, a verdict out.

const internalError = (): Task =>
  stoppedTask({ stopCode: 'TaskFailedToStart', stoppedReason: 'InternalError: failed to start the task, please retry' });
const cannotStop = (): Task =>
  stoppedTask({
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    exitCode: 137,
    containerReason: 'CannotStopContainerError: API error (500): timed out stopping the container',
  });

const FORCED_ID = 'ecs-svc/5000000000000000005';
const NEWER_SERVICE_DEPLOYMENT_ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/my-cluster/my-svc/newerNewerNewer0000000';
const SUPERSEDED = 'Service deployment stopped because a newer service deployment started.';
/** The service as DescribeServices shows it with `currentServiceDeployment` (the newest service deployment). */
const withCurrent = (described: Service, currentServiceDeployment: string): Service => ({ ...described, currentServiceDeployment });

const rolling = (fields: Parameters<typeof ourDeployment>[0] = {}, breaker: 'off' | 'enabled' | 'rollback' = 'off'): Service =>
  service({ deployments: [ourDeployment(fields), oldDeployment()], breaker });

interface Scenario {
  readonly name: string;
  readonly target?: Partial<WatchTarget>;
  readonly polls: readonly Poll[];
  readonly kind: Verdict['kind'];
  readonly decidedAt: number;
  readonly rolloutState?: string;
  readonly rollbackBy?: string;
  readonly ecsRollback?: string;
  readonly reasonContains?: readonly string[];
  readonly reasonLacks?: readonly string[];
}

const scenarios: readonly Scenario[] = [
  {
    name: 'healthy: succeeds the poll our deployment completes',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      { second: 6, service: rolling({ runningCount: 1, pendingCount: 1 }) },
      { second: 11, service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })] }) },
    ],
    kind: 'succeeded',
    decidedAt: 2,
    rolloutState: 'COMPLETED',
  },
  {
    name: 'healthy with the service deployments API: SUCCESSFUL is enough, even before rolloutState says so',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }), serviceDeployment: serviceDeployment() },
      {
        second: 6,
        service: service({ deployments: [ourDeployment({ runningCount: 2 }), oldDeployment({ runningCount: 0, desiredCount: 0 })] }),
        serviceDeployment: serviceDeployment({ status: 'SUCCESSFUL' }),
      },
    ],
    kind: 'succeeded',
    decidedAt: 1,
  },
  {
    name: 'slow start: keeps waiting while tasks take 20 s to run, then succeeds',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      { second: 6, service: rolling({ pendingCount: 2 }) },
      { second: 11, service: rolling({ pendingCount: 2 }) },
      { second: 16, service: rolling({ pendingCount: 2 }) },
      { second: 21, service: rolling({ pendingCount: 1, runningCount: 1 }) },
      { second: 26, service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })] }) },
    ],
    kind: 'succeeded',
    decidedAt: 5,
  },
  {
    name: 'crash loop without a circuit breaker: fails at the third task exiting 1, and we roll back',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      { second: 6, service: rolling({ pendingCount: 1, failedTasks: 1 }), stoppedTasks: [crashed()] },
      { second: 11, service: rolling({ pendingCount: 2, failedTasks: 3 }), stoppedTasks: [crashed(), crashed()] },
    ],
    kind: 'failed',
    decidedAt: 2,
    rolloutState: 'FAILED',
    rollbackBy: 'ours',
    reasonContains: ['3 tasks stopped with the same failure', 'app exit 1', 'Essential container in task exited'],
  },
  {
    name: 'pull failure: CannotPullContainerError three times fails with the registry message',
    polls: [
      { second: 3, service: rolling({ pendingCount: 2, failedTasks: 2 }), stoppedTasks: [pullFailed(), pullFailed()] },
      { second: 8, service: rolling({ pendingCount: 2, failedTasks: 3 }), stoppedTasks: [pullFailed()] },
    ],
    kind: 'failed',
    decidedAt: 1,
    rollbackBy: 'ours',
    reasonContains: ['CannotPullContainerError', 'failed to resolve ref my-org/my-app:abc123'],
  },
  {
    name: 'platform errors (InternalError, CannotStopContainerError) do not count towards max-failed-tasks',
    polls: [
      {
        second: 6,
        service: rolling({ pendingCount: 2, failedTasks: 6 }),
        stoppedTasks: [internalError(), internalError(), internalError(), cannotStop(), cannotStop(), cannotStop()],
      },
    ],
    kind: 'continue',
    decidedAt: -1,
  },
  {
    name: "max-failed-tasks reached before the circuit breaker's threshold (service deployments API): we roll back, ECS is not rolling back",
    polls: [
      {
        second: 11,
        service: rolling({ pendingCount: 2, failedTasks: 3 }, 'rollback'),
        serviceDeployment: serviceDeployment({ deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 3, threshold: 10 } }),
        stoppedTasks: [crashed(), crashed(), crashed()],
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    rolloutState: 'FAILED',
    rollbackBy: 'ours',
    reasonContains: ['3 tasks stopped with the same failure', 'circuit breaker has not tripped (3 of 10 failed tasks)'],
    reasonLacks: ['rolls back to', 'is rolling back'],
  },
  {
    name: "max-failed-tasks reached before the circuit breaker's threshold (deployments[] only): we roll back, ECS is not rolling back",
    target: { maxFailedTasks: 2 },
    polls: [{ second: 11, service: rolling({ pendingCount: 2, failedTasks: 2 }, 'rollback'), stoppedTasks: [crashed(), crashed()] }],
    kind: 'failed',
    decidedAt: 0,
    rollbackBy: 'ours',
    reasonContains: ['2 tasks stopped with the same failure', 'circuit breaker has not tripped (2 of 3 failed tasks)'],
    reasonLacks: ['rolls back to', 'is rolling back'],
  },
  {
    name: 'max-failed-tasks 0 disables the count: the crash loop runs on until the circuit breaker or a timeout',
    target: { maxFailedTasks: 0 },
    polls: [{ second: 6, service: rolling({ failedTasks: 5 }), stoppedTasks: [crashed(), crashed(), crashed(), crashed(), crashed()] }],
    kind: 'continue',
    decidedAt: -1,
  },
  {
    name: 'circuit-breaker rollback: fails the moment ECS requests the rollback, not once it settled',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }, 'rollback'), serviceDeployment: serviceDeployment() },
      {
        second: 6,
        service: rolling({ pendingCount: 2, failedTasks: 2 }, 'rollback'),
        serviceDeployment: serviceDeployment({ deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 2, threshold: 3 } }),
      },
      {
        second: 11,
        service: rolling({ pendingCount: 0, failedTasks: 3, rolloutState: 'IN_PROGRESS' }, 'rollback'),
        serviceDeployment: serviceDeployment({ status: 'ROLLBACK_REQUESTED', statusReason: 'Circuit breaker triggered' }),
      },
      {
        second: 31,
        service: service({ deployments: [oldDeployment({ status: 'PRIMARY', createdAt: at(10) })], breaker: 'rollback' }),
        serviceDeployment: serviceDeployment({ status: 'ROLLBACK_SUCCESSFUL' }),
      },
    ],
    kind: 'failed',
    decidedAt: 2,
    rolloutState: 'ROLLBACK_REQUESTED',
    rollbackBy: 'ecs',
    ecsRollback: 'requested',
    reasonContains: ['ECS is rolling back to my-app:7', 'Circuit breaker triggered'],
  },
  {
    name: 'ECS rollback failed: fails saying the rollback failed and what the service runs, not that it is rolling back',
    polls: [
      {
        second: 11,
        service: rolling({ failedTasks: 3, rolloutState: 'IN_PROGRESS' }, 'rollback'),
        serviceDeployment: serviceDeployment({ status: 'ROLLBACK_FAILED', statusReason: 'Service deployment rollback failed' }),
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    rolloutState: 'ROLLBACK_FAILED',
    rollbackBy: 'ecs',
    ecsRollback: 'failed',
    reasonContains: [
      'Deployment of my-app:8 to my-svc failed',
      'ECS could not roll back to my-app:7',
      'Service deployment rollback failed',
      'may be left without a healthy revision',
      'my-app:8 (0/2 tasks running), my-app:7 (2/2 tasks running)',
    ],
    reasonLacks: ['is rolling back'],
  },
  {
    name: 'ECS rollback already done when first seen: a failed deploy, with the rollback succeeded',
    polls: [
      {
        second: 31,
        service: service({ deployments: [oldDeployment({ status: 'PRIMARY', createdAt: at(10) })], breaker: 'rollback' }),
        serviceDeployment: serviceDeployment({ status: 'ROLLBACK_SUCCESSFUL' }),
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    rolloutState: 'ROLLBACK_SUCCESSFUL',
    rollbackBy: 'ecs',
    ecsRollback: 'succeeded',
    reasonContains: ['Deployment of my-app:8 to my-svc failed', 'ECS rolled the service back to my-app:7'],
    reasonLacks: ['is rolling back'],
  },
  {
    name: 'circuit breaker without the deployments API: rolloutState FAILED fails at once and names the rollback',
    polls: [
      { second: 6, service: rolling({ failedTasks: 2 }, 'rollback') },
      {
        second: 11,
        service: rolling(
          { failedTasks: 3, rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' },
          'rollback',
        ),
      },
    ],
    kind: 'failed',
    decidedAt: 1,
    rolloutState: 'FAILED',
    rollbackBy: 'ecs',
    reasonContains: ['tasks failed to start', 'ECS is rolling back to my-app:7'],
  },
  {
    name: 'circuit breaker count at its threshold fails before ECS flips the rollout state',
    polls: [
      {
        second: 9,
        service: rolling({ failedTasks: 3 }, 'enabled'),
        serviceDeployment: serviceDeployment({ deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 3, threshold: 3 } }),
      },
    ],
    target: { maxFailedTasks: 0 },
    kind: 'failed',
    decidedAt: 0,
    rollbackBy: 'ours',
    reasonContains: ['circuit breaker tripped (3 failed tasks, threshold 3)'],
  },
  {
    name: 'circuit breaker threshold computed from the service when the deployments API is missing',
    target: { maxFailedTasks: 0 },
    polls: [
      { second: 6, service: rolling({ failedTasks: 2 }, 'enabled') },
      { second: 11, service: rolling({ failedTasks: 3 }, 'enabled') },
    ],
    kind: 'failed',
    decidedAt: 1,
    reasonContains: ['threshold 3'],
  },
  {
    name: 'a newer deployment by someone else: fails naming their revision, and does not fight it',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      {
        second: 6,
        service: service({
          deployments: [
            ourDeployment({ id: 'ecs-svc/theirs', taskDefinition: SOMEONE_ELSES, createdAt: at(4) }),
            ourDeployment({ status: 'ACTIVE', runningCount: 1 }),
            oldDeployment({ runningCount: 1 }),
          ],
        }),
      },
    ],
    kind: 'failed',
    decidedAt: 1,
    rollbackBy: 'none',
    reasonContains: ['replaced by another deployment of my-app:9', 'ecs-svc/theirs'],
  },
  {
    name: 'a forced new deployment of our own revision by someone else: fails at once naming it, and does not fight it',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      {
        second: 6,
        service: service({
          deployments: [
            ourDeployment({ id: FORCED_ID, createdAt: at(4) }),
            ourDeployment({ status: 'ACTIVE', runningCount: 1 }),
            oldDeployment({ runningCount: 1 }),
          ],
        }),
      },
    ],
    kind: 'failed',
    decidedAt: 1,
    rollbackBy: 'none',
    reasonContains: ['replaced by another deployment of my-app:8', FORCED_ID, 'same revision'],
  },
  {
    name: 'our deployment gone from the service after a forced new deployment of our revision: fails as replaced, not as a timeout',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      {
        second: 36,
        service: service({ deployments: [ourDeployment({ id: FORCED_ID, createdAt: at(4), runningCount: 2, rolloutState: 'COMPLETED' })] }),
      },
    ],
    kind: 'failed',
    decidedAt: 1,
    rollbackBy: 'none',
    reasonContains: ['replaced by another deployment of my-app:8', FORCED_ID],
    reasonLacks: ['never appeared'],
  },
  {
    name: 'our service deployment superseded by a newer one: fails as replaced, naming the newer service deployment, not as stopped',
    polls: [
      { second: 1, service: withCurrent(rolling({ pendingCount: 2 }), SERVICE_DEPLOYMENT_ARN), serviceDeployment: serviceDeployment() },
      {
        second: 6,
        service: withCurrent(
          service({
            deployments: [
              ourDeployment({ id: FORCED_ID, createdAt: at(4) }),
              ourDeployment({ status: 'ACTIVE', runningCount: 1 }),
              oldDeployment({ runningCount: 1 }),
            ],
          }),
          NEWER_SERVICE_DEPLOYMENT_ARN,
        ),
        serviceDeployment: serviceDeployment({ status: 'STOPPED', statusReason: SUPERSEDED }),
      },
    ],
    kind: 'failed',
    decidedAt: 1,
    rolloutState: 'STOPPED',
    rollbackBy: 'none',
    reasonContains: ['replaced by another deployment of my-app:8', FORCED_ID, NEWER_SERVICE_DEPLOYMENT_ARN],
    reasonLacks: ['stopped before it completed'],
  },
  {
    name: 'our service deployment superseded while DescribeServices still lists ours as PRIMARY: fails as replaced all the same',
    polls: [
      {
        second: 6,
        service: withCurrent(rolling({ runningCount: 1, pendingCount: 1 }), NEWER_SERVICE_DEPLOYMENT_ARN),
        serviceDeployment: serviceDeployment({ status: 'STOPPED', statusReason: SUPERSEDED }),
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    rollbackBy: 'none',
    reasonContains: ['replaced by another', NEWER_SERVICE_DEPLOYMENT_ARN],
    reasonLacks: ['stopped before it completed'],
  },
  {
    name: 'our service deployment stopped with no newer one in its place: stopped, not replaced',
    polls: [
      {
        second: 6,
        service: withCurrent(rolling(), SERVICE_DEPLOYMENT_ARN),
        serviceDeployment: serviceDeployment({ status: 'STOPPED', statusReason: 'Stopped by user' }),
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    rollbackBy: 'none',
    reasonContains: ['was stopped before it completed'],
    reasonLacks: ['replaced'],
  },
  {
    name: 'a newer service deployment listed on the service while ours still runs is not enough to call ours replaced',
    polls: [
      {
        second: 6,
        service: withCurrent(rolling({ runningCount: 1, pendingCount: 1 }), NEWER_SERVICE_DEPLOYMENT_ARN),
        serviceDeployment: serviceDeployment(),
      },
    ],
    kind: 'continue',
    decidedAt: -1,
  },
  {
    name: "ECS's circuit-breaker rollback deployment (the previous revision as a new PRIMARY) is ECS rolling back, not someone else",
    polls: [
      { second: 6, service: rolling({ failedTasks: 2 }, 'rollback') },
      {
        second: 11,
        service: service({
          deployments: [
            oldDeployment({ id: 'ecs-svc/rollback', status: 'PRIMARY', createdAt: at(10), rolloutState: 'IN_PROGRESS' }),
            ourDeployment({ status: 'ACTIVE', failedTasks: 3 }),
          ],
          breaker: 'rollback',
        }),
      },
    ],
    kind: 'failed',
    decidedAt: 1,
    rollbackBy: 'ecs',
    reasonContains: ['ECS is rolling back to my-app:7'],
  },
  {
    name: 'throttled polls: a 45 s gap between snapshots is neither progress lost nor a failure',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      { second: 46, service: rolling({ runningCount: 1, pendingCount: 1 }) },
      { second: 61, service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })] }) },
    ],
    kind: 'succeeded',
    decidedAt: 2,
  },
  {
    name: 'deployments API missing and no rolloutState: PRIMARY, all running and alone is success',
    polls: [
      { second: 1, service: rolling({ pendingCount: 2, rolloutState: undefined }) },
      { second: 6, service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: undefined })] }) },
    ],
    kind: 'succeeded',
    decidedAt: 1,
  },
  {
    name: 'our deployment found by revision and time when UpdateService gave no id',
    target: { deploymentId: undefined },
    polls: [{ second: 6, service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })] }) }],
    kind: 'succeeded',
    decidedAt: 0,
  },
  {
    name: 'completed while the service points at another revision: a failure naming the live revision',
    polls: [
      {
        second: 6,
        service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })], taskDefinition: PREVIOUS }),
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    rolloutState: 'FAILED',
    rollbackBy: 'none',
    reasonContains: [
      'Deployment of my-app:8 to my-svc ended on another revision: my-app:7 is live on my-svc, not my-app:8',
      "the service's task definition is my-app:7",
    ],
    reasonLacks: ['the deployment ECS completed'],
  },
  {
    // Another implementation of ECS: UpdateService answered with a PRIMARY deployment of the previous revision,
    // which then reported COMPLETED while the service's taskDefinition said ours.
    name: 'the PRIMARY deployment UpdateService answered with completes on the previous revision: a failure, not success',
    target: { deploymentId: OLD_ID },
    polls: [
      {
        second: 6,
        service: service({
          deployments: [oldDeployment({ status: 'PRIMARY', rolloutState: 'COMPLETED', createdAt: at(0) })],
          taskDefinition: OURS,
        }),
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    rolloutState: 'FAILED',
    rollbackBy: 'none',
    reasonContains: [
      'my-app:7 is live on my-svc, not my-app:8',
      'the deployment ECS completed (ecs-svc/9000000000000000001) runs my-app:7',
    ],
    reasonLacks: ["the service's task definition"],
  },
  {
    name: 'service deployment SUCCESSFUL while only a deployment of the previous revision is listed: a failure naming it',
    target: { deploymentId: undefined },
    polls: [
      {
        second: 6,
        service: service({ deployments: [oldDeployment({ status: 'PRIMARY' })] }),
        serviceDeployment: serviceDeployment({ status: 'SUCCESSFUL' }),
      },
    ],
    kind: 'failed',
    decidedAt: 0,
    reasonContains: [
      'my-app:7 is live on my-svc, not my-app:8',
      'the deployment ECS completed (ecs-svc/9000000000000000001) runs my-app:7',
      "the service's task definition is my-app:7",
    ],
  },
  {
    name: 'service deployment SUCCESSFUL, our deployment completed on our revision: success',
    polls: [
      {
        second: 6,
        service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })] }),
        serviceDeployment: serviceDeployment({ status: 'SUCCESSFUL' }),
      },
    ],
    kind: 'succeeded',
    decidedAt: 0,
    rolloutState: 'COMPLETED',
  },
  {
    name: 'our deployment not visible yet on the first poll: keeps waiting',
    polls: [{ second: 1, service: service({ deployments: [oldDeployment({ status: 'PRIMARY' })] }) }],
    kind: 'continue',
    decidedAt: -1,
  },
  {
    name: 'stuck: no change in counts, events or statuses for the no-progress limit times out',
    target: { noProgressMs: 60_000 },
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      { second: 6, service: rolling({ pendingCount: 1, runningCount: 1 }) },
      ...[20, 40, 60].map((second) => ({ second, service: rolling({ pendingCount: 1, runningCount: 1 }) })),
      { second: 66, service: rolling({ pendingCount: 1, runningCount: 1 }) },
    ],
    kind: 'timed-out',
    decidedAt: 5,
    rolloutState: 'TIMED_OUT',
    rollbackBy: 'ours',
    reasonContains: ['made no progress for 1 min', '1/2 tasks running, 1 pending, 0 failed, rollout IN_PROGRESS'],
  },
  {
    name: 'our deployment gone with nothing in its place: the timeout says it is no longer listed, not that it never appeared',
    target: { noProgressMs: 60_000 },
    polls: [
      { second: 1, service: rolling({ pendingCount: 2 }) },
      { second: 6, service: service({ deployments: [] }) },
      { second: 66, service: service({ deployments: [] }) },
    ],
    kind: 'timed-out',
    decidedAt: 2,
    reasonContains: ['our deployment is no longer listed in the service'],
    reasonLacks: ['never appeared'],
  },
  {
    name: 'overall timeout: still moving when the wait is over',
    target: { deadlineMs: T0 + 60_000, noProgressMs: 0 },
    polls: [
      { second: 20, service: rolling({ pendingCount: 2 }) },
      { second: 40, service: rolling({ pendingCount: 2, failedTasks: 1 }) },
      { second: 60, service: rolling({ pendingCount: 1, failedTasks: 2 }) },
    ],
    kind: 'timed-out',
    decidedAt: 2,
    reasonContains: ['did not finish within 1 min', '2 failed'],
  },
  {
    name: 'scale-in stops are not failures, however many',
    polls: [
      { second: 6, service: rolling({ runningCount: 1 }), stoppedTasks: [scaledIn(), scaledIn(), scaledIn(), scaledIn()] },
      { second: 11, service: service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })] }) },
    ],
    kind: 'succeeded',
    decidedAt: 1,
  },
  {
    name: 'a service deployment stopped by someone: fails without a rollback of ours',
    polls: [
      { second: 6, service: rolling(), serviceDeployment: serviceDeployment({ status: 'STOPPED', statusReason: 'Stopped by user' }) },
    ],
    kind: 'failed',
    decidedAt: 0,
    rolloutState: 'STOPPED',
    rollbackBy: 'none',
    reasonContains: ['was stopped before it completed', 'Stopped by user'],
  },
  {
    name: 'rollback watch: ROLLBACK_SUCCESSFUL is success',
    target: {
      mode: 'rollback',
      taskDefinitionArn: PREVIOUS,
      otherTaskDefinitionArn: OURS,
      deploymentId: undefined,
      serviceDeploymentArn: SERVICE_DEPLOYMENT_ARN,
      startedAtMs: T0 + 20_000,
    },
    polls: [
      { second: 21, service: rolling(), serviceDeployment: serviceDeployment({ status: 'ROLLBACK_REQUESTED' }) },
      {
        second: 26,
        service: service({ deployments: [oldDeployment({ id: 'ecs-svc/back', status: 'PRIMARY', createdAt: at(21) })] }),
        serviceDeployment: serviceDeployment({ status: 'ROLLBACK_SUCCESSFUL' }),
      },
    ],
    kind: 'succeeded',
    decidedAt: 1,
    rolloutState: 'ROLLBACK_SUCCESSFUL',
  },
  {
    name: 'rollback watch: ROLLBACK_FAILED is a failure',
    target: {
      mode: 'rollback',
      taskDefinitionArn: PREVIOUS,
      otherTaskDefinitionArn: OURS,
      deploymentId: undefined,
      startedAtMs: T0 + 20_000,
    },
    polls: [
      { second: 26, service: rolling(), serviceDeployment: serviceDeployment({ status: 'ROLLBACK_FAILED', statusReason: 'no capacity' }) },
    ],
    kind: 'failed',
    decidedAt: 0,
    reasonContains: ['Rollback to my-app:7 to my-svc failed', 'no capacity'],
  },
];

/** The verdict's sentence ('' while the watch goes on). */
function reasonOf(verdict: Verdict): string {
  return 'reason' in verdict ? verdict.reason : '';
}

describe('verdict: recorded rollouts', () => {
  test.each(scenarios)('$name', (scenario) => {
    const played = play(target(scenario.target), scenario.polls);
    const expected = {
      kind: scenario.kind,
      ...(scenario.rolloutState === undefined ? {} : { rolloutState: scenario.rolloutState }),
      ...(scenario.rollbackBy === undefined ? {} : { rollbackBy: scenario.rollbackBy }),
      ...(scenario.ecsRollback === undefined ? {} : { ecsRollback: scenario.ecsRollback }),
    };
    expect(played).toMatchObject({ decidedAt: scenario.decidedAt, verdict: expected });
    for (const part of scenario.reasonContains ?? []) expect(reasonOf(played.verdict)).toContain(part);
    for (const part of scenario.reasonLacks ?? []) expect(reasonOf(played.verdict)).not.toContain(part);
  });
});

interface SuccessCase {
  readonly name: string;
  readonly mode?: 'deploy' | 'rollback';
  readonly rolloutState: Deployment['rolloutState'];
  readonly sdStatus?: ServiceDeployment['status'];
  /** PRIMARY, alone, every task running, none pending. */
  readonly steady: boolean;
  readonly kind: 'succeeded' | 'continue';
  readonly reported?: string;
}

const successCases: readonly SuccessCase[] = [
  { name: 'steady but rolloutState IN_PROGRESS: keeps waiting', rolloutState: 'IN_PROGRESS', steady: true, kind: 'continue' },
  {
    name: 'steady but the service deployment IN_PROGRESS: keeps waiting',
    rolloutState: undefined,
    sdStatus: 'IN_PROGRESS',
    steady: true,
    kind: 'continue',
  },
  {
    name: "steady but both of ECS's signals IN_PROGRESS: keeps waiting",
    rolloutState: 'IN_PROGRESS',
    sdStatus: 'IN_PROGRESS',
    steady: true,
    kind: 'continue',
  },
  {
    name: 'steady with the service deployment still PENDING: keeps waiting',
    rolloutState: undefined,
    sdStatus: 'PENDING',
    steady: true,
    kind: 'continue',
  },
  {
    name: 'rolloutState COMPLETED: succeeds as COMPLETED',
    rolloutState: 'COMPLETED',
    steady: true,
    kind: 'succeeded',
    reported: 'COMPLETED',
  },
  {
    name: 'service deployment SUCCESSFUL while rolloutState lags: succeeds as COMPLETED, the one success value of rollout-state',
    rolloutState: 'IN_PROGRESS',
    sdStatus: 'SUCCESSFUL',
    steady: false,
    kind: 'succeeded',
    reported: 'COMPLETED',
  },
  {
    name: 'rolloutState COMPLETED while the service deployment bakes: succeeds as COMPLETED',
    rolloutState: 'COMPLETED',
    sdStatus: 'IN_PROGRESS',
    steady: true,
    kind: 'succeeded',
    reported: 'COMPLETED',
  },
  {
    name: 'no signal from ECS at all: steady is success',
    rolloutState: undefined,
    steady: true,
    kind: 'succeeded',
    reported: 'COMPLETED',
  },
  { name: 'no signal from ECS at all and a task pending: keeps waiting', rolloutState: undefined, steady: false, kind: 'continue' },
  {
    name: 'rollback watch, steady while the service deployment is ROLLBACK_IN_PROGRESS: keeps waiting',
    mode: 'rollback',
    rolloutState: 'IN_PROGRESS',
    sdStatus: 'ROLLBACK_IN_PROGRESS',
    steady: true,
    kind: 'continue',
  },
  {
    name: 'rollback watch, ROLLBACK_SUCCESSFUL: succeeds as ROLLBACK_SUCCESSFUL',
    mode: 'rollback',
    rolloutState: 'IN_PROGRESS',
    sdStatus: 'ROLLBACK_SUCCESSFUL',
    steady: true,
    kind: 'succeeded',
    reported: 'ROLLBACK_SUCCESSFUL',
  },
];

describe("verdict: success is ECS's word when ECS gives one", () => {
  test.each(successCases)('$name', (row) => {
    const rollback = row.mode === 'rollback';
    const watchTarget = rollback
      ? target({ mode: 'rollback', taskDefinitionArn: PREVIOUS, otherTaskDefinitionArn: OURS, deploymentId: 'ecs-svc/back' })
      : target();
    const fields = { id: 'ecs-svc/back', taskDefinition: PREVIOUS, createdAt: at(1) };
    const ours = ourDeployment({
      ...(rollback ? fields : {}),
      rolloutState: row.rolloutState,
      runningCount: row.steady ? 2 : 1,
      pendingCount: row.steady ? 0 : 1,
    });
    const polled = service({ deployments: [ours] });
    const sd = row.sdStatus === undefined ? undefined : serviceDeployment({ status: row.sdStatus });
    const played = play(watchTarget, [{ second: 6, service: polled, serviceDeployment: sd }]);
    // A success carries ECS's word and a summary sentence; a verdict that is no success carries neither.
    const { summary, ...decided } = { summary: undefined, ...played.verdict };
    expect(decided).toEqual(row.reported === undefined ? { kind: row.kind } : { kind: row.kind, rolloutState: row.reported });
    expect(typeof summary).toBe(row.reported === undefined ? 'undefined' : 'string');
  });
});

test('a deployment that disappears after we saw it, with the old revision back in front, counts as replaced', () => {
  const played = play(target(), [
    { second: 6, service: rolling({ pendingCount: 2 }) },
    { second: 11, service: service({ deployments: [oldDeployment({ id: OLD_ID, status: 'PRIMARY', createdAt: at(9) })] }) },
  ]);
  expect(played.verdict.kind).toBe('failed');
  expect(played.decidedAt).toBe(1);
});

describe('judgeTime', () => {
  const waiting = (fields: Partial<WatchTarget>, lastProgressSecond = 0) => ({
    ...startWatch(target(fields)),
    lastProgressAtMs: T0 + lastProgressSecond * 1000,
    events: ['10:00:02 (service my-svc) has started 2 tasks.'],
  });

  test.each([
    ['before the deadline and within the no-progress limit', {}, 0, 60, undefined],
    [
      'at the deadline',
      { deadlineMs: T0 + 120_000 },
      100,
      120,
      'Deployment of my-app:8 to my-svc did not finish within 2 min: 1/2 running; last event: 10:00:02 (service my-svc) has started 2 tasks.',
    ],
    [
      'after the no-progress limit without a change',
      { noProgressMs: 60_000 },
      10,
      70,
      'Deployment of my-app:8 to my-svc made no progress for 1 min: 1/2 running; last event: 10:00:02 (service my-svc) has started 2 tasks.',
    ],
    ['never for no progress when that check is off', { noProgressMs: 0 }, 0, 600, undefined],
  ] as const)('%s', (_name, fields, lastProgressSecond, second, reason) => {
    const verdict = judgeTime(waiting(fields, lastProgressSecond), T0 + second * 1000, '1/2 running');
    expect(verdict).toEqual(
      reason === undefined ? undefined : { kind: 'timed-out', rolloutState: 'TIMED_OUT', reason, rollbackBy: 'ours' },
    );
  });
});
