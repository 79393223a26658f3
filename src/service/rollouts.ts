// Carries out each service's decision: UpdateService to a new revision for those that register one,
// UpdateService with forceNewDeployment on the revision they run for those rolled out again, UpdateService
// with the settings on the revision they run for those rescaled, the deployment already under way for those followed, and
// nothing for those unchanged.
import * as core from '@actions/core';
import type { ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Config } from '../inputs/config.js';
import type { DeploymentPlan, ServiceTarget } from '../task-definition/plan.js';
import type { Follow, Rescale, ServiceDecision, Unchanged } from './decision.js';
import { updateServices, type ServiceUpdates, type StartedDeployment } from './update.js';
import { describeSettingChanges } from './settings.js';

/** The renders some service registers, as a plan of their own (render indices renumbered to match). */
export function registrationPlan(plan: DeploymentPlan, decisions: readonly ServiceDecision[]): DeploymentPlan {
  const registering = decisions.filter((decision) => decision.kind === 'register').map((decision) => decision.target);
  const used = [...new Set(registering.map((target) => target.render))];
  return {
    renders: used.map((index) => plan.renders[index]).filter((render) => render !== undefined),
    targets: registering.map((target) => ({ ...target, render: used.indexOf(target.render) })),
  };
}

export interface Rollouts extends ServiceUpdates {
  /**
   * Services that already run this image: nothing was done to them, or (rescaled) only their settings
   * were updated, in the deployment that had completed, so there is no rollout to watch.
   */
  readonly unchanged: readonly (Unchanged | Rescale)[];
  /** Whether any UpdateService of ours started a rollout (a followed deployment is someone else's). */
  readonly deployed: boolean;
}

const NO_UPDATES: ServiceUpdates = { started: [], failed: [] };

/**
 * Starts what the decisions ask for, each service on its own. `registering` and `registered` are the
 * registration plan and the revisions registered for it (same order). `started` is in the decisions'
 * order, followed deployments included, so each outcome of the watch lines up with its service.
 */
export async function startRollouts(
  ecs: ECSClient,
  config: Config,
  decisions: readonly ServiceDecision[],
  registering: DeploymentPlan,
  registered: readonly TaskDefinition[],
): Promise<Rollouts> {
  const redeploying = decisions.flatMap((decision) => (decision.kind === 'redeploy' ? [decision] : []));
  const again: DeploymentPlan = {
    renders: [],
    targets: redeploying.map((decision, index): ServiceTarget => ({ ...decision.target, render: index })),
  };
  // UpdateService starts no deployment for the revision a service already runs unless forced to.
  const forced: Config = { ...config, deploy: { ...config.deploy, forceNewDeployment: true } };
  // An existing revision (`task-definition: my-app:7`): UpdateService to it, as to a registered one.
  const switching = decisions.flatMap((decision) => (decision.kind === 'switch' ? [decision] : []));
  const toExisting: DeploymentPlan = {
    renders: [],
    targets: switching.map((decision, index): ServiceTarget => ({ ...decision.target, render: index })),
  };
  const rescaling = decisions.flatMap((decision) => (decision.kind === 'rescale' ? [decision] : []));
  const [fresh, repeated, rescaled, switched] = await Promise.all([
    registering.targets.length > 0 ? updateServices(ecs, config, registering, registered) : NO_UPDATES,
    again.targets.length > 0
      ? updateServices(
          ecs,
          forced,
          again,
          redeploying.map((decision) => ({ ...decision.taskDefinition, taskDefinitionArn: decision.taskDefinitionArn })),
        )
      : NO_UPDATES,
    rescale(ecs, config, rescaling),
    switching.length > 0
      ? updateServices(
          ecs,
          config,
          toExisting,
          switching.map((decision) => ({ ...decision.taskDefinition, taskDefinitionArn: decision.taskDefinitionArn })),
        )
      : NO_UPDATES,
  ]);

  const followed = decisions.flatMap((decision) => (decision.kind === 'follow' ? [followedDeployment(decision)] : []));
  const order = (service: string): number => decisions.findIndex((decision) => decision.target.service === service);
  return {
    started: [...fresh.started, ...repeated.started, ...switched.started, ...followed].sort(
      (a, b) => order(a.target.service) - order(b.target.service),
    ),
    failed: [...fresh.failed, ...repeated.failed, ...switched.failed, ...rescaled.failed].sort(
      (a, b) => order(a.service) - order(b.service),
    ),
    unchanged: [...decisions.filter((decision): decision is Unchanged => decision.kind === 'unchanged'), ...rescaled.done].sort(
      (a, b) => order(a.target.service) - order(b.target.service),
    ),
    deployed: fresh.started.length + repeated.started.length + switched.started.length > 0,
  };
}

/** A deployment already under way, as if this run had started it: the watch follows it the same way. */
function followedDeployment(decision: Follow): StartedDeployment {
  return {
    target: { ...decision.target, previousTaskDefinitionArn: decision.replacing || decision.taskDefinitionArn },
    taskDefinition: { ...decision.taskDefinition, taskDefinitionArn: decision.taskDefinitionArn },
    updatedAt: decision.startedAt,
    deploymentId: decision.deploymentId,
    serviceDeploymentArn: decision.serviceDeploymentArn,
  };
}

/**
 * UpdateService on the revision the service runs, without forceNewDeployment (a rescale is never forced:
 * force-new-deployment makes it a redeploy): ECS scales the completed deployment and starts no new one.
 */
async function rescale(
  ecs: ECSClient,
  config: Config,
  decisions: readonly Rescale[],
): Promise<{ done: Rescale[]; failed: ServiceUpdates['failed'] }> {
  if (decisions.length === 0) return { done: [], failed: [] };
  // The target's fields without its controller: ECS takes a new count from a CODE_DEPLOY service too, so a rescale is never a CodeDeploy deployment.
  const same: DeploymentPlan = {
    renders: [],
    targets: decisions.map(({ target }, index) => ({
      service: target.service,
      previousTaskDefinitionArn: target.previousTaskDefinitionArn,
      render: index,
    })),
  };
  const updates = await updateServices(
    ecs,
    config,
    same,
    decisions.map((decision) => ({ taskDefinitionArn: decision.taskDefinitionArn })),
  );
  const done = decisions.filter((decision) => updates.started.some((started) => started.target.service === decision.target.service));
  for (const decision of done) core.info(`${decision.target.service}: ${describeSettingChanges(decision.changes)}, no new deployment.`);
  return { done, failed: updates.failed };
}
