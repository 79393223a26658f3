// Services with the CODE_DEPLOY deployment controller: the bundled action against the stand-in, as the runner
// runs it. CodeDeploy, not UpdateService, rolls them out; the step succeeds only when the service's PRIMARY
// task set runs the new revision, and a failed lifecycle event fails it with the event and its diagnostics.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, jest, test } from '@jest/globals';
import { CLUSTER, REGION, SERVICE, type World, type WorldOptions } from '../../standin/harness/world.js';
import type { JsonObject, JsonValue } from '../../standin/types.js';
import { deploy, errorLines, field, worldPerTest } from './helpers.js';

jest.setTimeout(180_000);

const setUp = worldPerTest();
const CONVENTION = { application: `AppECS-${CLUSTER}-${SERVICE}`, group: `DgpECS-${CLUSTER}-${SERVICE}` };
const SMOKE_TEST = `arn:aws:lambda:${REGION}:123456789012:function:smoke-test`;

/** A world whose `my-service` has the CODE_DEPLOY controller and whose deploy role has the codeDeploy capability for `groups`. */
async function codeDeployWorld(
  options: WorldOptions & { groups?: readonly { application: string; group: string }[] } = {},
): Promise<World> {
  const groups = options.groups ?? [CONVENTION];
  const current = await setUp({
    controllers: { [SERVICE]: 'CODE_DEPLOY' },
    codeDeployGroups: groups.map(({ application, group }) => `${application}/${group}`),
    ...options,
  });
  for (const { application, group } of groups) {
    current.standin.codeDeploy.createApplication(current.scope, application);
    current.standin.codeDeploy.createDeploymentGroup(current.scope, {
      application,
      deploymentGroup: group,
      cluster: CLUSTER,
      service: SERVICE,
    });
  }
  return current;
}

const objects = (value: JsonValue | undefined): JsonObject[] =>
  Array.isArray(value) ? value.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];
const primaryTaskSet = (current: World, service = SERVICE): JsonValue | undefined =>
  objects(current.serviceState(service)['taskSets']).find((taskSet) => taskSet['status'] === 'PRIMARY')?.['taskDefinition'];
const operations = (current: World, service: string): string[] =>
  current.standin
    .calls()
    .filter((call) => call.service === service)
    .map((call) => call.operation);

describe('a CODE_DEPLOY service', () => {
  test('is deployed through CodeDeploy with the console’s names and a generated AppSpec, and ends with our revision as the PRIMARY task set', async () => {
    const current = await codeDeployWorld();
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const revision = run.outputs['task-definition-arn'] ?? '';
    expect(revision).toMatch(/:task-definition\/my-app:2$/);
    expect(run.outputs['codedeploy-deployment-id']).toMatch(/^d-[A-Z0-9]{9}$/);
    // The end state, read back from ECS: the new revision serves production traffic, the old task set is gone.
    expect(objects(current.serviceState()['taskSets']).map((taskSet) => [taskSet['status'], taskSet['taskDefinition']])).toEqual([
      ['PRIMARY', revision],
    ]);
    expect(operations(current, 'ecs')).not.toContain('UpdateService');
    const [created] = current.standin.codeDeploy.deployments(current.scope);
    expect(created).toMatchObject({
      deploymentId: run.outputs['codedeploy-deployment-id'],
      applicationName: CONVENTION.application,
      deploymentGroupName: CONVENTION.group,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      status: 'Succeeded',
    });
    expect(field(created?.['appSpec'], 'Resources', 0, 'TargetService', 'Properties')).toEqual({
      TaskDefinition: revision,
      LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 3000 },
    });
    expect(run.stdout).toContain(`my-service: CodeDeploy ${run.outputs['codedeploy-deployment-id'] ?? ''} AfterAllowTraffic: Succeeded`);
    // Every CodeDeploy action of the capability was asked for, and allowed, by this run.
    const asked = new Set(
      current.standin
        .authorizations()
        .filter((each) => each.allowed && each.request.action.startsWith('codedeploy:'))
        .map((each) => each.request.action),
    );
    expect([...asked].sort()).toEqual([
      'codedeploy:BatchGetDeploymentTargets',
      'codedeploy:CreateDeployment',
      'codedeploy:GetDeployment',
      'codedeploy:GetDeploymentConfig',
      'codedeploy:GetDeploymentGroup',
      'codedeploy:ListDeploymentTargets',
    ]);
  });

  test('a failed AfterAllowTraffic hook fails the step with the event and its diagnostics, and the old revision keeps serving', async () => {
    const named = { application: 'my-app', group: 'my-app-blue-green' };
    const current = await codeDeployWorld({ groups: [named] });
    current.standin.codeDeploy.failHook(SMOKE_TEST);
    const appspec = path.join(current.workspace, 'appspec.yaml');
    writeFileSync(
      appspec,
      [
        'version: 0.0',
        'Resources:',
        '  - TargetService:',
        '      Type: AWS::ECS::Service',
        '      Properties:',
        '        TaskDefinition: <TASK_DEFINITION>',
        '        LoadBalancerInfo:',
        '          ContainerName: app',
        '          ContainerPort: 3000',
        'Hooks:',
        `  - AfterAllowTraffic: ${SMOKE_TEST}`,
        '',
      ].join('\n'),
    );
    const run = await deploy(current, {
      'codedeploy-application': named.application,
      'codedeploy-deployment-group': named.group,
      'codedeploy-appspec': 'appspec.yaml',
      'codedeploy-deployment-config': 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    });
    expect(run.exitCode).toBe(1);
    const id = run.outputs['codedeploy-deployment-id'] ?? '';
    expect(id).toMatch(/^d-/);
    expect(errorLines(run).at(-1)).toContain(
      `my-service failed: CodeDeploy deployment ${id} Failed: lifecycle event AfterAllowTraffic failed: The AfterAllowTraffic lifecycle hook smoke-test returned Failed to PutLifecycleEventHookExecutionStatus. (ScriptFailed) [HOOK_EXECUTION_FAILURE]; the service runs my-app:1.`,
    );
    expect(primaryTaskSet(current)).toBe(current.initialTaskDefinitionArn);
    expect(current.standin.codeDeploy.deployments(current.scope)[0]).toMatchObject({
      applicationName: 'my-app',
      deploymentGroupName: 'my-app-blue-green',
      deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    });
  });

  test('without a CodeDeploy application of the console’s names, the step fails naming the inputs to give, and creates no deployment', async () => {
    const current = await setUp({
      controllers: { [SERVICE]: 'CODE_DEPLOY' },
      codeDeployGroups: [`${CONVENTION.application}/${CONVENTION.group}`],
    });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).join('\n')).toContain(
      `my-service uses the CODE_DEPLOY deployment controller and there is no CodeDeploy application "${CONVENTION.application}" with deployment group "${CONVENTION.group}" (the names the ECS console gives, No application found for name: ${CONVENTION.application}): give \`codedeploy-application\` and \`codedeploy-deployment-group\`.`,
    );
    expect(operations(current, 'codedeploy')).toEqual(['GetDeploymentGroup']);
    expect(primaryTaskSet(current)).toBe(current.initialTaskDefinitionArn);
  });

  test('codedeploy-application without codedeploy-deployment-group fails before any request, naming the missing input', async () => {
    const current = await codeDeployWorld();
    const run = await deploy(current, { 'codedeploy-application': 'my-app' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).join('\n')).toContain(
      'Input `codedeploy-deployment-group` is empty; expected the CodeDeploy deployment group that goes with `codedeploy-application` (give both, or neither to use the names the ECS console gives).',
    );
    expect(current.standin.calls()).toEqual([]);
  });

  test('dry-run prints the CreateDeployment it would make and makes none', async () => {
    const current = await codeDeployWorld();
    const run = await deploy(current, { 'dry-run': 'true' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`# CodeDeploy CreateDeployment ${CLUSTER}/${SERVICE}: the new revision`);
    expect(run.stdout).toContain(`#   deployment group: ${CONVENTION.group}`);
    expect(run.stdout).toContain(
      '"Properties":{"TaskDefinition":"the new revision","LoadBalancerInfo":{"ContainerName":"app","ContainerPort":3000}}',
    );
    expect(operations(current, 'codedeploy')).toEqual([]);
  });

  test('wait-for-service-stability false returns after CreateDeployment with the deployment id', async () => {
    const current = await codeDeployWorld();
    const run = await deploy(current, { 'wait-for-service-stability': 'false' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['codedeploy-deployment-id']).toMatch(/^d-/);
    expect(operations(current, 'codedeploy')).toEqual(['GetDeploymentGroup', 'CreateDeployment']);
  });

  test('a role without the OptionalCodeDeploy statement is refused GetDeploymentGroup, and nothing is deployed', async () => {
    const current = await codeDeployWorld({ withoutStatements: ['OptionalCodeDeploy'] });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).join('\n')).toContain(
      `codedeploy:GetDeploymentGroup on resource: arn:aws:codedeploy:${REGION}:123456789012:deploymentgroup:${CONVENTION.application}/${CONVENTION.group}`,
    );
    // CodeDeploy's call is named, not UpdateService (which this service never gets).
    expect(errorLines(run).join('\n')).toContain(
      `Service update failed: CodeDeploy GetDeploymentGroup failed for ${SERVICE}: AccessDenied`,
    );
    expect(current.standin.codeDeploy.deployments(current.scope)).toEqual([]);
  });
});

test('one step deploys an ECS service by UpdateService and a CODE_DEPLOY one through CodeDeploy, and refuses an EXTERNAL one', async () => {
  const current = await codeDeployWorld({
    services: [SERVICE, 'my-worker', 'my-edge'],
    controllers: { [SERVICE]: 'CODE_DEPLOY', 'my-edge': 'EXTERNAL' },
  });
  const run = await deploy(current);
  expect(run.exitCode).toBe(1);
  const revision = run.outputs['task-definition-arn'] ?? '';
  expect(primaryTaskSet(current)).toBe(revision);
  expect(current.serviceState('my-worker')['taskDefinition']).toBe(revision);
  expect(current.serviceState('my-edge')['taskDefinition']).toBe(current.initialTaskDefinitionArn);
  expect(errorLines(run).join('\n')).toContain(
    'The deployment of my-edge was not started: my-edge uses the EXTERNAL deployment controller: ECS takes no new task definition for it through UpdateService',
  );
  expect(current.standin.calls().filter((call) => call.operation === 'UpdateService')).toHaveLength(1);
});

test('codedeploy inputs given to a step whose only service has the ECS controller warn that they have no effect, and the deploy goes on', async () => {
  const current = await setUp();
  const run = await deploy(current, { 'codedeploy-application': 'my-app', 'codedeploy-deployment-group': 'my-app-bg' });
  expect(errorLines(run)).toEqual([]);
  expect(run.exitCode).toBe(0);
  const why = `the service has no CODE_DEPLOY deployment controller (${SERVICE}: ECS).`;
  const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning'));
  expect(warnings).toEqual(
    expect.arrayContaining([
      `::warning title=Input codedeploy-application::Input \`codedeploy-application\` has no effect in this run: ${why}`,
      `::warning title=Input codedeploy-deployment-group::Input \`codedeploy-deployment-group\` has no effect in this run: ${why}`,
    ]),
  );
  expect(operations(current, 'codedeploy')).toEqual([]);
});
