// How the deployment watch polls ECS, fixed here rather than taken from any SDK waiter, so a dependency
// bump can never stretch the cadence (the official deploy action once went to a poll every 10 minutes).
// Pure: error classification, backoff arithmetic and the per-service call budget.

import { errorField, errorName, httpStatusOf, isNetworkError, isServerError, isThrottling } from '../shared/errors.js';

export const POLL_POLICY = Object.freeze({
  /** ECS shows the new deployment at once; a quick first look catches an immediate pull failure. */
  firstPollDelayMs: 1_000,
  intervalMs: 5_000,
  /** Throttled and transient failures double the delay up to this, then return to intervalMs on success. */
  maxBackoffMs: 15_000,
  /** Consecutive failed polls (throttled or transient) after which the watch gives up and says why. */
  maxConsecutiveErrors: 12,
  /** Every ECS and CloudWatch Logs call of one service's watch, in any sliding minute. */
  maxCallsPerMinute: 30,
  /** Calls kept free for the next polls when deciding whether an explanatory call (tasks, logs) fits. */
  reservedCallsForPolls: 4,
  /** Service deployments (and events) created this long before our UpdateService still count as ours. */
  clockSkewMs: 5_000,
  /** How many polls look for our entry in ListServiceDeployments before relying on DescribeServices alone. */
  maxServiceDeploymentLookups: 6,
  /**
   * Stopped tasks described per poll, after dropping those already reported. ListTasks does not guarantee
   * an order (newest first is not promised), so a busy crash loop is caught up over several polls.
   */
  maxStoppedTasksPerPoll: 10,
  /** Tasks whose container logs are fetched, over the whole watch. */
  maxTasksWithLogs: 3,
  logLinesPerContainer: 20,
  /** Our own rollback is watched for what is left of the wait, but never less than this. */
  minRollbackWatchMs: 120_000,
});

export type PollErrorKind =
  /** Slow down and retry. */
  | 'throttled'
  /** 5xx, timeouts, connection resets: retry on the same schedule, bounded. */
  | 'transient'
  /** The operation does not exist here (old API, stand-in, partition): a feature to do without. */
  | 'unsupported'
  /** The role may not call this: retrying will not help. */
  | 'denied'
  /** Credentials expired or were rejected: nothing else will work either. */
  | 'expired'
  /** Anything else the caller got wrong or the service refused: fail at once with its name and message. */
  | 'fatal';

const DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException']);
const EXPIRED_NAMES = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
]);
const UNSUPPORTED_NAMES = new Set(['UnknownOperationException', 'UnsupportedOperation', 'UnsupportedFeatureException']);
/**
 * Sorts a failed call by what the loop should do about it, from the error's name, its HTTP status and
 * the SDK's `$retryable` hint. Authorization, expired credentials and validation errors are never "keep
 * waiting": they end the watch at once with the error's own words.
 */
export function classifyPollError(error: unknown): PollErrorKind {
  const name = errorName(error);
  const status = httpStatusOf(error);
  const retryable = errorField(error, '$retryable');
  if (isThrottling(error) || errorField(retryable, 'throttling') === true) return 'throttled';
  if (EXPIRED_NAMES.has(name)) return 'expired';
  if (DENIED_NAMES.has(name)) return 'denied';
  if (UNSUPPORTED_NAMES.has(name)) return 'unsupported';
  // A name that stops resolving in the middle of a watch is a DNS blip, unlike a wrong endpoint before the first call.
  if (isServerError(error) || isNetworkError(error) || errorField(error, 'code') === 'ENOTFOUND') return 'transient';
  if (status === undefined && retryable !== undefined) return 'transient';
  return 'fatal';
}

/** The service deployments API is missing here (too old a deployment, no permission, no such operation). */
export function meansServiceDeploymentsUnavailable(error: unknown): boolean {
  const kind = classifyPollError(error);
  return kind === 'unsupported' || kind === 'denied' || errorName(error) === 'InvalidParameterException';
}

/** Delay before the next poll: back to the interval after a success, doubling after a throttled or transient one. */
export function nextPollDelay(previousDelayMs: number, lastPoll: 'ok' | 'throttled' | 'transient'): number {
  if (lastPoll === 'ok') return POLL_POLICY.intervalMs;
  const base = Math.max(previousDelayMs, POLL_POLICY.intervalMs);
  return Math.min(base * 2, POLL_POLICY.maxBackoffMs);
}

/**
 * Timestamps of the calls made for one service, to keep any sliding minute within the budget. Polls wait
 * for room; explanatory calls (stopped tasks, logs) are skipped while the budget is tight and tried later.
 */
export class CallLedger {
  private readonly times: number[] = [];

  get total(): number {
    return this.times.length;
  }

  record(nowMs: number): void {
    this.times.push(nowMs);
  }

  usedInWindow(nowMs: number): number {
    const windowStart = nowMs - 60_000;
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
    const over = this.usedInWindow(nowMs) + calls - POLL_POLICY.maxCallsPerMinute;
    if (over <= 0) return 0;
    const inWindow = this.times.slice(this.times.length - this.usedInWindow(nowMs));
    const freeingCall = inWindow[over - 1];
    return freeingCall === undefined ? 0 : freeingCall + 60_000 - nowMs + 1;
  }

  /** Room for `calls` optional calls while keeping the poll reserve free. */
  hasRoomFor(nowMs: number, calls: number): boolean {
    return this.usedInWindow(nowMs) + calls + POLL_POLICY.reservedCallsForPolls <= POLL_POLICY.maxCallsPerMinute;
  }
}
