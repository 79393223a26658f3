// The poll cadence as tables: what a poll saw → how busy the step is → how soon it polls again, within the budget.
import { describe, expect, test } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import {
  CADENCE,
  activityOf,
  budgetFloorMs,
  busiest,
  nextCadence,
  pollOutcome,
  tasksInTransition,
  type Activity,
  type CadenceInput,
  type PollOutcome,
} from '../../../src/watch/cadence.js';
import { startWatch, type WatchState } from '../../../src/watch/watch-state.js';
import { T0, oldDeployment, ourDeployment, service, watchTarget } from '../../../__fixtures__/watch-snapshots.js';

const allRunning = service({ deployments: [ourDeployment({ runningCount: 2 })] });

describe('tasksInTransition', () => {
  test.each<[string, Service, boolean]>([
    ['tasks of ours pending', service({ deployments: [ourDeployment({ pendingCount: 2 })] }), true],
    [
      'ours running fewer than desired (placing, or replacing a crashed task)',
      service({ deployments: [ourDeployment({ runningCount: 1 })] }),
      true,
    ],
    [
      'an old deployment still running tasks the rollout will stop',
      service({ deployments: [ourDeployment({ runningCount: 2 }), oldDeployment()] }),
      true,
    ],
    [
      'an old deployment drained to none',
      service({ deployments: [ourDeployment({ runningCount: 2 }), oldDeployment({ runningCount: 0, desiredCount: 0 })] }),
      false,
    ],
    ['ours alone, every task running', allRunning, false],
    ['no deployments at all', service({ deployments: [] }), false],
  ])('%s: %s', (_name, shape, expected) => {
    expect(tasksInTransition(shape)).toBe(expected);
  });
});

describe('activityOf', () => {
  const before: WatchState = { ...startWatch(watchTarget()), progressKey: 'k1', lastProgressAtMs: T0 };
  const after = (fields: Partial<WatchState>): WatchState => ({ ...before, ...fields });

  test.each<[string, WatchState, Service, number, Activity]>([
    [
      'what ECS reports changed (a count, a status, an event, a stopped task)',
      after({ progressKey: 'k2', lastProgressAtMs: T0 + 90_000 }),
      allRunning,
      90_000,
      'busy',
    ],
    [
      'nothing changed, but tasks are starting',
      after({}),
      service({ deployments: [ourDeployment({ pendingCount: 1, runningCount: 1 })] }),
      9_999,
      'busy',
    ],
    [
      'nothing changed for 10 s while tasks are starting (a slow image pull)',
      after({}),
      service({ deployments: [ourDeployment({ pendingCount: 1, runningCount: 1 })] }),
      10_000,
      'steady',
    ],
    ['nothing changed, but a task was still stopping at the last look', after({ stoppingTasksPending: true }), allRunning, 5_000, 'busy'],
    ['nothing changed and no task starts or stops', after({}), allRunning, 10_000, 'steady'],
    ['nothing changed for just under a minute', after({}), allRunning, 59_999, 'steady'],
    ['nothing changed for a minute', after({}), allRunning, 60_000, 'quiet'],
    [
      'nothing changed for a minute although tasks look pending (they cannot be placed)',
      after({}),
      service({ deployments: [ourDeployment({ pendingCount: 2 })] }),
      120_000,
      'quiet',
    ],
  ])('%s: %s', (_name, next, shape, sinceProgressMs, expected) => {
    expect(activityOf(before, next, shape, T0 + sinceProgressMs)).toBe(expected);
  });
});

test.each<[Activity[], Activity]>([
  [['quiet', 'steady', 'busy'], 'busy'],
  [['quiet', 'steady'], 'steady'],
  [['quiet', 'quiet'], 'quiet'],
  [[], 'steady'],
])('the step polls as its busiest watch needs: %j → %s', (activities, expected) => {
  expect(busiest(activities)).toBe(expected);
});

test.each<[Parameters<typeof pollOutcome>[0], number, PollOutcome]>([
  [[], 0, 'ok'],
  [[], 1, 'slowed'],
  [['transient'], 0, 'transient'],
  [['transient', 'throttled'], 0, 'throttled'],
  [['denied'], 0, 'ok'],
  [['denied'], 2, 'slowed'],
  [['fatal', 'transient'], 1, 'transient'],
])('a poll with failed reads %j and %i throttled reads got through is %s', (failed, absorbed, expected) => {
  expect(pollOutcome(failed, absorbed)).toBe(expected);
});

describe('nextCadence', () => {
  const input = (fields: Partial<CadenceInput>): CadenceInput => ({
    activity: 'busy',
    outcome: 'ok',
    previousDelayMs: 2000,
    pollCalls: 2,
    usedInWindow: 0,
    maxCallsPerMinute: 30,
    random: () => 0.5,
    ...fields,
  });

  test.each<[string, Partial<CadenceInput>, number]>([
    ['busy, middle draw', {}, 2000],
    ['busy, lowest draw: 20 % sooner', { random: () => 0 }, 1600],
    ['busy, highest draw: 20 % later', { random: () => 0.999 }, 2399],
    ['steady', { activity: 'steady' }, 5000],
    ['steady, lowest draw', { activity: 'steady', random: () => 0 }, 4000],
    ['quiet', { activity: 'quiet' }, 10_000],
    ['busy, a throttled read got through on its retry: half as long again', { outcome: 'slowed' }, 3000],
    ['steady, slowed', { activity: 'steady', outcome: 'slowed' }, 7500],
    ['quiet, slowed: capped at the backoff cap', { activity: 'quiet', outcome: 'slowed' }, 15_000],
    ['throttled for good after a busy poll: the shared backoff from the 5 s interval', { outcome: 'throttled' }, 10_000],
    ['throttled again after 10 s: the 15 s cap', { outcome: 'throttled', previousDelayMs: 10_000 }, 15_000],
    ['transient, lowest draw: the 5 s interval', { outcome: 'transient', random: () => 0 }, 5000],
    ['busy, but the last minute used 17 of 30 calls: polls spaced for 24 calls a minute', { usedInWindow: 17 }, 5000],
    ['busy, 16 of 30 used: the next poll still fits in the burst', { usedInWindow: 16 }, 2000],
    [
      '20 services (2 DescribeServices batches, 60 calls a minute), 3 calls a poll, 40 used',
      { pollCalls: 3, usedInWindow: 40, maxCallsPerMinute: 60 },
      3750,
    ],
    ['backoff above the floor stays', { outcome: 'throttled', usedInWindow: 25 }, 10_000],
  ])('%s → %i ms', (_name, fields, expected) => {
    expect(nextCadence(input(fields))).toBe(expected);
  });

  test('at any draw, a busy poll comes 1.6–2.4 s later, a steady one 4–6 s, a quiet one 8–12 s', () => {
    const draws = Array.from({ length: 100 }, (_, step) => step / 100);
    for (const [activity, low, high] of [
      ['busy', 1600, 2400],
      ['steady', 4000, 6000],
      ['quiet', 8000, 12_000],
    ] as const) {
      const delays = draws.map((draw) => nextCadence(input({ activity, random: () => draw })));
      expect(Math.min(...delays)).toBe(low);
      expect(Math.max(...delays)).toBeLessThan(high);
    }
  });

  test('a failed poll never comes back sooner than the 5 s interval, nor later than the 15 s cap', () => {
    const delays = [2000, 5000, 15_000].flatMap((previousDelayMs) =>
      Array.from({ length: 100 }, (_, step) => nextCadence(input({ outcome: 'throttled', previousDelayMs, random: () => step / 100 }))),
    );
    expect(Math.min(...delays)).toBe(5000);
    expect(Math.max(...delays)).toBe(15_000);
  });
});

describe('budgetFloorMs', () => {
  test.each([
    // used, calls a poll, budget → floor
    [0, 2, 30, 0],
    [16, 2, 30, 0],
    [17, 2, 30, 5000],
    [29, 2, 30, 5000],
    [17, 4, 30, 10_000],
    [0, 0, 30, 0],
    [36, 0, 30, 2500],
    [34, 2, 60, 0],
    [35, 2, 60, 2500],
  ])('%i calls in the last minute, %i a poll, %i a minute: at least %i ms', (usedInWindow, pollCalls, maxCallsPerMinute, expected) => {
    expect(budgetFloorMs({ usedInWindow, pollCalls, maxCallsPerMinute })).toBe(expected);
  });

  test('past the burst, polls alone stay within the sustained share of any budget', () => {
    for (const maxCallsPerMinute of [30, 60, 90]) {
      for (const pollCalls of [1, 2, 3, 5]) {
        const floor = budgetFloorMs({ usedInWindow: maxCallsPerMinute, pollCalls, maxCallsPerMinute });
        expect((60_000 / floor) * pollCalls).toBeLessThanOrEqual(maxCallsPerMinute * CADENCE.sustainedShare);
      }
    }
  });
});
