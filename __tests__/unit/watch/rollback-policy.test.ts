import { describe, expect, test } from '@jest/globals';
import { decideRollback, rollbackReportOf, rollbackTarget, type RollbackFacts } from '../../../src/watch/rollback-policy.js';
import type { FinalVerdict } from '../../../src/watch/watch-state.js';
import { OUR_ID, OURS, PREVIOUS, SOMEONE_ELSES, T0, watchTarget } from '../../../__fixtures__/watch-snapshots.js';

const facts: RollbackFacts = {
  service: 'my-svc',
  taskDefinitionArn: OURS,
  previousTaskDefinitionArn: PREVIOUS,
  rollbackOnFailure: true,
  pollFailed: false,
  serviceRollsBack: false,
};
const failed = (fields: Partial<Extract<FinalVerdict, { kind: 'failed' | 'timed-out' }>> = {}): FinalVerdict => ({
  kind: 'failed',
  rolloutState: 'FAILED',
  reason: 'Deployment of my-app:8 to my-svc failed.',
  rollbackBy: 'ours',
  ...fields,
});
const skipped = (reason: string) => ({
  action: 'report',
  report: { method: 'none', status: 'skipped', reason, taskDefinitionArn: PREVIOUS },
});

describe('decideRollback', () => {
  test.each([
    ['success: nothing to roll back', { kind: 'succeeded', rolloutState: 'COMPLETED', summary: 'done' } as const, {}, { action: 'none' }],
    ['replaced by someone else: no rollback over it', failed({ rollbackBy: 'none' }), {}, { action: 'none' }],
    [
      'ECS rolls back: reported as requested',
      failed({ rollbackBy: 'ecs', ecsRollbackTo: SOMEONE_ELSES }),
      {},
      {
        action: 'report',
        report: {
          method: 'ecs-circuit-breaker',
          status: 'requested',
          reason: 'ECS is rolling back to my-app:9',
          taskDefinitionArn: SOMEONE_ELSES,
        },
      },
    ],
    [
      "ECS's rollback settled: reported as it ended, to the previous revision by default",
      failed({ rollbackBy: 'ecs', ecsRollback: 'succeeded' }),
      {},
      {
        action: 'report',
        report: {
          method: 'ecs-circuit-breaker',
          status: 'succeeded',
          reason: 'ECS rolled the service back to my-app:7',
          taskDefinitionArn: PREVIOUS,
        },
      },
    ],
    ['ours to do', failed(), {}, { action: 'roll-back' }],
    ['ours even with a rolling-back breaker that has not tripped', failed(), { serviceRollsBack: true }, { action: 'roll-back' }],
    [
      'a timeout on a service whose breaker rolls back: left to the breaker',
      failed({ kind: 'timed-out' }),
      { serviceRollsBack: true },
      skipped("the service's circuit breaker owns rollbacks and has not acted yet"),
    ],
    ['a timeout without such a breaker: ours', failed({ kind: 'timed-out' }), {}, { action: 'roll-back' }],
    ['rollback-on-failure off', failed(), { rollbackOnFailure: false }, skipped('rollback-on-failure is off, so my-svc stays on my-app:8')],
    ['the service could not be read', failed(), { pollFailed: true }, skipped('we could not read the service, so we did not touch it')],
    [
      'no previous revision',
      failed(),
      { previousTaskDefinitionArn: '' },
      {
        action: 'report',
        report: { method: 'none', status: 'skipped', reason: 'there is no previous revision to return to', taskDefinitionArn: '' },
      },
    ],
  ] as const)('%s', (_name, verdict, overrides, expected) => {
    expect(decideRollback(verdict, { ...facts, ...overrides })).toEqual(expected);
  });
});

describe('rollbackTarget', () => {
  const deployed = watchTarget({ clockStartMs: T0, deadlineMs: T0 + 30 * 60_000 });
  const start = {
    method: 'stop-service-deployment',
    deploymentId: undefined,
    serviceDeploymentArn: 'arn:sd',
    startedAtMs: T0 + 60_000,
  } as const;

  test('watches the previous revision for what is left of the wait', () => {
    expect(rollbackTarget(deployed, start, T0 + 60_000)).toEqual({
      ...deployed,
      mode: 'rollback',
      taskDefinitionArn: PREVIOUS,
      otherTaskDefinitionArn: OURS,
      deploymentId: undefined,
      serviceDeploymentArn: 'arn:sd',
      startedAtMs: T0 + 60_000,
      clockStartMs: T0 + 60_000,
      deadlineMs: T0 + 30 * 60_000,
    });
  });

  test('but for 2 minutes at least', () => {
    const late = rollbackTarget(deployed, { ...start, deploymentId: OUR_ID }, T0 + 29 * 60_000);
    expect([late.deadlineMs - late.clockStartMs, late.deploymentId]).toEqual([120_000, OUR_ID]);
  });
});

test.each([
  [{ kind: 'succeeded', rolloutState: 'ROLLBACK_SUCCESSFUL', summary: 'done' } as const, 'succeeded', 'The service is back on my-app:7.'],
  [
    failed({ reason: 'Rollback to my-app:7 to my-svc failed (no capacity).' }),
    'failed',
    'Rollback to my-app:7 to my-svc failed (no capacity).',
  ],
  [failed({ kind: 'timed-out', reason: 'too slow' }), 'timed-out', 'too slow'],
] as const)('rollbackReportOf %j', (verdict, status, reason) => {
  expect(rollbackReportOf('update-service', PREVIOUS, verdict)).toEqual({
    method: 'update-service',
    status,
    reason,
    taskDefinitionArn: PREVIOUS,
  });
});
