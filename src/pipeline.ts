// The phases after the inputs: credentials → image → task definition → services → watch. main.ts
// loads this module only once the inputs are valid and the OIDC token request is under way, because
// it brings in the AWS SDK (most of the bundle's parse time).
import * as core from '@actions/core';
import { itemAt } from './collections.js';
import type { Config } from './config.js';
import { Output } from './constants.js';
import { createClients, destroyClients, type AwsClients } from './aws/clients.js';
import { establishSession, type AwsSession } from './aws/credentials.js';
import { watchDeployments, type WatchOutcome } from './aws/watch-io.js';
import { describePlan, planDeployment, registerRevisions, updateServices, type StartedDeployment } from './deploy.js';
import { prepareImage, type PreparedImage } from './image.js';
import type { OidcToken } from './oidc.js';
import { PhaseError, runPhase } from './phases.js';
import type { RunReport, ServiceReport } from './report.js';
import { describeStoppedTask } from './watch.js';

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

  const startedDeployments = await runPhase(report, 'Service update', () => updateServices(aws.ecs, config, plan, registered));
  const first = startedDeployments[0];
  core.setOutput(Output.taskDefinitionArn, first?.taskDefinition.taskDefinitionArn ?? '');
  core.setOutput(Output.previousTaskDefinitionArn, first?.target.previousTaskDefinitionArn ?? '');
  core.setOutput(Output.deploymentId, first?.deploymentId ?? '');

  if (!config.deploy.waitForStability) {
    report.services = startedDeployments.map((deployment) =>
      serviceReport(
        deployment.target.service,
        deployment.target.previousTaskDefinitionArn,
        deployment.taskDefinition.taskDefinitionArn ?? '',
        'updated',
        deployment.deploymentId,
      ),
    );
    core.setOutput(Output.rolloutState, 'IN_PROGRESS');
    core.setOutput(Output.failureReason, '');
    core.info('Not waiting for the deployment (wait-for-service-stability: false).');
    return;
  }

  const outcomes = await runPhase(report, 'Deployment watch', () => watch(config, aws, startedDeployments));
  report.services = outcomes.map((outcome, index) => outcomeReport(outcome, itemAt(startedDeployments, index)));
  const firstOutcome = outcomes[0];
  core.setOutput(Output.deploymentId, firstOutcome?.deploymentId || first?.deploymentId || '');
  core.setOutput(Output.rolloutState, firstOutcome?.rolloutState ?? '');
  const failed = outcomes.filter((outcome) => outcome.status !== 'succeeded');
  core.setOutput(Output.failureReason, failed.map((outcome) => `${outcome.service}: ${outcome.reason}`).join(' '));
  if (failed.length > 0) {
    const reasons = failed.map(
      (outcome) => `${outcome.service} ${outcome.status === 'timed-out' ? 'timed out' : 'failed'}: ${outcome.reason}`,
    );
    throw new PhaseError('Deployment watch', new Error(reasons.join(' ')));
  }
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

function serviceReport(service: string, previous: string, next: string, status: ServiceReport['status'], deploymentId = ''): ServiceReport {
  return {
    service,
    previousTaskDefinitionArn: previous,
    taskDefinitionArn: next,
    status,
    deploymentId,
    rolloutState: '',
    reason: '',
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
