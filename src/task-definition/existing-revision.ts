// The Task definition phase when `task-definition` names an existing revision (`my-app:7` or its ARN):
// the revision is deployed as it is, so nothing is rendered or registered. DescribeTaskDefinition confirms
// it exists and is ACTIVE before any UpdateService, and gives the ARN UpdateService is sent (the IAM
// condition `ecs:task-definition` compares ARNs).
import { DescribeTaskDefinitionCommand, type ECSClient, type TaskDefinition } from '@aws-sdk/client-ecs';
import type { Config } from '../inputs/config.js';
import { Input } from '../shared/constants.js';
import { requestEcs } from '../shared/ecs-request.js';
import { describeServiceToDeploy } from '../service/describe-service.js';
import type { PlannedDeployment } from './plan.js';
import { controllerOf } from '../codedeploy/controller.js';

export interface ExistingRevision {
  /** The revision's full ARN, as DescribeTaskDefinition gave it. */
  readonly arn: string;
  readonly taskDefinition: TaskDefinition;
}

/** The revision `task-definition` names; an error naming it when ECS has no such revision or it is deregistered. */
export async function describeExistingRevision(ecs: ECSClient, reference: string): Promise<ExistingRevision> {
  const resource = `task definition revision "${reference}" (input \`${Input.taskDefinition}\`)`;
  const response = await requestEcs('DescribeTaskDefinition', resource, () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference })),
  );
  const taskDefinition = response.taskDefinition;
  const arn = taskDefinition?.taskDefinitionArn;
  if (taskDefinition === undefined || arn === undefined)
    throw new Error(`ECS DescribeTaskDefinition returned no definition for ${resource}.`);
  if (taskDefinition.status === 'INACTIVE' || taskDefinition.status === 'DELETE_IN_PROGRESS') {
    throw new Error(
      `The ${resource} is ${taskDefinition.status} (deregistered): ECS deploys only ACTIVE revisions. Pick an ACTIVE revision of ${taskDefinition.family ?? 'the family'}, or deploy from a file.`,
    );
  }
  return { arn, taskDefinition };
}

/** Every service as it is now, beside the revision they all move to; no render, since nothing is registered. */
export async function planExistingRevision(
  config: Config,
  ecs: ECSClient,
  reference: string,
): Promise<{ plan: PlannedDeployment; revision: ExistingRevision }> {
  const { cluster, services } = config.deploy;
  // The revision first: when it does not exist, no service is even read.
  const revision = await describeExistingRevision(ecs, reference);
  const current = await Promise.all(services.map((service) => describeServiceToDeploy(ecs, cluster, service)));
  return {
    revision,
    plan: {
      renders: [],
      targets: services.map((service, index) => ({
        service,
        previousTaskDefinitionArn: current[index]?.taskDefinition ?? '',
        render: 0,
        ...controllerOf(current[index] ?? {}),
      })),
      now: current.map((service) => ({ service, running: undefined })),
    },
  };
}
