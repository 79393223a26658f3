import { describe, expect, test } from '@jest/globals';
import type { DeploymentConfiguration, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { bakeMinutes, bakeWarning } from '../../../src/watch/lifecycle-stages.js';
import { observe } from '../../../src/watch/observe.js';
import { startWatch } from '../../../src/watch/watch-state.js';
import type { Verdict, WatchTarget } from '../../../src/watch/watch-state.js';
import {
  SERVICE_REVISION_ARN,
  T0,
  oldDeployment,
  ourDeployment,
  play,
  service,
  serviceDeployment,
  watchTarget,
  type Poll,
} from '../../../__fixtures__/watch-snapshots.js';

// ECS's own blue/green, linear and canary strategies, played through observe() as the loop feeds it.

const HOOK_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:my-app-smoke-test';

const BLUE_GREEN: DeploymentConfiguration = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 3 };
const CANARY: DeploymentConfiguration = {
  strategy: 'CANARY',
  bakeTimeInMinutes: 2,
  canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 4 },
};
const BAKING_AN_HOUR: DeploymentConfiguration = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 };
const LINEAR_DEFAULTS: DeploymentConfiguration = { strategy: 'LINEAR', bakeTimeInMinutes: 0 };
const LINEAR: DeploymentConfiguration = {
  strategy: 'LINEAR',
  bakeTimeInMinutes: 0,
  linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
};

/** Our green revision running next to the blue one, as DescribeServices shows it during the whole lifecycle. */
function bothRunning(configuration: DeploymentConfiguration, fields: Parameters<typeof ourDeployment>[0] = {}): Service {
  const described = service({ deployments: [ourDeployment({ runningCount: 2, ...fields }), oldDeployment()] });
  return { ...described, deploymentConfiguration: configuration };
}

function onlyOurs(configuration: DeploymentConfiguration): Service {
  const described = service({ deployments: [ourDeployment({ runningCount: 2, rolloutState: 'COMPLETED' })] });
  return { ...described, deploymentConfiguration: configuration };
}

function atStage(
  configuration: DeploymentConfiguration,
  lifecycleStage: string,
  fields: Partial<ServiceDeployment> = {},
  productionWeight?: number,
): ServiceDeployment {
  return serviceDeployment({
    lifecycleStage: lifecycleStage as ServiceDeployment['lifecycleStage'],
    deploymentConfiguration: configuration,
    targetServiceRevision: {
      arn: SERVICE_REVISION_ARN,
      requestedTaskCount: 2,
      runningTaskCount: 2,
      pendingTaskCount: 0,
      ...(productionWeight === undefined ? {} : { requestedProductionTrafficWeight: productionWeight }),
    },
    ...fields,
  });
}

const stagePoll = (
  second: number,
  configuration: DeploymentConfiguration,
  stage: string,
  fields: Partial<ServiceDeployment> = {},
  weight?: number,
): Poll => ({ second, service: bothRunning(configuration), serviceDeployment: atStage(configuration, stage, fields, weight) });

interface Row {
  readonly name: string;
  readonly target?: Partial<WatchTarget>;
  readonly polls: readonly Poll[];
  readonly kind: Verdict['kind'];
  readonly decidedAt: number;
  readonly rolloutState?: string;
  readonly rollbackBy?: string;
  readonly reasonContains?: readonly string[];
  /** Exactly these stage, traffic and bake lines, in order (status lines left out). */
  readonly lifecycleLines: readonly string[];
}

const LIFECYCLE_LINE = /^(Stage |Production traffic |Bake time left)/;

const rows: readonly Row[] = [
  {
    name: 'BLUE_GREEN: each stage printed once as entered; tasks all running and rolloutState COMPLETED are not success until SUCCESSFUL',
    polls: [
      stagePoll(1, BLUE_GREEN, 'PRE_SCALE_UP'),
      stagePoll(4, BLUE_GREEN, 'SCALE_UP'),
      stagePoll(7, BLUE_GREEN, 'SCALE_UP'),
      stagePoll(10, BLUE_GREEN, 'POST_SCALE_UP'),
      stagePoll(13, BLUE_GREEN, 'TEST_TRAFFIC_SHIFT'),
      stagePoll(16, BLUE_GREEN, 'POST_TEST_TRAFFIC_SHIFT'),
      stagePoll(19, BLUE_GREEN, 'PRODUCTION_TRAFFIC_SHIFT', {}, 100),
      stagePoll(22, BLUE_GREEN, 'POST_PRODUCTION_TRAFFIC_SHIFT', {}, 100),
      stagePoll(25, BLUE_GREEN, 'BAKE_TIME', {}, 100),
      { ...stagePoll(100, BLUE_GREEN, 'BAKE_TIME', {}, 100), service: bothRunning(BLUE_GREEN, { rolloutState: 'COMPLETED' }) },
      { second: 205, service: onlyOurs(BLUE_GREEN), serviceDeployment: atStage(BLUE_GREEN, 'CLEAN_UP', {}, 100) },
      { second: 208, service: onlyOurs(BLUE_GREEN), serviceDeployment: atStage(BLUE_GREEN, 'CLEAN_UP', { status: 'SUCCESSFUL' }, 100) },
    ],
    kind: 'succeeded',
    decidedAt: 11,
    rolloutState: 'COMPLETED',
    lifecycleLines: [
      'Stage PRE_SCALE_UP: before the new revision starts',
      "Stage SCALE_UP: starting the new revision's tasks",
      "Stage POST_SCALE_UP: the new revision's tasks run; no traffic on them yet",
      'Stage TEST_TRAFFIC_SHIFT: test traffic moving to the new revision',
      'Stage POST_TEST_TRAFFIC_SHIFT: all test traffic on the new revision',
      'Stage PRODUCTION_TRAFFIC_SHIFT: production traffic moving to the new revision',
      'Production traffic on my-app:8: 100 %',
      'Stage POST_PRODUCTION_TRAFFIC_SHIFT: all production traffic on the new revision',
      'Stage BAKE_TIME: both revisions kept running while the new one bakes',
      'Bake time left: 3 min',
      'Bake time left: 2 min',
      "Stage CLEAN_UP: stopping the previous revision's tasks",
    ],
  },
  {
    name: 'LINEAR: the stage is printed once though ECS returns to it at every step; each step prints its traffic',
    polls: [
      stagePoll(1, LINEAR, 'PRODUCTION_TRAFFIC_SHIFT', {}, 50),
      stagePoll(30, LINEAR, 'PRODUCTION_TRAFFIC_SHIFT', {}, 50),
      stagePoll(61, LINEAR, 'POST_PRODUCTION_TRAFFIC_SHIFT', {}, 50),
      stagePoll(64, LINEAR, 'PRODUCTION_TRAFFIC_SHIFT', {}, 100),
    ],
    kind: 'continue',
    decidedAt: -1,
    lifecycleLines: [
      'Stage PRODUCTION_TRAFFIC_SHIFT: production traffic moving to the new revision',
      'Production traffic on my-app:8: 50 % (linear: 50 % more every 1 min)',
      'Stage POST_PRODUCTION_TRAFFIC_SHIFT: all production traffic on the new revision',
      'Production traffic on my-app:8: 100 %',
    ],
  },
  {
    name: 'CANARY: the canary share with its bake, then the rest; no 0 % line before traffic moves',
    polls: [
      stagePoll(1, CANARY, 'POST_TEST_TRAFFIC_SHIFT', {}, 0),
      stagePoll(4, CANARY, 'PRODUCTION_TRAFFIC_SHIFT', {}, 5),
      stagePoll(244, CANARY, 'PRODUCTION_TRAFFIC_SHIFT', {}, 100),
    ],
    kind: 'continue',
    decidedAt: -1,
    lifecycleLines: [
      'Stage POST_TEST_TRAFFIC_SHIFT: all test traffic on the new revision',
      'Stage PRODUCTION_TRAFFIC_SHIFT: production traffic moving to the new revision',
      'Production traffic on my-app:8: 5 % (canary; the rest follows after 4 min)',
      'Production traffic on my-app:8: 100 %',
    ],
  },
  {
    name: 'a bake longer than no-progress-minutes is not a stall: nothing changes for 10 min, the watch keeps waiting',
    target: { noProgressMs: 5 * 60_000 },
    polls: [
      stagePoll(1, { ...BLUE_GREEN, bakeTimeInMinutes: 20 }, 'BAKE_TIME', {}, 100),
      stagePoll(301, { ...BLUE_GREEN, bakeTimeInMinutes: 20 }, 'BAKE_TIME', {}, 100),
      stagePoll(601, { ...BLUE_GREEN, bakeTimeInMinutes: 20 }, 'BAKE_TIME', {}, 100),
    ],
    kind: 'continue',
    decidedAt: -1,
    lifecycleLines: [
      'Stage BAKE_TIME: both revisions kept running while the new one bakes',
      'Production traffic on my-app:8: 100 %',
      'Bake time left: 20 min',
      'Bake time left: 15 min',
      'Bake time left: 10 min',
    ],
  },
  {
    name: 'a lifecycle hook that answered FAILED fails the deployment at once, naming the hook and the stage; ECS rolls back',
    polls: [
      stagePoll(1, BLUE_GREEN, 'POST_SCALE_UP', {
        lifecycleHookDetails: [{ hookId: 'hook-1', targetType: 'AWS_LAMBDA', targetArn: HOOK_ARN, status: 'IN_PROGRESS' }],
      }),
      stagePoll(4, BLUE_GREEN, 'POST_SCALE_UP', {
        status: 'ROLLBACK_REQUESTED',
        statusReason: 'Service deployment rolled back because a lifecycle hook failed.',
        lifecycleHookDetails: [{ hookId: 'hook-1', targetType: 'AWS_LAMBDA', targetArn: HOOK_ARN, status: 'FAILED' }],
      }),
    ],
    kind: 'failed',
    decidedAt: 1,
    lifecycleLines: ["Stage POST_SCALE_UP: the new revision's tasks run; no traffic on them yet"],
    rolloutState: 'ROLLBACK_REQUESTED',
    rollbackBy: 'ecs',
    reasonContains: [
      `Deployment of my-app:8 to my-svc failed: the lifecycle hook ${HOOK_ARN} answered FAILED at POST_SCALE_UP. ECS is rolling back to my-app:7.`,
    ],
  },
  {
    name: 'a hook FAILED is the first signal even while the status still says IN_PROGRESS',
    polls: [
      stagePoll(1, BLUE_GREEN, 'TEST_TRAFFIC_SHIFT', {
        lifecycleHookDetails: [{ hookId: 'hook-1', targetType: 'AWS_LAMBDA', targetArn: HOOK_ARN, status: 'FAILED' }],
      }),
    ],
    kind: 'failed',
    decidedAt: 0,
    lifecycleLines: ['Stage TEST_TRAFFIC_SHIFT: test traffic moving to the new revision'],
    rolloutState: 'FAILED',
    rollbackBy: 'ecs',
    reasonContains: [`the lifecycle hook ${HOOK_ARN} answered FAILED at TEST_TRAFFIC_SHIFT`],
  },
  {
    name: 'a hook that timed out with the default ROLLBACK action fails the deployment',
    polls: [
      stagePoll(1, CANARY, 'PRODUCTION_TRAFFIC_SHIFT', {
        lifecycleHookDetails: [{ hookId: 'hook-1', targetArn: HOOK_ARN, status: 'TIMED_OUT', timeoutAction: 'ROLLBACK' }],
      }),
    ],
    kind: 'failed',
    decidedAt: 0,
    lifecycleLines: ['Stage PRODUCTION_TRAFFIC_SHIFT: production traffic moving to the new revision'],
    reasonContains: [`the lifecycle hook ${HOOK_ARN} timed out at PRODUCTION_TRAFFIC_SHIFT`],
  },
  {
    name: 'a hook that timed out with the CONTINUE action lets the deployment go on',
    polls: [
      stagePoll(1, CANARY, 'PRODUCTION_TRAFFIC_SHIFT', {
        lifecycleHookDetails: [{ hookId: 'hook-1', targetArn: HOOK_ARN, status: 'TIMED_OUT', timeoutAction: 'CONTINUE' }],
      }),
    ],
    kind: 'continue',
    decidedAt: -1,
    lifecycleLines: ['Stage PRODUCTION_TRAFFIC_SHIFT: production traffic moving to the new revision'],
  },
  {
    name: 'an alarm in ALARM with rollback: failed at once, the alarm named, ECS rolls back',
    polls: [
      stagePoll(1, { ...CANARY, alarms: { alarmNames: ['my-app-5xx'], enable: true, rollback: true } }, 'BAKE_TIME', {
        status: 'ROLLBACK_IN_PROGRESS',
        alarms: { status: 'TRIGGERED', alarmNames: ['my-app-5xx', 'my-app-latency'], triggeredAlarmNames: ['my-app-5xx'] },
      }),
    ],
    kind: 'failed',
    decidedAt: 0,
    lifecycleLines: ['Stage BAKE_TIME: both revisions kept running while the new one bakes'],
    rolloutState: 'ROLLBACK_IN_PROGRESS',
    rollbackBy: 'ecs',
    reasonContains: ['failed: the CloudWatch alarm my-app-5xx went into ALARM at BAKE_TIME. ECS is rolling back to my-app:7.'],
  },
  {
    name: 'an alarm in ALARM without rollback: ECS stops the deployment, the rollback is ours',
    polls: [
      stagePoll(1, { ...BLUE_GREEN, alarms: { alarmNames: ['my-app-5xx'], enable: true, rollback: false } }, 'BAKE_TIME', {
        status: 'STOPPED',
        alarms: { status: 'TRIGGERED', alarmNames: ['my-app-5xx'], triggeredAlarmNames: ['my-app-5xx'] },
      }),
    ],
    kind: 'failed',
    decidedAt: 0,
    lifecycleLines: ['Stage BAKE_TIME: both revisions kept running while the new one bakes'],
    rolloutState: 'STOPPED',
    rollbackBy: 'ours',
    reasonContains: ['the CloudWatch alarm my-app-5xx went into ALARM at BAKE_TIME.'],
  },
  {
    name: 'a stop requested during a traffic shift is a failure with its reason',
    polls: [stagePoll(1, LINEAR, 'PRODUCTION_TRAFFIC_SHIFT', { status: 'STOP_REQUESTED', statusReason: 'Stopped by my-org/ops' }, 50)],
    kind: 'failed',
    decidedAt: 0,
    lifecycleLines: [
      'Stage PRODUCTION_TRAFFIC_SHIFT: production traffic moving to the new revision',
      'Production traffic on my-app:8: 50 % (linear: 50 % more every 1 min)',
    ],
    rolloutState: 'STOP_REQUESTED',
    reasonContains: ['was stopped before it completed: service deployment STOP_REQUESTED (Stopped by my-org/ops)'],
  },
];

describe('the watch of ECS traffic-shifting strategies', () => {
  test.each(rows)('$name', (row) => {
    const played = play(watchTarget(row.target), row.polls);
    expect(played.verdict.kind).toBe(row.kind);
    expect(played.decidedAt).toBe(row.decidedAt);
    expect(played.verdict).toMatchObject({
      ...(row.rolloutState === undefined ? {} : { rolloutState: row.rolloutState }),
      ...(row.rollbackBy === undefined ? {} : { rollbackBy: row.rollbackBy }),
    });
    const reason = 'reason' in played.verdict ? played.verdict.reason : '';
    for (const part of row.reasonContains ?? []) expect(reason).toContain(part);
    expect(played.lines.filter((line) => LIFECYCLE_LINE.test(line))).toEqual(row.lifecycleLines);
  });

  test('a rolling deployment prints no stage lines (its stage is in the status line)', () => {
    const rolling = service({ deployments: [ourDeployment({ runningCount: 2 }), oldDeployment()] });
    const played = play(watchTarget(), [
      { second: 1, service: rolling, serviceDeployment: serviceDeployment({ lifecycleStage: 'SCALE_UP' }) },
    ]);
    expect(played.lines.filter((line) => LIFECYCLE_LINE.test(line))).toEqual([]);
    expect(played.lines.join('\n')).toContain('service deployment IN_PROGRESS (SCALE_UP)');
  });
});

describe('bake time against wait-for-minutes', () => {
  test.each([
    {
      name: 'BLUE_GREEN baking 60 min with wait-for-minutes 30: a warning naming both',
      configuration: BAKING_AN_HOUR,
      waitMinutes: 30,
      warning:
        'my-svc bakes for 60 min (bakeTimeInMinutes), longer than wait-for-minutes 30: the watch will time out before ECS can call the deployment SUCCESSFUL. Set wait-for-minutes above 60.',
    },
    {
      name: 'CANARY: the canary bake is added to the figure to set',
      configuration: CANARY,
      waitMinutes: 1,
      warning:
        'my-svc bakes for 2 min (bakeTimeInMinutes) (bakeTimeInMinutes 2 + canaryBakeTimeInMinutes 4 = 6 min in all), longer than wait-for-minutes 1: the watch will time out before ECS can call the deployment SUCCESSFUL. Set wait-for-minutes above 6.',
    },
    { name: 'a bake that fits: no warning', configuration: BLUE_GREEN, waitMinutes: 30, warning: undefined },
    { name: 'a bake equal to the wait: no warning', configuration: BLUE_GREEN, waitMinutes: 3, warning: undefined },
  ])('$name', ({ configuration, waitMinutes, warning }) => {
    expect(bakeWarning('my-svc', configuration, waitMinutes)).toBe(warning);
  });

  test.each([
    { configuration: BLUE_GREEN, total: 3 },
    { configuration: CANARY, total: 6 },
    // 50 % steps: two steps, one wait between them.
    { configuration: LINEAR, total: 1 },
    // ECS's defaults: 10 % steps every 6 min, 9 waits.
    { configuration: LINEAR_DEFAULTS, total: 54 },
  ])('minutes ECS bakes on purpose: $total', ({ configuration, total }) => {
    expect(bakeMinutes(configuration).total).toBe(total);
  });

  test("our own rollback's watch does not warn again", () => {
    const target = watchTarget({ mode: 'rollback', deadlineMs: watchTarget().clockStartMs + 10 * 60_000 });
    const first = observe(startWatch(target), { nowMs: T0 + 1000, service: bothRunning(BAKING_AN_HOUR) });
    expect(first.warnings).toEqual([]);
  });

  test('the warning is given once, at the first look at the service', () => {
    const configuration: DeploymentConfiguration = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 };
    const target = watchTarget({ deadlineMs: watchTarget().clockStartMs + 10 * 60_000 });
    const first = observe(startWatch(target), { nowMs: T0 + 1000, service: bothRunning(configuration) });
    const second = observe(first.state, {
      nowMs: T0 + 4000,
      service: bothRunning(configuration),
      serviceDeployment: atStage(configuration, 'SCALE_UP'),
    });
    expect(first.warnings).toEqual([
      'my-svc bakes for 60 min (bakeTimeInMinutes), longer than wait-for-minutes 10: the watch will time out before ECS can call the deployment SUCCESSFUL. Set wait-for-minutes above 60.',
    ]);
    expect(second.warnings).toEqual([]);
  });
});
