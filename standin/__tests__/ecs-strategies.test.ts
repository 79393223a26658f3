import { afterEach, describe, expect, test } from '@jest/globals';
import { productionSteps } from '../ecs-strategies.js';
import { createRig, type Rig } from './ecs-test-kit.js';
import type { JsonObject, JsonValue, Scenario } from '../types.js';

// ECS's traffic-shifting strategies on the stand-in's clock, read back through the API as the action reads them.

const HOOK_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:my-app-smoke-test';
const HOOK_ROLE = 'arn:aws:iam::123456789012:role/my-app-hooks';

const rigs: Rig[] = [];
afterEach(() => {
  for (const rig of rigs.splice(0)) rig.standin.stop();
});

function rigWith(deploymentConfiguration: JsonObject, lifecycle?: Scenario['lifecycle']): Rig {
  const rig = createRig({ deploymentConfiguration });
  rig.setScenario({ rollout: 'healthy', ...(lifecycle === undefined ? {} : { lifecycle }) });
  rigs.push(rig);
  return rig;
}

const objects = (value: JsonValue | undefined): JsonObject[] =>
  Array.isArray(value) ? value.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];
const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

async function deploy(rig: Rig): Promise<string> {
  const answer = await rig.call('UpdateService', { cluster: 'my-cluster', service: 'my-svc', taskDefinition: rig.v2 });
  return text((answer.service as JsonObject).currentServiceDeployment);
}

async function describe1(rig: Rig, arn: string): Promise<JsonObject> {
  const answer = await rig.call('DescribeServiceDeployments', { serviceDeploymentArns: [arn] });
  return objects(answer.serviceDeployments)[0] ?? {};
}

/** The stages the service deployment shows, each once, in the order they were entered, sampled every 0.5 s. */
async function stagesUntil(rig: Rig, arn: string, seconds: number): Promise<string[]> {
  const seen: string[] = [];
  for (let at = 0; at <= seconds; at += 0.5) {
    await rig.runTo(at);
    const stage = text((await describe1(rig, arn)).lifecycleStage);
    if (seen.at(-1) !== stage) seen.push(stage);
  }
  return seen;
}

const weights = (record: JsonObject): [JsonValue | undefined, JsonValue | undefined] => {
  const target = record.targetServiceRevision as JsonObject;
  const source = objects(record.sourceServiceRevisions)[0] ?? {};
  return [target.requestedProductionTrafficWeight, source.requestedProductionTrafficWeight];
};

const ALL_STAGES = [
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
];

describe('BLUE_GREEN', () => {
  test('walks every stage in order, bakes bakeTimeInMinutes, and is SUCCESSFUL only after CLEAN_UP, on the new revision alone', async () => {
    const rig = rigWith({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    const arn = await deploy(rig);
    // PRE_SCALE_UP 2 s, tasks up at 5 s and stable at 7 s, four 2 s stages, BAKE_TIME from 17 s to 77 s, done at 78 s.
    expect(await stagesUntil(rig, arn, 77.5)).toEqual(ALL_STAGES);
    expect((await describe1(rig, arn)).status).toBe('IN_PROGRESS');
    await rig.runTo(78);
    const record = await describe1(rig, arn);
    expect(record).toMatchObject({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' });
    expect(weights(record)[0]).toBe(100);
    const service = rig.service();
    expect(service.taskDefinition).toBe(rig.v2);
    expect(objects(service.deployments).map((deployment) => [deployment.taskDefinition, deployment.rolloutState])).toEqual([
      [rig.v2, 'COMPLETED'],
    ]);
  });

  test('no task of the new revision starts before PRE_SCALE_UP is over', async () => {
    const rig = rigWith({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 });
    await deploy(rig);
    await rig.runTo(1.9);
    const ours = objects(rig.service().deployments).find((deployment) => deployment.taskDefinition === rig.v2);
    expect(ours).toMatchObject({ runningCount: 0, pendingCount: 0 });
  });
});

describe('CANARY and LINEAR', () => {
  test('CANARY puts canaryPercent of production traffic on the new revision for canaryBakeTimeInMinutes, then all of it', async () => {
    const rig = rigWith({
      strategy: 'CANARY',
      bakeTimeInMinutes: 1,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 2 },
    });
    const arn = await deploy(rig);
    await rig.runTo(14);
    expect(weights(await describe1(rig, arn))).toEqual([10, 90]);
    await rig.runTo(132.9);
    expect(weights(await describe1(rig, arn))).toEqual([10, 90]);
    await rig.runTo(133);
    expect(weights(await describe1(rig, arn))).toEqual([100, 0]);
    // 2 s more in PRODUCTION_TRAFFIC_SHIFT, 2 s in POST_PRODUCTION_TRAFFIC_SHIFT, 60 s of BAKE_TIME, then CLEAN_UP.
    await rig.runTo(137.5);
    expect((await describe1(rig, arn)).lifecycleStage).toBe('BAKE_TIME');
    await rig.runTo(198);
    expect((await describe1(rig, arn)).status).toBe('SUCCESSFUL');
  });

  test.each<{ configuration: JsonObject; steps: number[]; waitMs: number }>([
    { configuration: { strategy: 'BLUE_GREEN' }, steps: [100], waitMs: 0 },
    { configuration: { strategy: 'CANARY' }, steps: [5, 100], waitMs: 600_000 },
    {
      configuration: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 30, stepBakeTimeInMinutes: 1 } },
      steps: [30, 60, 90, 100],
      waitMs: 60_000,
    },
  ])('production traffic steps of $configuration.strategy: $steps', ({ configuration, steps, waitMs }) => {
    expect(productionSteps(configuration)).toEqual({ weights: steps, waitMs });
  });
});

describe('lifecycle hooks', () => {
  const hooked = (stage: string, timeout?: JsonObject): JsonObject => ({
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 1,
    lifecycleHooks: [
      {
        hookTargetArn: HOOK_ARN,
        roleArn: HOOK_ROLE,
        lifecycleStages: [stage],
        ...(timeout === undefined ? {} : { timeoutConfiguration: timeout }),
      },
    ],
  });

  test('a hook runs IN_PROGRESS at its stage and the deployment goes on when it answers SUCCEEDED', async () => {
    const rig = rigWith(hooked('POST_SCALE_UP'));
    const arn = await deploy(rig);
    await rig.runTo(8);
    expect(await describe1(rig, arn)).toMatchObject({
      lifecycleStage: 'POST_SCALE_UP',
      lifecycleHookDetails: [{ targetType: 'AWS_LAMBDA', targetArn: HOOK_ARN, status: 'IN_PROGRESS', timeoutAction: 'ROLLBACK' }],
    });
    // The hook answers at 10 s, the stage's own 2 s follow.
    await rig.runTo(12);
    expect((await describe1(rig, arn)).lifecycleStage).toBe('TEST_TRAFFIC_SHIFT');
  });

  test('a hook that answers FAILED rolls back: ROLLBACK_REQUESTED with the hook in the reason, then ROLLBACK_IN_PROGRESS at the same stage, then ROLLBACK_SUCCESSFUL', async () => {
    const rig = rigWith(hooked('POST_SCALE_UP'), { hookAt: { stage: 'POST_SCALE_UP', outcome: 'FAILED' } });
    const arn = await deploy(rig);
    await rig.runTo(10);
    const reason = `Service deployment rolled back because the lifecycle hook ${HOOK_ARN} returned FAILED at POST_SCALE_UP.`;
    expect(await describe1(rig, arn)).toMatchObject({
      status: 'ROLLBACK_REQUESTED',
      statusReason: reason,
      lifecycleStage: 'POST_SCALE_UP',
      lifecycleHookDetails: [{ targetArn: HOOK_ARN, status: 'FAILED' }],
    });
    await rig.runTo(11);
    expect(await describe1(rig, arn)).toMatchObject({
      status: 'ROLLBACK_IN_PROGRESS',
      lifecycleStage: 'POST_SCALE_UP',
      rollback: { reason },
    });
    await rig.runTo(31);
    expect((await describe1(rig, arn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect(rig.service().taskDefinition).toBe(rig.v1);
  });

  test('a hook that never answers times out at timeoutInMinutes and rolls back by default', async () => {
    const rig = rigWith(hooked('POST_SCALE_UP', { timeoutInMinutes: 1 }), { hookAt: { stage: 'POST_SCALE_UP', outcome: 'TIMED_OUT' } });
    const arn = await deploy(rig);
    await rig.runTo(66.9);
    expect(await describe1(rig, arn)).toMatchObject({ status: 'IN_PROGRESS', lifecycleHookDetails: [{ status: 'IN_PROGRESS' }] });
    await rig.runTo(67);
    expect(await describe1(rig, arn)).toMatchObject({ status: 'ROLLBACK_REQUESTED', lifecycleHookDetails: [{ status: 'TIMED_OUT' }] });
  });

  test('a hook that times out with the CONTINUE action lets the deployment go on', async () => {
    const rig = rigWith(hooked('POST_SCALE_UP', { timeoutInMinutes: 1, action: 'CONTINUE' }), {
      hookAt: { stage: 'POST_SCALE_UP', outcome: 'TIMED_OUT' },
    });
    const arn = await deploy(rig);
    await rig.runTo(69.5);
    expect(await describe1(rig, arn)).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'TEST_TRAFFIC_SHIFT' });
  });
});

describe('deployment alarms', () => {
  const withAlarm = (rollback: boolean): JsonObject => ({
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 1,
    alarms: { alarmNames: ['my-app-5xx', 'my-app-latency'], enable: true, rollback },
  });

  test('an alarm going into ALARM at BAKE_TIME with rollback: TRIGGERED, the alarm named, ROLLBACK_REQUESTED', async () => {
    const rig = rigWith(withAlarm(true), { alarmAt: { stage: 'BAKE_TIME', alarmName: 'my-app-5xx' } });
    const arn = await deploy(rig);
    await rig.runTo(16.9);
    expect((await describe1(rig, arn)).alarms).toEqual({ status: 'MONITORING', alarmNames: ['my-app-5xx', 'my-app-latency'] });
    await rig.runTo(17);
    expect(await describe1(rig, arn)).toMatchObject({
      status: 'ROLLBACK_REQUESTED',
      statusReason: 'Service deployment rolled back because the CloudWatch alarm my-app-5xx is in ALARM state.',
      lifecycleStage: 'BAKE_TIME',
      alarms: { status: 'TRIGGERED', alarmNames: ['my-app-5xx', 'my-app-latency'], triggeredAlarmNames: ['my-app-5xx'] },
    });
  });

  test('an alarm without rollback stops the deployment', async () => {
    const rig = rigWith(withAlarm(false), { alarmAt: { stage: 'BAKE_TIME', alarmName: 'my-app-5xx' } });
    const arn = await deploy(rig);
    await rig.runTo(17);
    expect(await describe1(rig, arn)).toMatchObject({
      status: 'STOPPED',
      statusReason: 'Service deployment stopped because the CloudWatch alarm my-app-5xx is in ALARM state.',
    });
  });
});
