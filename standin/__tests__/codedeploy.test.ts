import { afterEach, describe, expect, test } from '@jest/globals';
import { createCodeDeployStandin, type CodeDeployStandin } from '../codedeploy.js';
import { CONTEXT, createManualClock, IMAGE_V1, IMAGE_V2, SCOPE, START, taskDefinitionInput, type ManualClock } from './ecs-test-kit.js';
import { createEcsStandin, type EcsStandin } from '../ecs.js';
import type { JsonObject, JsonValue, Scenario } from '../types.js';

interface World {
  readonly ecs: EcsStandin;
  readonly codeDeploy: CodeDeployStandin;
  readonly clock: ManualClock;
  readonly v1: string;
  readonly v2: string;
  call(operation: string, input: JsonObject): Promise<JsonObject>;
  at(seconds: number): void;
  taskSets(): JsonObject[];
}

const worlds: World[] = [];
afterEach(() => {
  for (const world of worlds.splice(0)) world.ecs.stop();
});

const objects = (value: JsonValue | undefined): JsonObject[] =>
  Array.isArray(value) ? value.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];

/** `my-cluster/my-svc` with the CODE_DEPLOY controller on v1, its application and group by the console's names. */
function world(scenario: Scenario = { rollout: 'healthy' }): World {
  const clock = createManualClock(START);
  const ecs = createEcsStandin({ clock, scenario: () => scenario, imageExists: () => Promise.resolve(true) });
  const codeDeploy = createCodeDeployStandin({ clock, ecs: ecs.taskSets, toWallMs: (ms) => ms });
  ecs.admin.createCluster(SCOPE, 'my-cluster');
  const v1 = ecs.admin.registerTaskDefinition(SCOPE, taskDefinitionInput(IMAGE_V1));
  ecs.admin.createService(SCOPE, {
    cluster: 'my-cluster',
    serviceName: 'my-svc',
    taskDefinition: v1,
    launchType: 'FARGATE',
    deploymentController: { type: 'CODE_DEPLOY' },
    loadBalancers: [
      {
        targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1',
        containerName: 'app',
        containerPort: 8080,
      },
    ],
  });
  const v2 = ecs.admin.registerTaskDefinition(SCOPE, taskDefinitionInput(IMAGE_V2));
  codeDeploy.admin.createApplication(SCOPE, 'AppECS-my-cluster-my-svc');
  codeDeploy.admin.createDeploymentGroup(SCOPE, {
    application: 'AppECS-my-cluster-my-svc',
    deploymentGroup: 'DgpECS-my-cluster-my-svc',
    cluster: 'my-cluster',
    service: 'my-svc',
  });
  const created: World = {
    ecs,
    codeDeploy,
    clock,
    v1,
    v2,
    call: (operation, input) => codeDeploy.handler(operation, input, CONTEXT),
    at: (seconds) => clock.set(START + seconds * 1000),
    taskSets: () => objects(ecs.admin.service(SCOPE, 'my-cluster', 'my-svc')?.taskSets),
  };
  worlds.push(created);
  return created;
}

const id = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

const appSpec = (taskDefinition: string, hooks: JsonObject[] = []): string =>
  JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: { TaskDefinition: taskDefinition, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } },
        },
      },
    ],
    ...(hooks.length > 0 ? { Hooks: hooks } : {}),
  });

const create = (w: World, content: string, extra: JsonObject = {}): Promise<JsonObject> =>
  w.call('CreateDeployment', {
    applicationName: 'AppECS-my-cluster-my-svc',
    deploymentGroupName: 'DgpECS-my-cluster-my-svc',
    revision: { revisionType: 'AppSpecContent', appSpecContent: { content } },
    ...extra,
  });

async function deploymentOf(w: World, deploymentId: string): Promise<JsonObject> {
  const answer = await w.call('GetDeployment', { deploymentId });
  return answer.deploymentInfo as JsonObject;
}

async function eventsOf(w: World, deploymentId: string): Promise<JsonObject[]> {
  const { targetIds } = await w.call('ListDeploymentTargets', { deploymentId });
  const answer = await w.call('BatchGetDeploymentTargets', { deploymentId, targetIds: targetIds ?? [] });
  return objects((objects(answer.deploymentTargets)[0]?.ecsTarget as JsonObject).lifecycleEvents);
}

describe('ECS refuses a new task definition for a CODE_DEPLOY service', () => {
  test('UpdateService with another revision answers InvalidParameterException with ECS’s words', async () => {
    const w = world();
    await expect(
      w.ecs.ecs('UpdateService', { cluster: 'my-cluster', service: 'my-svc', taskDefinition: w.v2 }, CONTEXT),
    ).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message:
        'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
    });
  });

  test('DescribeServices shows the controller, the load balancer and one PRIMARY task set of the revision', () => {
    const w = world();
    const service = w.ecs.admin.service(SCOPE, 'my-cluster', 'my-svc') ?? {};
    expect(service.deploymentController).toEqual({ type: 'CODE_DEPLOY' });
    expect(objects(service.loadBalancers)[0]).toMatchObject({ containerName: 'app', containerPort: 8080 });
    expect(w.taskSets().map((taskSet) => [taskSet.status, taskSet.taskDefinition])).toEqual([['PRIMARY', w.v1]]);
  });
});

describe('GetDeploymentGroup', () => {
  test('names the ECS service the group deploys', async () => {
    const w = world();
    const answer = await w.call('GetDeploymentGroup', {
      applicationName: 'AppECS-my-cluster-my-svc',
      deploymentGroupName: 'DgpECS-my-cluster-my-svc',
    });
    expect((answer.deploymentGroupInfo as JsonObject).ecsServices).toEqual([{ serviceName: 'my-svc', clusterName: 'my-cluster' }]);
  });

  test.each([
    [
      'an unknown application',
      'AppECS-other',
      'DgpECS-my-cluster-my-svc',
      'ApplicationDoesNotExistException',
      'No application found for name: AppECS-other',
    ],
    [
      'an unknown group',
      'AppECS-my-cluster-my-svc',
      'DgpECS-other',
      'DeploymentGroupDoesNotExistException',
      'No Deployment Group found for name: DgpECS-other',
    ],
  ])('answers %s with CodeDeploy’s error', async (_case, applicationName, deploymentGroupName, code, message) => {
    const w = world();
    await expect(w.call('GetDeploymentGroup', { applicationName, deploymentGroupName })).rejects.toMatchObject({ code, message });
  });
});

describe('a deployment', () => {
  test('walks the lifecycle events and, Succeeded, leaves the new revision as the PRIMARY task set', async () => {
    const w = world();
    const { deploymentId } = await create(w, appSpec(w.v2));
    expect(id(deploymentId)).toMatch(/^d-[A-Z0-9]{9}$/);
    w.at(3);
    expect((await deploymentOf(w, id(deploymentId))).status).toBe('InProgress');
    expect(w.taskSets().map((taskSet) => [taskSet.status, taskSet.taskDefinition])).toEqual([
      ['PRIMARY', w.v1],
      ['ACTIVE', w.v2],
    ]);
    w.at(11);
    expect((await deploymentOf(w, id(deploymentId))).status).toBe('Succeeded');
    expect((await eventsOf(w, id(deploymentId))).map((event) => event.status)).toEqual(Array.from({ length: 8 }, () => 'Succeeded'));
    expect(w.taskSets().map((taskSet) => [taskSet.status, taskSet.taskDefinition])).toEqual([['PRIMARY', w.v2]]);
    expect(w.ecs.admin.service(SCOPE, 'my-cluster', 'my-svc')?.taskDefinition).toBe(w.v2);
  });

  test('fails at a hook whose Lambda function answers Failed, skips the rest and keeps the original task set', async () => {
    const w = world();
    w.codeDeploy.admin.failHook('arn:aws:lambda:us-east-1:123456789012:function:smoke-test');
    const { deploymentId } = await create(
      w,
      appSpec(w.v2, [{ AfterAllowTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test' }]),
    );
    w.at(20);
    const info = await deploymentOf(w, id(deploymentId));
    expect(info.status).toBe('Failed');
    expect(info.errorInformation).toMatchObject({ code: 'HOOK_EXECUTION_FAILURE' });
    const events = await eventsOf(w, id(deploymentId));
    expect(events.at(-1)).toMatchObject({
      lifecycleEventName: 'AfterAllowTraffic',
      status: 'Failed',
      diagnostics: {
        errorCode: 'ScriptFailed',
        message: 'The AfterAllowTraffic lifecycle hook smoke-test returned Failed to PutLifecycleEventHookExecutionStatus.',
      },
    });
    expect(w.taskSets().map((taskSet) => [taskSet.status, taskSet.taskDefinition])).toEqual([['PRIMARY', w.v1]]);
  });

  test('fails at Install when the replacement tasks crash, and skips every later event', async () => {
    const w = world({ rollout: 'crash-loop' });
    const { deploymentId } = await create(w, appSpec(w.v2));
    w.at(20);
    const events = await eventsOf(w, id(deploymentId));
    expect(events.map((event) => event.status)).toEqual([
      'Succeeded',
      'Failed',
      'Skipped',
      'Skipped',
      'Skipped',
      'Skipped',
      'Skipped',
      'Skipped',
    ]);
    expect((await deploymentOf(w, id(deploymentId))).errorInformation).toMatchObject({ code: 'ECS_UPDATE_ERROR' });
    expect(w.ecs.admin.service(SCOPE, 'my-cluster', 'my-svc')?.taskDefinition).toBe(w.v1);
  });

  test('refuses a second deployment while one is active, and an unknown deployment configuration', async () => {
    const w = world();
    const { deploymentId } = await create(w, appSpec(w.v2));
    await expect(create(w, appSpec(w.v2))).rejects.toMatchObject({
      code: 'DeploymentLimitExceededException',
      message: `The Deployment Group 'DgpECS-my-cluster-my-svc' already has an active Deployment '${id(deploymentId)}'`,
    });
    w.at(20);
    await expect(create(w, appSpec(w.v2), { deploymentConfigName: 'CodeDeployDefault.Fastest' })).rejects.toMatchObject({
      code: 'DeploymentConfigDoesNotExistException',
    });
  });

  test('refuses an AppSpec without a task definition and an unknown deployment id', async () => {
    const w = world();
    await expect(create(w, appSpec(''))).rejects.toMatchObject({ code: 'InvalidRevisionException' });
    await expect(w.call('GetDeployment', { deploymentId: 'd-NOTTHERE1' })).rejects.toMatchObject({
      code: 'DeploymentDoesNotExistException',
    });
  });
});
