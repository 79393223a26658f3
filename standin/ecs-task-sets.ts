// Services with the CODE_DEPLOY deployment controller, as ECS keeps them: their tasks belong to task sets
// (DescribeServices' `taskSets`, the PRIMARY one serving production traffic), UpdateService refuses them a new
// task definition, and only a CodeDeploy deployment (codedeploy.ts) adds a replacement task set and, when
// it succeeds, makes it PRIMARY. Plain rules over ecs-state.ts; ecs.ts calls them.
import { randomInt } from 'node:crypto';
import type { ServiceState, EcsRegionState, TaskSetState } from './ecs-state.js';
import { settleNewService, type RolloutContext } from './ecs-rollout.js';
import { invalidParameter } from './ecs-input.js';
import type { JsonObject } from './types.js';

export type DeploymentControllerType = 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';

/** What CreateService was given as `deploymentController.type` (ECS when nothing). */
export function controllerOf(service: Pick<ServiceState, 'extras'>): DeploymentControllerType {
  const controller = service.extras.deploymentController;
  const type = typeof controller === 'object' && controller !== null && !Array.isArray(controller) ? controller.type : undefined;
  return type === 'CODE_DEPLOY' || type === 'EXTERNAL' ? type : 'ECS';
}

function newTaskSet(
  state: EcsRegionState,
  service: ServiceState,
  taskDefinitionArn: string,
  status: TaskSetState['status'],
  at: number,
): TaskSetState {
  let digits = String(randomInt(1, 10));
  while (digits.length < 19) digits += String(randomInt(0, 10));
  const id = `ecs-svc/${digits}`;
  return {
    id,
    arn: `arn:aws:ecs:${state.scope.region}:${state.scope.account}:task-set/${service.clusterName}/${service.name}/${id}`,
    taskDefinitionArn,
    status,
    createdAt: at,
    updatedAt: at,
  };
}

/** A new CODE_DEPLOY service starts with one PRIMARY task set of its revision. */
export function initialTaskSets(state: EcsRegionState, service: ServiceState, at: number): void {
  if (controllerOf(service) !== 'CODE_DEPLOY') return;
  service.taskSets = [newTaskSet(state, service, service.taskDefinitionArn, 'PRIMARY', at)];
}

/**
 * ECS's refusal of UpdateService with another task definition for a service it does not deploy itself.
 * The CODE_DEPLOY wording is ECS's own.
 */
export function refuseNewTaskDefinition(service: ServiceState, taskDefinitionArn: string | undefined, forceNewDeployment: boolean): void {
  const controller = controllerOf(service);
  if (controller === 'ECS') return;
  if (taskDefinitionArn !== undefined && taskDefinitionArn !== service.taskDefinitionArn)
    throw invalidParameter(
      `Unable to update task definition on services with a ${controller} deployment controller.${controller === 'CODE_DEPLOY' ? ' Use AWS CodeDeploy to trigger a new deployment.' : ''}`,
    );
  if (forceNewDeployment)
    throw invalidParameter(`Unable to force a new deployment on services with a ${controller} deployment controller.`);
}

export function renderTaskSets(service: ServiceState, toSeconds: (ms: number) => number): JsonObject {
  if (service.taskSets === undefined) return {};
  const running = service.tasks.filter((task) => task.desiredStatus === 'RUNNING' && task.lastStatus === 'RUNNING').length;
  return {
    taskSets: service.taskSets.map((taskSet) => ({
      id: taskSet.id,
      taskSetArn: taskSet.arn,
      serviceArn: service.arn,
      clusterArn: service.clusterArn,
      externalId: '',
      status: taskSet.status,
      taskDefinition: taskSet.taskDefinitionArn,
      computedDesiredCount: service.desiredCount,
      pendingCount: 0,
      runningCount: taskSet.status === 'PRIMARY' ? running : service.desiredCount,
      createdAt: toSeconds(taskSet.createdAt),
      updatedAt: toSeconds(taskSet.updatedAt),
      launchType: typeof service.placement.launchType === 'string' ? service.placement.launchType : 'FARGATE',
      scale: { value: 100, unit: 'PERCENT' },
      stabilityStatus: 'STEADY_STATE',
    })),
  };
}

/** CodeDeploy's Install: the replacement task set of the new revision, beside the PRIMARY one. */
export function addReplacementTaskSet(state: EcsRegionState, service: ServiceState, taskDefinitionArn: string, at: number): void {
  service.taskSets = [
    ...(service.taskSets ?? []).filter((taskSet) => taskSet.status === 'PRIMARY'),
    newTaskSet(state, service, taskDefinitionArn, 'ACTIVE', at),
  ];
}

/**
 * The end of a CodeDeploy deployment. Succeeded: the replacement becomes PRIMARY, the service's tasks and
 * taskDefinition are the new revision's, the original task set and its tasks are gone. Otherwise (rolled
 * back): the replacement is removed and the original stays PRIMARY.
 */
export function finishReplacement(
  context: RolloutContext,
  state: EcsRegionState,
  service: ServiceState,
  succeeded: boolean,
  at: number,
): void {
  const replacement = service.taskSets?.find((taskSet) => taskSet.status === 'ACTIVE');
  if (replacement === undefined) return;
  if (!succeeded) {
    service.taskSets = service.taskSets?.filter((taskSet) => taskSet !== replacement);
    return;
  }
  for (const task of service.tasks) {
    if (task.desiredStatus !== 'RUNNING') continue;
    task.desiredStatus = 'STOPPED';
    task.lastStatus = 'STOPPED';
    task.stoppingAt = at;
    task.stoppedAt = at;
    task.stopCode = 'ServiceSchedulerInitiated';
    task.stoppedReason = 'Scaling activity initiated by CodeDeploy: the original task set was removed.';
  }
  settleNewService(state, service, replacement.taskDefinitionArn, at, context);
  service.deployments.splice(1);
  replacement.status = 'PRIMARY';
  replacement.updatedAt = at;
  service.taskSets = [replacement];
}
