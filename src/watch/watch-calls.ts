// Every AWS call of the step's watch goes through here: counted against the minute's budget, and on
// failure thrown as a FailedCall that already says which operation failed and what kind of failure it is,
// so no caller unwraps or classifies errors itself.
import { describeError } from '../shared/errors.js';
import { defaultSleep, retry, rootError } from '../shared/retry.js';
import { CallLedger } from './call-budget.js';
import { POLL_BACKOFF, POLL_READ_RETRY, classifyPollError, isWorthRetrying, type PollErrorKind } from './poll-policy.js';

/** A call of the watch that failed, sorted by what to do about it. `cause` is the error the call threw. */
export class FailedCall extends Error {
  readonly kind: PollErrorKind;

  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`${operation} failed: ${describeError(cause)}`);
    this.name = 'FailedCall';
    this.kind = classifyPollError(cause);
  }

  /** Throttled or transient: worth another try on the backoff. */
  get retryable(): boolean {
    return isWorthRetrying(this.kind);
  }
}

/** Whatever a step of the watch threw, as a FailedCall (anything else, a bug of ours included, as a failure of `operation`). */
export function asFailedCall(error: unknown, operation = 'polling'): FailedCall {
  return error instanceof FailedCall ? error : new FailedCall(operation, error);
}

export interface WatchClock {
  readonly now?: (() => number) | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly random?: (() => number) | undefined;
}

/**
 * Clock, budget and error classification of the step's watch. The step's instance makes the batched reads;
 * each service has a view of it (`forService`) with the same clock and budget and a count of its own, used
 * by the deploy and rollback watches of that service.
 */
export class WatchCalls {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  private count = 0;

  constructor(
    clock: WatchClock,
    readonly ledger: CallLedger = new CallLedger(),
    /** Reads of the step that ECS throttled and the poll still got through (shared by every view): the cadence slows on them. */
    private readonly throttling: { absorbed: number } = { absorbed: 0 },
  ) {
    this.now = clock.now ?? Date.now;
    this.sleep = clock.sleep ?? defaultSleep;
    this.random = clock.random ?? Math.random;
  }

  /** Calls made for this service: its own, and each batched call that read it among others. */
  get made(): number {
    return this.count;
  }

  /** One service's view: the same clock and budget, its own count. */
  forService(): WatchCalls {
    return new WatchCalls(this, this.ledger, this.throttling);
  }

  /** Throttled reads the polls got through so far (tried again, or done without): the loop compares it across a poll. */
  get absorbedThrottles(): number {
    return this.throttling.absorbed;
  }

  /** A throttled read the poll did without (the last known answer stands in for it): the step still slows down. */
  absorbThrottle(): void {
    this.throttling.absorbed += 1;
  }

  /** Counts a batched call the step made for this service among others. */
  credit(): void {
    this.count += 1;
  }

  /** A call every poll needs: waits for room in the minute's budget rather than skip it. Throws FailedCall. */
  async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    // Looped: calls of the step run side by side, and another may take the room while this one waits.
    for (let wait = this.ledger.waitFor(this.now(), 1); wait > 0; wait = this.ledger.waitFor(this.now(), 1)) await this.sleep(wait);
    this.ledger.record(this.now());
    this.count += 1;
    try {
      return await send();
    } catch (error) {
      throw new FailedCall(operation, error);
    }
  }

  /**
   * A read every poll needs (the batched DescribeServices, DescribeServiceDeployments, DescribeTasks): a
   * throttled or transient failure is tried once more within the poll (POLL_READ_RETRY, shared/retry.ts),
   * each attempt counted in the budget. Throws FailedCall when the second attempt fails too.
   */
  async read<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return retry(() => this.call(operation, send), {
      ...POLL_READ_RETRY,
      isRetryable: (error) => asFailedCall(error, operation).retryable,
      sleep: this.sleep,
      now: this.now,
      random: this.random,
      onRetry: (error) => {
        if (asFailedCall(error, operation).kind === 'throttled') this.absorbThrottle();
      },
    }).catch((error: unknown) => {
      throw asFailedCall(rootError(error), operation);
    });
  }

  /**
   * A call that changes the service (our rollback). The watch's ECS client makes one attempt per call (so
   * that every attempt is counted in the budget and classified here), so throttling and 5xx answers are
   * retried here, on the watch's backoff, rather than losing the rollback. Throws FailedCall.
   */
  async change<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return retry(() => this.call(operation, send), {
      ...POLL_BACKOFF,
      isRetryable: (error) => asFailedCall(error, operation).retryable,
      maxAttempts: 5,
      totalBudgetMs: 60_000,
      sleep: this.sleep,
      now: this.now,
      random: this.random,
    }).catch((error: unknown) => {
      throw asFailedCall(rootError(error), operation);
    });
  }

  /** An explanatory call: only when it fits in the budget with room left for the polls. */
  fits(calls: number): boolean {
    return this.ledger.hasRoomFor(this.now(), calls);
  }
}
