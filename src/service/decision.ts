// What a deploy does to each service, decided on its own from what the service runs now and what would be
// registered: nothing (it already runs this image and settings), follow the rollout already under way,
// scale it (only `desired-count` changes), roll out again on the revision it runs, or register a new
// revision and roll that out. Pure.
import type { Deployment, RegisterTaskDefinitionCommandInput, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import { itemAt } from '../shared/collections.js';
import { taskDefinitionChanges, type DescribedRevision } from '../task-definition/equality.js';
import type { PlannedDeployment, ServiceTarget } from '../task-definition/plan.js';
import type { ServiceSettings } from '../inputs/config.js';
import { describeSettingChanges, NO_SETTINGS, settingChanges, type ServiceSettingsNow, type SettingChange } from './settings.js';

interface DecisionBase {
  readonly target: ServiceTarget;
}

/** It already runs this image and settings, in a deployment that completed: nothing to register or update. */
export interface Unchanged extends DecisionBase {
  readonly kind: 'unchanged';
  readonly taskDefinitionArn: string;
  /** The service deployment ARN when ECS gives one, else the `ecs-svc/…` id of the completed deployment. */
  readonly deploymentId: string;
}

/**
 * It runs this image and settings in a completed deployment, and only `desired-count` differs:
 * UpdateService with the count alone scales that deployment, starting no new one.
 */
export interface Rescale extends DecisionBase {
  readonly kind: 'rescale';
  readonly taskDefinitionArn: string;
  readonly deploymentId: string;
  readonly changes: readonly SettingChange[];
}

/** The same revision is already rolling out: watch that deployment to its end instead of starting another. */
export interface Follow extends DecisionBase {
  readonly kind: 'follow';
  readonly taskDefinitionArn: string;
  readonly taskDefinition: TaskDefinition;
  readonly deploymentId: string;
  readonly serviceDeploymentArn: string | undefined;
  readonly startedAt: Date;
  /** The revision the rollout replaces ('' when it replaces the same one): where a rollback would go. */
  readonly replacing: string;
}

/** Roll out again on the revision the service runs, without registering one: forced, or the last rollout did not complete. */
export interface Redeploy extends DecisionBase {
  readonly kind: 'redeploy';
  readonly taskDefinitionArn: string;
  readonly taskDefinition: TaskDefinition;
  readonly why: string;
}

/** Move to an existing revision (`task-definition: my-app:7`), deployed as it is: nothing registered. */
export interface Switch extends DecisionBase {
  readonly kind: 'switch';
  readonly taskDefinitionArn: string;
  readonly taskDefinition: TaskDefinition;
}

/** Something differs (or could not be compared): register the rendered definition and roll it out. */
export interface Register extends DecisionBase {
  readonly kind: 'register';
  readonly changes: readonly string[];
}

export type ServiceDecision = Unchanged | Follow | Rescale | Redeploy | Switch | Register;

export interface ServiceFacts {
  readonly target: ServiceTarget;
  /** The service as DescribeServices showed it before this deploy. */
  readonly service: Pick<Service, 'taskDefinition' | 'deployments' | 'currentServiceDeployment'> & ServiceSettingsNow;
  /** The revision the service runs, as described (undefined when it names none). */
  readonly running: DescribedRevision | undefined;
  /** What the deploy would register for it. */
  readonly wanted: RegisterTaskDefinitionCommandInput;
  readonly forceNewDeployment: boolean;
  /** The service settings the inputs give (undefined ones are left as the service has them). */
  readonly settings?: ServiceSettings;
}

export function decideService(facts: ServiceFacts): ServiceDecision {
  const { target, service, running } = facts;
  const current = service.taskDefinition ?? '';
  if (running === undefined || current === '') return { kind: 'register', target, changes: [] };
  const changes = taskDefinitionChanges(running, facts.wanted);
  if (changes.length > 0) return { kind: 'register', target, changes };
  return decideOnItsRevision({ ...facts, taskDefinition: running.taskDefinition });
}

/** What the service runs (`service.taskDefinition`) is what the deploy wants: what, if anything, is left to do. */
export function decideOnItsRevision(
  facts: Pick<ServiceFacts, 'target' | 'service' | 'forceNewDeployment' | 'settings'> & { readonly taskDefinition: TaskDefinition },
): ServiceDecision {
  const { target, service, taskDefinition } = facts;
  const current = service.taskDefinition ?? '';
  const redeploy = (why: string): Redeploy => ({ kind: 'redeploy', target, taskDefinitionArn: current, taskDefinition, why });
  if (facts.forceNewDeployment) return redeploy('force-new-deployment is true');
  const settings = settingChanges(service, facts.settings ?? NO_SETTINGS);
  // Running tasks keep their tags and ECS Exec setting: only a deployment's new tasks get the new ones.
  if (settings.some((change) => change.needsNewTasks))
    return redeploy(`${describeSettingChanges(settings)} reaches running tasks only through new ones`);

  const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
  if (primary?.taskDefinition !== current) return redeploy('ECS shows no primary deployment of it');
  const deploymentId = service.currentServiceDeployment ?? primary.id ?? '';
  switch (primary.rolloutState) {
    case 'COMPLETED':
      return settings.length > 0
        ? { kind: 'rescale', target, taskDefinitionArn: current, deploymentId, changes: settings }
        : { kind: 'unchanged', target, taskDefinitionArn: current, deploymentId };
    case 'IN_PROGRESS':
      // A new count in the middle of a rollout: roll out again with it rather than follow the old count.
      if (settings.length > 0) return redeploy(`${describeSettingChanges(settings)} while deployment ${primary.id ?? ''} rolls out`);
      return {
        kind: 'follow',
        target,
        taskDefinitionArn: current,
        taskDefinition,
        deploymentId: primary.id ?? '',
        serviceDeploymentArn: service.currentServiceDeployment,
        startedAt: primary.createdAt ?? new Date(0),
        replacing: replacedRevision(service.deployments ?? [], primary, current),
      };
    default:
      // A failed rollout is what a re-run is meant to repair: deploy again.
      return redeploy(
        `its last deployment ${primary.id ?? ''} is ${primary.rolloutState ?? 'without a rollout state'}${primary.rolloutStateReason ? ` (${primary.rolloutStateReason})` : ''}`,
      );
  }
}

/** The revision the other (ACTIVE) deployments still run, when it is another one. */
function replacedRevision(deployments: readonly Deployment[], primary: Deployment, current: string): string {
  const other = deployments.find(
    (deployment) => deployment !== primary && deployment.taskDefinition && deployment.taskDefinition !== current,
  );
  return other?.taskDefinition ?? '';
}

/** One log line per service, saying what the deploy does to it and why. */
export function decisionLine(decision: ServiceDecision, cluster: string): string {
  const name = `${cluster}/${decision.target.service}`;
  switch (decision.kind) {
    case 'unchanged':
      return `${name} already runs this image and settings (${decision.taskDefinitionArn}, deployment completed): nothing to register or deploy.`;
    case 'follow':
      return `${name} is already rolling out this image and settings (${decision.taskDefinitionArn}): following deployment ${decision.deploymentId} instead of starting another.`;
    case 'rescale':
      return `${name} already runs this image and settings (${decision.taskDefinitionArn}) but ${describeSettingChanges(decision.changes)}: updating the service without a new revision or deployment.`;
    case 'redeploy':
      return `${name} already has this image and settings (${decision.taskDefinitionArn}) but ${decision.why}: rolling it out again without registering a new revision.`;
    case 'switch':
      return `${name}: ${decision.target.previousTaskDefinitionArn || '(none)'} → ${decision.taskDefinitionArn}, an existing revision deployed as it is: nothing to register.`;
    case 'register':
      return decision.changes.length > 0
        ? `${name}: ${String(decision.changes.length)} change${decision.changes.length === 1 ? '' : 's'} against ${decision.target.previousTaskDefinitionArn}: registering a new revision.`
        : `${name}: registering a new revision.`;
  }
}

/** Every service of the plan, each decided on its own, in the plan's order. */
export function decideServices(
  plan: PlannedDeployment,
  forceNewDeployment: boolean,
  settings: ServiceSettings = NO_SETTINGS,
): ServiceDecision[] {
  return plan.targets.map((target, index) => {
    const { service, running } = itemAt(plan.now, index);
    return decideService({ target, service, running, wanted: itemAt(plan.renders, target.render).input, forceNewDeployment, settings });
  });
}

/** Every service moved to the existing revision `task-definition` names, each decided on its own. */
export function decideExistingRevision(
  plan: PlannedDeployment,
  revision: { readonly arn: string; readonly taskDefinition: TaskDefinition },
  forceNewDeployment: boolean,
  settings: ServiceSettings = NO_SETTINGS,
): ServiceDecision[] {
  return plan.targets.map((target, index): ServiceDecision => {
    const { service } = itemAt(plan.now, index);
    if (service.taskDefinition === revision.arn)
      return decideOnItsRevision({ target, service, forceNewDeployment, settings, taskDefinition: revision.taskDefinition });
    return { kind: 'switch', target, taskDefinitionArn: revision.arn, taskDefinition: revision.taskDefinition };
  });
}
