// Plans the new revisions of a deploy: one rendered definition per distinct source (the file, or each
// service's current definition), and which service moves to which; and says so for the dry run.
import type { ECSClient, RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { itemAt } from '../shared/collections.js';
import type { Config } from '../inputs/config.js';
import type { PreparedImage } from '../image/prepare.js';
import { describeServiceToDeploy } from '../service/describe-service.js';
import { describeTaskDefinitionWithTags } from './describe.js';
import { diffTaskDefinitions } from './diff.js';
import { renderTaskDefinition } from './render.js';
import { selectContainer } from './select-container.js';

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

export async function planDeployment(config: Config, ecs: ECSClient, image: PreparedImage): Promise<DeploymentPlan> {
  const { cluster, services } = config.deploy;
  const current = await Promise.all(services.map((service) => describeServiceToDeploy(ecs, cluster, service)));

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
