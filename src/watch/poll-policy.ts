// How the deployment watch polls ECS, fixed here rather than taken from any SDK waiter, so a dependency
// bump can never stretch the cadence (the official deploy action once went to a poll every 10 minutes).
// Pure: the cadence, the backoff (the project's one scheme, shared/retry.ts) and error classification.

import { THROTTLING_RETRY_DELAY_BASE } from '@smithy/core/retry';
import { errorField, errorName, httpStatusOf, isNetworkError, isServerError, isThrottling } from '../shared/errors.js';
import { nextDelay, type RetryPolicy } from '../shared/retry.js';

export const POLL_POLICY = Object.freeze({
  /** ECS shows the new deployment at once; a quick first look catches an immediate pull failure. */
  firstPollDelayMs: 1_000,
  /** The poll interval while nothing changes; cadence.ts polls faster while tasks start or stop, slower when nothing moves. */
  intervalMs: 5_000,
  /** Throttled and transient failures back off (decorrelated jitter, never below intervalMs) up to this; a success returns to intervalMs. */
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

/**
 * The service deployments API is missing here (too old a deployment, no permission, no such operation): any
 * answer but "slow down", "try again" (5xx, network) or expired credentials. Other implementations of ECS's
 * API answer an operation they lack with a 4xx of any name, 501 Not Implemented, or a body that is not JSON
 * (the SDK's SyntaxError); retrying those only delays the watch, which has DescribeServices deployments[].
 */
export function meansServiceDeploymentsUnavailable(error: unknown): boolean {
  if (httpStatusOf(error) === 501) return true;
  const kind = classifyPollError(error);
  return kind === 'unsupported' || kind === 'denied' || kind === 'fatal';
}

/**
 * The watch's backoff in the terms of shared/retry.ts. Decorrelated jitter starting from the interval keeps
 * every backed-off delay within [intervalMs, maxBackoffMs]: never faster than the normal cadence while ECS
 * asks us to slow down, and spread so that several watches of one account do not retry in step.
 */
export const POLL_BACKOFF: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'jitter'> = Object.freeze({
  baseDelayMs: POLL_POLICY.intervalMs,
  maxDelayMs: POLL_POLICY.maxBackoffMs,
  jitter: 'decorrelated',
});

/**
 * A batched read of a poll that was throttled (or failed for a moment) is tried once more within the poll,
 * after the SDK's own first wait for throttling (full jitter below 500 ms), rather than losing the whole
 * poll to a 5–15 s backoff: the read covers every service of its batch, so this waits for all of them at
 * once. The second attempt is counted in the budget like the first; when it fails too, the poll backs off.
 */
export const POLL_READ_RETRY: Pick<RetryPolicy, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'totalBudgetMs' | 'jitter'> = Object.freeze({
  maxAttempts: 2,
  baseDelayMs: THROTTLING_RETRY_DELAY_BASE,
  maxDelayMs: THROTTLING_RETRY_DELAY_BASE,
  totalBudgetMs: 2_000,
  jitter: 'full',
});

/**
 * The calls-per-minute budget of a step's watch: one service's budget for each DescribeServices call a
 * poll needs, so it grows with ceil(services / 10) per cluster and not with the number of services, and a
 * watch of one service stays at maxCallsPerMinute.
 */
export function stepCallBudget(describeServicesCalls: number): { readonly maxCallsPerMinute: number; readonly reservedForPolls: number } {
  const share = Math.max(1, describeServicesCalls);
  return { maxCallsPerMinute: POLL_POLICY.maxCallsPerMinute * share, reservedForPolls: POLL_POLICY.reservedCallsForPolls * share };
}

/** Failures worth another try on the backoff: the rest end the watch (or the feature) at once. */
export function isWorthRetrying(kind: PollErrorKind): boolean {
  return kind === 'throttled' || kind === 'transient';
}

/**
 * Delay before the next poll: the interval after a success; after a throttled or transient poll, the
 * shared backoff from the previous delay. `random` is in [0, 1), like Math.random.
 */
export function nextPollDelay(previousDelayMs: number, lastPoll: 'ok' | 'throttled' | 'transient', random: () => number): number {
  if (lastPoll === 'ok') return POLL_POLICY.intervalMs;
  // Decorrelated jitter grows from the previous delay; the attempt number plays no part in it.
  return nextDelay(POLL_BACKOFF, 1, Math.max(previousDelayMs, POLL_POLICY.intervalMs), random);
}
