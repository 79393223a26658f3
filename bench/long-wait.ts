// API calls per minute of waiting, per service: a deploy that stays IN_PROGRESS for the whole
// `wait-for-minutes: 1` (a crash loop without circuit breaker, `max-failed-tasks: 0`, no rollback of
// ours), so the watch polls and explains stopped tasks (ListTasks, DescribeTasks, GetLogEvents) for a
// full minute: the worst case for its call budget.
import type { World } from '../standin/harness/world.js';
import { expectExit, timedRun } from './action-process.js';
import { busiestWindow, callsWithin, firstCall } from './timeline.js';

export interface LongWaitSample {
  readonly waitedMs: number;
  /** ECS and CloudWatch Logs calls after UpdateService, per minute of the wait. */
  readonly callsPerMinute: number;
  /** The most of those calls in any sliding 60 s. */
  readonly busiestMinute: number;
  readonly maxRssBytes: number | undefined;
}

export const LONG_WAIT_INPUTS = { 'wait-for-minutes': '1', 'max-failed-tasks': '0', 'rollback-on-failure': 'false' } as const;

export async function measureLongWait(world: World): Promise<LongWaitSample> {
  const timed = await timedRun({ inputs: world.inputs(LONG_WAIT_INPUTS), env: world.env(), workspace: world.workspace, measureRss: true });
  expectExit(timed, 1, 'long wait (crash loop without circuit breaker)');
  const calls = callsWithin(world.standin.calls(), { from: timed.spawnedAt, to: timed.exitedAt });
  const update = firstCall(calls, 'ecs', 'UpdateService');
  if (update === undefined) throw new Error('long wait: no UpdateService call in the record');
  const waiting = calls.filter((call) => call.wallTime > update.wallTime && (call.service === 'ecs' || call.service === 'logs'));
  const waitedMs = timed.exitedAt - update.wallTime;
  return {
    waitedMs,
    callsPerMinute: waiting.length / (waitedMs / 60_000),
    busiestMinute: busiestWindow(waiting, 60_000),
    maxRssBytes: timed.maxRssBytes,
  };
}
