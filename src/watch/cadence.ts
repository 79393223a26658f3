// How soon the step polls again: a pure decision from what the last poll saw, how it went and how much of
// the minute's call budget is spent. Fast while tasks start or stop (a failure or a completion is seen
// within a couple of seconds), the normal interval while nothing moves, slower once nothing has changed
// for a while; jittered, so several steps of one account do not poll in step; and never faster than the
// step's calls-per-minute budget can carry. Throttling slows every service of the step at once, since they
// share the account's rate limit. No I/O and no clock reads: tested by tables.
import type { Service } from '@aws-sdk/client-ecs';
import { isWorthRetrying, nextPollDelay, POLL_POLICY, type PollErrorKind } from './poll-policy.js';
import type { WatchState } from './watch-state.js';

export const CADENCE = Object.freeze({
  /** Tasks starting or stopping, counts or events changing: look again this soon. */
  busyMs: 2_000,
  /**
   * Tasks still starting or stopping keep the busy cadence this long after the last change; a task pending
   * for longer (a slow image pull) is polled at the steady cadence, saving the budget's burst for when it runs.
   */
  busyForMs: 10_000,
  /** Nothing changed since the last poll. */
  steadyMs: POLL_POLICY.intervalMs,
  /** Nothing changed for quietAfterMs (a long health-check grace or bake time): look less often. */
  quietMs: 10_000,
  quietAfterMs: 60_000,
  /** The cadence stretches by this after a poll whose throttled read was answered when tried again. */
  slowedFactor: 1.5,
  /** Each delay is drawn from ±20 % around its value, so steps of one account spread out. */
  jitter: 0.2,
  /**
   * Polls go at the busy cadence while the calls of the last minute (and the next poll's) are within this
   * share of the budget: a burst that a short rollout fits in (a crash loop's failure at 9 s takes ~16).
   */
  burstShare: 0.6,
  /** Past the burst, polls are spaced so that they alone would use at most this share of the budget in a minute. */
  sustainedShare: 0.8,
});

/** What the last poll of a watch saw, busiest first. */
export type Activity = 'busy' | 'steady' | 'quiet';

const RANK: Readonly<Record<Activity, number>> = { busy: 2, steady: 1, quiet: 0 };

/**
 * Tasks of the service are starting or stopping: some deployment has tasks pending or runs more or fewer
 * than it wants, or an older deployment still runs tasks that the rollout is about to stop (the last step
 * before ECS calls it complete).
 */
export function tasksInTransition(service: Service): boolean {
  const deployments = service.deployments ?? [];
  return deployments.some(
    (deployment) =>
      (deployment.pendingCount ?? 0) > 0 ||
      (deployment.runningCount ?? 0) !== (deployment.desiredCount ?? 0) ||
      (deployment.status !== 'PRIMARY' && (deployment.runningCount ?? 0) > 0),
  );
}

/**
 * One watch's poll: busy when what ECS reports changed (counts, statuses, events, stopped tasks), or tasks
 * are starting or stopping and something changed within busyForMs; quiet when nothing at all has changed
 * for quietAfterMs (tasks that cannot be placed, say); steady otherwise.
 */
export function activityOf(previous: WatchState, next: WatchState, service: Service, nowMs: number): Activity {
  if (next.progressKey !== previous.progressKey) return 'busy';
  const sinceChangeMs = nowMs - next.lastProgressAtMs;
  if (sinceChangeMs >= CADENCE.quietAfterMs) return 'quiet';
  const moving = tasksInTransition(service) || next.stoppingTasksPending;
  return moving && sinceChangeMs < CADENCE.busyForMs ? 'busy' : 'steady';
}

/** The step polls as often as its busiest watch needs; no watch (every read failed) counts as steady. */
export function busiest(activities: readonly Activity[]): Activity {
  return activities.reduce<Activity>(
    (most, activity) => (RANK[activity] > RANK[most] ? activity : most),
    activities.length > 0 ? 'quiet' : 'steady',
  );
}

/**
 * How the last poll went for the step: every read answered; `slowed`, a read was throttled and answered when
 * tried again within the poll; or a read failed for good (throttled or transient), so the poll backs off.
 */
export type PollOutcome = 'ok' | 'slowed' | 'throttled' | 'transient';

/** How the poll went, from the kinds of its failed reads and the throttled reads it got through anyway. */
export function pollOutcome(failedReads: readonly PollErrorKind[], absorbedThrottles: number): PollOutcome {
  if (failedReads.includes('throttled')) return 'throttled';
  if (failedReads.some(isWorthRetrying)) return 'transient';
  return absorbedThrottles > 0 ? 'slowed' : 'ok';
}

export interface CadenceInput {
  readonly activity: Activity;
  readonly outcome: PollOutcome;
  /** The delay before the poll just made (the backoff grows from it). */
  readonly previousDelayMs: number;
  /** The calls every poll needs (DescribeServices and DescribeServiceDeployments batches), at least 1. */
  readonly pollCalls: number;
  /** Calls of the step in the last minute. */
  readonly usedInWindow: number;
  readonly maxCallsPerMinute: number;
  /** In [0, 1), like Math.random. */
  readonly random: () => number;
}

/** The delay before the step's next poll. */
export function nextCadence(input: CadenceInput): number {
  const { activity, outcome, random } = input;
  let delay: number;
  if (outcome === 'throttled' || outcome === 'transient') {
    // The shared backoff (decorrelated jitter between the normal interval and the cap) for every service at once.
    delay = nextPollDelay(input.previousDelayMs, outcome, random);
  } else {
    const base = activity === 'busy' ? CADENCE.busyMs : activity === 'steady' ? CADENCE.steadyMs : CADENCE.quietMs;
    // Throttled but answered on a second try: the account is near its rate limit, so the whole step
    // polls a third less often (within the backoff's cap) until a poll goes through untouched.
    const slowed = outcome === 'slowed' ? Math.min(base * CADENCE.slowedFactor, POLL_POLICY.maxBackoffMs) : base;
    delay = Math.round(slowed * (1 - CADENCE.jitter + 2 * CADENCE.jitter * random()));
  }
  return Math.max(delay, budgetFloorMs(input));
}

/**
 * The least delay the budget allows: none while the last minute's calls and the next poll's stay within the
 * burst share; past it, the spacing at which polls alone use the sustained share of the budget, so the
 * minute's room is spread out rather than spent and then waited for.
 */
export function budgetFloorMs(input: Pick<CadenceInput, 'pollCalls' | 'usedInWindow' | 'maxCallsPerMinute'>): number {
  const pollCalls = Math.max(1, input.pollCalls);
  if (input.usedInWindow + pollCalls <= input.maxCallsPerMinute * CADENCE.burstShare) return 0;
  return Math.ceil((pollCalls * 60_000) / (input.maxCallsPerMinute * CADENCE.sustainedShare));
}
