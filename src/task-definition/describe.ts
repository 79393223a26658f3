// Reads a registered revision with its tags, so the next revision keeps them.
import { DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { requestEcs } from '../shared/ecs-request.js';
import type { TaskDefinitionSource } from './model.js';

/** A revision (family, `family:revision` or ARN) with its tags, so that the next revision keeps them. */
export async function describeTaskDefinitionWithTags(ecs: ECSClient, arnOrFamily: string): Promise<TaskDefinitionSource> {
  const resource = `task definition "${arnOrFamily}"`;
  const response = await requestEcs('DescribeTaskDefinition', resource, () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arnOrFamily, include: ['TAGS'] })),
  );
  if (response.taskDefinition === undefined) throw new Error(`ECS DescribeTaskDefinition returned no definition for ${resource}.`);
  return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] };
}
