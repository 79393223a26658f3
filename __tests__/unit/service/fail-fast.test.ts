import { expect, test } from '@jest/globals';
import { afterUpdateFailures, notWaitedAfterUpdateFailure, type AfterUpdates } from '../../../src/service/fail-fast.js';

const failed = (...services: string[]) => services.map((service) => ({ service, error: new Error(`${service} was not ACTIVE`) }));

test.each<[string, boolean, ReturnType<typeof failed>, AfterUpdates]>([
  ['every update started, fail-fast', true, failed(), { kind: 'watch' }],
  ['every update started, no fail-fast', false, failed(), { kind: 'watch' }],
  ['one update failed, no fail-fast: the others are watched', false, failed('worker'), { kind: 'watch' }],
  ['one update failed, fail-fast: the others are not waited for', true, failed('worker'), { kind: 'stop', failedService: 'worker' }],
  ['two failed, fail-fast: the first one named', true, failed('worker', 'cron'), { kind: 'stop', failedService: 'worker' }],
])('%s', (_name, failFast, failures, expected) => {
  expect(afterUpdateFailures(failFast, failures)).toEqual(expected);
});

test('the reason names the failed update and says the rollout may still be under way', () => {
  expect(notWaitedAfterUpdateFailure('api', 'worker')).toBe(
    'Not waited for: fail-fast stopped at the first failure (UpdateService failed for worker); the deployment of api may still be in progress.',
  );
});
