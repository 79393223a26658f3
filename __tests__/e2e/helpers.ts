// What every end-to-end test file shares: a stand-in world per test, running the bundle's main and post
// steps with the checks every run must pass (no secret left anywhere, a clean post step), and readers of
// what the stand-in holds afterwards.
import { afterEach, expect } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import type { JsonObject, JsonValue } from '../../standin/types.js';
import { runAction, type ActionRun } from '../../standin/harness/run-action.js';
import { createWorld, filesContaining, SERVICE, type World, type WorldOptions } from '../../standin/harness/world.js';

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A fresh stand-in world per test, stopped after it: call once at a test file's top level, then
 * `await setUp(options)` in each test.
 */
export function worldPerTest(): (options?: WorldOptions) => Promise<World> {
  let world: World | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });
  return async (options = {}) => {
    world = await createWorld(options);
    return world;
  };
}

/**
 * Runs the main and post steps, then checks what every run must leave behind whatever its outcome: no
 * secret anywhere, every secret issued to it masked, and a post step that cleaned up and exited 0.
 */
export async function deploy(current: World, inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  const issuedBefore = new Set(current.standin.secrets());
  const run = await runAction({
    inputs: current.inputs(inputs),
    env: { ...current.env(), ...env },
    workspace: current.workspace,
    parentDirectory: current.scratch,
  });
  expectNoSecretsLeft(current, run, issuedBefore);
  expect(run.post.exitCode).toBe(0);
  expect(existsSync(run.runnerTemp) && readdirSync(run.runnerTemp).filter((entry) => entry.startsWith('oidc-ecs-deploy-'))).toEqual([]);
  return run;
}

export function field(value: JsonValue | undefined, ...keys: (string | number)[]): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[key as number] : current[key as string];
  }
  return current;
}

export async function describeTaskDefinition(current: World, arn: string): Promise<JsonObject> {
  return current.standin.ecs.call(current.scope, 'DescribeTaskDefinition', { taskDefinition: arn, include: ['TAGS'] });
}

/** Waits until the service runs `taskDefinitionArn` in one completed deployment (ECS's own rollback settles after we exit). */
export async function settledOn(current: World, taskDefinitionArn: string, service = SERVICE): Promise<JsonObject> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    current.standin.ecs.advance();
    const state = current.serviceState(service);
    const deployments = field(state, 'deployments');
    const settled =
      state['taskDefinition'] === taskDefinitionArn &&
      Array.isArray(deployments) &&
      deployments.length === 1 &&
      field(deployments, 0, 'rolloutState') === 'COMPLETED';
    if (settled) return state;
    if (Date.now() > deadline) throw new Error(`service did not settle on ${taskDefinitionArn}: ${JSON.stringify(state['deployments'])}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::error'));
}

/** Task ids are random; everything else the stand-in says about a crash loop is not. */
export function withoutTaskIds(text: string): string {
  return text.replace(/\btask [0-9a-f]{32}\b/g, 'task <id>');
}

export function expectNoSecretsLeft(current: World, run: ActionRun, issuedBefore: ReadonlySet<string>): void {
  const secrets = current.standin.secrets();
  const issuedToThisRun = secrets.filter((secret) => !issuedBefore.has(secret));
  // `::add-mask::` lines are how the runner learns what to mask; it consumes them and never shows them.
  const masked = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length));
  const shown = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  // Every secret handed to this run (JWT, secret key, session token, registry password and token) was masked.
  expect(issuedToThisRun.filter((secret) => !masked.includes(secret))).toEqual([]);
  const traces = {
    stdout: shown,
    stderr: run.stderr,
    post: run.post.stdout + run.post.stderr,
    outputs: JSON.stringify(run.outputs),
    exported: JSON.stringify(run.exported),
    summary: run.summary,
    state: JSON.stringify(run.state),
  };
  for (const [where, trace] of Object.entries(traces)) {
    expect({ where, leaked: secrets.filter((secret) => trace.includes(secret)).length }).toEqual({ where, leaked: 0 });
  }
  expect(filesContaining(run.runnerTemp, secrets)).toEqual([]);
  expect(filesContaining(run.home, secrets)).toEqual([]);
}

export function ecsCallers(current: World): string[] {
  return [
    ...new Set(
      current.standin
        .calls()
        .filter((call) => call.service === 'ecs')
        .map((call) => call.caller ?? 'unsigned'),
    ),
  ];
}
