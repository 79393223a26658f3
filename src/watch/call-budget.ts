// The call budget of the deployment watch: every ECS and CloudWatch Logs call of the step's watch, kept
// within one calls-per-minute budget in any sliding minute (POLL_POLICY.maxCallsPerMinute for one service;
// stepCallBudget for several). Pure: the times come in.
import { POLL_POLICY } from './poll-policy.js';

/**
 * The window the ledger counts in: a minute, and a second more, since a call reaches AWS (and is counted
 * there) a little after it is recorded here, by more for some calls than others: without the margin, two
 * calls recorded just over a minute apart can arrive just under a minute apart.
 */
export const LEDGER_WINDOW_MS = 61_000;

/**
 * Timestamps of the calls made by the step's watch, to keep any sliding minute within the budget. Polls
 * wait for room; explanatory calls (stopped tasks, logs) are skipped while the budget is tight and tried later.
 */
export class CallLedger {
  private readonly times: number[] = [];

  constructor(
    readonly maxCallsPerMinute: number = POLL_POLICY.maxCallsPerMinute,
    /** Calls kept free for the next polls when deciding whether an explanatory call fits. */
    readonly reservedForPolls: number = POLL_POLICY.reservedCallsForPolls,
  ) {}

  get total(): number {
    return this.times.length;
  }

  record(nowMs: number): void {
    this.times.push(nowMs);
  }

  usedInWindow(nowMs: number): number {
    const windowStart = nowMs - LEDGER_WINDOW_MS;
    let used = 0;
    for (let index = this.times.length - 1; index >= 0; index -= 1) {
      const time = this.times[index];
      if (time === undefined || time <= windowStart) break;
      used += 1;
    }
    return used;
  }

  /** Milliseconds to wait before `calls` more calls fit in the minute (0 when they fit now). */
  waitFor(nowMs: number, calls: number): number {
    const over = this.usedInWindow(nowMs) + calls - this.maxCallsPerMinute;
    if (over <= 0) return 0;
    const inWindow = this.times.slice(this.times.length - this.usedInWindow(nowMs));
    const freeingCall = inWindow[over - 1];
    return freeingCall === undefined ? 0 : freeingCall + LEDGER_WINDOW_MS - nowMs + 1;
  }

  /** Room for `calls` optional calls while keeping the poll reserve free. */
  hasRoomFor(nowMs: number, calls: number): boolean {
    return this.usedInWindow(nowMs) + calls + this.reservedForPolls <= this.maxCallsPerMinute;
  }
}
