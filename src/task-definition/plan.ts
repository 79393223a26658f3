// Plans the new revisions of a deploy: one rendered definition per distinct source (the file, or each
// service's current definition), and which service moves to which; and says so for the dry run.
import type { ECSClient, RegisterTaskDefinitionCommandInput, Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { itemAt } from '../shared/collections.js';
import type { Config } from '../inputs/config.js';
import type { PreparedImage } from '../image/prepare.js';
import { describeServiceToDeploy } from '../service/describe-service.js';
import { describeTaskDefinitionWithTags } from './describe.js';
import type { ServiceDecision } from '../service/decision.js';
import { diffTaskDefinitions } from './diff.js';
import { describeSettingChanges } from '../service/settings.js';
import type { TaskDefinitionSource } from './model.js';
import { renderTaskDefinition } from './render.js';
import { selectContainers } from './select-container.js';
import { controllerOf, type ServiceController } from '../codedeploy/controller.js';
import { controllerPlanLines } from '../codedeploy/plan-lines.js';

export interface ServiceTarget {
  readonly service: string;
  readonly previousTaskDefinitionArn: string;
  /** Index into the plan's renders. */
  readonly render: number;
  /** Set when the service's deployment controller is not ECS: UpdateService cannot take it a new revision. */
  readonly controller?: ServiceController;
}

export interface RenderedDefinition {
  /** Where the definition came from: a file path or a task definition ARN. */
  readonly origin: string;
  /** The source definition with its tags, for the dry-run diff. */
  readonly before: TaskDefinition & { readonly tags?: Tag[] };
  readonly input: RegisterTaskDefinitionCommandInput;
  /** The containers that get the deployed image. */
  readonly containerNames: readonly string[];
}

export interface DeploymentPlan {
  readonly targets: readonly ServiceTarget[];
  readonly renders: readonly RenderedDefinition[];
}

/** What a service runs before the deploy: what decides whether the deploy changes anything for it. */
export interface ServiceNow {
  readonly service: Service;
  /** The revision it runs, with its tags; undefined when it names none. */
  readonly running: TaskDefinitionSource | undefined;
}

/** The plan, and beside each target (same order) what that service runs now. */
export interface PlannedDeployment extends DeploymentPlan {
  readonly now: readonly ServiceNow[];
}

export async function planDeployment(config: Config, ecs: ECSClient, image: PreparedImage): Promise<PlannedDeployment> {
  const { cluster, services } = config.deploy;
  const current = await Promise.all(services.map((service) => describeServiceToDeploy(ecs, cluster, service)));

  const renders: RenderedDefinition[] = [];
  const renderIndex = new Map<string, number>();
  const addRender = (origin: string, source: { taskDefinition: TaskDefinition; tags?: Tag[] }): number => {
    const known = renderIndex.get(origin);
    if (known !== undefined) return known;
    const containerNames = selectContainers(source.taskDefinition, {
      containerNames: config.taskDefinition.containerNames,
      repositoryUri: image.repositoryUri,
    });
    const input = renderTaskDefinition(source, {
      containerNames,
      image: image.uri,
      otherImages: image.otherImages,
      edits: config.taskDefinition.edits,
    });
    // Tags travel beside the definition; compare like with like so the dry-run diff shows no phantom tag changes.
    renders.push({
      origin,
      before: { ...source.taskDefinition, ...(source.tags?.length ? { tags: source.tags } : {}) },
      input,
      containerNames,
    });
    renderIndex.set(origin, renders.length - 1);
    return renders.length - 1;
  };

  // Each running revision is described once, however many services run it.
  const described = new Map<string, TaskDefinitionSource>();
  const describeOnce = async (arn: string): Promise<TaskDefinitionSource> => {
    const known = described.get(arn) ?? (await describeTaskDefinitionWithTags(ecs, arn));
    described.set(arn, known);
    return known;
  };

  const { file, fromFile } = config.taskDefinition;
  const targets: ServiceTarget[] = [];
  const now: ServiceNow[] = [];
  for (const [index, service] of services.entries()) {
    const description = itemAt(current, index);
    const previousTaskDefinitionArn = description.taskDefinition ?? '';
    let render: number;
    let running: TaskDefinitionSource | undefined;
    if (fromFile !== undefined && file !== undefined) {
      render = addRender(file, fromFile);
      // Described too: it is what the file's rendering is compared with.
      running = previousTaskDefinitionArn === '' ? undefined : await describeOnce(previousTaskDefinitionArn);
    } else {
      // Services sharing one definition get the same new revision.
      running = await describeOnce(previousTaskDefinitionArn);
      render = addRender(previousTaskDefinitionArn, running);
    }
    targets.push({ service, previousTaskDefinitionArn, render, ...controllerOf(description) });
    now.push({ service: description, running });
  }
  return { targets, renders, now };
}

/** The dry run's plan: one diff per definition that would be registered, then what would happen to each service. */
export function describePlan(plan: DeploymentPlan, config: Config, decisions: readonly ServiceDecision[]): string[] {
  const lines: string[] = [];
  for (const [index, render] of plan.renders.entries()) {
    const using = decisions.filter((decision) => decision.target.render === index);
    const registering = using.filter((decision) => decision.kind === 'register').map((decision) => decision.target.service);
    if (registering.length === 0) {
      lines.push(`# ${render.origin}: no change for ${using.map((decision) => decision.target.service).join(', ')}`, '  (no change)');
      continue;
    }
    lines.push(`# ${render.origin} → new revision of ${render.input.family ?? '?'} for ${registering.join(', ')}`);
    const changes = diffTaskDefinitions(render.before, render.input);
    lines.push(...(changes.length > 0 ? changes : ['  (no change besides a new revision)']));
  }
  for (const decision of decisions) {
    const { controller } = decision.target;
    const moving = decision.kind === 'register' || decision.kind === 'redeploy' || decision.kind === 'switch';
    if (controller === undefined || !moving) lines.push(`# ${plannedStep(decision, config.deploy.cluster)}`);
    else {
      const revision = decision.kind === 'register' ? 'the new revision' : decision.taskDefinitionArn;
      const request = { cluster: config.deploy.cluster, service: decision.target.service, revision, config: config.codeDeploy };
      lines.push(...controllerPlanLines(controller, request).map((line) => `# ${line}`));
    }
  }
  return lines;
}

function plannedStep(decision: ServiceDecision, cluster: string): string {
  const name = `${cluster}/${decision.target.service}`;
  const previous = decision.target.previousTaskDefinitionArn || '(none)';
  switch (decision.kind) {
    case 'unchanged':
      return `${name}: no change (already runs ${previous} with this image and settings)`;
    case 'follow':
      return `${name}: no change (already rolling out ${previous}; the deploy would follow deployment ${decision.deploymentId})`;
    case 'rescale':
      return `UpdateService ${name}: ${describeSettingChanges(decision.changes)} on ${previous}, no new revision or deployment`;
    case 'redeploy':
      return `UpdateService ${name}: ${previous} again, no new revision (${decision.why})`;
    case 'switch':
      return `UpdateService ${name}: ${previous} → ${decision.taskDefinitionArn} (an existing revision, deployed as it is; nothing registered)`;
    case 'register':
      return `UpdateService ${name}: ${previous} → new revision`;
  }
}
