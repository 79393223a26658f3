// Registers the planned revisions: one RegisterTaskDefinition per rendered definition, sent exactly as
// rendered.
import * as core from '@actions/core';
import {
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { requestEcs } from '../shared/ecs-request.js';
import type { DeploymentPlan } from './plan.js';

/** Registers `input` exactly as given and returns the new revision (its ARN is always present). */
export async function registerTaskDefinition(
  ecs: ECSClient,
  input: RegisterTaskDefinitionCommandInput,
): Promise<TaskDefinition & { taskDefinitionArn: string }> {
  const resource = `task definition family "${input.family ?? ''}"`;
  const response = await requestEcs('RegisterTaskDefinition', resource, () => ecs.send(new RegisterTaskDefinitionCommand(input)), input);
  const registered = response.taskDefinition;
  const arn = registered?.taskDefinitionArn;
  if (registered === undefined || arn === undefined)
    throw new Error(`ECS RegisterTaskDefinition answered without the new revision's ARN for ${resource}.`);
  return { ...registered, taskDefinitionArn: arn };
}

export async function registerRevisions(ecs: ECSClient, plan: DeploymentPlan): Promise<TaskDefinition[]> {
  const registered: TaskDefinition[] = [];
  for (const render of plan.renders) {
    const definition = await registerTaskDefinition(ecs, render.input);
    const images = render.containerNames.map((name) => `${name} → ${imageOf(definition, name)}`).join(', ');
    core.info(`Registered ${definition.taskDefinitionArn} (container${render.containerNames.length === 1 ? '' : 's'} ${images})`);
    registered.push(definition);
  }
  return registered;
}

function imageOf(definition: TaskDefinition, containerName: string): string {
  return definition.containerDefinitions?.find((container) => container.name === containerName)?.image ?? '?';
}
