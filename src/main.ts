// Orchestrates the phases in one direction: inputs → credentials → image → task definition →
// services → watch → report. Catches everything and fails the step once, naming the phase.
import { statSync } from 'node:fs';
import * as core from '@actions/core';
import type { Config } from './config.js';
import { Output } from './constants.js';
import { createClients, destroyClients, type AwsClients } from './aws/clients.js';
import { establishSession } from './aws/credentials.js';
import { describePlan, planDeployment, registerRevisions, updateServices, type StartedDeployment } from './deploy.js';
import { prepareImage, type PreparedImage } from './image.js';
import { readInputs } from './inputs.js';
import { PhaseError, runPhase } from './phases.js';
import { emptyReport, type RunReport, type ServiceReport } from './report.js';
import { writeSummary } from './summary.js';
import { watchDeployments, type WatchOutcome } from './aws/watch-io.js';
import { describeStoppedTask } from './watch.js';

const NEXT_STEP: Record<string, string> = {
  Inputs: 'fix the input named above',
  Credentials: 'check the role, its trust policy and the job permissions',
  'Registry login': 'check the ECR permissions of the role',
  Image: 'check the build output above',
  'Task definition': 'check the task definition and the role permissions',
  'Service update': 'check the service and the role permissions',
  'Deployment watch': 'see the stopped tasks and service events above',
};

export async function run(): Promise<void> {
  const started = Date.now();
  let report: RunReport = emptyReport(false);
  let clients: AwsClients | undefined;
  try {
    const config = await runPhase(report, 'Inputs', async () =>
      readInputs({ getInput: (name) => core.getInput(name), env: process.env, isFile: (file) => isKind(file, 'file'), isDirectory: (dir) => isKind(dir, 'directory') }),
    );
    report = { ...report, dryRun: config.deploy.dryRun };

    const session = await runPhase(report, 'Credentials', () => establishSession(config.auth, { github: config.github }));
    report.identity = session.assumedRoleArn;
    core.setOutput(Output.assumedRoleArn, session.assumedRoleArn);
    clients = createClients(config.auth.region, session.credentials);
    const aws = clients;

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
        serviceReport(deployment.target.service, deployment.target.previousTaskDefinitionArn, deployment.taskDefinition.taskDefinitionArn ?? '', 'updated', deployment.deploymentId),
      );
      core.setOutput(Output.rolloutState, 'IN_PROGRESS');
      core.setOutput(Output.failureReason, '');
      core.info('Not waiting for the deployment (wait-for-service-stability: false).');
      return;
    }

    const outcomes = await runPhase(report, 'Deployment watch', () => watch(config, aws, startedDeployments));
    report.services = outcomes.map((outcome, index) => outcomeReport(outcome, startedDeployments[index] as StartedDeployment));
    const firstOutcome = outcomes[0];
    core.setOutput(Output.deploymentId, firstOutcome?.deploymentId || first?.deploymentId || '');
    core.setOutput(Output.rolloutState, firstOutcome?.rolloutState ?? '');
    const failed = outcomes.filter((outcome) => outcome.status !== 'succeeded');
    core.setOutput(Output.failureReason, failed.map((outcome) => `${outcome.service}: ${outcome.reason}`).join(' '));
    if (failed.length > 0) {
      throw new PhaseError('Deployment watch', new Error(failed.map((outcome) => `${outcome.service} ${outcome.status === 'timed-out' ? 'timed out' : 'failed'}: ${outcome.reason}`).join(' ')));
    }
    core.info(`Deployed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    const phaseError = error instanceof PhaseError ? error : new PhaseError('Inputs', error);
    report.failure = { phase: phaseError.phase, message: phaseError.message };
    core.setFailed(failureSentence(phaseError));
  } finally {
    if (clients) destroyClients(clients);
    try {
      await writeSummary(report);
    } catch (error) {
      core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
    }
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

function failureSentence(error: PhaseError): string {
  const message = error.message.replace(/\s*\n\s*/g, ' ').trim();
  const next = NEXT_STEP[error.phase];
  return `${error.phase} failed: ${message}${/[.!?]$/.test(message) ? '' : '.'}${next && error.phase !== 'Inputs' && error.phase !== 'Credentials' ? ` Next: ${next}.` : ''}`;
}

function setImageOutputs(image: PreparedImage): void {
  core.setOutput(Output.imageUri, image.uri);
  core.setOutput(Output.imageDigest, image.digest);
  core.setOutput(Output.imageTag, image.tag);
  core.setOutput(Output.registry, image.registry);
}

function serviceReport(service: string, previous: string, next: string, status: ServiceReport['status'], deploymentId = ''): ServiceReport {
  return { service, previousTaskDefinitionArn: previous, taskDefinitionArn: next, status, deploymentId, rolloutState: '', reason: '', stoppedTaskReasons: [], rollback: '', milliseconds: 0 };
}

function outcomeReport(outcome: WatchOutcome, deployment: StartedDeployment): ServiceReport {
  return {
    service: outcome.service,
    previousTaskDefinitionArn: deployment.target.previousTaskDefinitionArn,
    taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
    status: outcome.status,
    deploymentId: outcome.deploymentId,
    rolloutState: outcome.rolloutState,
    reason: outcome.reason,
    stoppedTaskReasons: outcome.stoppedTasks.map(describeStoppedTask),
    rollback: outcome.rollback ? `${outcome.rollback.method}: ${outcome.rollback.status}${outcome.rollback.reason ? ` (${outcome.rollback.reason})` : ''}` : '',
    milliseconds: outcome.durationMs,
  };
}

function isKind(path: string, kind: 'file' | 'directory'): boolean {
  try {
    const stats = statSync(path);
    return kind === 'file' ? stats.isFile() : stats.isDirectory();
  } catch {
    return false;
  }
}
