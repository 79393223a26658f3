// The stand-in worlds the bench deploys into, always at timeScale 1: the figures compare the action's
// timeline with ECS's own, which only means something when simulated time is wall time.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createWorld, type World, type WorldOptions } from '../standin/harness/world.js';

export async function withWorld<T>(options: Omit<WorldOptions, 'timeScale'>, work: (world: World) => Promise<T>): Promise<T> {
  const world = await createWorld({ ...options, timeScale: 1 });
  try {
    return await work(world);
  } finally {
    await world.stop();
    // createWorld writes a fresh example app to a temp folder and leaves it there.
    if (world.workspace.startsWith(tmpdir())) rmSync(world.workspace, { recursive: true, force: true });
  }
}

/** Inputs of a deploy of an existing image: `image` replaces the build inputs (they are exclusive). */
export function existingImageInputs(world: World, image: string, overrides: Record<string, string> = {}): Record<string, string> {
  const { repository: _repository, 'container-engine': _engine, ...rest } = world.inputs(overrides);
  return { ...rest, image };
}

/** A commit SHA of its own for each run, so each build deploy builds instead of reusing the last tag. */
export function commitSha(index: number): string {
  return (0xbe0c0000 + index).toString(16).padEnd(40, '0');
}
