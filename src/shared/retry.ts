// One backoff scheme for every call that can fail for a moment, with two drivers: `retry()` loops over
// calls the SDK knows nothing about (the OIDC token), and `SdkRetryStrategy` plugs the same policy
// into an SDK client's own retry middleware (STS). Pure given its injected sleep, clock and random
// source, so the tests replay exact schedules.
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { errorMessage } from './errors.js';

export type Jitter = 'full' | 'decorrelated';

export interface RetryPolicy {
  /** Only errors this accepts are retried; any other error is rethrown at once, unchanged. */
  isRetryable(error: unknown): boolean;
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No attempt starts after this much time since the first one; a delay that would cross it ends the retries. */
  totalBudgetMs: number;
  /**
   * `full` (default): a random delay in [0, min(max, base·2^(n-1))).
   * `decorrelated`: a random delay in [base, previous·3), capped at max; spreads better under contention.
   */
  jitter?: Jitter;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** In [0, 1), like Math.random. */
  random?: () => number;
  /** Called before each wait; `attempt` is the attempt that just failed (1-based). */
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
}

/** Thrown when retryable failures outlast the attempts or the time budget; `cause` is the last error. */
export class RetryExhaustedError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly attempts: number,
    readonly elapsedMs: number,
  ) {
    super(`${errorMessage(cause)} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${formatSeconds(elapsedMs)})`);
    this.name = 'RetryExhaustedError';
  }
}

/** The error that actually happened: the last one when the retries ran out, else the error itself. */
export function rootError(error: unknown): unknown {
  return error instanceof RetryExhaustedError ? error.cause : error;
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What to do after failed attempt `attempt`: wait and try again, rethrow as it is, or give up. */
export type RetryDecision =
  { readonly action: 'wait'; readonly delayMs: number } | { readonly action: 'rethrow' } | { readonly action: 'give-up' };

/** The one decision both drivers take; `elapsedMs` runs from the start of the first attempt. */
export function decideRetry(
  policy: RetryPolicy,
  error: unknown,
  attempt: number,
  elapsedMs: number,
  previousDelay: number,
  random: () => number,
): RetryDecision {
  if (!policy.isRetryable(error)) return { action: 'rethrow' };
  if (attempt >= policy.maxAttempts) return { action: 'give-up' };
  const delayMs = nextDelay(policy, attempt, previousDelay, random);
  if (elapsedMs + delayMs > policy.totalBudgetMs) return { action: 'give-up' };
  return { action: 'wait', delayMs };
}

export async function retry<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? defaultSleep;
  const random = policy.random ?? Math.random;
  const started = now();
  let previousDelay = policy.baseDelayMs;

  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const elapsed = now() - started;
      const decision = decideRetry(policy, error, attempt, elapsed, previousDelay, random);
      if (decision.action === 'rethrow') throw error;
      if (decision.action === 'give-up') throw new RetryExhaustedError(error, attempt, elapsed);
      previousDelay = decision.delayMs;
      policy.onRetry?.(error, attempt, decision.delayMs);
      await sleep(decision.delayMs);
    }
  }
}

/** The wait after failed attempt `attempt` (1-based); exported for the schedule tables. */
export function nextDelay(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'jitter'>,
  attempt: number,
  previousDelay: number,
  random: () => number,
): number {
  const { baseDelayMs: base, maxDelayMs: max } = policy;
  if ((policy.jitter ?? 'full') === 'decorrelated') {
    const upper = Math.max(base, previousDelay * 3);
    return Math.round(Math.min(max, base + random() * (upper - base)));
  }
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** One SDK call's progress: how many retries so far, since when, and the last wait (for decorrelated jitter). */
class AttemptToken implements RetryToken {
  constructor(
    readonly retries: number,
    readonly startedAt: number,
    readonly previousDelay: number,
  ) {}

  getRetryCount(): number {
    return this.retries;
  }

  /** Zero: the strategy has already waited (with the injected sleep), as the SDK's own strategies do. */
  getRetryDelay(): number {
    return 0;
  }
}

/**
 * The policy as an SDK client's `retryStrategy`: the SDK's retry middleware resends the request,
 * this decides and waits exactly as `retry()` would. A client that uses it should make its calls
 * through `call()`, so that running out of retries reads the same as from `retry()`.
 */
export class SdkRetryStrategy implements RetryStrategyV2 {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** Errors the retries ran out on, with the facts for the message; the middleware rethrows the error itself. */
  private readonly exhausted = new WeakMap<object, RetryExhaustedError>();

  constructor(private readonly policy: RetryPolicy) {
    this.now = policy.now ?? Date.now;
    this.sleep = policy.sleep ?? defaultSleep;
    this.random = policy.random ?? Math.random;
  }

  acquireInitialRetryToken(): Promise<RetryToken> {
    return Promise.resolve(new AttemptToken(0, this.now(), this.policy.baseDelayMs));
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const progress = token instanceof AttemptToken ? token : new AttemptToken(token.getRetryCount(), this.now(), this.policy.baseDelayMs);
    const { error } = errorInfo;
    const attempt = progress.retries + 1;
    const elapsed = this.now() - progress.startedAt;
    const decision = decideRetry(this.policy, error, attempt, elapsed, progress.previousDelay, this.random);
    if (decision.action !== 'wait') {
      if (decision.action === 'give-up' && error) this.exhausted.set(error, new RetryExhaustedError(error, attempt, elapsed));
      // The middleware answers any refusal by rethrowing the call's own error.
      throw new Error('No retry');
    }
    this.policy.onRetry?.(error, attempt, decision.delayMs);
    await this.sleep(decision.delayMs);
    return new AttemptToken(attempt, progress.startedAt, decision.delayMs);
  }

  recordSuccess(): void {
    // No retry quota to refill: each call stands on its own budget.
  }

  /** Runs one call of a client using this strategy; a failure the retries ran out on becomes a RetryExhaustedError. */
  async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const exhausted = typeof error === 'object' && error !== null ? this.exhausted.get(error) : undefined;
      throw exhausted ?? error;
    }
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
