// The Task definition phase: render the revision each service would get, decide per service whether
// anything changes, and register what a deploy (not a dry run) needs.
import * as core from '@actions/core';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { Config } from '../inputs/config.js';
import type { AwsClients } from '../shared/aws-clients.js';
import { describePlan, planDeployment, type DeploymentPlan, type PlannedDeployment } from '../task-definition/plan.js';
import { registerRevisions } from '../task-definition/register.js';
import { decideExistingRevision, decideServices, decisionLine, type ServiceDecision } from '../service/decision.js';
import { planExistingRevision } from '../task-definition/existing-revision.js';
import { registrationPlan } from '../service/rollouts.js';
import type { PreparedImage } from '../image/prepare.js';
import { platformRefusal } from '../task-definition/platform-check.js';
import { withFailureCause } from '../report/failure-cause.js';
import { unusedCodeDeployInputs } from '../codedeploy/unused-inputs.js';

export interface DefinedRevisions {
  readonly plan: PlannedDeployment;
  readonly decisions: readonly ServiceDecision[];
  /** The plan cut down to the services that get a new revision. */
  readonly registering: DeploymentPlan;
  readonly registered: readonly TaskDefinition[];
  /** The dry run's plan, line by line; empty on a deploy. */
  readonly described: readonly string[];
}

export async function defineRevisions(config: Config, aws: AwsClients, image: PreparedImage): Promise<DefinedRevisions> {
  const existing = config.taskDefinition.revision;
  if (existing !== undefined) return deployExistingRevision(config, aws, existing);
  const plan = await planDeployment(config, aws.ecs, image);
  warnUnusedCodeDeployInputs(config, plan);
  const refusal = platformRefusal(plan.renders, image);
  if (refusal !== undefined) throw withFailureCause(new Error(refusal), 'invalid-definition');
  // Each service on its own: one already running this image and settings gets nothing registered or deployed.
  const decisions = decideServices(plan, config.deploy.forceNewDeployment, config.deploy.settings);
  for (const decision of decisions) core.info(decisionLine(decision, config.deploy.cluster));
  const registering = registrationPlan(plan, decisions);
  if (config.deploy.dryRun) return { plan, decisions, registering, registered: [], described: describePlan(plan, config, decisions) };
  const registered = registering.renders.length > 0 ? await registerRevisions(aws.ecs, registering) : [];
  return { plan, decisions, registering, registered, described: [] };
}

/** `task-definition` names an existing revision: every service moves to it as it is, nothing is registered. */
async function deployExistingRevision(config: Config, aws: AwsClients, reference: string): Promise<DefinedRevisions> {
  const { plan, revision } = await planExistingRevision(config, aws.ecs, reference);
  warnUnusedCodeDeployInputs(config, plan);
  core.info(`Deploying the existing revision ${revision.arn} as it is: nothing is rendered or registered.`);
  const decisions = decideExistingRevision(plan, revision, config.deploy.forceNewDeployment, config.deploy.settings);
  for (const decision of decisions) core.info(decisionLine(decision, config.deploy.cluster));
  const registering: DeploymentPlan = { renders: [], targets: [] };
  const described = config.deploy.dryRun ? describePlan(plan, config, decisions) : [];
  return { plan, decisions, registering, registered: [], described };
}

/** The `codedeploy-*` inputs have no effect when DescribeServices showed no CODE_DEPLOY service: said as the inputs' own warnings are. */
function warnUnusedCodeDeployInputs(config: Config, plan: DeploymentPlan): void {
  for (const { input, message } of unusedCodeDeployInputs(config.codeDeploy, plan.targets))
    core.warning(message, { title: `Input ${input}` });
}
