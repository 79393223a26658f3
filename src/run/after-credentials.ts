// The phases after the inputs: credentials → image → task definition → services → watch. main.ts
// loads this module only once the inputs are valid and the OIDC token request is under way, because
// it brings in the AWS SDK (most of the bundle's parse time). Each phase returns its value; `deploy`
// composes them into the run's final result and writes nothing the user sees (report/finish.ts does).
import * as core from '@actions/core';
import { itemAt } from '../shared/collections.js';
import type { Config } from '../inputs/config.js';
import { createClients, destroyClients, type AwsClients } from '../shared/aws-clients.js';
import { establishSession, type AwsSession } from '../auth/session.js';
import { startRollouts } from '../service/rollouts.js';
import { afterUpdateFailures, notWaitedAfterUpdateFailure } from '../service/fail-fast.js';
import type { StartedDeployment } from '../service/update.js';
import { prepareImage } from '../image/prepare.js';
import { gateOnScan, scanVerdict } from '../scan/scan-gate.js';
import type { OidcToken } from '../auth/oidc-token.js';
import { PhaseError, asPhaseError, runPhase } from './phases.js';
import { afterPhase, deployed, dryRunDone, failed } from './run-record.js';
import type { RolloutEnd, RunRecord, RunResult, ServiceReport } from '../report/report.js';
import { errorMessage } from '../shared/errors.js';
import { defineRevisions, type DefinedRevisions } from './definitions-phase.js';
import { describeStrategy } from '../service/strategy.js';
import type { PlannedDeployment } from '../task-definition/plan.js';
import { watchStarted } from './watch-phase.js';
import { withOldRevisionsPruned } from '../revisions/after-deploy.js';
import { migrate, migrationFailure, migrationReport, plannedMigration } from './migration-phase.js';
import {
  dryRunReport,
  failureReasons,
  inPlanOrder,
  joinReasons,
  notWaitedReport,
  notUpdatedReport,
  outcomeReport,
  rolloutEnd,
  rolloutStartOf,
  unchangedReport,
  updatedReport,
  updateFailureText,
} from './service-reports.js';

/** The Credentials phase's work (main.ts runs it inside that phase, with the token already requested). */
export function establish(config: Config, firstToken: Promise<OidcToken> | undefined): Promise<AwsSession> {
  return establishSession(config.auth, { github: config.github, firstToken, proxy: config.proxy });
}

/** Every phase after Credentials, from the record main.ts built up to there. Never throws. */
export async function deploy(config: Config, session: AwsSession, afterCredentials: RunRecord): Promise<RunResult> {
  try {
    const aws = createClients(config.auth.region, session.credentials, config.proxy);
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

  // The scan gate: findings at or above the threshold stop the run before anything is registered.
  const { threshold } = config.scan;
  let afterScan = afterImage;
  if (threshold !== undefined) {
    const scan = await runPhase('Image scan', () => gateOnScan(config, aws.ecr, image.value, threshold), { failureOf: scanVerdict });
    afterScan = afterPhase(afterImage, scan, (report) => ({ scan: report }));
    if (!scan.ok) return failed({ ...afterScan, deployed: false }, scan.error);
  }

  const definitions = await runPhase('Task definition', () => defineRevisions(config, aws, image.value));
  const { runTask } = config;
  const afterDefinitions = afterPhase(afterScan, definitions, (revisions) =>
    config.deploy.dryRun
      ? {
          plan: [...revisions.described, ...(runTask === undefined ? [] : plannedMigration(config, runTask, revisions))],
          services: revisions.decisions.map((decision) => dryRunReport(decision, strategyOf(revisions.plan, decision.target.service))),
          deployed: false,
        }
      : {},
  );
  if (!definitions.ok) return failed(afterDefinitions, definitions.error);
  const revisions = definitions.value;
  // keep-revisions, once every service ended on its revision (any other result is left as it is).
  const pruneAfter = (result: RunResult): Promise<RunResult> => withOldRevisionsPruned(config, aws.ecs, revisions, result);
  if (config.deploy.dryRun) {
    for (const line of afterDefinitions.plan) core.info(line);
    core.info('Dry run: nothing was pushed, registered or updated.');
    return pruneAfter(dryRunDone(afterDefinitions));
  }
  if (runTask === undefined) return pruneAfter(await updateAndWatch(config, aws, afterDefinitions, revisions));
  // The one-off task (a migration) runs before any service is updated; only exit code 0 lets the deploy go on.
  const migrated = await runPhase('Migration task', () => migrate(config, runTask, aws, definitions.value), {
    failureOf: (step) => migrationFailure(step, runTask),
  });
  const afterMigration = afterPhase(afterDefinitions, migrated, (step) => ({ migration: migrationReport(step, runTask) }));
  if (!migrated.ok) return failed({ ...afterMigration, deployed: false }, migrated.error);
  return pruneAfter(await updateAndWatch(config, aws, afterMigration, revisions));
}

/** The Service update phase, then (unless told not to wait) the Deployment watch of what it started. */
async function updateAndWatch(
  config: Config,
  aws: AwsClients,
  afterDefinitions: RunRecord,
  revisions: DefinedRevisions,
): Promise<RunResult> {
  const { plan, decisions, registering, registered } = revisions;
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
    updateFailures: notStarted.map(({ service, operation, error }) => ({ service, operation, message: errorMessage(error) })),
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

  // fail-fast: a failed UpdateService is the step's first failure, so what did start is not waited for.
  const next = config.deploy.waitForStability ? afterUpdateFailures(config.deploy.failFast, notStarted) : undefined;
  if (started.length === 0 || next?.kind !== 'watch') {
    if (started.length > 0 && next === undefined) core.info('Not waiting for the deployment (wait-for-service-stability: false).');
    const notWatched = (deployment: StartedDeployment): ServiceReport => {
      if (next?.kind !== 'stop') return updatedReport(deployment);
      const reason = notWaitedAfterUpdateFailure(deployment.target.service, next.failed);
      core.info(reason);
      return notWaitedReport(deployment, reason);
    };
    return ending({
      ...afterUpdates,
      services: reported(started.map(notWatched)),
      rolloutEnd: end(started.length > 0 ? 'IN_PROGRESS' : '', afterUpdates.rolloutStart?.deploymentId ?? '', updateFailure),
    });
  }

  const first = itemAt(started, 0);
  const watched = await runPhase('Deployment watch', () => watchStarted(config, aws, started), {
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

/** How ECS would roll `service` out, from what DescribeServices said of it before the deploy. */
function strategyOf(plan: PlannedDeployment, service: string): string | undefined {
  const index = plan.targets.findIndex((target) => target.service === service);
  const now = plan.now[index];
  return now === undefined ? undefined : describeStrategy(now.service);
}
