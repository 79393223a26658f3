// The commit status a deploy sets: its outcome, a short description and a link to the run. Pure.
import type { RunResult } from '../report/report.js';
import { taskDefinitionRevisionLabel } from '../task-definition/revision-label.js';

/** GitHub keeps at most this many characters of a status description. */
const MAX_DESCRIPTION = 140;

export interface CommitStatus {
  readonly state: 'success' | 'failure';
  /** Names the status among the commit's others: one per cluster and services, so jobs deploying elsewhere keep theirs. */
  readonly context: string;
  readonly description: string;
  readonly targetUrl: string;
}

export function commitStatusOf(
  result: RunResult,
  deploy: { readonly cluster: string; readonly services: readonly string[] },
  runUrl: string,
): CommitStatus {
  const context = `oidc-ecs-deploy / ${deploy.cluster}/${deploy.services.join(',')}`;
  const ending = result.ending;
  if (ending.kind === 'failed') {
    return { state: 'failure', context, description: shortened(`${ending.phase} failed: ${ending.message}`), targetUrl: runUrl };
  }
  const revisions = result.services
    .filter((service) => service.taskDefinitionArn !== '')
    .map((service) => `${service.service} (${taskDefinitionRevisionLabel(service.taskDefinitionArn)})`);
  const unchanged = result.services.length > 0 && result.services.every((service) => service.status === 'unchanged');
  const notWaitedFor = result.services.some((service) => service.status === 'updated');
  const description = unchanged
    ? `No change: ${deploy.cluster} already runs this image`
    : `${notWaitedFor ? 'Rollout started (not waited for) on' : 'Deployed to'} ${deploy.cluster}${revisions.length > 0 ? `: ${revisions.join(', ')}` : ''}`;
  return { state: 'success', context, description: shortened(description), targetUrl: runUrl };
}

function shortened(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_DESCRIPTION ? line : `${line.slice(0, MAX_DESCRIPTION - 1)}…`;
}
