// The Migration task phase: the one-off task of `run-task-command`, run once with the new revision
// before UpdateService, and what the run record keeps of it. The work is in src/migration/.
import * as core from '@actions/core';
import type { Config, RunTaskConfig } from '../inputs/config.js';
import type { AwsClients } from '../shared/aws-clients.js';
import { Input } from '../shared/constants.js';
import { failureText } from '../migration/outcome.js';
import { describeRunTask, runTaskRequest, commandText } from '../migration/run-task-request.js';
import { runMigration, type MigrationRun } from '../migration/run-migration.js';
import { migrationTarget, type Revisions } from '../migration/target.js';
import type { MigrationReport } from '../report/report.js';

/** The phase's value: the task run, or why none was (nothing registered). */
export type MigrationStep = { readonly kind: 'ran'; readonly run: MigrationRun } | { readonly kind: 'skipped'; readonly command: string };

const SKIPPED = `No new revision was registered, so there is nothing to migrate to: the one-off task (\`${Input.runTaskCommand}\`) is skipped.`;

export async function migrate(config: Config, runTask: RunTaskConfig, aws: AwsClients, revisions: Revisions): Promise<MigrationStep> {
  const target = migrationTarget(revisions);
  if (target === undefined) {
    core.notice(SKIPPED);
    return { kind: 'skipped', command: commandText(runTask.command) };
  }
  const run = await runMigration(config.deploy.cluster, runTask, target, { ecs: aws.ecs, watchEcs: aws.watchEcs, logs: aws.logs });
  return { kind: 'ran', run };
}

/** The dry run's plan lines for the one-off task (nothing is run). */
export function plannedMigration(config: Config, runTask: RunTaskConfig, revisions: Revisions): string[] {
  const target = migrationTarget(revisions);
  if (target === undefined)
    return [`# No new revision would be registered, so the one-off task (\`${Input.runTaskCommand}\`) would be skipped.`];
  const request = runTaskRequest({ cluster: config.deploy.cluster, runTask, target, clientToken: 'dry-run' });
  return [`# ${describeRunTask(request, target)}; UpdateService only after it exits 0 (within ${String(runTask.timeoutMinutes)} min)`];
}

/** The failure the phase's value stands for: anything but exit code 0. */
export function migrationFailure(step: MigrationStep, runTask: RunTaskConfig): Error | undefined {
  if (step.kind === 'skipped' || step.run.outcome.kind === 'succeeded') return undefined;
  const { run } = step;
  return new Error(
    failureText(step.run.outcome, {
      taskArn: run.taskArn,
      containerName: run.target.containerName,
      command: run.command,
      timeoutMinutes: runTask.timeoutMinutes,
      logLines: run.logLines,
    }),
  );
}

export function migrationReport(step: MigrationStep, runTask: RunTaskConfig): MigrationReport {
  if (step.kind === 'skipped') {
    return {
      status: 'skipped',
      taskArn: '',
      taskDefinitionArn: '',
      command: step.command,
      exitCode: undefined,
      reason: '',
      logLines: [],
      milliseconds: 0,
    };
  }
  const { run } = step;
  const outcome = run.outcome;
  const failure = migrationFailure(step, runTask);
  return {
    status: outcome.kind === 'succeeded' ? 'succeeded' : outcome.kind === 'timed-out' ? 'timed-out' : 'failed',
    taskArn: run.taskArn,
    taskDefinitionArn: run.target.taskDefinitionArn,
    command: commandText(run.command),
    exitCode: outcome.kind === 'not-started' ? undefined : outcome.exitCode,
    reason: failure?.message.split('\n')[0] ?? '',
    logLines: run.logLines,
    milliseconds: run.milliseconds,
  };
}
