import { expect, test } from '@jest/globals';
import { afterUpdateFailures, notWaitedAfterUpdateFailure, type AfterUpdates } from '../../../src/service/fail-fast.js';
import type { StartFailure } from '../../../src/service/start-failure.js';

const failed = (...services: string[]): StartFailure[] =>
  services.map((service) => ({ service, operation: 'ecs:UpdateService', error: new Error(`${service} was not ACTIVE`) }));

test.each<[string, boolean, StartFailure[], AfterUpdates]>([
  ['every update started, fail-fast', true, failed(), { kind: 'watch' }],
  ['every update started, no fail-fast', false, failed(), { kind: 'watch' }],
  ['one update failed, no fail-fast: the others are watched', false, failed('worker'), { kind: 'watch' }],
  [
    'one update failed, fail-fast: the others are not waited for',
    true,
    failed('worker'),
    { kind: 'stop', failed: { service: 'worker', operation: 'ecs:UpdateService' } },
  ],
  [
    'two failed, fail-fast: the first one named',
    true,
    failed('worker', 'cron'),
    { kind: 'stop', failed: { service: 'worker', operation: 'ecs:UpdateService' } },
  ],
])('%s', (_name, failFast, failures, expected) => {
  expect(afterUpdateFailures(failFast, failures)).toEqual(expected);
});

test.each<[string, StartFailure['operation'], string]>([
  ['UpdateService', 'ecs:UpdateService', 'UpdateService failed for worker'],
  ['CodeDeploy CreateDeployment', 'codedeploy:CreateDeployment', 'CodeDeploy CreateDeployment failed for worker'],
  ['CodeDeploy GetDeploymentGroup', 'codedeploy:GetDeploymentGroup', 'CodeDeploy GetDeploymentGroup failed for worker'],
  ['a refusal before any call', 'refused', 'The deployment of worker was not started'],
])('the reason names what failed (%s) and says the rollout may still be under way', (_name, operation, named) => {
  expect(notWaitedAfterUpdateFailure('api', { service: 'worker', operation })).toBe(
    `Not waited for: fail-fast stopped at the first failure (${named}); the deployment of api may still be in progress.`,
  );
});
