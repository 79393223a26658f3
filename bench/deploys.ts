// Healthy deploys at timeScale 1: with a build (for the overhead figure) and with `image` given (API
// calls). Both give complete → exit and peak RSS samples.
import type { World } from '../standin/harness/world.js';
import { CLUSTER, SERVICE } from '../standin/harness/world.js';
import { expectExit, timedRun, type TimedRun } from './action-process.js';
import { callsWithin, completedAt, countByOperation, firstCall } from './timeline.js';
import { commitSha, existingImageInputs } from './worlds.js';

export interface DeploySample {
  readonly totalMs: number;
  /** The summary's Image phase when the run built (ECR look-ups, registry login, podman build and push); 0 when `image` was given. */
  readonly imagePhaseMs: number;
  /** ECS's own rollout: UpdateService's arrival → the service deployment's finishedAt. */
  readonly rolloutMs: number;
  /** finishedAt → the process exited. */
  readonly completeToExitMs: number;
  /**
   * What the action itself costs: total − Image phase − ECS's rollout. What is left is process start,
   * OIDC and STS, the ECR and ECS calls before UpdateService, and the watch's delay in noticing the
   * completion (its poll cadence) plus the exit; `completeToExitMs` is that last part on its own.
   */
  readonly overheadMs: number;
  readonly maxRssBytes: number | undefined;
  readonly calls: Map<string, number>;
}

export interface DeployRuns {
  readonly built: DeploySample[];
  readonly givenImage: DeploySample[];
}

export async function measureDeploys(world: World, builds: number, givenImageRuns: number): Promise<DeployRuns> {
  const built: DeploySample[] = [];
  const imageUris: string[] = [];
  for (let index = 0; index < builds; index++) {
    const timed = await timedRun({
      inputs: world.inputs(),
      env: world.env(),
      workspace: world.workspace,
      sha: commitSha(index),
      measureRss: true,
    });
    expectExit(timed, 0, 'deploy with a build');
    if (!timed.run.summary.includes('(built)')) throw new Error('deploy with a build: the summary says the image was not built');
    built.push(sample(world, timed, 'built'));
    imageUris.push(timed.run.outputs['image-uri'] ?? '');
  }
  // A deploy of the image the service already runs changes nothing and rolls nothing out: each run takes
  // another of the built images, starting with one the service does not run (the last built is running).
  if (givenImageRuns > 0 && imageUris.length < 2) throw new Error('deploys of an existing image need at least two built images');
  const givenImage: DeploySample[] = [];
  for (let index = 0; index < givenImageRuns; index++) {
    const timed = await timedRun({
      inputs: existingImageInputs(world, imageUris[index % imageUris.length] ?? ''),
      env: world.env(),
      workspace: world.workspace,
      measureRss: true,
    });
    expectExit(timed, 0, 'deploy of an existing image');
    givenImage.push(sample(world, timed, 'given'));
  }
  return { built, givenImage };
}

/**
 * One deploy whose rollout takes ~23 s (tasks reach RUNNING after 20 s): ECS completes between two
 * polls rather than just before one, as the healthy rollout's 6 s happens to (first poll 1 s after
 * UpdateService, then every 5 s), so complete → exit is also seen away from that lucky alignment.
 */
export async function measureSlowStart(world: World): Promise<DeploySample> {
  const timed = await timedRun({ inputs: world.inputs(), env: world.env(), workspace: world.workspace, measureRss: true });
  expectExit(timed, 0, 'slow-start deploy');
  return sample(world, timed, 'built');
}

function sample(world: World, timed: TimedRun, image: 'built' | 'given'): DeploySample {
  const window = { from: timed.spawnedAt, to: timed.exitedAt };
  const calls = callsWithin(world.standin.calls(), window);
  const update = firstCall(calls, 'ecs', 'UpdateService');
  if (update === undefined) throw new Error('deploy: no UpdateService call in the record');
  const deployments = world.standin.ecs.serviceDeployments(world.scope, CLUSTER, SERVICE);
  const completed = completedAt(deployments, timed.run.outputs['deployment-id'] ?? '', window);
  if (completed === undefined) throw new Error('deploy: ECS shows no completed service deployment for this run');
  const totalMs = timed.run.milliseconds;
  // Only a build is outside the action's control; resolving a given image is part of its overhead.
  const imagePhaseMs = image === 'built' ? phaseMilliseconds(timed.run.summary, 'Image') : 0;
  const rolloutMs = completed - update.wallTime;
  return {
    totalMs,
    imagePhaseMs,
    rolloutMs,
    completeToExitMs: timed.exitedAt - completed,
    overheadMs: totalMs - imagePhaseMs - rolloutMs,
    maxRssBytes: timed.maxRssBytes,
    calls: countByOperation(calls),
  };
}

/** A phase's time from the summary's `| Phase | Time |` table (0.1 s resolution); 0 when absent. */
export function phaseMilliseconds(summary: string, phase: string): number {
  const row = new RegExp(`^\\| ${phase}(?: ❌)? \\| ([0-9.]+) s \\|$`, 'm').exec(summary);
  return row?.[1] === undefined ? 0 : Number(row[1]) * 1000;
}
