// Task definition and service phases: render one new revision per distinct source definition (the
// file, or each service's current definition), register it, and update every service to it.
import * as core from '@actions/core';
import type { RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { itemAt } from '../shared/collections.js';
import type { Config } from '../inputs/config.js';
import { describeService, describeTaskDefinitionWithTags, registerTaskDefinition, updateService } from './ecs.js';
import { diffTaskDefinitions, renderTaskDefinition, selectContainer } from '../task-definition/task-definition.js';
import type { PreparedImage } from '../image/prepare.js';

export interface ServiceTarget {
  readonly service: string;
  readonly previousTaskDefinitionArn: string;
  /** Index into the plan's renders. */
  readonly render: number;
}

export interface RenderedDefinition {
  /** Where the definition came from: a file path or a task definition ARN. */
  readonly origin: string;
  /** The source definition with its tags, for the dry-run diff. */
  readonly before: TaskDefinition & { readonly tags?: Tag[] };
  readonly input: RegisterTaskDefinitionCommandInput;
  readonly containerName: string;
}

export interface DeploymentPlan {
  readonly targets: readonly ServiceTarget[];
  readonly renders: readonly RenderedDefinition[];
}

export async function planDeployment(
  config: Config,
  ecs: Parameters<typeof describeService>[0],
  image: PreparedImage,
): Promise<DeploymentPlan> {
  const { cluster, services } = config.deploy;
  const current = await Promise.all(services.map((service) => describeService(ecs, cluster, service)));

  const renders: RenderedDefinition[] = [];
  const renderIndex = new Map<string, number>();
  const addRender = (origin: string, source: { taskDefinition: TaskDefinition; tags?: Tag[] }): number => {
    const known = renderIndex.get(origin);
    if (known !== undefined) return known;
    const containerName = selectContainer(source.taskDefinition, {
      containerName: config.taskDefinition.containerName,
      repositoryUri: image.repositoryUri,
    });
    const input = renderTaskDefinition(source, { containerName, image: image.uri });
    // Tags travel beside the definition; compare like with like so the dry-run diff shows no phantom tag changes.
    renders.push({
      origin,
      before: { ...source.taskDefinition, ...(source.tags?.length ? { tags: source.tags } : {}) },
      input,
      containerName,
    });
    renderIndex.set(origin, renders.length - 1);
    return renders.length - 1;
  };

  const { file, fromFile } = config.taskDefinition;
  const targets: ServiceTarget[] = [];
  for (const [index, service] of services.entries()) {
    const description = itemAt(current, index);
    const previousTaskDefinitionArn = description.taskDefinition ?? '';
    let render: number;
    if (fromFile !== undefined && file !== undefined) {
      render = addRender(file, fromFile);
    } else {
      // Fetched once per distinct definition: services sharing one get the same new revision.
      const origin = previousTaskDefinitionArn;
      render = renderIndex.get(origin) ?? addRender(origin, await describeTaskDefinitionWithTags(ecs, origin));
    }
    targets.push({ service, previousTaskDefinitionArn, render });
  }
  return { targets, renders };
}

/** The dry run's plan: one diff per rendered definition, then what would happen to each service. */
export function describePlan(plan: DeploymentPlan, config: Config): string[] {
  const lines: string[] = [];
  for (const [index, render] of plan.renders.entries()) {
    const services = plan.targets.filter((target) => target.render === index).map((target) => target.service);
    lines.push(`# ${render.origin} → new revision of ${render.input.family ?? '?'} for ${services.join(', ')}`);
    const changes = diffTaskDefinitions(render.before, render.input);
    lines.push(...(changes.length > 0 ? changes : ['  (no change besides a new revision)']));
  }
  for (const target of plan.targets) {
    lines.push(
      `# UpdateService ${config.deploy.cluster}/${target.service}: ${target.previousTaskDefinitionArn || '(none)'} → new revision`,
    );
  }
  return lines;
}

export async function registerRevisions(
  ecs: Parameters<typeof registerTaskDefinition>[0],
  plan: DeploymentPlan,
): Promise<TaskDefinition[]> {
  const registered: TaskDefinition[] = [];
  for (const render of plan.renders) {
    const definition = await registerTaskDefinition(ecs, render.input);
    core.info(
      `Registered ${definition.taskDefinitionArn} (container ${render.containerName} → ${imageOf(definition, render.containerName)})`,
    );
    registered.push(definition);
  }
  return registered;
}

export interface StartedDeployment {
  readonly target: ServiceTarget;
  readonly taskDefinition: TaskDefinition;
  readonly updatedAt: Date;
  readonly deploymentId: string | undefined;
  /** From UpdateService's answer, so the watch need not guess which service deployment is ours. */
  readonly serviceDeploymentArn: string | undefined;
}

export interface ServiceUpdates {
  readonly started: StartedDeployment[];
  /** Services whose UpdateService failed; the others were updated and must still be watched. */
  readonly failed: { readonly service: string; readonly error: unknown }[];
}

/**
 * Updates every service, each independently: when one update fails, the services already moved to
 * the new revision are still returned, so they are watched (and rolled back if need be), not stranded.
 */
export async function updateServices(
  ecs: Parameters<typeof updateService>[0],
  config: Config,
  plan: DeploymentPlan,
  registered: readonly TaskDefinition[],
): Promise<ServiceUpdates> {
  const settled = await Promise.allSettled(
    plan.targets.map(async (target): Promise<StartedDeployment> => {
      const taskDefinition = itemAt(registered, target.render);
      const updatedAt = new Date();
      const updated = await updateService(ecs, {
        cluster: config.deploy.cluster,
        service: target.service,
        taskDefinitionArn: taskDefinition.taskDefinitionArn ?? '',
        forceNewDeployment: config.deploy.forceNewDeployment,
      });
      core.info(
        `Updated ${target.service} to ${taskDefinition.taskDefinitionArn}${updated.deploymentId ? ` (deployment ${updated.deploymentId})` : ''}`,
      );
      return { target, taskDefinition, updatedAt, deploymentId: updated.deploymentId, serviceDeploymentArn: updated.serviceDeploymentArn };
    }),
  );
  const updates: ServiceUpdates = { started: [], failed: [] };
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') updates.started.push(outcome.value);
    else updates.failed.push({ service: itemAt(plan.targets, index).service, error: outcome.reason });
  }
  return updates;
}

function imageOf(definition: TaskDefinition, containerName: string): string {
  return definition.containerDefinitions?.find((container) => container.name === containerName)?.image ?? '?';
}
