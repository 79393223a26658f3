// Many services in one step: how many ECS calls each poll of the watch costs (for 1 and for 20 services),
// how soon the action exits once the last of 20 services completed, once one of 20 failed, and once one
// service completed while ECS throttles every 3rd call. Polls are read from the stand-in's call record:
// the watch's calls after the last UpdateService, in bursts (the calls of one poll go out together; polls
// are at least a second apart).
import type { RecordedCall } from '../standin/index.js';
import { CLUSTER, type World } from '../standin/harness/world.js';
import { expectExit, timedRun, type TimedRun } from './action-process.js';
import { callsWithin, completedAt, failedAt, type Window } from './timeline.js';
import { commitSha } from './worlds.js';

/** Calls of one poll arrive within this of each other; polls are 1 s or more apart. */
const POLL_BURST_MS = 400;

export function serviceNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${String(index + 1)}`);
}

/** Sizes of the bursts of the watch's ECS calls: those after the last UpdateService of the run. */
export function callsPerPoll(calls: readonly RecordedCall[]): number[] {
  const ecs = calls.filter((call) => call.service === 'ecs');
  const lastUpdate = ecs.findLastIndex((call) => call.operation === 'UpdateService');
  const watch = ecs.slice(lastUpdate + 1).filter((call) => call.operation !== 'StopServiceDeployment');
  const polls: number[] = [];
  let previous: number | undefined;
  for (const call of watch) {
    if (previous === undefined || call.wallTime - previous > POLL_BURST_MS) polls.push(0);
    polls[polls.length - 1] = (polls.at(-1) ?? 0) + 1;
    previous = call.wallTime;
  }
  return polls;
}

export interface ManyServicesSample {
  /** Each poll's ECS calls. */
  readonly callsPerPoll: number[];
  /** The last service's completion (or the first failure) → process exit. */
  readonly toExitMs: number;
}

async function deployAll(world: World, services: readonly string[]): Promise<{ timed: TimedRun; window: Window }> {
  // The first run in a world builds the image; the others find the commit's tag and reuse it, and would
  // change nothing (a re-run deploys nothing) unless forced to roll out again.
  const timed = await timedRun({
    inputs: world.inputs({ service: services.join('\n'), 'force-new-deployment': 'true' }),
    env: world.env(),
    workspace: world.workspace,
    sha: commitSha(900),
    measureRss: false,
  });
  return { timed, window: { from: timed.spawnedAt, to: timed.exitedAt } };
}

/** Healthy deploys of `services` together: calls per poll, and the last completion → exit. */
export async function measureHealthy(world: World, services: readonly string[], runs: number): Promise<ManyServicesSample[]> {
  const samples: ManyServicesSample[] = [];
  for (let run = 0; run < runs; run++) {
    const { timed, window } = await deployAll(world, services);
    expectExit(timed, 0, `deploy of ${String(services.length)} services`);
    const completions = services.map((service) =>
      completedAt(world.standin.ecs.serviceDeployments(world.scope, CLUSTER, service), '', window),
    );
    if (completions.some((at) => at === undefined))
      throw new Error(`deploy of ${String(services.length)} services: not every service completed in the run`);
    const last = Math.max(...completions.map((at) => at ?? 0));
    samples.push({ callsPerPoll: callsPerPoll(callsWithin(world.standin.calls(), window)), toExitMs: timed.exitedAt - last });
  }
  return samples;
}

/**
 * Deploys of `healthy` plus one crash-looping service (a fresh one per run, so no run starts while ECS
 * still rolls back the last): ECS's circuit breaker turns it FAILED → process exit.
 */
export async function measureOneFailing(
  world: World,
  healthy: readonly string[],
  failing: readonly string[],
): Promise<ManyServicesSample[]> {
  const samples: ManyServicesSample[] = [];
  for (const crashing of failing) {
    const { timed, window } = await deployAll(world, [...healthy, crashing]);
    expectExit(timed, 1, `deploy of ${String(healthy.length + 1)} services with ${crashing} crash-looping`);
    const failed = failedAt(world.serviceState(crashing), window);
    if (failed === undefined) throw new Error(`crash loop on ${crashing}: ECS never turned the rollout FAILED while the action ran`);
    samples.push({ callsPerPoll: callsPerPoll(callsWithin(world.standin.calls(), window)), toExitMs: timed.exitedAt - failed });
  }
  return samples;
}
