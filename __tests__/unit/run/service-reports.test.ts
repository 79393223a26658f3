import { describe, expect, test } from '@jest/globals';
import type { DeploymentPlan } from '../../../src/task-definition/plan.js';
import type { StartedDeployment } from '../../../src/service/update.js';
import type { Unchanged } from '../../../src/service/decision.js';
import type { WatchOutcome } from '../../../src/watch/watch-request.js';
import type { ServiceReport } from '../../../src/report/report.js';
import type { StartFailure } from '../../../src/service/start-failure.js';
import {
  failureReasons,
  inPlanOrder,
  joinReasons,
  outcomeReport,
  rolloutEnd,
  rolloutStartOf,
  updateFailureText,
} from '../../../src/run/service-reports.js';

const REVISION = (n: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:${n}`;

const plan: DeploymentPlan = {
  targets: [
    { service: 'web', previousTaskDefinitionArn: REVISION(1), render: 0 },
    { service: 'worker', previousTaskDefinitionArn: REVISION(1), render: 0 },
    { service: 'scheduler', previousTaskDefinitionArn: REVISION(1), render: 0 },
  ],
  renders: [],
};

function started(service: string, deploymentId = `ecs-svc/${service}`, serviceDeploymentArn?: string): StartedDeployment {
  return {
    target: { service, previousTaskDefinitionArn: REVISION(1), render: 0 },
    taskDefinition: { taskDefinitionArn: REVISION(2) },
    updatedAt: new Date(0),
    deploymentId,
    serviceDeploymentArn,
  };
}

function outcome(service: string, status: WatchOutcome['status'], reason = ''): WatchOutcome {
  return {
    service,
    status,
    rolloutState: status === 'succeeded' ? 'COMPLETED' : 'FAILED',
    deploymentId: `ecs-svc/${service}`,
    reason,
    stoppedTasks: [],
    events: [],
    durationMs: 1200,
    apiCalls: 3,
  };
}

describe('failure reasons name each failed or timed-out service, and nothing for the others', () => {
  test.each<[string, WatchOutcome[], string]>([
    ['all succeeded', [outcome('web', 'succeeded'), outcome('worker', 'succeeded')], ''],
    [
      'one failed',
      [outcome('web', 'succeeded'), outcome('worker', 'failed', 'The circuit breaker rolled it back.')],
      'worker failed: The circuit breaker rolled it back.',
    ],
    [
      'one timed out, one not waited for',
      [outcome('web', 'timed-out', 'Still 1 of 2 running.'), outcome('worker', 'not-waited')],
      'web timed out: Still 1 of 2 running.',
    ],
  ])('%s', (_name, outcomes, expected) => {
    expect(failureReasons(outcomes)).toBe(expected);
  });
});

test('joined reasons drop the empty ones', () => {
  expect(joinReasons('', 'web failed: x.', '', 'UpdateService failed for worker: y.')).toBe(
    'web failed: x. UpdateService failed for worker: y.',
  );
});

test.each<[string, StartFailure['operation'], string, string]>([
  [
    'UpdateService',
    'ecs:UpdateService',
    'ServiceNotActiveException: Service was not ACTIVE.',
    'UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.',
  ],
  [
    'CodeDeploy GetDeploymentGroup',
    'codedeploy:GetDeploymentGroup',
    'AccessDenied: not authorized (CodeDeploy application "my-app" with deployment group "my-app-bg")',
    'CodeDeploy GetDeploymentGroup failed for worker: AccessDenied: not authorized (CodeDeploy application "my-app" with deployment group "my-app-bg")',
  ],
  [
    'CodeDeploy CreateDeployment',
    'codedeploy:CreateDeployment',
    'DeploymentLimitExceeded: too many deployments in progress (CodeDeploy application "my-app" with deployment group "my-app-bg")',
    'CodeDeploy CreateDeployment failed for worker: DeploymentLimitExceeded: too many deployments in progress (CodeDeploy application "my-app" with deployment group "my-app-bg")',
  ],
  [
    'a refusal before any call',
    'refused',
    'worker uses the EXTERNAL deployment controller.',
    'The deployment of worker was not started: worker uses the EXTERNAL deployment controller.',
  ],
])('a deployment that did not start names the service, what failed (%s) and the error', (_name, operation, message, expected) => {
  expect(updateFailureText([{ service: 'worker', operation, error: new Error(message) }])).toBe(expected);
});

test('several failures are one sentence each, in their order', () => {
  expect(
    updateFailureText([
      { service: 'api', operation: 'ecs:UpdateService', error: new Error('x.') },
      { service: 'blue', operation: 'codedeploy:CreateDeployment', error: new Error('y.') },
    ]),
  ).toBe('UpdateService failed for api: x. CodeDeploy CreateDeployment failed for blue: y.');
});

test("reports come back in the plan's order of services", () => {
  const row = (service: string): ServiceReport => outcomeReport(outcome(service, 'succeeded'), started(service));
  expect(inPlanOrder(plan, [row('scheduler'), row('web'), row('worker')]).map((report) => report.service)).toEqual([
    'web',
    'worker',
    'scheduler',
  ]);
});

describe("the first service's rollout", () => {
  test('is the one UpdateService started, by its service deployment ARN when ECS gave one', () => {
    const arn = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/my-cluster/web/abc';
    expect(rolloutStartOf([started('web', 'ecs-svc/1', arn)], [], 'web')).toEqual({
      rolloutStart: { taskDefinitionArn: REVISION(2), previousTaskDefinitionArn: REVISION(1), deploymentId: arn },
    });
  });

  test('is the completed deployment when the first service was unchanged', () => {
    const unchanged: Unchanged = {
      kind: 'unchanged',
      target: { service: 'web', previousTaskDefinitionArn: REVISION(1), render: 0 },
      taskDefinitionArn: REVISION(2),
      deploymentId: 'ecs-svc/done',
    };
    expect(rolloutStartOf([started('worker')], [unchanged], 'web')).toEqual({
      rolloutStart: { taskDefinitionArn: REVISION(2), previousTaskDefinitionArn: REVISION(2), deploymentId: 'ecs-svc/done' },
    });
  });

  test('ends with the first outcome, and the reasons of every failure', () => {
    const end = rolloutEnd(
      [outcome('web', 'succeeded'), outcome('worker', 'failed', 'Tasks failed to start.')],
      started('web'),
      'UpdateService failed for scheduler: x.',
    );
    expect(end).toEqual({
      deploymentId: 'ecs-svc/web',
      rolloutState: 'COMPLETED',
      failureReason: 'worker failed: Tasks failed to start. UpdateService failed for scheduler: x.',
    });
  });
});
