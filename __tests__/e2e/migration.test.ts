// A one-off task (`run-task-command`, a migration) run with the new revision before the services are
// updated: the bundled action against the stand-in, whose RunTask runs standalone tasks as the scenario's
// `oneOffTasks` says (exit 0, exit 3 with log lines, a pull failure, never stopping).
import { describe, expect, jest, test } from '@jest/globals';
import type { JsonObject } from '../../standin/types.js';
import type { OneOffTaskBehaviour } from '../../standin/types.js';
import { CLUSTER, type World } from '../../standin/harness/world.js';
import { deploy, errorLines, field, settledOn, worldPerTest } from './helpers.js';

jest.setTimeout(180_000);

const setUp = worldPerTest();

const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'], assignPublicIp: 'DISABLED' },
};

async function migrationWorld(oneOffTasks: OneOffTaskBehaviour): Promise<World> {
  return setUp({
    scenario: { rollout: 'healthy', oneOffTasks },
    placement: { launchType: 'FARGATE', networkConfiguration: NETWORK },
  });
}

function standaloneTasks(current: World): JsonObject[] {
  return current.standin.ecs.standaloneTasks(current.scope, CLUSTER);
}

function operations(current: World): string[] {
  return current.standin
    .calls()
    .filter((call) => call.service === 'ecs')
    .map((call) => call.operation);
}

const COMMAND = 'sh -c "npm run migrate -- --to latest"';

describe('a one-off task before the deploy', () => {
  test('that exits 0 runs the new revision with the command and the service network, then the deploy goes on', async () => {
    const current = await migrationWorld('succeeds');
    const run = await deploy(current, { 'run-task-command': COMMAND });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);

    const [task, ...others] = standaloneTasks(current);
    expect(others).toEqual([]);
    const revision = run.outputs['task-definition-arn'];
    expect(task?.['taskDefinitionArn']).toBe(revision);
    expect(field(task, 'overrides', 'containerOverrides', 0)).toEqual({
      name: 'app',
      command: ['sh', '-c', 'npm run migrate -- --to latest'],
    });
    expect(task?.['startedBy']).toBe('oidc-ecs-deploy/run-4242424242-1');
    expect(task?.['lastStatus']).toBe('STOPPED');
    expect(run.outputs['run-task-arn']).toBe(task?.['taskArn']);
    expect(run.outputs['run-task-exit-code']).toBe('0');

    // RunTask before UpdateService, and the service then runs the revision the task ran.
    const ecs = operations(current);
    const runTask = ecs.indexOf('RunTask');
    expect(runTask).toBeGreaterThan(ecs.indexOf('RegisterTaskDefinition'));
    // The task was followed to its end before the service was updated.
    expect(ecs.indexOf('DescribeTasks', runTask)).toBeGreaterThan(runTask);
    expect(ecs.indexOf('UpdateService')).toBeGreaterThan(ecs.indexOf('DescribeTasks', runTask));
    await settledOn(current, revision ?? '');
    expect(run.stdout).toContain('Migrations complete');
    expect(run.summary).toContain('✅ exited 0');
  });

  test('that exits 3 fails the step with the exit code and its last log line, and leaves the service untouched', async () => {
    const current = await migrationWorld('exits-3');
    const run = await deploy(current, { 'run-task-command': COMMAND });
    expect(run.exitCode).toBe(1);
    const [task] = standaloneTasks(current);
    const taskArn = task?.['taskArn'];
    const taskId = typeof taskArn === 'string' ? (taskArn.split('/').pop() ?? '') : '';
    expect(errorLines(run)).toEqual([
      `::error::Migration task failed: One-off task ${taskId} (\`sh -c "npm run migrate -- --to latest"\` in container app) exited with code 3; last log line: Migration 0042_add_orders_index failed: exit 3. Next: fix the one-off task from its exit code and log lines above, then run the deploy again; no service was updated.`,
    ]);
    expect(run.stdout).toContain('  | ERROR: relation "orders" does not exist');
    expect(run.outputs['run-task-exit-code']).toBe('3');
    expect(run.outputs['deployed']).toBe('false');
    expect(operations(current)).not.toContain('UpdateService');
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    expect(run.summary).toContain('ERROR: relation "orders" does not exist');
  });

  test('whose image cannot be pulled fails with the reason, no exit code, and the service untouched', async () => {
    const current = await migrationWorld('cannot-pull');
    const run = await deploy(current, { 'run-task-command': '["./migrate"]' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Migration task failed: One-off task [0-9a-f]{32} \(`\.\/migrate` in container app\) did not start: TaskFailedToStart: CannotPullContainerError: pull image manifest has been retried 5 time\(s\)/,
      ),
    ]);
    expect(run.outputs['run-task-arn']).toMatch(/:task\/my-cluster\/[0-9a-f]{32}$/);
    expect(run.outputs['run-task-exit-code']).toBeUndefined();
    expect(operations(current)).not.toContain('UpdateService');
  });

  test('that never stops is stopped at run-task-timeout-minutes and fails the step', async () => {
    const current = await migrationWorld('never-stops');
    const run = await deploy(current, { 'run-task-command': COMMAND, 'run-task-timeout-minutes': '1' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Migration task failed: One-off task [0-9a-f]{32} \(.*\) was still running after run-task-timeout-minutes \(1\) and was stopped \(exit code 143\); last log line: Received SIGTERM, stopping\. Next: /,
      ),
    ]);
    const [task] = standaloneTasks(current);
    expect(task?.['stopCode']).toBe('UserInitiated');
    expect(task?.['stoppedReason']).toBe('Stopped by oidc-ecs-deploy: still running after run-task-timeout-minutes (1)');
    expect(operations(current)).toContain('StopTask');
    expect(operations(current)).not.toContain('UpdateService');
  });

  test('in a dry run is printed as a plan and nothing is run', async () => {
    const current = await migrationWorld('succeeds');
    const run = await deploy(current, { 'run-task-command': COMMAND, 'dry-run': 'true' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /# RunTask my-cluster: the new revision of my-app, container app running `sh -c "npm run migrate -- --to latest"` \(launch type FARGATE; subnets subnet-0123456789abcdef0, security groups sg-0123456789abcdef0, public IP DISABLED; placed like service my-service\), startedBy oidc-ecs-deploy\/run-4242424242-1; UpdateService only after it exits 0 \(within 15 min\)/,
    );
    expect(standaloneTasks(current)).toEqual([]);
    expect(operations(current).filter((operation) => /^(Run|Register|Update|Stop)/.test(operation))).toEqual([]);
  });

  test('is skipped with a notice when nothing new is registered (a re-run of the same commit)', async () => {
    const current = await migrationWorld('succeeds');
    expect((await deploy(current, { 'run-task-command': COMMAND })).exitCode).toBe(0);
    const again = await deploy(current, { 'run-task-command': COMMAND });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('::notice::No new revision was registered, so there is nothing to migrate to');
    expect(standaloneTasks(current)).toHaveLength(1);
  });

  test('a bad run-task input fails before any call', async () => {
    const current = await migrationWorld('succeeds');
    const run = await deploy(current, { 'run-task-command': 'sh -c "npm run migrate' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      '::error::Inputs failed: Input `run-task-command` was "sh -c \\"npm run migrate"; expected a command as a JSON array of strings (`["npm", "run", "migrate"]`) or a shell-like line (`npm run migrate`), but the double quote at character 7 is never closed.',
    ]);
    expect(current.standin.calls()).toEqual([]);
  });
});
