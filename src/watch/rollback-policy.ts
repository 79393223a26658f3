// Whether and how a failed deployment is rolled back, and the target our own rollback is watched for.
// Pure: the loop does the calls (rollback-calls.ts) and watches the rollback (watch-deployment.ts).
import { POLL_POLICY } from './poll-policy.js';
import type { FinalVerdict, WatchTarget } from './watch-state.js';
import { ecsRollbackReason, revisionName } from './wording.js';

export type RollbackMethod = 'ecs-circuit-breaker' | 'stop-service-deployment' | 'update-service' | 'none';

export interface RollbackReport {
  readonly method: RollbackMethod;
  /** requested: ECS is doing it and we did not wait; skipped: nothing was done (reason says why). */
  readonly status: 'requested' | 'succeeded' | 'failed' | 'timed-out' | 'skipped';
  readonly reason: string;
  /** The revision the service is rolled back to. */
  readonly taskDefinitionArn: string;
}

export interface RollbackFacts {
  readonly service: string;
  /** What we deployed. */
  readonly taskDefinitionArn: string;
  /** What the service ran before: where a rollback goes ('' when there was nothing before). */
  readonly previousTaskDefinitionArn: string;
  readonly rollbackOnFailure: boolean;
  /** The watch ended because we could not read ECS, not because of anything ECS said. */
  readonly pollFailed: boolean;
  /** The service's circuit breaker rolls failed deployments back on its own. */
  readonly serviceRollsBack: boolean;
}

export type RollbackDecision =
  /** Nothing to say about a rollback: success, or a deployment someone else replaced. */
  | { readonly action: 'none' }
  /** ECS rolls back, or nobody does: the report says which and why. */
  | { readonly action: 'report'; readonly report: RollbackReport }
  /** Ours to do: start a rollback and watch it. */
  | { readonly action: 'roll-back' };

export function decideRollback(verdict: FinalVerdict, facts: RollbackFacts): RollbackDecision {
  if (verdict.kind === 'succeeded') return { action: 'none' };
  const to = facts.previousTaskDefinitionArn;
  if (verdict.rollbackBy === 'ecs') {
    const ecsTo = verdict.ecsRollbackTo ?? to;
    const status = verdict.ecsRollback ?? 'requested';
    return {
      action: 'report',
      report: { method: 'ecs-circuit-breaker', status, reason: ecsRollbackReason(status, ecsTo), taskDefinitionArn: ecsTo },
    };
  }
  if (verdict.rollbackBy !== 'ours') return { action: 'none' };
  // A timeout says nothing ECS's breaker can act on. A failure we judged (max-failed-tasks before the
  // breaker's threshold) is ours to roll back: the breaker may not trip for a long while.
  const skip =
    verdict.kind === 'timed-out' && facts.serviceRollsBack
      ? "the service's circuit breaker owns rollbacks and has not acted yet"
      : rollbackSkipReason(facts);
  if (skip !== undefined) return { action: 'report', report: { method: 'none', status: 'skipped', reason: skip, taskDefinitionArn: to } };
  return { action: 'roll-back' };
}

function rollbackSkipReason(facts: RollbackFacts): string | undefined {
  if (!facts.rollbackOnFailure) return `rollback-on-failure is off, so ${facts.service} stays on ${revisionName(facts.taskDefinitionArn)}`;
  if (facts.pollFailed) return 'we could not read the service, so we did not touch it';
  if (facts.previousTaskDefinitionArn === '') return 'there is no previous revision to return to';
  // The previous revision can never be the deployed one: it is read from the service before the action
  // registers the new revision, and RegisterTaskDefinition always creates a new revision number.
  return undefined;
}

export interface RollbackStart {
  readonly method: Extract<RollbackMethod, 'stop-service-deployment' | 'update-service'>;
  readonly deploymentId: string | undefined;
  readonly serviceDeploymentArn: string | undefined;
  readonly startedAtMs: number;
}

/** Our rollback is watched like a deployment of the previous revision, for what is left of the wait (at least a minimum). */
export function rollbackTarget(deployed: WatchTarget, start: RollbackStart, nowMs: number): WatchTarget {
  const remaining = Math.max(0, deployed.deadlineMs - nowMs);
  return {
    ...deployed,
    mode: 'rollback',
    taskDefinitionArn: deployed.otherTaskDefinitionArn,
    otherTaskDefinitionArn: deployed.taskDefinitionArn,
    deploymentId: start.deploymentId,
    serviceDeploymentArn: start.serviceDeploymentArn,
    startedAtMs: start.startedAtMs,
    clockStartMs: nowMs,
    deadlineMs: nowMs + Math.max(remaining, POLL_POLICY.minRollbackWatchMs),
  };
}

/** What our rollback came to, from the verdict of its watch. */
export function rollbackReportOf(method: RollbackStart['method'], to: string, verdict: FinalVerdict): RollbackReport {
  if (verdict.kind === 'succeeded') {
    return { method, status: 'succeeded', reason: `The service is back on ${revisionName(to)}.`, taskDefinitionArn: to };
  }
  return { method, status: verdict.kind, reason: verdict.reason, taskDefinitionArn: to };
}
