// One retry helper for every call that can fail for a moment (OIDC token, STS, and whoever else needs it).
// Pure given its injected sleep, clock and random source, so the tests replay exact schedules.

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
    super(`${messageOf(cause)} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${formatSeconds(elapsedMs)})`);
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
      if (!policy.isRetryable(error)) throw error;
      const elapsed = now() - started;
      if (attempt >= policy.maxAttempts) throw new RetryExhaustedError(error, attempt, elapsed);

      const delay = nextDelay(policy, attempt, previousDelay, random);
      if (elapsed + delay > policy.totalBudgetMs) throw new RetryExhaustedError(error, attempt, elapsed);

      previousDelay = delay;
      policy.onRetry?.(error, attempt, delay);
      await sleep(delay);
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

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
