// Points every service at its new revision, each independently and a few at a time, and says which updates started.
import * as core from '@actions/core';
import {
  UpdateServiceCommand,
  type ECSClient,
  type Service,
  type TaskDefinition,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { itemAt } from '../shared/collections.js';
import { settleWithLimit } from '../shared/concurrency.js';
import type { Config, ServiceSettings } from '../inputs/config.js';
import { NO_SETTINGS, settingsFields } from './settings.js';
import { requestEcs } from '../shared/ecs-request.js';
import type { DeploymentPlan, ServiceTarget } from '../task-definition/plan.js';
import { startByController } from '../codedeploy/by-controller.js';
import type { StartedCodeDeploy } from '../codedeploy/start.js';
import { CodeDeployStartError } from '../codedeploy/start-error.js';
import type { StartFailure, StartOperation } from './start-failure.js';

export interface ServiceUpdate {
  readonly cluster: string;
  readonly service: string;
  readonly taskDefinitionArn: string;
  readonly forceNewDeployment: boolean;
  /** The settings the inputs give; the service keeps its own value of the others. */
  readonly settings?: ServiceSettings;
}

export interface ServiceUpdateResult {
  readonly service: Service;
  /** `ecs-svc/…` of the PRIMARY deployment UpdateService answered with: the one running our revision. */
  readonly deploymentId: string;
  /** ARN for DescribeServiceDeployments, when ECS reported the service's current deployment. */
  readonly serviceDeploymentArn: string | undefined;
}

/**
 * Points the service at the revision with the settings the inputs give; nothing else about the service is
 * sent, so nothing else changes.
 */
export async function updateService(ecs: ECSClient, update: ServiceUpdate): Promise<ServiceUpdateResult> {
  const resource = `service "${update.service}" in cluster "${update.cluster}"`;
  const input: UpdateServiceCommandInput = {
    cluster: update.cluster,
    service: update.service,
    taskDefinition: update.taskDefinitionArn,
    ...settingsFields(update.settings ?? NO_SETTINGS),
    ...(update.forceNewDeployment ? { forceNewDeployment: true } : {}),
  };
  const response = await requestEcs('UpdateService', resource, () => ecs.send(new UpdateServiceCommand(input)));
  const service = response.service;
  if (service === undefined) throw new Error(`ECS UpdateService answered without the ${resource}.`);
  const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
  if (primary?.id === undefined) throw new Error(`ECS UpdateService answered without a PRIMARY deployment for ${resource}.`);
  return { service, deploymentId: primary.id, serviceDeploymentArn: service.currentServiceDeployment };
}

export interface StartedDeployment {
  readonly target: ServiceTarget;
  readonly taskDefinition: TaskDefinition;
  readonly updatedAt: Date;
  readonly deploymentId: string | undefined;
  /** From UpdateService's answer, so the watch need not guess which service deployment is ours. */
  readonly serviceDeploymentArn: string | undefined;
  /** A CODE_DEPLOY service's deployment: CodeDeploy, not UpdateService, rolls it out. */
  readonly codeDeploy?: StartedCodeDeploy;
}

export interface ServiceUpdates {
  readonly started: StartedDeployment[];
  /** Services whose deployment did not start (UpdateService, or CodeDeploy's calls, failed); the others must still be watched. */
  readonly failed: StartFailure[];
}

/**
 * UpdateService calls in flight at once: enough that a step of many services starts their rollouts
 * together, few enough not to spend the account's ECS rate limit in one burst.
 */
export const UPDATE_CONCURRENCY = 5;

/**
 * Updates every service, each independently and UPDATE_CONCURRENCY at a time: when one update fails, the services already moved to
 * the new revision are still returned, so they are watched (and rolled back if need be), not stranded.
 */
export async function updateServices(
  ecs: ECSClient,
  config: Config,
  plan: DeploymentPlan,
  registered: readonly TaskDefinition[],
): Promise<ServiceUpdates> {
  const settled = await settleWithLimit(plan.targets, UPDATE_CONCURRENCY, async (target): Promise<StartedDeployment> => {
    const taskDefinition = itemAt(registered, target.render);
    const updatedAt = new Date();
    if (target.controller !== undefined) {
      // UpdateService refuses a new task definition for these controllers: CodeDeploy rolls CODE_DEPLOY services out.
      const codeDeploy = await startByController(ecs, {
        cluster: config.deploy.cluster,
        service: target.service,
        controller: target.controller,
        taskDefinitionArn: taskDefinition.taskDefinitionArn ?? '',
        config: config.codeDeploy,
      });
      return { target, taskDefinition, updatedAt, deploymentId: codeDeploy.deploymentId, serviceDeploymentArn: undefined, codeDeploy };
    }
    const updated = await updateService(ecs, {
      cluster: config.deploy.cluster,
      service: target.service,
      taskDefinitionArn: taskDefinition.taskDefinitionArn ?? '',
      forceNewDeployment: config.deploy.forceNewDeployment,
      settings: config.deploy.settings,
    });
    core.info(
      `Updated ${target.service} to ${taskDefinition.taskDefinitionArn}${updated.deploymentId ? ` (deployment ${updated.deploymentId})` : ''}`,
    );
    return { target, taskDefinition, updatedAt, deploymentId: updated.deploymentId, serviceDeploymentArn: updated.serviceDeploymentArn };
  });
  const updates: ServiceUpdates = { started: [], failed: [] };
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') updates.started.push(outcome.value);
    else {
      const target = itemAt(plan.targets, index);
      updates.failed.push({ service: target.service, operation: failedOperation(target, outcome.reason), error: outcome.reason });
    }
  }
  return updates;
}

/** The call that failed: UpdateService for an ECS service, the step CodeDeploy's start names for the others. */
function failedOperation(target: ServiceTarget, error: unknown): StartOperation {
  if (target.controller === undefined) return 'ecs:UpdateService';
  // Anything else on that path (loading the CodeDeploy client) failed before any CodeDeploy call.
  return error instanceof CodeDeployStartError ? error.operation : 'refused';
}
