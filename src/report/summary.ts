// Renders the final result of a run as the job summary (Markdown). Pure: finish.ts writes it.
import { nextStep } from './outputs.js';
import type { MigrationReport, RevisionsReport, RunResult, ServiceReport } from './report.js';
import { taskDefinitionRevisionLabel } from '../task-definition/revision-label.js';
import { scanSummaryLines } from '../scan/render.js';

const STATUS_WORDS: Record<ServiceReport['status'], string> = {
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  'timed-out': '⏱️ timed out',
  updated: '➡️ updated (not waited for)',
  planned: '📝 planned (dry run)',
  unchanged: '✅ unchanged',
  scaled: '✅ scaled (no new deployment)',
};

const VERDICTS: Record<RunResult['ending']['kind'], string> = {
  failed: '❌ Deployment failed',
  'dry-run': '📝 Dry run: nothing changed',
  deployed: '✅ Deployed',
};

export function renderSummary(report: RunResult): string {
  const lines: string[] = [];
  const ending = report.ending;
  const nothingToDo =
    ending.kind === 'deployed' && report.services.length > 0 && report.services.every((service) => service.status === 'unchanged');
  lines.push(`## oidc-ecs-deploy: ${nothingToDo ? '✅ No change: already deployed' : VERDICTS[ending.kind]}`, '');
  if (ending.kind === 'failed') {
    lines.push(`> **${ending.phase}**: ${escapeText(ending.message)}`);
    const next = nextStep(ending, report.imageSource);
    if (next !== undefined) lines.push('>', `> **Next**: ${escapeText(next)}`);
    lines.push('');
    if (ending.details.length > 0) lines.push('```text', ...ending.details, '```', '');
  }

  const facts: [string, string][] = [];
  if (report.identity) facts.push(['AWS identity', code(report.identity)]);
  if (report.image?.origin === 'revision') {
    facts.push(['Image', 'none built: `task-definition` names an existing revision, deployed as it is']);
  } else if (report.image) {
    facts.push(['Image', code(report.image.uri)]);
    facts.push(['Tag', `${code(report.image.tag)} (${report.image.origin})`]);
    if (report.image.digest) facts.push(['Digest', code(report.image.digest)]);
  }
  if (facts.length > 0) lines.push('| | |', '|---|---|', ...facts.map(([name, value]) => `| ${name} | ${value} |`), '');

  if (report.scan !== undefined) lines.push(...scanSummaryLines(report.scan));

  if (report.migration !== undefined) lines.push(...migrationLines(report.migration));

  if (report.services.length > 0) {
    lines.push('| Service | Task definition | Deployment | Outcome | Time |', '|---|---|---|---|---|');
    for (const service of report.services) {
      const revisions = `${code(revisionLabel(service.previousTaskDefinitionArn))} → ${code(revisionLabel(service.taskDefinitionArn))}`;
      const outcome = [STATUS_WORDS[service.status], service.rolloutState ? `(${service.rolloutState})` : ''].join(' ').trim();
      lines.push(
        `| ${code(service.service)} | ${revisions} | ${service.deploymentId ? code(shortDeployment(service.deploymentId)) : '—'} | ${outcome} | ${seconds(service.milliseconds)} |`,
      );
    }
    lines.push('');
    for (const service of report.services) {
      if (service.status === 'unchanged') {
        lines.push(
          `**${escapeText(service.service)}** already runs this image and settings (${code(revisionLabel(service.taskDefinitionArn))}): nothing was registered or deployed.`,
          '',
        );
      }
      if (service.note) lines.push(`**${escapeText(service.service)}**: ${escapeText(service.note)}`, '');
      if (service.reason) lines.push(`**${escapeText(service.service)}**: ${escapeText(service.reason)}`, '');
      if (service.rollback) lines.push(`Rollback: ${escapeText(service.rollback)}`, '');
      if (service.stoppedTaskReasons.length > 0) {
        lines.push(
          '<details><summary>Stopped tasks</summary>',
          '',
          ...service.stoppedTaskReasons.map((reason) => `- ${escapeText(reason)}`),
          '',
          '</details>',
          '',
        );
      }
    }
  }

  if (report.revisions !== undefined) lines.push(...revisionsLines(report.revisions));

  if (report.edits !== undefined && report.edits.length > 0)
    lines.push('<details open><summary>Task definition edits</summary>', '', '```text', ...report.edits, '```', '', '</details>', '');

  if (report.plan.length > 0)
    lines.push('<details open><summary>Plan</summary>', '', '```diff', ...report.plan, '```', '', '</details>', '');

  if (report.phases.length > 0) {
    lines.push('| Phase | Time |', '|---|---|');
    for (const phase of report.phases)
      lines.push(`| ${phase.phase}${phase.status === 'failed' ? ' ❌' : ''} | ${seconds(phase.milliseconds)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function revisionsLines(revisions: RevisionsReport): string[] {
  const heading = `**Old revisions** (\`keep-revisions: ${String(revisions.keep)}\`)`;
  if (revisions.skipped !== undefined) return [`${heading}: ${escapeText(revisions.skipped)}.`, ''];
  const names = revisions.deregistered.map((arn) => code(revisionLabel(arn)));
  const verb = revisions.dryRun ? 'would deregister' : 'deregistered';
  const lines = [`${heading}: ${verb} ${names.length === 0 ? 'none' : names.join(', ')}.`, ''];
  for (const failure of revisions.failures) {
    lines.push(`Could not deregister ${code(revisionLabel(failure.arn))}: ${escapeText(failure.message)}`, '');
  }
  return lines;
}

const MIGRATION_WORDS: Record<MigrationReport['status'], string> = {
  succeeded: '✅ exited 0',
  failed: '❌ failed',
  'timed-out': '⏱️ timed out, stopped',
  skipped: '⏭️ skipped (no new revision)',
};

function migrationLines(migration: MigrationReport): string[] {
  const task = migration.taskArn === '' ? '—' : code(migration.taskArn.split('/').pop() ?? migration.taskArn);
  const exit = migration.exitCode === undefined ? '—' : String(migration.exitCode);
  const lines = [
    '| One-off task | Command | Exit code | Outcome | Time |',
    '|---|---|---|---|---|',
    `| ${task} | ${code(migration.command)} | ${exit} | ${MIGRATION_WORDS[migration.status]} | ${seconds(migration.milliseconds)} |`,
    '',
  ];
  if (migration.reason) lines.push(`**One-off task**: ${escapeText(migration.reason)}`, '');
  if (migration.logLines.length > 0) {
    lines.push('<details><summary>Its last log lines</summary>', '', '```text', ...migration.logLines, '```', '', '</details>', '');
  }
  return lines;
}

export function revisionLabel(taskDefinitionArn: string): string {
  return taskDefinitionArn ? taskDefinitionRevisionLabel(taskDefinitionArn) : '—';
}

function shortDeployment(deploymentId: string): string {
  return deploymentId.split('/').pop() ?? deploymentId;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function escapeText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
