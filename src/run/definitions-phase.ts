// The Task definition phase: render the revision each service would get, decide per service whether
// anything changes, and register what a deploy (not a dry run) needs.
import * as core from '@actions/core';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { Config } from '../inputs/config.js';
import type { AwsClients } from '../shared/aws-clients.js';
import { describePlan, planDeployment, type DeploymentPlan, type PlannedDeployment } from '../task-definition/plan.js';
import { registerRevisions } from '../task-definition/register.js';
import { decideServices, decisionLine, type ServiceDecision } from '../service/decision.js';
import { registrationPlan } from '../service/rollouts.js';
import type { PreparedImage } from '../image/prepare.js';

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
  const plan = await planDeployment(config, aws.ecs, image);
  // Each service on its own: one already running this image and settings gets nothing registered or deployed.
  const decisions = decideServices(plan, config.deploy.forceNewDeployment);
  for (const decision of decisions) core.info(decisionLine(decision, config.deploy.cluster));
  const registering = registrationPlan(plan, decisions);
  if (config.deploy.dryRun) return { plan, decisions, registering, registered: [], described: describePlan(plan, config, decisions) };
  const registered = registering.renders.length > 0 ? await registerRevisions(aws.ecs, registering) : [];
  return { plan, decisions, registering, registered, described: [] };
}
