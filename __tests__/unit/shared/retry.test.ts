import { describe, expect, test } from '@jest/globals';
import type { RetryErrorInfo } from '@smithy/types';
import {
  decideRetry,
  nextDelay,
  retry,
  RetryExhaustedError,
  rootError,
  SdkRetryStrategy,
  type RetryPolicy,
} from '../../../src/shared/retry.js';

class Transient extends Error {}
class Permanent extends Error {}

/** A fake clock that sleeping advances, and a record of every wait. */
function fakeTime(randomValues: number[] = [0.5]) {
  let clock = 1_000_000;
  const waits: number[] = [];
  let draw = 0;
  return {
    waits,
    now: () => clock,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
    random: () => randomValues[draw++ % randomValues.length] ?? 0,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

function policy(time: ReturnType<typeof fakeTime>, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    isRetryable: (error) => error instanceof Transient,
    maxAttempts: 5,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    totalBudgetMs: 60_000,
    sleep: time.sleep,
    now: time.now,
    random: time.random,
    ...overrides,
  };
}

/** An operation that fails with the given errors in turn, then answers `done`. */
function failing(errors: Error[]) {
  const attempts: number[] = [];
  const operation = async (attempt: number) => {
    attempts.push(attempt);
    const error = errors[attempt - 1];
    if (error) throw error;
    return 'done';
  };
  return { operation, attempts };
}

describe('retry', () => {
  test.each([
    { name: 'succeeds first time without waiting', errors: [], attempts: 1, waits: [] },
    { name: 'retries transient failures then succeeds', errors: [new Transient('a'), new Transient('b')], attempts: 3, waits: [50, 100] },
    {
      name: 'backs off exponentially up to the cap',
      errors: [1, 2, 3, 4].map(() => new Transient('x')),
      attempts: 5,
      waits: [50, 100, 200, 400],
    },
  ])('$name', async ({ errors, attempts, waits }) => {
    const time = fakeTime([0.5]);
    const { operation, attempts: seen } = failing(errors);
    await expect(retry(operation, policy(time))).resolves.toBe('done');
    expect(seen).toHaveLength(attempts);
    expect(seen).toEqual(Array.from({ length: attempts }, (_, index) => index + 1));
    expect(time.waits).toEqual(waits);
  });

  test('rethrows a non-retryable error at once, unchanged, after one call', async () => {
    const time = fakeTime();
    const permanent = new Permanent('denied');
    const { operation, attempts } = failing([permanent]);
    await expect(retry(operation, policy(time))).rejects.toBe(permanent);
    expect(attempts).toEqual([1]);
    expect(time.waits).toEqual([]);
  });

  test('stops retrying when a permanent error follows transient ones', async () => {
    const time = fakeTime();
    const permanent = new Permanent('denied');
    const { operation, attempts } = failing([new Transient('a'), permanent]);
    await expect(retry(operation, policy(time))).rejects.toBe(permanent);
    expect(attempts).toEqual([1, 2]);
  });

  test('throws the last error with the attempt count when attempts run out', async () => {
    const time = fakeTime();
    const last = new Transient('third');
    const { operation, attempts } = failing([new Transient('first'), new Transient('second'), last]);
    const error = await retry(operation, policy(time, { maxAttempts: 3 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    const exhausted = error as RetryExhaustedError;
    expect(exhausted.cause).toBe(last);
    expect(exhausted.attempts).toBe(3);
    expect(exhausted.message).toMatch(/^third \(gave up after 3 attempts in /);
    expect(rootError(exhausted)).toBe(last);
    expect(attempts).toEqual([1, 2, 3]);
  });

  test('never waits past the total budget', async () => {
    const time = fakeTime([0.999]);
    const errors = Array.from({ length: 20 }, () => new Transient('slow'));
    const { operation, attempts } = failing(errors);
    const started = time.now();
    const error = await retry(
      operation,
      policy(time, { maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 8000, totalBudgetMs: 10_000 }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    // Waits of ~1 s, 2 s, 4 s reach 7 s; the next (~8 s) would cross 10 s.
    expect(time.waits).toEqual([999, 1998, 3996]);
    expect(attempts).toHaveLength(4);
    expect(time.now() - started).toBeLessThanOrEqual(10_000);
  });

  test('counts time the operation itself takes against the budget', async () => {
    const time = fakeTime([0.5]);
    const { operation: fail, attempts } = failing(Array.from({ length: 10 }, () => new Transient('slow')));
    const slow = async (attempt: number) => {
      time.advance(5000);
      return fail(attempt);
    };
    await expect(retry(slow, policy(time, { maxAttempts: 10, totalBudgetMs: 9000 }))).rejects.toBeInstanceOf(RetryExhaustedError);
    expect(attempts).toHaveLength(2);
  });

  test('reports each retry with the error, the failed attempt and the wait', async () => {
    const time = fakeTime([0.5]);
    const first = new Transient('first');
    const second = new Transient('second');
    const { operation } = failing([first, second]);
    const reports: [unknown, number, number][] = [];
    await retry(operation, policy(time, { onRetry: (error, attempt, delay) => reports.push([error, attempt, delay]) }));
    expect(reports).toEqual([
      [first, 1, 50],
      [second, 2, 100],
    ]);
  });

  test('uses real timers by default', async () => {
    const { operation } = failing([new Transient('once')]);
    await expect(
      retry(operation, { isRetryable: () => true, maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, totalBudgetMs: 1000 }),
    ).resolves.toBe('done');
  });
});

describe('nextDelay', () => {
  test.each([
    { jitter: 'full', attempt: 1, previous: 100, random: 0, expected: 0 },
    { jitter: 'full', attempt: 1, previous: 100, random: 0.999, expected: 100 },
    { jitter: 'full', attempt: 3, previous: 100, random: 0.5, expected: 200 },
    { jitter: 'full', attempt: 10, previous: 100, random: 0.5, expected: 500 },
    { jitter: 'decorrelated', attempt: 1, previous: 100, random: 0, expected: 100 },
    { jitter: 'decorrelated', attempt: 1, previous: 100, random: 0.5, expected: 200 },
    { jitter: 'decorrelated', attempt: 2, previous: 200, random: 0.5, expected: 350 },
    { jitter: 'decorrelated', attempt: 5, previous: 900, random: 0.99, expected: 1000 },
  ] as const)(
    '$jitter jitter after attempt $attempt (previous $previous, random $random) waits $expected ms',
    ({ jitter, attempt, previous, random, expected }) => {
      expect(nextDelay({ baseDelayMs: 100, maxDelayMs: 1000, jitter }, attempt, previous, () => random)).toBe(expected);
    },
  );

  test('decorrelated jitter stays within base and cap over a long run', () => {
    let previous = 100;
    for (let attempt = 1; attempt <= 50; attempt++) {
      previous = nextDelay({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 'decorrelated' }, attempt, previous, Math.random);
      expect(previous).toBeGreaterThanOrEqual(100);
      expect(previous).toBeLessThanOrEqual(1000);
    }
  });
});

describe('decideRetry', () => {
  const time = fakeTime([0.5]);
  test.each([
    { label: 'a permanent error is rethrown', error: new Permanent('x'), attempt: 1, elapsed: 0, expected: { action: 'rethrow' } },
    { label: 'a transient error waits', error: new Transient('x'), attempt: 2, elapsed: 0, expected: { action: 'wait', delayMs: 100 } },
    { label: 'the last attempt gives up', error: new Transient('x'), attempt: 5, elapsed: 0, expected: { action: 'give-up' } },
    {
      label: 'a wait past the budget gives up',
      error: new Transient('x'),
      attempt: 2,
      elapsed: 59_950,
      expected: { action: 'give-up' },
    },
  ])('$label', ({ error, attempt, elapsed, expected }) => {
    expect(decideRetry(policy(time), error, attempt, elapsed, 100, () => 0.5)).toEqual(expected);
  });
});

describe('SdkRetryStrategy', () => {
  /** What the SDK's retry middleware does with a strategy: refresh after each failure until refused. */
  async function drive(strategy: SdkRetryStrategy, errors: Error[]) {
    let token = await strategy.acquireInitialRetryToken();
    for (const error of errors) {
      try {
        // The middleware hands over what it caught; TypeScript's Error types `cause` wider than the SDK's.
        token = await strategy.refreshRetryTokenForRetry(token, {
          error: error as NonNullable<RetryErrorInfo['error']>,
          errorType: 'CLIENT_ERROR',
        });
      } catch {
        return { refusedAfter: error, retries: token.getRetryCount() };
      }
      expect(token.getRetryDelay()).toBe(0);
    }
    return { refusedAfter: undefined, retries: token.getRetryCount() };
  }

  test('waits with the injected sleep on the same schedule as retry(), reporting each retry', async () => {
    const time = fakeTime([0.5]);
    const reports: [unknown, number, number][] = [];
    const first = new Transient('first');
    const strategy = new SdkRetryStrategy(policy(time, { onRetry: (error, attempt, delay) => reports.push([error, attempt, delay]) }));
    const outcome = await drive(strategy, [first, new Transient('second'), new Transient('third')]);
    expect(outcome).toEqual({ refusedAfter: undefined, retries: 3 });
    expect(time.waits).toEqual([50, 100, 200]);
    expect(reports[0]).toEqual([first, 1, 50]);
  });

  test('refuses a permanent error at once, and call() rethrows it unchanged', async () => {
    const time = fakeTime();
    const strategy = new SdkRetryStrategy(policy(time));
    const permanent = new Permanent('denied');
    expect(await drive(strategy, [permanent])).toEqual({ refusedAfter: permanent, retries: 0 });
    expect(time.waits).toEqual([]);
    await expect(strategy.call(() => Promise.reject(permanent))).rejects.toBe(permanent);
  });

  test('when the attempts run out, call() throws a RetryExhaustedError with the last error and the facts', async () => {
    const time = fakeTime([0.5]);
    const strategy = new SdkRetryStrategy(policy(time, { maxAttempts: 3 }));
    const last = new Transient('third');
    expect(await drive(strategy, [new Transient('first'), new Transient('second'), last])).toEqual({ refusedAfter: last, retries: 2 });
    const error = await strategy.call(() => Promise.reject(last)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect((error as RetryExhaustedError).cause).toBe(last);
    expect((error as RetryExhaustedError).attempts).toBe(3);
    expect((error as RetryExhaustedError).elapsedMs).toBe(150);
    expect((error as Error).message).toBe('third (gave up after 3 attempts in 0.1 s)');
  });

  test('never waits past the total budget, counted from the first attempt of the call', async () => {
    const time = fakeTime([0.999]);
    const strategy = new SdkRetryStrategy(policy(time, { maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 8000, totalBudgetMs: 10_000 }));
    const outcome = await drive(
      strategy,
      Array.from({ length: 20 }, () => new Transient('slow')),
    );
    expect(outcome.retries).toBe(3);
    expect(time.waits).toEqual([999, 1998, 3996]);
  });

  test('a successful call comes back as it is', async () => {
    const strategy = new SdkRetryStrategy(policy(fakeTime()));
    await expect(strategy.call(() => Promise.resolve('done'))).resolves.toBe('done');
  });
});
