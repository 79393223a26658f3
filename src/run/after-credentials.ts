// The phases after the inputs: credentials → image → task definition → services → watch. main.ts
// loads this module only once the inputs are valid and the OIDC token request is under way, because
// it brings in the AWS SDK (most of the bundle's parse time). Each phase returns its value; `deploy`
// composes them into the run's final result and writes nothing the user sees (report/finish.ts does).
import * as core from '@actions/core';
import { itemAt } from '../shared/collections.js';
import type { Config } from '../inputs/config.js';
import { createClients, destroyClients, type AwsClients } from '../shared/aws-clients.js';
import { establishSession, type AwsSession } from '../auth/session.js';
import { watchDeployments, type WatchOutcome } from '../watch/watch-deployment.js';
import { describePlan, planDeployment, type DeploymentPlan } from '../task-definition/plan.js';
import { registerRevisions } from '../task-definition/register.js';
import { updateServices, type ServiceUpdates, type StartedDeployment } from '../service/update.js';
import { prepareImage } from '../image/prepare.js';
import type { OidcToken } from '../auth/oidc-token.js';
import { PhaseError, asPhaseError, runPhase } from './phases.js';
import { afterPhase, deployed, dryRunDone, failed } from './run-record.js';
import type { RolloutEnd, RunRecord, RunResult, ServiceReport } from '../report/report.js';
import { describeStoppedTask } from '../watch/stopped-tasks.js';
import { errorMessage } from '../shared/errors.js';

/** The Credentials phase's work (main.ts runs it inside that phase, with the token already requested). */
export function establish(config: Config, firstToken: Promise<OidcToken> | undefined): Promise<AwsSession> {
  return establishSession(config.auth, { github: config.github, firstToken });
}

/** Every phase after Credentials, from the record main.ts built up to there. Never throws. */
export async function deploy(config: Config, session: AwsSession, afterCredentials: RunRecord): Promise<RunResult> {
  try {
    const aws = createClients(config.auth.region, session.credentials);
    try {
      return await deployWith(config, aws, afterCredentials);
    } finally {
      destroyClients(aws);
    }
  } catch (error) {
    return failed(afterCredentials, asPhaseError(error));
  }
}

async function deployWith(config: Config, aws: AwsClients, afterCredentials: RunRecord): Promise<RunResult> {
  const image = await runPhase('Image', () => prepareImage(config, aws));
  const afterImage = afterPhase(afterCredentials, image, (prepared) => ({ image: prepared }));
  if (!image.ok) return failed(afterImage, image.error);

  const definitions = await runPhase('Task definition', async () => {
    const plan = await planDeployment(config, aws.ecs, image.value);
    if (config.deploy.dryRun) return { plan, registered: [], described: describePlan(plan, config) };
    return { plan, registered: await registerRevisions(aws.ecs, plan), described: [] };
  });
  const afterDefinitions = afterPhase(afterImage, definitions, ({ plan, described }) =>
    config.deploy.dryRun ? { plan: described, services: plan.targets.map(plannedReport) } : {},
  );
  if (!definitions.ok) return failed(afterDefinitions, definitions.error);
  if (config.deploy.dryRun) {
    for (const line of definitions.value.described) core.info(line);
    core.info('Dry run: nothing was pushed, registered or updated.');
    return dryRunDone(afterDefinitions);
  }
  const { plan, registered } = definitions.value;

  // Nothing changed when every update failed: fail here, before anything is watched.
  const updates = await runPhase('Service update', () => updateServices(aws.ecs, config, plan, registered), {
    failureOf: (result) => (result.started.length === 0 ? new Error(updateFailureText(result.failed)) : undefined),
  });
  if (!updates.ok) return failed(afterPhase(afterDefinitions, updates), updates.error);
  const { started, failed: notStarted } = updates.value;
  const first = itemAt(started, 0);
  const afterUpdates = afterPhase(afterDefinitions, updates, () => ({
    rolloutStart: {
      taskDefinitionArn: first.taskDefinition.taskDefinitionArn ?? '',
      previousTaskDefinitionArn: first.target.previousTaskDefinitionArn,
      // The service deployment ARN when UpdateService gave one: it is what the ECS console and API look up.
      deploymentId: first.serviceDeploymentArn ?? first.deploymentId ?? '',
    },
    updateFailures: notStarted.map(({ service, error }) => ({ service, message: errorMessage(error) })),
  }));
  const notUpdated = notStarted.map(({ service, error }) => notUpdatedReport(plan, service, errorMessage(error)));
  const updateFailure = updateFailureText(notStarted).trim();
  // Every started deployment went well (or was not waited for), but some services were never updated.
  const ending = (record: RunRecord): RunResult =>
    updateFailure ? failed(record, new PhaseError('Service update', new Error(updateFailure))) : deployed(record);

  if (config.deploy.failFast && (!config.deploy.waitForStability || started.length < 2)) {
    core.warning(
      `fail-fast has no effect in this run: ${config.deploy.waitForStability ? 'only one service is watched' : 'wait-for-service-stability is false'}.`,
    );
  }
  if (!config.deploy.waitForStability) {
    core.info('Not waiting for the deployment (wait-for-service-stability: false).');
    return ending({
      ...afterUpdates,
      services: [...started.map(updatedReport), ...notUpdated],
      rolloutEnd: {
        deploymentId: afterUpdates.rolloutStart?.deploymentId ?? '',
        rolloutState: 'IN_PROGRESS',
        failureReason: updateFailure,
      },
    });
  }

  const watched = await runPhase('Deployment watch', () => watch(config, aws, started), {
    failureOf: (outcomes) => {
      const reasons = failureReasons(outcomes);
      return reasons ? new Error(joinReasons(reasons, updateFailure)) : undefined;
    },
  });
  const afterWatch = afterPhase(afterUpdates, watched, (outcomes) => ({
    services: [...outcomes.map((outcome, index) => outcomeReport(outcome, itemAt(started, index))), ...notUpdated],
    rolloutEnd: rolloutEnd(outcomes, first, updateFailure),
  }));
  if (!watched.ok) return failed(afterWatch, watched.error);
  return ending(afterWatch);
}

function rolloutEnd(outcomes: readonly WatchOutcome[], first: StartedDeployment, updateFailure: string): RolloutEnd {
  const firstOutcome = outcomes[0];
  return {
    deploymentId: firstOutcome?.deploymentId || first.serviceDeploymentArn || first.deploymentId || '',
    rolloutState: firstOutcome?.rolloutState ?? '',
    failureReason: joinReasons(failureReasons(outcomes), updateFailure),
  };
}

function failureReasons(outcomes: readonly WatchOutcome[]): string {
  return outcomes
    .filter((outcome) => outcome.status === 'failed' || outcome.status === 'timed-out')
    .map((outcome) => `${outcome.service} ${outcome.status === 'timed-out' ? 'timed out' : 'failed'}: ${outcome.reason}`)
    .join(' ');
}

function joinReasons(...reasons: string[]): string {
  return reasons.filter(Boolean).join(' ').trim();
}

function updateFailureText(failed: ServiceUpdates['failed']): string {
  return failed.map(({ service, error }) => `UpdateService failed for ${service}: ${errorMessage(error)}`).join(' ');
}

async function watch(config: Config, clients: AwsClients, deployments: readonly StartedDeployment[]): Promise<WatchOutcome[]> {
  return watchDeployments(
    deployments.map((deployment) => ({
      ecs: clients.watchEcs,
      logs: clients.logs,
      cluster: config.deploy.cluster,
      service: deployment.target.service,
      taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
      previousTaskDefinitionArn: deployment.target.previousTaskDefinitionArn,
      taskDefinition: deployment.taskDefinition,
      updatedAt: deployment.updatedAt,
      deploymentId: deployment.deploymentId,
      serviceDeploymentArn: deployment.serviceDeploymentArn,
      options: {
        waitMinutes: config.deploy.waitMinutes,
        noProgressMinutes: config.deploy.noProgressMinutes,
        maxFailedTasks: config.deploy.maxFailedTasks,
        rollbackOnFailure: config.deploy.rollbackOnFailure,
      },
    })),
    { failFast: config.deploy.failFast },
  );
}

function plannedReport(target: DeploymentPlan['targets'][number]): ServiceReport {
  return serviceReport(target.service, target.previousTaskDefinitionArn, '', 'planned');
}

function updatedReport(deployment: StartedDeployment): ServiceReport {
  return serviceReport(
    deployment.target.service,
    deployment.target.previousTaskDefinitionArn,
    deployment.taskDefinition.taskDefinitionArn ?? '',
    'updated',
    deployment.serviceDeploymentArn ?? deployment.deploymentId,
  );
}

function notUpdatedReport(plan: DeploymentPlan, service: string, reason: string): ServiceReport {
  const previous = plan.targets.find((target) => target.service === service)?.previousTaskDefinitionArn ?? '';
  return serviceReport(service, previous, '', 'failed', '', reason);
}

function serviceReport(
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

function outcomeReport(outcome: WatchOutcome, deployment: StartedDeployment): ServiceReport {
  const rollback = outcome.rollback;
  return {
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
  };
}
