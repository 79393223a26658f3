// The phases after the inputs: credentials → image → task definition → services → watch. main.ts
// loads this module only once the inputs are valid and the OIDC token request is under way, because
// it brings in the AWS SDK (most of the bundle's parse time).
import * as core from '@actions/core';
import { itemAt } from '../shared/collections.js';
import type { Config } from '../inputs/config.js';
import { Output } from '../shared/constants.js';
import { createClients, destroyClients, type AwsClients } from '../shared/aws-clients.js';
import { establishSession, type AwsSession } from '../auth/session.js';
import { watchDeployments, type WatchOutcome } from '../watch/watch-deployment.js';
import { describePlan, planDeployment } from '../task-definition/plan.js';
import { registerRevisions } from '../task-definition/register.js';
import { updateServices, type ServiceUpdates, type StartedDeployment } from '../service/update.js';
import { prepareImage, type PreparedImage } from '../image/prepare.js';
import type { OidcToken } from '../auth/oidc-token.js';
import { PhaseError, runPhase } from './phases.js';
import type { RunReport, ServiceReport } from '../report/report.js';
import { describeStoppedTask } from '../watch/stopped-tasks.js';

/** The Credentials phase's work (main.ts runs it inside that phase, with the token already requested). */
export function establish(config: Config, firstToken: Promise<OidcToken> | undefined): Promise<AwsSession> {
  return establishSession(config.auth, { github: config.github, firstToken });
}

/** Every phase after Credentials. */
export async function deploy(config: Config, report: RunReport, session: AwsSession): Promise<void> {
  report.identity = session.assumedRoleArn;
  core.setOutput(Output.assumedRoleArn, session.assumedRoleArn);
  const aws = createClients(config.auth.region, session.credentials);
  try {
    await deployWith(config, report, aws);
  } finally {
    destroyClients(aws);
  }
}

async function deployWith(config: Config, report: RunReport, aws: AwsClients): Promise<void> {
  const image = await runPhase(report, 'Image', () => prepareImage(config, aws));
  report.image = image;
  setImageOutputs(image);

  const { plan, registered } = await runPhase(report, 'Task definition', async () => {
    const planned = await planDeployment(config, aws.ecs, image);
    return { plan: planned, registered: config.deploy.dryRun ? [] : await registerRevisions(aws.ecs, planned) };
  });
  if (config.deploy.dryRun) {
    report.plan = describePlan(plan, config);
    for (const line of report.plan) core.info(line);
    report.services = plan.targets.map((target) => serviceReport(target.service, target.previousTaskDefinitionArn, '', 'planned'));
    core.info('Dry run: nothing was pushed, registered or updated.');
    return;
  }

  const updates = await runPhase(report, 'Service update', async () => {
    const result = await updateServices(aws.ecs, config, plan, registered);
    // Nothing changed when every update failed: fail here, before anything is watched.
    if (result.started.length === 0) throw new Error(updateFailures(result.failed));
    return result;
  });
  const startedDeployments = updates.started;
  const notUpdated = updates.failed.map(({ service, error }) =>
    serviceReport(
      service,
      plan.targets.find((target) => target.service === service)?.previousTaskDefinitionArn ?? '',
      '',
      'failed',
      '',
      errorText(error),
    ),
  );
  for (const { service, error } of updates.failed)
    core.error(`UpdateService failed for ${service}: ${errorText(error)}`, { title: `${service}: not updated` });
  const first = startedDeployments[0];
  core.setOutput(Output.taskDefinitionArn, first?.taskDefinition.taskDefinitionArn ?? '');
  core.setOutput(Output.previousTaskDefinitionArn, first?.target.previousTaskDefinitionArn ?? '');
  // The service deployment ARN when UpdateService gave one: it is what the ECS console and API look up.
  core.setOutput(Output.deploymentId, first?.serviceDeploymentArn ?? first?.deploymentId ?? '');
  const updateFailure = updates.failed.length > 0 ? ` ${updateFailures(updates.failed)}` : '';

  if (!config.deploy.waitForStability) {
    report.services = [
      ...startedDeployments.map((deployment) =>
        serviceReport(
          deployment.target.service,
          deployment.target.previousTaskDefinitionArn,
          deployment.taskDefinition.taskDefinitionArn ?? '',
          'updated',
          deployment.serviceDeploymentArn ?? deployment.deploymentId,
        ),
      ),
      ...notUpdated,
    ];
    core.setOutput(Output.rolloutState, 'IN_PROGRESS');
    core.setOutput(Output.failureReason, updateFailure.trim());
    core.info('Not waiting for the deployment (wait-for-service-stability: false).');
    if (updateFailure) throw new PhaseError('Service update', new Error(updateFailure.trim()));
    return;
  }

  // Inside the phase, so that the summary marks the watch as the phase that failed.
  await runPhase(report, 'Deployment watch', async () => {
    const outcomes = await watch(config, aws, startedDeployments);
    report.services = [...outcomes.map((outcome, index) => outcomeReport(outcome, itemAt(startedDeployments, index))), ...notUpdated];
    const firstOutcome = outcomes[0];
    core.setOutput(Output.deploymentId, firstOutcome?.deploymentId || first?.serviceDeploymentArn || first?.deploymentId || '');
    core.setOutput(Output.rolloutState, firstOutcome?.rolloutState ?? '');
    const failed = outcomes.filter((outcome) => outcome.status !== 'succeeded');
    const reasons = failed.map(
      (outcome) => `${outcome.service} ${outcome.status === 'timed-out' ? 'timed out' : 'failed'}: ${outcome.reason}`,
    );
    core.setOutput(Output.failureReason, (reasons.join(' ') + updateFailure).trim());
    if (failed.length > 0) throw new Error((reasons.join(' ') + updateFailure).trim());
  });
  // Every started deployment succeeded, but some services were never updated.
  if (updateFailure) throw new PhaseError('Service update', new Error(updateFailure.trim()));
}

function updateFailures(failed: ServiceUpdates['failed']): string {
  return failed.map(({ service, error }) => `UpdateService failed for ${service}: ${errorText(error)}`).join(' ');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  );
}

function setImageOutputs(image: PreparedImage): void {
  core.setOutput(Output.imageUri, image.uri);
  core.setOutput(Output.imageDigest, image.digest);
  core.setOutput(Output.imageTag, image.tag);
  core.setOutput(Output.registry, image.registry);
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
    status: outcome.status,
    deploymentId: outcome.deploymentId,
    rolloutState: outcome.rolloutState,
    reason: outcome.reason,
    stoppedTaskReasons: outcome.stoppedTasks.map(describeStoppedTask),
    rollback: rollback ? `${rollback.method}: ${rollback.status}${rollback.reason ? ` (${rollback.reason})` : ''}` : '',
    milliseconds: outcome.durationMs,
  };
}
