// The registry layer cache: a cold build (the slow step's cache key is new) and a warm rebuild of the
// same context, each on an engine whose local store was emptied first, as a fresh runner's is. The
// figures are the summary's Image phase (ECR look-ups, logins, the build with its cache reads and writes,
// the push).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SLOW_STEP, writeAppWithShell } from '../standin/harness/shell-app.js';
import type { World } from '../standin/harness/world.js';
import { expectExit, timedRun } from './action-process.js';
import { phaseMilliseconds } from './deploys.js';
import { commitSha } from './worlds.js';

export const CACHE_REPOSITORY = 'my-org/my-app-cache';

export interface BuildCacheSample {
  readonly coldMs: number;
  readonly warmMs: number;
}

export async function measureBuildCache(world: World, pairs: number): Promise<BuildCacheSample[]> {
  writeAppWithShell(world.workspace, ['COPY seed.txt /seed.txt', SLOW_STEP]);
  const samples: BuildCacheSample[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    // A new seed before the slow step: the cold build finds no cache for it anywhere.
    writeFileSync(path.join(world.workspace, 'seed.txt'), `pair ${pair} of run ${Date.now()}\n`);
    const coldMs = await imagePhase(world, 2 * pair);
    const warmMs = await imagePhase(world, 2 * pair + 1);
    samples.push({ coldMs, warmMs });
  }
  return samples;
}

async function imagePhase(world: World, index: number): Promise<number> {
  execFileSync('podman', ['rmi', '--all', '--force'], { env: { ...process.env, ...world.env() }, stdio: 'ignore' });
  const timed = await timedRun({
    inputs: world.inputs({ 'cache-repository': CACHE_REPOSITORY }),
    env: world.env(),
    workspace: world.workspace,
    sha: commitSha(1000 + index),
    measureRss: false,
  });
  expectExit(timed, 0, 'deploy with a layer cache');
  return phaseMilliseconds(timed.run.summary, 'Image');
}
