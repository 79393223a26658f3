// The pull request comment of a dry run: its plan, or why the dry run failed. A hidden marker names the
// cluster and services, so that later pushes find and update this comment instead of adding one, and
// jobs that plan other services keep comments of their own. Pure.
import type { RunResult, ServiceReport } from '../report/report.js';
import { taskDefinitionRevisionLabel } from '../task-definition/revision-label.js';
import type { RunFacts } from './run-facts.js';

/** GitHub refuses comment bodies over 65,536 characters; the diff is cut to stay below. */
export const MAX_COMMENT_CHARACTERS = 65_000;

export interface PlanTarget {
  readonly cluster: string;
  readonly services: readonly string[];
}

/** The hidden first line that identifies this step's comment for these services. */
export function planMarker({ cluster, services }: PlanTarget): string {
  return `<!-- oidc-ecs-deploy plan: ${cluster}/${services.join(',')} -->`;
}

/** The comment to update: the first that carries the marker. */
export function findMarked<T extends { readonly body?: string | null }>(comments: readonly T[], marker: string): T | undefined {
  return comments.find((comment) => comment.body?.includes(marker) === true);
}

const WOULD: Record<ServiceReport['status'], string> = {
  planned: '📝 would be updated',
  unchanged: '✅ no change: already runs this image and settings',
  succeeded: 'succeeded',
  failed: '❌ failed',
  'timed-out': 'timed out',
  updated: 'updated',
  scaled: '📝 would change only its settings (no new deployment)',
};

export function renderPlanComment(result: RunResult, target: PlanTarget, facts: Pick<RunFacts, 'sha' | 'runUrl'>): string {
  const ending = result.ending;
  const head = [
    planMarker(target),
    ending.kind === 'failed'
      ? `### ❌ oidc-ecs-deploy: the dry run for \`${target.cluster}\` failed`
      : `### 📝 oidc-ecs-deploy: plan for \`${target.cluster}\``,
    '',
    `Dry run of ${code(facts.sha.slice(0, 7) || 'this commit')} ([the run](${facts.runUrl})): nothing was pushed, registered or updated. This comment is updated on each push.`,
    '',
  ];
  if (ending.kind === 'failed') head.push(`> **${ending.phase}**: ${oneLine(ending.message)}`, '');
  if (result.image) head.push(`Image: ${code(result.image.uri)}`, '');
  if (result.services.length > 0) {
    head.push('| Service | Runs now | Would | Strategy |', '|---|---|---|---|');
    for (const service of result.services) {
      head.push(
        `| ${code(service.service)} | ${code(revision(service.previousTaskDefinitionArn))} | ${WOULD[service.status]} | ${service.strategy ?? '—'} |`,
      );
    }
    head.push('');
  }
  if (result.plan.length === 0) return head.join('\n');
  const diff = (lines: readonly string[], cut: boolean): string =>
    [
      ...head,
      '<details open><summary>Task definition diff and steps</summary>',
      '',
      '```diff',
      ...lines,
      ...(cut ? ['… (cut: the job summary has the whole plan)'] : []),
      '```',
      '',
      '</details>',
      '',
    ].join('\n');
  let lines = result.plan.map(noFence);
  let body = diff(lines, false);
  while (body.length > MAX_COMMENT_CHARACTERS && lines.length > 0) {
    lines = lines.slice(0, Math.floor(lines.length * 0.8));
    body = diff(lines, true);
  }
  return body;
}

function revision(arn: string): string {
  return arn ? taskDefinitionRevisionLabel(arn) : '—';
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}

/** A plan line that opens a fence would end the diff block early. */
function noFence(line: string): string {
  return line.replace(/```/g, "'''");
}
