import { describe, expect, test } from '@jest/globals';
import {
  POLL_POLICY,
  classifyPollError,
  isWorthRetrying,
  meansServiceDeploymentsUnavailable,
  nextPollDelay,
  stepCallBudget,
} from '../../../src/watch/poll-policy.js';

function awsError(name: string, httpStatusCode?: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    ...(httpStatusCode === undefined ? {} : { $metadata: { httpStatusCode } }),
    ...extra,
  });
}

describe('classifyPollError', () => {
  test.each([
    [awsError('ThrottlingException', 400), 'throttled'],
    [awsError('TooManyRequestsException', 429), 'throttled'],
    [awsError('SomethingNew', 400, { $retryable: { throttling: true } }), 'throttled'],
    [awsError('ServerException', 500), 'transient'],
    [awsError('ServiceUnavailable', 503), 'transient'],
    [awsError('TimeoutError'), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [awsError('AccessDeniedException', 400), 'denied'],
    [awsError('ExpiredTokenException', 400), 'expired'],
    [awsError('UnrecognizedClientException', 400), 'expired'],
    [awsError('UnknownOperationException', 400), 'unsupported'],
    [awsError('InvalidParameterException', 400), 'fatal'],
    [awsError('ClusterNotFoundException', 400), 'fatal'],
    [new TypeError('Cannot read properties of undefined'), 'fatal'],
  ])('%s is %s', (error, kind) => {
    expect(classifyPollError(error)).toBe(kind);
  });

  test.each([
    ['UnknownOperationException 400', awsError('UnknownOperationException', 400), true],
    ['AccessDeniedException 400', awsError('AccessDeniedException', 400), true],
    ['InvalidParameterException 400', awsError('InvalidParameterException', 400), true],
    ['an unknown 4xx (another implementation)', awsError('NotImplementedYet', 404), true],
    ['501 Not Implemented', awsError('InternalFailure', 501), true],
    ['a 200 body that is not JSON (SyntaxError)', awsError('SyntaxError', 200), true],
    ['ThrottlingException', awsError('ThrottlingException', 400), false],
    ['500 ServerException', awsError('ServerException', 500), false],
    ['503 ServiceUnavailable', awsError('ServiceUnavailable', 503), false],
    ['a connection reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), false],
    ['ExpiredTokenException', awsError('ExpiredTokenException', 400), false],
  ])('the service deployments API is done without after %s: %s', (_name, error, expected) => {
    expect(meansServiceDeploymentsUnavailable(error)).toBe(expected);
  });
});

test.each([
  ['throttled', true],
  ['transient', true],
  ['denied', false],
  ['expired', false],
  ['unsupported', false],
  ['fatal', false],
] as const)('a %s failure is worth another poll: %s', (kind, expected) => {
  expect(isWorthRetrying(kind)).toBe(expected);
});

describe('nextPollDelay (decorrelated jitter from shared/retry.ts)', () => {
  const half = () => 0.5;

  test('at the middle of its range it goes 5 s → 10 s → 15 s (the cap) while throttled or failing, and back to 5 s after a success', () => {
    const delays: number[] = [];
    let delay: number = POLL_POLICY.intervalMs;
    for (const poll of ['throttled', 'throttled', 'transient', 'ok', 'throttled'] as const) {
      delay = nextPollDelay(delay, poll, half);
      delays.push(delay);
    }
    expect(delays).toEqual([10_000, 15_000, 15_000, 5000, 10_000]);
  });

  test.each([
    ['lowest draw: the interval', 5000, 0, 5000],
    ['middle draw after the interval', 5000, 0.5, 10_000],
    ['highest draw after the interval: just under three intervals', 5000, 0.999, 14_990],
    ['middle draw after 10 s: capped at 15 s', 10_000, 0.5, 15_000],
    ['lowest draw after the cap: back to the interval', 15_000, 0, 5000],
    ['a low draw after the cap', 15_000, 0.2, 13_000],
    ['after a delay below the interval: counted from the interval', 1000, 0.5, 10_000],
  ])('%s (previous %i ms, random %f) is %i ms', (_name, previous, random, expected) => {
    expect(nextPollDelay(previous, 'throttled', () => random)).toBe(expected);
  });

  test('every backed-off delay lies between the 5 s interval and the 15 s cap', () => {
    const delays = [5000, 10_000, 15_000].flatMap((previous) =>
      Array.from({ length: 100 }, (_, step) => nextPollDelay(previous, 'transient', () => step / 100)),
    );
    expect(Math.min(...delays)).toBe(5000);
    expect(Math.max(...delays)).toBe(15_000);
  });

  test('a success returns to the interval whatever the draw', () => {
    expect(nextPollDelay(15_000, 'ok', () => 0.99)).toBe(5000);
  });

  test('is fixed in one frozen object', () => {
    expect(Object.isFrozen(POLL_POLICY)).toBe(true);
    expect([POLL_POLICY.firstPollDelayMs, POLL_POLICY.intervalMs, POLL_POLICY.maxBackoffMs, POLL_POLICY.maxCallsPerMinute]).toEqual([
      1000, 5000, 15_000, 30,
    ]);
  });
});

describe('stepCallBudget', () => {
  test.each([
    [0, 30, 4],
    [1, 30, 4],
    [2, 60, 8],
    [3, 90, 12],
  ])(
    '%i DescribeServices calls a poll give the step %i calls a minute, %i kept for polls',
    (calls, maxCallsPerMinute, reservedForPolls) => {
      expect(stepCallBudget(calls)).toEqual({ maxCallsPerMinute, reservedForPolls });
    },
  );
});
