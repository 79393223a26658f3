import { describe, expect, test } from '@jest/globals';
import {
  CallLedger,
  POLL_POLICY,
  classifyPollError,
  meansServiceDeploymentsUnavailable,
  nextPollDelay,
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

  test('only a missing, denied or refused service deployments API means "do without it"', () => {
    expect(meansServiceDeploymentsUnavailable(awsError('UnknownOperationException', 400))).toBe(true);
    expect(meansServiceDeploymentsUnavailable(awsError('AccessDeniedException', 400))).toBe(true);
    expect(meansServiceDeploymentsUnavailable(awsError('InvalidParameterException', 400))).toBe(true);
    expect(meansServiceDeploymentsUnavailable(awsError('ThrottlingException', 400))).toBe(false);
    expect(meansServiceDeploymentsUnavailable(awsError('ExpiredTokenException', 400))).toBe(false);
  });
});

describe('nextPollDelay', () => {
  test('doubles from 5 s to at most 15 s while throttled or failing, and resets after a success', () => {
    const delays: number[] = [];
    let delay: number = POLL_POLICY.intervalMs;
    for (const poll of ['throttled', 'throttled', 'transient', 'ok', 'throttled'] as const) {
      delay = nextPollDelay(delay, poll);
      delays.push(delay);
    }
    expect(delays).toEqual([10_000, 15_000, 15_000, 5000, 10_000]);
  });

  test('is fixed in one frozen object', () => {
    expect(Object.isFrozen(POLL_POLICY)).toBe(true);
    expect([POLL_POLICY.firstPollDelayMs, POLL_POLICY.intervalMs, POLL_POLICY.maxBackoffMs, POLL_POLICY.maxCallsPerMinute]).toEqual([
      1000, 5000, 15_000, 30,
    ]);
  });
});

describe('CallLedger', () => {
  test('counts only the calls of the last minute', () => {
    const ledger = new CallLedger();
    for (let second = 0; second < 90; second += 5) ledger.record(second * 1000);
    expect(ledger.total).toBe(18);
    expect(ledger.usedInWindow(85_000)).toBe(12);
  });

  test('says how long to wait for room once the minute is full', () => {
    const ledger = new CallLedger();
    for (let call = 0; call < 30; call += 1) ledger.record(call * 1000);
    expect(ledger.waitFor(30_000, 1)).toBe(30_001);
    expect(ledger.waitFor(30_000, 2)).toBe(31_001);
    expect(ledger.waitFor(61_000, 1)).toBe(0);
  });

  test('keeps a reserve for polls when deciding on explanatory calls', () => {
    const ledger = new CallLedger();
    for (let call = 0; call < 24; call += 1) ledger.record(call);
    expect(ledger.hasRoomFor(100, 2)).toBe(true);
    ledger.record(101);
    expect(ledger.hasRoomFor(102, 2)).toBe(false);
  });
});
