// keep-revisions' own calls in one deploy: a cluster of three services and a family with five old
// revisions, keep-revisions 2. Its reads come after the watch's last poll, so every DescribeServices from
// the first ListServices on is its own.
import type { World } from '../standin/harness/world.js';
import { CLUSTER } from '../standin/harness/world.js';
import { expectExit, timedRun } from './action-process.js';
import { callsWithin } from './timeline.js';

const PRUNE_OPERATIONS = new Set(['ListServices', 'DescribeServices', 'ListTaskDefinitions', 'DeregisterTaskDefinition']);

export interface PruneSample {
  /** ListServices + DescribeServices + ListTaskDefinitions + DeregisterTaskDefinition of the deploy. */
  readonly calls: number;
  readonly deregistered: number;
}

export async function measurePruneCalls(world: World): Promise<PruneSample> {
  for (let index = 0; index < 5; index++) {
    const old = world.standin.ecs.registerTaskDefinition(world.scope, {
      family: 'my-app',
      containerDefinitions: [{ name: 'app', image: `${world.repositoryUri}:old-${String(index)}`, memory: 256, essential: true }],
    });
    if (index < 2)
      world.standin.ecs.createService(world.scope, {
        cluster: CLUSTER,
        serviceName: `other-${String(index)}`,
        taskDefinition: old,
        desiredCount: 1,
      });
  }
  const timed = await timedRun({
    inputs: world.inputs({ 'keep-revisions': '2' }),
    env: world.env(),
    workspace: world.workspace,
    measureRss: false,
  });
  expectExit(timed, 0, 'deploy with keep-revisions');
  const calls = callsWithin(world.standin.calls(), { from: timed.spawnedAt, to: timed.exitedAt });
  const first = calls.findIndex((call) => call.operation === 'ListServices');
  const own = first === -1 ? [] : calls.slice(first).filter((call) => PRUNE_OPERATIONS.has(call.operation));
  return { calls: own.length, deregistered: own.filter((call) => call.operation === 'DeregisterTaskDefinition').length };
}
