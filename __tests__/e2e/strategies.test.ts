// ECS's own traffic-shifting strategies (BLUE_GREEN, CANARY) through the bundled action, as the runner runs
// it, against the stand-in: the lifecycle stages in the log, the traffic and bake, a failed lifecycle hook
// and an alarm that roll the deployment back, each named in the annotation.
import { describe, expect, jest, test } from '@jest/globals';
import type { JsonObject } from '../../standin/types.js';
import { CLUSTER, SERVICE, type World } from '../../standin/harness/world.js';
import { deploy, errorLines, field, settledOn, worldPerTest } from './helpers.js';

jest.setTimeout(120_000);

const setUp = worldPerTest();

const HOOK_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:my-app-smoke-test';
const ECS_ORDER = [
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

/** The stages the watch printed, in the order it printed them. */
function printedStages(stdout: string): string[] {
  return [...stdout.matchAll(/^Stage ([A-Z_]+): /gm)].map((match) => match[1] ?? '');
}

function ourServiceDeployment(current: World): JsonObject {
  const records = current.standin.ecs.serviceDeployments(current.scope, CLUSTER, SERVICE);
  return records[0] ?? {};
}

describe('ECS traffic-shifting strategies', () => {
  test('BLUE_GREEN: each stage printed once in ECS order, success once the service deployment is SUCCESSFUL, the service on our revision', async () => {
    // Stages of 2 s and a bake of 2 min on the stand-in's clock (ten times faster): the bake is longer than a poll.
    const current = await setUp({ deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 } });
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const stages = printedStages(run.stdout);
    // Short stages may pass between two polls; whatever is printed is printed once, in ECS's order, the bake always.
    expect(new Set(stages).size).toBe(stages.length);
    expect(stages).toEqual(ECS_ORDER.filter((stage) => stages.includes(stage)));
    expect(stages).toContain('BAKE_TIME');
    expect(run.stdout).toContain('Bake time left: 2 min');
    expect(run.stdout).toMatch(/Deployment of my-app:2 to my-service completed/);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    const revision = run.outputs['task-definition-arn'] ?? '';
    const service = await settledOn(current, revision);
    expect(service['taskDefinition']).toBe(revision);
    expect(ourServiceDeployment(current)).toMatchObject({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' });
  });

  test('a lifecycle hook that answers FAILED fails the step at once, the annotation naming the hook and its stage; ECS rolls back', async () => {
    const current = await setUp({
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 2,
        lifecycleHooks: [
          {
            hookTargetArn: HOOK_ARN,
            roleArn: 'arn:aws:iam::123456789012:role/my-app-hooks',
            lifecycleStages: ['POST_SCALE_UP'],
          },
        ],
      },
      scenario: { rollout: 'healthy', lifecycle: { hookAt: { stage: 'POST_SCALE_UP', outcome: 'FAILED' } } },
    });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const errors = errorLines(run).join('\n');
    expect(errors).toContain(`the lifecycle hook ${HOOK_ARN} answered FAILED at POST_SCALE_UP`);
    expect(errors).toContain('ECS is rolling back to my-app:1');
    expect(run.outputs['rollout-state']).toMatch(/^ROLLBACK_/);
    // ECS's rollback, not ours: no UpdateService or StopServiceDeployment after the deploy's own UpdateService.
    const changing = current.standin
      .calls()
      .filter((call) => call.service === 'ecs' && /^(UpdateService|StopServiceDeployment)$/.test(call.operation));
    expect(changing.map((call) => call.operation)).toEqual(['UpdateService']);
    await settledOn(current, current.initialTaskDefinitionArn);
  });

  test('CANARY with a bake longer than wait-for-minutes: a warning naming both figures first, the canary share and the bake time left in the log', async () => {
    const current = await setUp({
      deploymentConfiguration: {
        strategy: 'CANARY',
        bakeTimeInMinutes: 2,
        canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
      },
    });
    const run = await deploy(current, { 'wait-for-minutes': '1' });
    const warning =
      'my-service bakes for 2 min (bakeTimeInMinutes) (bakeTimeInMinutes 2 + canaryBakeTimeInMinutes 1 = 3 min in all), longer than wait-for-minutes 1';
    const warningAt = run.stdout.indexOf(warning);
    expect(warningAt).toBeGreaterThan(-1);
    expect(run.stdout.split('\n').find((line) => line.includes(warning))).toMatch(/^::warning/);
    // Before any stage is printed.
    expect(warningAt).toBeLessThan(run.stdout.indexOf('Stage '));
    expect(run.stdout).toContain('Production traffic on my-app:2: 10 % (canary; the rest follows after 1 min)');
    expect(run.stdout).toContain('Production traffic on my-app:2: 100 %');
    expect(run.stdout).toContain('Bake time left: 2 min');
    // The stand-in's clock runs ten times faster, so the deployment finishes within the minute all the same.
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(field(ourServiceDeployment(current), 'status')).toBe('SUCCESSFUL');
  });

  test('an alarm going into ALARM during the bake fails the step naming the alarm and the stage; ECS rolls back', async () => {
    const current = await setUp({
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 2,
        alarms: { alarmNames: ['my-app-5xx', 'my-app-latency'], enable: true, rollback: true },
      },
      scenario: { rollout: 'healthy', lifecycle: { alarmAt: { stage: 'BAKE_TIME', alarmName: 'my-app-5xx' } } },
    });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const errors = errorLines(run).join('\n');
    expect(errors).toContain('the CloudWatch alarm my-app-5xx went into ALARM at BAKE_TIME');
    expect(errors).not.toContain('my-app-latency');
    expect(errors).toContain('ECS is rolling back to my-app:1');
    await settledOn(current, current.initialTaskDefinitionArn);
  });
});
