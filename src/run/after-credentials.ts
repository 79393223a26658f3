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
import type { ServiceUpdates, StartedDeployment } from '../service/update.js';
import { decideServices, decisionLine, type ServiceDecision, type Unchanged } from '../service/decision.js';
import { registrationPlan, startRollouts } from '../service/rollouts.js';
import { prepareImage } from '../image/prepare.js';
import type { OidcToken } from '../auth/oidc-token.js';
import { PhaseError, asPhaseError, runPhase } from './phases.js';
import { afterPhase, deployed, dryRunDone, failed } from './run-record.js';
import type { RolloutEnd, RolloutStart, RunRecord, RunResult, ServiceReport } from '../report/report.js';
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
  const afterImage = afterPhase({ ...afterCredentials, imageSource: config.image.kind }, image, (prepared) => ({ image: prepared }));
  if (!image.ok) return failed(afterImage, image.error);

  const definitions = await runPhase('Task definition', async () => {
    const plan = await planDeployment(config, aws.ecs, image.value);
    // Each service on its own: one already running this image and settings gets nothing registered or deployed.
    const decisions = decideServices(plan, config.deploy.forceNewDeployment);
    for (const decision of decisions) core.info(decisionLine(decision, config.deploy.cluster));
    const registering = registrationPlan(plan, decisions);
    if (config.deploy.dryRun) return { plan, decisions, registering, registered: [], described: describePlan(plan, config, decisions) };
    const registered = registering.renders.length > 0 ? await registerRevisions(aws.ecs, registering) : [];
    return { plan, decisions, registering, registered, described: [] };
  });
  const afterDefinitions = afterPhase(afterImage, definitions, ({ decisions, described }) =>
    config.deploy.dryRun ? { plan: described, services: decisions.map(dryRunReport), deployed: false } : {},
  );
  if (!definitions.ok) return failed(afterDefinitions, definitions.error);
  if (config.deploy.dryRun) {
    for (const line of definitions.value.described) core.info(line);
    core.info('Dry run: nothing was pushed, registered or updated.');
    return dryRunDone(afterDefinitions);
  }
  const { plan, decisions, registering, registered } = definitions.value;

  // Nothing changed when every update failed: fail here, before anything is watched.
  const updates = await runPhase('Service update', () => startRollouts(aws.ecs, config, decisions, registering, registered), {
    failureOf: (result) =>
      result.started.length === 0 && result.unchanged.length === 0 ? new Error(updateFailureText(result.failed)) : undefined,
  });
  if (!updates.ok)
    return failed(
      afterPhase(afterDefinitions, updates, (result) => ({ deployed: result.deployed })),
      updates.error,
    );
  const { started, failed: notStarted, unchanged } = updates.value;
  const afterUpdates = afterPhase(afterDefinitions, updates, () => ({
    ...rolloutStartOf(started, unchanged, plan.targets[0]?.service),
    updateFailures: notStarted.map(({ service, error }) => ({ service, message: errorMessage(error) })),
    deployed: updates.value.deployed,
  }));
  const notUpdated = notStarted.map(({ service, error }) => notUpdatedReport(plan, service, errorMessage(error)));
  const updateFailure = updateFailureText(notStarted).trim();
  const reported = (services: readonly ServiceReport[]): ServiceReport[] =>
    inPlanOrder(plan, [...services, ...unchanged.map(unchangedReport), ...notUpdated]);
  // Every started deployment went well (or was not waited for), but some services were never updated.
  const ending = (record: RunRecord): RunResult =>
    updateFailure ? failed(record, new PhaseError('Service update', new Error(updateFailure))) : deployed(record);
  // The first service's rollout is the outputs'; when it was unchanged, it is its completed deployment.
  const firstUnchanged = unchanged.find((decision) => decision.target.service === plan.targets[0]?.service);
  const end = (rolloutState: string, deploymentId: string, failureReason: string): RolloutEnd =>
    firstUnchanged
      ? { deploymentId: firstUnchanged.deploymentId, rolloutState: 'COMPLETED', failureReason }
      : { deploymentId, rolloutState, failureReason };

  if (started.length === 0 || !config.deploy.waitForStability) {
    if (started.length > 0) core.info('Not waiting for the deployment (wait-for-service-stability: false).');
    return ending({
      ...afterUpdates,
      services: reported(started.map(updatedReport)),
      rolloutEnd: end(started.length > 0 ? 'IN_PROGRESS' : '', afterUpdates.rolloutStart?.deploymentId ?? '', updateFailure),
    });
  }

  const first = itemAt(started, 0);
  const watched = await runPhase('Deployment watch', () => watch(config, aws, started), {
    failureOf: (outcomes) => {
      const reasons = failureReasons(outcomes);
      return reasons ? new Error(joinReasons(reasons, updateFailure)) : undefined;
    },
  });
  const afterWatch = afterPhase(afterUpdates, watched, (outcomes) => {
    const watchedEnd = rolloutEnd(outcomes, first, updateFailure);
    return {
      services: reported(outcomes.map((outcome, index) => outcomeReport(outcome, itemAt(started, index)))),
      rolloutEnd: end(watchedEnd.rolloutState, watchedEnd.deploymentId, watchedEnd.failureReason),
    };
  });
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
      // A rollout of the revision the service already ran has nothing else to go back to.
      previousTaskDefinitionArn:
        deployment.target.previousTaskDefinitionArn === deployment.taskDefinition.taskDefinitionArn
          ? ''
          : deployment.target.previousTaskDefinitionArn,
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

function dryRunReport(decision: ServiceDecision): ServiceReport {
  if (decision.kind === 'unchanged') return unchangedReport(decision);
  return serviceReport(decision.target.service, decision.target.previousTaskDefinitionArn, '', 'planned');
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

/** The first service's rollout: the one UpdateService started or we follow, or the completed one it already runs. */
function rolloutStartOf(
  started: readonly StartedDeployment[],
  unchanged: readonly Unchanged[],
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

function unchangedReport(decision: Unchanged): ServiceReport {
  return {
    ...serviceReport(decision.target.service, decision.taskDefinitionArn, decision.taskDefinitionArn, 'unchanged', decision.deploymentId),
    rolloutState: 'COMPLETED',
  };
}

function inPlanOrder(plan: DeploymentPlan, reports: readonly ServiceReport[]): ServiceReport[] {
  const order = (service: string): number => plan.targets.findIndex((target) => target.service === service);
  return [...reports].sort((a, b) => order(a.service) - order(b.service));
}
