// The one entry of `keep-revisions` for the run: after a deploy whose every service ended on its revision
// (watched to success, or already running it), or on a dry run to list what would go. A deploy not
// watched to its end (wait-for-service-stability: false, fail-fast) prunes nothing: its success is unknown.
import * as core from '@actions/core';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { Config } from '../inputs/config.js';
import type { RunResult, ServiceReport } from '../report/report.js';
import type { ServiceDecision } from '../service/decision.js';
import type { RenderedDefinition } from '../task-definition/plan.js';
import { pruneRevisions } from './prune.js';
import { pruneScope } from './scope.js';

/** Ended on its revision: watched to success, unchanged, or only scaled. */
const ENDED_ON_ITS_REVISION: ReadonlySet<ServiceReport['status']> = new Set(['succeeded', 'unchanged', 'scaled']);

export interface DeployedRevisions {
  readonly decisions: readonly ServiceDecision[];
  readonly plan: { readonly renders: readonly Pick<RenderedDefinition, 'input'>[] };
}

/** The run's result with what `keep-revisions` did; the result as it is when there is nothing to prune. */
export async function withOldRevisionsPruned(
  config: Config,
  ecs: ECSClient,
  revisions: DeployedRevisions,
  result: RunResult,
): Promise<RunResult> {
  const { keepRevisions: keep, dryRun, cluster } = config.deploy;
  if (keep === 0) return result;
  const succeeded =
    result.ending.kind === 'deployed' &&
    result.services.length > 0 &&
    result.services.every((service) => ENDED_ON_ITS_REVISION.has(service.status));
  if (!(dryRun && result.ending.kind === 'dry-run') && !succeeded) return result;
  const deployedTo = new Map(result.services.map((service) => [service.service, service.taskDefinitionArn]));
  const scope = pruneScope(revisions.decisions, revisions.plan.renders, (decision) => deployedTo.get(decision.target.service));
  const report = await pruneRevisions(ecs, { ...scope, cluster, keep, dryRun }, core);
  const { choices: _choices, calls: _calls, ...revisionsReport } = report;
  return { ...result, revisions: revisionsReport };
}
