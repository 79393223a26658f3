// What the Migration task phase keeps of a run: the report, the failure the phase stands for, and the
// dry run's plan line.
import { describe, expect, test } from '@jest/globals';
import type { MigrationRun } from '../../../src/migration/run-migration.js';
import { migrationFailure, migrationReport, plannedMigration, type MigrationStep } from '../../../src/run/migration-phase.js';
import type { Revisions } from '../../../src/migration/target.js';
import { SAMPLE_RUN_TASK, sampleConfig } from '../../../__fixtures__/config.js';

const RUN_TASK = SAMPLE_RUN_TASK;
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef0123456789abcdef';
const REVISION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8';
const run = (outcome: MigrationRun['outcome']): MigrationStep => ({
  kind: 'ran',
  run: {
    target: { service: 'api', placement: {}, taskDefinition: {}, taskDefinitionArn: REVISION, containerName: 'app' },
    command: RUN_TASK.command,
    taskArn: TASK,
    outcome,
    logLines: ['ERROR: boom'],
    milliseconds: 4200,
  },
});

describe('the phase value', () => {
  test('exit 0: a succeeded report and no failure', () => {
    const step = run({ kind: 'succeeded', exitCode: 0 });
    expect(migrationFailure(step, RUN_TASK)).toBeUndefined();
    expect(migrationReport(step, RUN_TASK)).toEqual({
      status: 'succeeded',
      taskArn: TASK,
      taskDefinitionArn: REVISION,
      command: 'npm run migrate',
      exitCode: 0,
      reason: '',
      logLines: ['ERROR: boom'],
      milliseconds: 4200,
    });
  });

  test('exit 3: a failed report whose reason is the failure’s first line', () => {
    const step = run({ kind: 'exited', exitCode: 3, reason: '' });
    const failure = migrationFailure(step, RUN_TASK);
    expect(failure?.message.split('\n')[0]).toBe(
      'One-off task 0123456789abcdef0123456789abcdef (`npm run migrate` in container app) exited with code 3; last log line: ERROR: boom',
    );
    expect(migrationReport(step, RUN_TASK)).toMatchObject({ status: 'failed', exitCode: 3, reason: failure?.message.split('\n')[0] });
  });

  test('a timeout and a task that never started', () => {
    expect(migrationReport(run({ kind: 'timed-out', exitCode: 143, reason: '' }), RUN_TASK)).toMatchObject({
      status: 'timed-out',
      exitCode: 143,
    });
    expect(migrationReport(run({ kind: 'not-started', reason: 'CannotPullContainerError' }), RUN_TASK)).toMatchObject({
      status: 'failed',
      exitCode: undefined,
    });
  });

  test('skipped: no failure, no task', () => {
    const step: MigrationStep = { kind: 'skipped', command: 'npm run migrate' };
    expect(migrationFailure(step, RUN_TASK)).toBeUndefined();
    expect(migrationReport(step, RUN_TASK)).toMatchObject({ status: 'skipped', taskArn: '', exitCode: undefined });
  });
});

describe('the dry run plan line', () => {
  const revisions = (registering: boolean): Revisions => ({
    plan: {
      targets: [{ service: 'api', previousTaskDefinitionArn: 'x', render: 0 }],
      renders: [{ origin: 'x', before: {}, input: { family: 'my-app', containerDefinitions: [{ name: 'app' }] }, containerNames: ['app'] }],
      now: [{ service: { launchType: 'EC2' }, running: undefined }],
    },
    registering: registering
      ? {
          targets: [{ service: 'api', previousTaskDefinitionArn: 'x', render: 0 }],
          renders: [
            { origin: 'x', before: {}, input: { family: 'my-app', containerDefinitions: [{ name: 'app' }] }, containerNames: ['app'] },
          ],
        }
      : { targets: [], renders: [] },
    registered: [],
  });

  test('says what would run, and that UpdateService waits for exit 0', () => {
    expect(plannedMigration(sampleConfig(), RUN_TASK, revisions(true))).toEqual([
      '# RunTask default: the new revision of my-app, container app running `npm run migrate` (launch type EC2; placed like service api), startedBy oidc-ecs-deploy/run-1-1; UpdateService only after it exits 0 (within 15 min)',
    ]);
  });

  test('says it would be skipped when nothing would be registered', () => {
    expect(plannedMigration(sampleConfig(), RUN_TASK, revisions(false))).toEqual([
      '# No new revision would be registered, so the one-off task (`run-task-command`) would be skipped.',
    ]);
  });
});
