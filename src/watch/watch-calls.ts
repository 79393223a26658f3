// Every AWS call of one service's watch goes through here: counted against the minute's budget, and on
// failure thrown as a FailedCall that already says which operation failed and what kind of failure it is,
// so no caller unwraps or classifies errors itself.
import { describeError } from '../shared/errors.js';
import { defaultSleep, retry, rootError } from '../shared/retry.js';
import { CallLedger } from './call-budget.js';
import { POLL_BACKOFF, classifyPollError, isWorthRetrying, type PollErrorKind } from './poll-policy.js';

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

/** Clock, budget and error classification shared by the watches (deploy, then rollback) of one service. */
export class WatchCalls {
  readonly ledger = new CallLedger();
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;

  constructor(clock: WatchClock) {
    this.now = clock.now ?? Date.now;
    this.sleep = clock.sleep ?? defaultSleep;
    this.random = clock.random ?? Math.random;
  }

  /** A call every poll needs: waits for room in the minute's budget rather than skip it. Throws FailedCall. */
  async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    const wait = this.ledger.waitFor(this.now(), 1);
    if (wait > 0) await this.sleep(wait);
    this.ledger.record(this.now());
    try {
      return await send();
    } catch (error) {
      throw new FailedCall(operation, error);
    }
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
