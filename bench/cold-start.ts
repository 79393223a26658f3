// Cold start: from spawning the action's process to its first request reaching the OIDC endpoint, read
// from the stand-in's call record (wall arrival time). Dry runs, so each run is short and changes nothing.
import type { World } from '../standin/harness/world.js';
import { expectExit, timedRun } from './action-process.js';
import { callsWithin, firstCall } from './timeline.js';

export async function measureColdStart(world: World, repetitions: number): Promise<number[]> {
  const samples: number[] = [];
  // The first run also pays for the page cache; a runner's is warm after it downloads the action.
  for (let index = 0; index <= repetitions; index++) {
    const timed = await timedRun({
      inputs: world.inputs({ 'dry-run': 'true' }),
      env: world.env(),
      workspace: world.workspace,
      measureRss: false,
    });
    expectExit(timed, 0, 'cold start (dry run)');
    const oidc = firstCall(callsWithin(world.standin.calls(), { from: timed.spawnedAt, to: timed.exitedAt }), 'oidc');
    if (oidc === undefined) throw new Error('cold start: the dry run made no OIDC token request');
    if (index > 0) samples.push(oidc.wallTime - timed.spawnedAt);
  }
  return samples;
}
