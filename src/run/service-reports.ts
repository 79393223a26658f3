// The per-service rows of the run's report and the first service's rollout, from what each phase
// returned. Pure: after-credentials.ts calls these as the phases end.
import type { WatchOutcome } from '../watch/watch-deployment.js';
import type { DeploymentPlan } from '../task-definition/plan.js';
import type { StartedDeployment } from '../service/update.js';
import type { Rescale, ServiceDecision, Unchanged } from '../service/decision.js';
import { describeSettingChanges } from '../service/settings.js';
import type { RolloutEnd, RolloutStart, ServiceReport } from '../report/report.js';
import { describeStoppedTask } from '../watch/stopped-tasks.js';
import { errorMessage } from '../shared/errors.js';
import { startFailedFor, type StartFailure } from '../service/start-failure.js';

export function rolloutEnd(outcomes: readonly WatchOutcome[], first: StartedDeployment, updateFailure: string): RolloutEnd {
  const firstOutcome = outcomes[0];
  return {
    deploymentId: firstOutcome?.deploymentId || first.serviceDeploymentArn || first.deploymentId || '',
    rolloutState: firstOutcome?.rolloutState ?? '',
    failureReason: joinReasons(failureReasons(outcomes), updateFailure),
  };
}

export function failureReasons(outcomes: readonly WatchOutcome[]): string {
  return outcomes
    .filter((outcome) => outcome.status === 'failed' || outcome.status === 'timed-out')
    .map((outcome) => `${outcome.service} ${outcome.status === 'timed-out' ? 'timed out' : 'failed'}: ${outcome.reason}`)
    .join(' ');
}

export function joinReasons(...reasons: string[]): string {
  return reasons.filter(Boolean).join(' ').trim();
}

/** Each service whose deployment did not start, naming what failed (UpdateService, or CodeDeploy's call) and why. */
export function updateFailureText(failed: readonly StartFailure[]): string {
  return failed.map(({ service, operation, error }) => `${startFailedFor(service, operation)}: ${errorMessage(error)}`).join(' ');
}

/** A dry run's row for one service, with how ECS would roll it out (`strategy`, when known). */
export function dryRunReport(decision: ServiceDecision, strategy?: string): ServiceReport {
  const withStrategy = (report: ServiceReport): ServiceReport => (strategy === undefined ? report : { ...report, strategy });
  if (decision.kind === 'unchanged') return withStrategy(unchangedReport(decision));
  if (decision.kind === 'rescale') return withStrategy({ ...unchangedReport(decision), status: 'planned' });
  return withStrategy(serviceReport(decision.target.service, decision.target.previousTaskDefinitionArn, '', 'planned'));
}

export function updatedReport(deployment: StartedDeployment): ServiceReport {
  return withCodeDeploy(
    deployment,
    serviceReport(
      deployment.target.service,
      deployment.target.previousTaskDefinitionArn,
      deployment.taskDefinition.taskDefinitionArn ?? '',
      'updated',
      deployment.serviceDeploymentArn ?? deployment.deploymentId,
    ),
  );
}

function withCodeDeploy(deployment: StartedDeployment, report: ServiceReport): ServiceReport {
  return deployment.codeDeploy === undefined ? report : { ...report, codeDeployDeploymentId: deployment.codeDeploy.deploymentId };
}

/** Updated, and not waited for (fail-fast after another service's deployment failed to start): its rollout may still be under way. */
export function notWaitedReport(deployment: StartedDeployment, reason: string): ServiceReport {
  return { ...updatedReport(deployment), rolloutState: 'IN_PROGRESS', reason };
}

export function notUpdatedReport(plan: DeploymentPlan, service: string, reason: string): ServiceReport {
  const previous = plan.targets.find((target) => target.service === service)?.previousTaskDefinitionArn ?? '';
  return serviceReport(service, previous, '', 'failed', '', reason);
}

export function serviceReport(
  service: string,
  previous: string,
  next: string,
  status: ServiceReport['status'],
  deploymentId = '',
  reason = '',
): ServiceReport {
  return {
    service,
    previousTaskDefinitionArn: previous,
    taskDefinitionArn: next,
    status,
    deploymentId,
    rolloutState: '',
    reason,
    stoppedTaskReasons: [],
    rollback: '',
    milliseconds: 0,
  };
}

export function outcomeReport(outcome: WatchOutcome, deployment: StartedDeployment): ServiceReport {
  const rollback = outcome.rollback;
  return withCodeDeploy(deployment, {
    service: outcome.service,
    previousTaskDefinitionArn: deployment.target.previousTaskDefinitionArn,
    taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
    // Not waited for (fail-fast): updated, and no more is known.
    status: outcome.status === 'not-waited' ? 'updated' : outcome.status,
    deploymentId: outcome.deploymentId,
    rolloutState: outcome.rolloutState,
    reason: outcome.reason,
    stoppedTaskReasons: outcome.stoppedTasks.map(describeStoppedTask),
    rollback: rollback ? `${rollback.method}: ${rollback.status}${rollback.reason ? ` (${rollback.reason})` : ''}` : '',
    milliseconds: outcome.durationMs,
  });
}

/** The first service's rollout: the one UpdateService started or we follow, or the completed one it already runs. */
export function rolloutStartOf(
  started: readonly StartedDeployment[],
  unchanged: readonly (Unchanged | Rescale)[],
  firstService: string | undefined,
): { rolloutStart?: RolloutStart } {
  const same = unchanged.find((decision) => decision.target.service === firstService);
  if (same)
    return {
      rolloutStart: {
        taskDefinitionArn: same.taskDefinitionArn,
        previousTaskDefinitionArn: same.taskDefinitionArn,
        deploymentId: same.deploymentId,
      },
    };
  const first = started[0];
  if (!first) return {};
  return {
    rolloutStart: {
      taskDefinitionArn: first.taskDefinition.taskDefinitionArn ?? '',
      previousTaskDefinitionArn: first.target.previousTaskDefinitionArn,
      // The service deployment ARN when UpdateService gave one: it is what the ECS console and API look up.
      deploymentId: first.serviceDeploymentArn ?? first.deploymentId ?? '',
    },
  };
}

/** A service left on the revision it runs: untouched, or (rescaled) with only its settings updated. */
export function unchangedReport(decision: Unchanged | Rescale): ServiceReport {
  const { service } = decision.target;
  const arn = decision.taskDefinitionArn;
  return decision.kind === 'unchanged'
    ? { ...serviceReport(service, arn, arn, 'unchanged', decision.deploymentId), rolloutState: 'COMPLETED' }
    : {
        ...serviceReport(service, arn, arn, 'scaled', decision.deploymentId),
        rolloutState: 'COMPLETED',
        note: `${describeSettingChanges(decision.changes)}: the service was updated on the revision it runs; ECS started no new deployment.`,
      };
}

export function inPlanOrder(plan: DeploymentPlan, reports: readonly ServiceReport[]): ServiceReport[] {
  const order = (service: string): number => plan.targets.findIndex((target) => target.service === service);
  return [...reports].sort((a, b) => order(a.service) - order(b.service));
}
