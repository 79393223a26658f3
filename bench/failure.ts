// Failure → exit: a crash loop with ECS's circuit breaker (rollback on), one service per run so no run
// starts while ECS is still rolling back the previous one. The first failure signal is the moment ECS
// turned our rollout FAILED (its service event, at the simulated instant, which is wall time at
// timeScale 1); the action should exit soon after and leave the rollback to ECS.
import type { World } from '../standin/harness/world.js';
import { expectExit, timedRun } from './action-process.js';
import { callsWithin, countByOperation, failedAt } from './timeline.js';

export interface FailureSample {
  readonly failureToExitMs: number;
  /** UpdateService and StopServiceDeployment calls of ours after the first one: a rollback of ours. */
  readonly ownRollbackCalls: number;
  readonly rolloutState: string;
  readonly maxRssBytes: number | undefined;
}

export function failureServices(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `crash-loop-${index + 1}`);
}

export async function measureFailures(world: World, services: readonly string[]): Promise<FailureSample[]> {
  const samples: FailureSample[] = [];
  for (const service of services) {
    // The first run builds the image; the others find the commit's tag and reuse it.
    const timed = await timedRun({ inputs: world.inputs({ service }), env: world.env(), workspace: world.workspace, measureRss: true });
    expectExit(timed, 1, `crash loop on ${service}`);
    const window = { from: timed.spawnedAt, to: timed.exitedAt };
    const failed = failedAt(world.serviceState(service), window);
    if (failed === undefined) throw new Error(`crash loop on ${service}: ECS never turned the rollout FAILED while the action ran`);
    const counts = countByOperation(callsWithin(world.standin.calls(), window));
    samples.push({
      failureToExitMs: timed.exitedAt - failed,
      ownRollbackCalls: (counts.get('ecs:UpdateService') ?? 0) - 1 + (counts.get('ecs:StopServiceDeployment') ?? 0),
      rolloutState: timed.run.outputs['rollout-state'] ?? '',
      maxRssBytes: timed.maxRssBytes,
    });
  }
  return samples;
}
