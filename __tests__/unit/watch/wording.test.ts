import { describe, expect, test } from '@jest/globals';
import { classifyStoppedTask } from '../../../src/watch/stopped-tasks.js';
import {
  ecsRollbackReason,
  explainStoppedTasks,
  lastKnownSummary,
  revisionName,
  rollbackSentence,
  stateSummary,
  stoppedWatchingReason,
  watchLabel,
} from '../../../src/watch/wording.js';
import { OURS, PREVIOUS, crashed, ourDeployment, pullFailed, scaledIn, serviceDeployment } from '../../../__fixtures__/watch-snapshots.js';

test('revisionName shortens task definition ARNs to family:revision', () => {
  expect(revisionName(OURS)).toBe('my-app:8');
  expect(revisionName('my-app:3')).toBe('my-app:3');
  expect(revisionName(undefined)).toBe('(unknown revision)');
});

test('watchLabel names the deployment or our rollback', () => {
  expect(watchLabel({ mode: 'deploy', taskDefinitionArn: OURS, service: 'my-svc' })).toBe('Deployment of my-app:8 to my-svc');
  expect(watchLabel({ mode: 'rollback', taskDefinitionArn: PREVIOUS, service: 'my-svc' })).toBe('Rollback to my-app:7 to my-svc');
});

describe('stateSummary', () => {
  test.each([
    ['never seen', undefined, undefined, false, 'our deployment never appeared in the service'],
    ['gone after being seen', undefined, undefined, true, 'our deployment is no longer listed in the service'],
    [
      'counts and rollout',
      ourDeployment({ runningCount: 1, pendingCount: 1, failedTasks: 2 }),
      undefined,
      true,
      '1/2 tasks running, 1 pending, 2 failed, rollout IN_PROGRESS',
    ],
    [
      'with the service deployment',
      ourDeployment({ rolloutState: undefined }),
      serviceDeployment(),
      true,
      '0/2 tasks running, 0 pending, 0 failed, rollout unknown, service deployment IN_PROGRESS',
    ],
  ] as const)('%s', (_name, ours, sd, seen, expected) => {
    expect(stateSummary(ours, sd, seen)).toBe(expected);
  });
});

test('lastKnownSummary says when the service was never read', () => {
  expect(lastKnownSummary({ lastStatusLine: '' })).toBe('the service was never read');
  expect(lastKnownSummary({ lastStatusLine: 'ecs-svc/1 (my-app:8): 1/2 running' })).toBe('ecs-svc/1 (my-app:8): 1/2 running');
});

test('explainStoppedTasks gives the most frequent problem as an example, and nothing for scale-in', () => {
  const reports = [crashed(), pullFailed(), crashed(), scaledIn()].map((task) => classifyStoppedTask(task, ['app']));
  expect(explainStoppedTasks(reports)).toMatch(/^2 tasks stopped like this: task \w+ stopped \(EssentialContainerExited\): .*app exit 1$/);
  expect(explainStoppedTasks(reports.slice(3))).toBe('');
});

test.each([
  ['requested', 'ECS is rolling back to my-app:7'],
  ['succeeded', 'ECS rolled the service back to my-app:7'],
  ['failed', "ECS's rollback to my-app:7 failed; the service may be left without a healthy revision"],
] as const)('ecsRollbackReason when %s', (status, expected) => {
  expect(ecsRollbackReason(status, PREVIOUS)).toBe(expected);
});

describe('rollbackSentence', () => {
  test.each([
    ['ECS did it (the verdict says so)', { method: 'ecs-circuit-breaker', status: 'succeeded', reason: 'x' }, ''],
    ['requested', { method: 'stop-service-deployment', status: 'requested', reason: 'x' }, ''],
    [
      'ours by StopServiceDeployment',
      { method: 'stop-service-deployment', status: 'succeeded', reason: 'x' },
      ' We rolled the deployment back (StopServiceDeployment): it is back on my-app:7.',
    ],
    [
      'ours by UpdateService',
      { method: 'update-service', status: 'succeeded', reason: 'x' },
      ' We rolled the service back (UpdateService): it is back on my-app:7.',
    ],
    ['skipped', { method: 'none', status: 'skipped', reason: 'rollback-on-failure is off' }, ' No rollback: rollback-on-failure is off.'],
    [
      'failed',
      { method: 'update-service', status: 'failed', reason: 'it could not start.' },
      ' Our rollback to my-app:7 failed too: it could not start.',
    ],
    [
      'timed out',
      { method: 'update-service', status: 'timed-out', reason: 'too slow.' },
      ' Our rollback to my-app:7 did not finish too: too slow.',
    ],
  ] as const)('%s', (_name, report, expected) => {
    expect(rollbackSentence({ ...report, taskDefinitionArn: PREVIOUS })).toBe(expected);
  });
});

test('stoppedWatchingReason counts the failed polls only when there were several', () => {
  expect(stoppedWatchingReason('my-svc', 'DescribeServices', 1, 'AccessDeniedException: no', 'the service was never read')).toBe(
    "Stopped watching my-svc: DescribeServices failed with AccessDeniedException: no. The deployment's last known state: the service was never read.",
  );
  expect(stoppedWatchingReason('my-svc', 'DescribeServices', 13, 'ServiceUnavailable: down', 'x')).toContain(
    'DescribeServices failed (after 13 failed polls in a row) with ServiceUnavailable: down.',
  );
});
