// Several platforms end to end: podman builds one image index for two platforms, the registered task
// definition pins it by the index's digest, and the registry serves that digest as an index of both. An
// image that cannot run where the task definition places its tasks stops the deploy before
// RegisterTaskDefinition, whether built now or reused, and names both sides.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, jest, test } from '@jest/globals';
import type { JsonObject } from '../../standin/types.js';
import { CLUSTER, REPOSITORY, SERVICE, type World } from '../../standin/harness/world.js';
import { deploy, describeTaskDefinition, errorLines, field, worldPerTest } from './helpers.js';

jest.setTimeout(180_000);

const setUpWorld = worldPerTest();
/** No circuit breaker: the service stays on the revision runServiceOn gives it (see there). */
const setUp = (): Promise<World> => setUpWorld({ circuitBreaker: { enable: false, rollback: false } });

/** Moves the service to a copy of its revision with this runtimePlatform, as a team moving to Graviton would. */
async function runServiceOn(current: World, cpuArchitecture: string): Promise<string> {
  const before = await describeTaskDefinition(current, current.initialTaskDefinitionArn);
  const definition = field(before, 'taskDefinition') as JsonObject;
  const keep = [
    'family',
    'taskRoleArn',
    'executionRoleArn',
    'networkMode',
    'requiresCompatibilities',
    'cpu',
    'memory',
    'containerDefinitions',
    'ephemeralStorage',
  ];
  const input: JsonObject = Object.fromEntries(keep.filter((key) => key in definition).map((key) => [key, definition[key] ?? null]));
  const arn = current.standin.ecs.registerTaskDefinition(current.scope, {
    ...input,
    runtimePlatform: { cpuArchitecture, operatingSystemFamily: 'LINUX' },
  });
  await current.standin.ecs.call(current.scope, 'UpdateService', { cluster: CLUSTER, service: SERVICE, taskDefinition: arn });
  // Its image (`:initial`) is not in the registry, so that rollout never completes: without a circuit
  // breaker the service keeps naming this revision, which is all the deploy reads.
  expect(current.serviceState()['taskDefinition']).toBe(arn);
  return arn;
}

/** The platforms an index lists, as `os/architecture`, sorted; undefined for a single image. */
function platformsListed(body: string): string[] | undefined {
  const parsed = JSON.parse(body) as { manifests?: { platform?: { os?: string; architecture?: string } }[] };
  return parsed.manifests?.map((entry) => `${entry.platform?.os ?? ''}/${entry.platform?.architecture ?? ''}`).sort();
}

function registrations(current: World): number {
  return current.standin.calls().filter((call) => call.operation === 'RegisterTaskDefinition').length;
}

describe('several platforms', () => {
  test('two platforms build one image index, and the ARM64 task definition is registered with the index pinned by its digest', async () => {
    const current = await setUp();
    await runServiceOn(current, 'ARM64');
    const run = await deploy(current, { platform: 'linux/amd64,linux/arm64' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);

    const digest = run.outputs['image-digest'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const registered = await describeTaskDefinition(current, run.outputs['task-definition-arn'] ?? '');
    expect(field(registered, 'taskDefinition', 'containerDefinitions', 0, 'image')).toBe(`${current.repositoryUri}@${digest}`);

    // Read back from the registry: the digest is an index listing both platforms, and the tag names it.
    const served = await current.standin.ecr.manifest(REPOSITORY, digest);
    expect(served?.digest).toBe(digest);
    expect(served?.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(platformsListed(served?.body ?? '{}')).toEqual(['linux/amd64', 'linux/arm64']);
    expect((await current.standin.ecr.describeImage(REPOSITORY, run.outputs['image-tag'] ?? ''))?.digest).toBe(digest);
    expect(run.stdout).toContain(`The image index ${digest} lists linux/`);
  });

  test('an amd64-only build for an ARM64 task definition fails before RegisterTaskDefinition, naming both', async () => {
    const current = await setUp();
    const armRevision = await runServiceOn(current, 'ARM64');
    const run = await deploy(current, { platform: 'linux/amd64' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).at(-1)).toMatch(
      /^::error::Task definition failed: The task definition my-app \(from arn:aws:ecs:us-east-1:123456789012:task-definition\/my-app:2\) cannot run .*@sha256:[0-9a-f]{64}: its runtimePlatform.cpuArchitecture ARM64 and operatingSystemFamily LINUX needs linux\/arm64, but the image holds linux\/amd64 only\./,
    );
    expect(registrations(current)).toBe(0);
    expect(current.serviceState()['taskDefinition']).toBe(armRevision);
  });

  test('a reused index without the task definition architecture fails before RegisterTaskDefinition too', async () => {
    const current = await setUp();
    await runServiceOn(current, 'ARM64');
    const first = await deploy(current, { platform: 'linux/arm64,linux/arm/v7' });
    expect(errorLines(first)).toEqual([]);
    expect(registrations(current)).toBe(1);

    // Back to X86_64; the same commit's tag exists in the IMMUTABLE repository, so it is reused, not rebuilt.
    await current.standin.ecs.call(current.scope, 'UpdateService', {
      cluster: CLUSTER,
      service: SERVICE,
      taskDefinition: current.initialTaskDefinitionArn,
    });
    const again = await deploy(current);
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toContain('already exists');
    // In the index's order, which is the order podman built them in.
    expect(errorLines(again).at(-1)).toMatch(
      /its runtimePlatform\.cpuArchitecture X86_64 and operatingSystemFamily LINUX needs linux\/amd64, but the image holds (linux\/arm64, linux\/arm\/v7|linux\/arm\/v7, linux\/arm64) only\./,
    );
    expect(registrations(current)).toBe(1);
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
  });

  test('a task definition file for ARM64 with an amd64-only platform fails as a bad input, before any request', async () => {
    const current = await setUp();
    const definition = {
      family: 'my-app',
      requiresCompatibilities: ['FARGATE'],
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      containerDefinitions: [{ name: 'app', image: `${current.repositoryUri}:initial` }],
    };
    writeFileSync(path.join(current.workspace, 'task-definition.json'), JSON.stringify(definition));
    const run = await deploy(current, { 'task-definition': 'task-definition.json', platform: 'linux/amd64' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      '::error::Inputs failed: Input `platform` was "linux/amd64"; expected platforms the task definition task-definition.json can run (its runtimePlatform.cpuArchitecture ARM64 and operatingSystemFamily LINUX needs linux/arm64, but the image holds linux/amd64 only).',
    ]);
    expect(current.standin.calls()).toEqual([]);
  });
});
