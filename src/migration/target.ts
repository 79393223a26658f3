// Which revision the one-off task runs, and whose placement it borrows. One task per run, with the
// revision registered for the first service (in the order of `service`) that gets a new one, and that
// service's network configuration, launch type or capacity provider strategy, and platform version.
// Services deployed together from one task definition share one revision; with several families the
// migration belongs to the first. Nothing registered (every service unchanged, followed or redeployed on
// the revision it runs): no new revision to migrate to, so no task. Pure.
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { DeploymentPlan, PlannedDeployment } from '../task-definition/plan.js';
import { itemAt } from '../shared/collections.js';

export type ServicePlacement = Pick<Service, 'networkConfiguration' | 'launchType' | 'capacityProviderStrategy' | 'platformVersion'>;

export interface MigrationTarget {
  /** The service whose placement the task borrows. */
  readonly service: string;
  readonly placement: ServicePlacement;
  /** The registered revision (a dry run: the definition it would register, without an ARN). */
  readonly taskDefinition: TaskDefinition;
  /** Empty in a dry run, where nothing is registered. */
  readonly taskDefinitionArn: string;
  /** The container whose image the deploy sets: the command override is for it. */
  readonly containerName: string;
}

/** What the Task definition phase returned: the plan, the part of it registered, and the revisions (same order). */
export interface Revisions {
  readonly plan: PlannedDeployment;
  readonly registering: DeploymentPlan;
  readonly registered: readonly TaskDefinition[];
}

export function migrationTarget({ plan, registering, registered }: Revisions): MigrationTarget | undefined {
  const first = registering.targets[0];
  if (first === undefined) return undefined;
  const render = registering.renders[first.render];
  const index = plan.targets.findIndex((target) => target.service === first.service);
  const service = plan.now[index]?.service;
  if (render === undefined || service === undefined) return undefined;
  const revision = registered[first.render];
  const taskDefinition: TaskDefinition = revision ?? {
    family: render.input.family,
    networkMode: render.input.networkMode,
    containerDefinitions: render.input.containerDefinitions,
  };
  return {
    service: first.service,
    placement: {
      networkConfiguration: service.networkConfiguration,
      launchType: service.launchType,
      capacityProviderStrategy: service.capacityProviderStrategy,
      platformVersion: service.platformVersion,
    },
    taskDefinition,
    taskDefinitionArn: revision?.taskDefinitionArn ?? '',
    // The command override goes to the first container that gets the deployed image.
    containerName: itemAt(render.containerNames, 0),
  };
}
