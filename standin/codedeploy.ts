// CodeDeploy's side of the stand-in, for ECS blue/green deployments: applications and deployment groups set
// up by tests (admin), and the JSON 1.1 operations the deploy calls (`CodeDeploy_20141006.*`):
// GetDeploymentGroup, CreateDeployment, GetDeployment, ListDeploymentTargets, BatchGetDeploymentTargets.
//
// A deployment walks ECS's lifecycle events on the simulated clock, one second each but Install (4 s):
// BeforeInstall, Install (the replacement task set appears), AfterInstall, AllowTestTraffic,
// AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic. It fails at a hook whose
// Lambda function the test marked failing (`failHook`), or at Install when the replacement tasks would fail
// (the service's scenario behaviour is `crash-loop`, or the revision is not ACTIVE); then the later events
// are Skipped and the replacement task set is removed (the original keeps serving). Succeeded: the
// replacement becomes the service's PRIMARY task set (ecs-task-sets.ts). State advances when a request
// arrives, as the deploy's polls make it do.
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import type { EcsTaskSetsPort } from './ecs.js';
import type { Scope } from './ecs-state.js';
import { AwsError, type Clock, type JsonHandler, type JsonObject, type JsonValue } from './types.js';

const EVENTS: readonly { readonly name: string; readonly seconds: number }[] = [
  { name: 'BeforeInstall', seconds: 1 },
  { name: 'Install', seconds: 4 },
  { name: 'AfterInstall', seconds: 1 },
  { name: 'AllowTestTraffic', seconds: 1 },
  { name: 'AfterAllowTestTraffic', seconds: 1 },
  { name: 'BeforeAllowTraffic', seconds: 1 },
  { name: 'AllowTraffic', seconds: 1 },
  { name: 'AfterAllowTraffic', seconds: 1 },
];

/** The ECS deployment configurations CodeDeploy predefines. */
const PREDEFINED_CONFIGS = new Set([
  'CodeDeployDefault.ECSAllAtOnce',
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
  'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'CodeDeployDefault.ECSCanary10Percent15Minutes',
]);

interface DeploymentGroup {
  readonly application: string;
  readonly name: string;
  readonly id: string;
  readonly cluster: string;
  readonly service: string;
  readonly deploymentConfigName: string;
}

interface Failure {
  readonly event: string;
  readonly errorCode: string;
  readonly message: string;
  readonly code: string;
}

interface DeploymentRecord {
  readonly id: string;
  readonly scope: Scope;
  readonly group: DeploymentGroup;
  readonly deploymentConfigName: string;
  readonly appSpec: JsonObject;
  readonly taskDefinitionArn: string;
  readonly description: string;
  readonly createdAt: number;
  /** Decided at creation: where it fails, if it does. */
  readonly failure: Failure | undefined;
  finished: boolean;
}

export interface CodeDeployAdmin {
  createApplication(scope: Scope, name: string): void;
  createDeploymentGroup(
    scope: Scope,
    spec: { application: string; deploymentGroup: string; cluster: string; service: string; deploymentConfigName?: string },
  ): void;
  /** The Lambda function (name or ARN) a hook names answers Failed from now on. */
  failHook(functionName: string): void;
  /** Every deployment created, oldest first: its id, group, config, AppSpec and status now. */
  deployments(scope: Scope): JsonObject[];
}

export interface CodeDeployStandin {
  readonly handler: JsonHandler;
  readonly admin: CodeDeployAdmin;
  /** The deployment group a deployment belongs to, `application/group` (what IAM authorizes), if it exists. */
  groupOf(scope: Scope, deploymentId: string): string | undefined;
}

const text = (input: JsonObject, field: string): string | undefined =>
  typeof input[field] === 'string' && input[field] !== '' ? input[field] : undefined;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const upperAlnum = (length: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(length)].map((byte) => alphabet.charAt(byte % alphabet.length)).join('');
};
const functionName = (reference: string): string => (reference.startsWith('arn:') ? (reference.split(':')[6] ?? reference) : reference);

export function createCodeDeployStandin(deps: {
  readonly clock: Clock;
  readonly ecs: EcsTaskSetsPort;
  readonly toWallMs: (simulatedMs: number) => number;
}): CodeDeployStandin {
  const applications = new Map<string, number>();
  const groups = new Map<string, DeploymentGroup>();
  const deployments = new Map<string, DeploymentRecord>();
  const failingHooks = new Set<string>();
  const key = (scope: Scope, ...names: string[]): string => [scope.account, scope.region, ...names].join('/');
  const seconds = (simulatedMs: number): number => deps.toWallMs(simulatedMs) / 1000;

  function findGroup(scope: Scope, input: JsonObject): DeploymentGroup {
    const application = text(input, 'applicationName');
    if (application === undefined) throw new AwsError('ApplicationNameRequiredException', 'The application name must be specified.');
    if (!applications.has(key(scope, application)))
      throw new AwsError('ApplicationDoesNotExistException', `No application found for name: ${application}`);
    const name = text(input, 'deploymentGroupName');
    if (name === undefined) throw new AwsError('DeploymentGroupNameRequiredException', 'The deployment group name must be specified.');
    const group = groups.get(key(scope, application, name));
    if (group === undefined) throw new AwsError('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${name}`);
    return group;
  }

  function findDeployment(scope: Scope, input: JsonObject): DeploymentRecord {
    const id = text(input, 'deploymentId');
    if (id === undefined) throw new AwsError('DeploymentIdRequiredException', 'The deployment ID must be specified.');
    const record = deployments.get(id);
    if (record?.scope.account !== scope.account || record.scope.region !== scope.region)
      throw new AwsError('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`);
    return record;
  }

  /** Where the deployment stands now: each event's status and times, and the deployment's. */
  function progress(record: DeploymentRecord): { events: JsonObject[]; status: string; endedAt: number | undefined } {
    const elapsed = deps.clock.now() - record.createdAt;
    const events: JsonObject[] = [];
    let at = 0;
    let failedAt: number | undefined;
    for (const event of EVENTS) {
      const start = record.createdAt + at * 1000;
      const end = start + event.seconds * 1000;
      at += event.seconds;
      let entry: JsonObject;
      if (failedAt !== undefined) entry = { lifecycleEventName: event.name, status: 'Skipped' };
      else if (elapsed < (at - event.seconds) * 1000) entry = { lifecycleEventName: event.name, status: 'Pending' };
      else if (elapsed < at * 1000) entry = { lifecycleEventName: event.name, status: 'InProgress', startTime: seconds(start) };
      else if (record.failure?.event === event.name) {
        failedAt = end;
        entry = {
          lifecycleEventName: event.name,
          status: 'Failed',
          startTime: seconds(start),
          endTime: seconds(end),
          diagnostics: { errorCode: record.failure.errorCode, scriptName: '', message: record.failure.message, logTail: '' },
        };
      } else
        entry = {
          lifecycleEventName: event.name,
          status: 'Succeeded',
          startTime: seconds(start),
          endTime: seconds(end),
          diagnostics: { errorCode: 'Success', scriptName: '', message: 'Succeeded', logTail: '' },
        };
      events.push(entry);
    }
    const total = record.createdAt + at * 1000;
    if (failedAt !== undefined) return { events, status: 'Failed', endedAt: failedAt };
    if (elapsed >= at * 1000) return { events, status: 'Succeeded', endedAt: total };
    return { events, status: elapsed < 500 ? 'Created' : 'InProgress', endedAt: undefined };
  }

  /** Applies to ECS what the deployment did by now: the replacement task set at Install, then its end. */
  function settle(record: DeploymentRecord): ReturnType<typeof progress> {
    const now = progress(record);
    if (!record.finished && now.status === 'Succeeded') deps.ecs.finish(record.scope, record.group.cluster, record.group.service, true);
    if (!record.finished && now.status === 'Failed') deps.ecs.finish(record.scope, record.group.cluster, record.group.service, false);
    if (now.status === 'Succeeded' || now.status === 'Failed') record.finished = true;
    return now;
  }

  function settleAll(): void {
    for (const record of deployments.values()) if (!record.finished) settle(record);
  }

  function failureOf(scope: Scope, group: DeploymentGroup, appSpec: JsonObject, taskDefinitionArn: string): Failure | undefined {
    const service = deps.ecs.service(scope, group.cluster, group.service);
    if (service?.behaviour === 'crash-loop' || !deps.ecs.taskDefinitionActive(scope, taskDefinitionArn)) {
      const message = `The ECS service cannot reach a steady state: tasks of the replacement task set (${taskDefinitionArn}) stopped: Essential container in task exited.`;
      return { event: 'Install', errorCode: 'UnknownError', message, code: 'ECS_UPDATE_ERROR' };
    }
    const hooks = Array.isArray(appSpec.Hooks) ? appSpec.Hooks.filter(isObject) : [];
    for (const hook of hooks) {
      for (const [event, target] of Object.entries(hook)) {
        if (typeof target !== 'string' || !failingHooks.has(functionName(target))) continue;
        return {
          event,
          errorCode: 'ScriptFailed',
          message: `The ${event} lifecycle hook ${functionName(target)} returned Failed to PutLifecycleEventHookExecutionStatus.`,
          code: 'HOOK_EXECUTION_FAILURE',
        };
      }
    }
    return undefined;
  }

  function createDeployment(scope: Scope, input: JsonObject): JsonObject {
    const group = findGroup(scope, input);
    const configName = text(input, 'deploymentConfigName') ?? group.deploymentConfigName;
    if (!PREDEFINED_CONFIGS.has(configName))
      throw new AwsError('DeploymentConfigDoesNotExistException', `No deployment configuration found for name: ${configName}`);
    const active = [...deployments.values()].find((record) => record.group === group && !settle(record).endedAt);
    if (active !== undefined)
      throw new AwsError(
        'DeploymentLimitExceededException',
        `The Deployment Group '${group.name}' already has an active Deployment '${active.id}'`,
      );
    const revision = input.revision;
    const content =
      isObject(revision) && revision.revisionType === 'AppSpecContent' && isObject(revision.appSpecContent)
        ? revision.appSpecContent.content
        : undefined;
    if (typeof content !== 'string')
      throw new AwsError('InvalidRevisionException', 'The revision must be of type AppSpecContent with content for an ECS deployment.');
    let appSpec: unknown;
    try {
      appSpec = parse(content);
    } catch {
      throw new AwsError('InvalidRevisionException', 'The AppSpec content is not valid YAML or JSON.');
    }
    const resource: unknown =
      isObject(appSpec) && Array.isArray(appSpec.Resources)
        ? Object.values(isObject(appSpec.Resources[0]) ? appSpec.Resources[0] : {})[0]
        : undefined;
    const properties = isObject(resource) && isObject(resource.Properties) ? resource.Properties : undefined;
    const taskDefinitionArn = properties !== undefined && typeof properties.TaskDefinition === 'string' ? properties.TaskDefinition : '';
    if (!isObject(appSpec) || taskDefinitionArn === '' || !isObject(properties?.LoadBalancerInfo))
      throw new AwsError(
        'InvalidRevisionException',
        'The AppSpec content has no AWS::ECS::Service resource with a TaskDefinition and LoadBalancerInfo.',
      );
    const service = deps.ecs.service(scope, group.cluster, group.service);
    if (service?.controller !== 'CODE_DEPLOY')
      throw new AwsError(
        'InvalidECSServiceException',
        `The ECS service ${group.cluster}:${group.service} of deployment group ${group.name} does not exist or does not use the CODE_DEPLOY deployment controller.`,
      );
    const record: DeploymentRecord = {
      id: `d-${upperAlnum(9)}`,
      scope,
      group,
      deploymentConfigName: configName,
      appSpec,
      taskDefinitionArn,
      description: text(input, 'description') ?? '',
      createdAt: deps.clock.now(),
      failure: failureOf(scope, group, appSpec, taskDefinitionArn),
      finished: false,
    };
    deployments.set(record.id, record);
    deps.ecs.addReplacement(scope, group.cluster, group.service, taskDefinitionArn);
    return { deploymentId: record.id };
  }

  function deploymentInfo(record: DeploymentRecord): JsonObject {
    const now = settle(record);
    const failure = record.failure;
    return {
      applicationName: record.group.application,
      deploymentGroupName: record.group.name,
      deploymentConfigName: record.deploymentConfigName,
      deploymentId: record.id,
      status: now.status,
      createTime: seconds(record.createdAt),
      ...(now.endedAt === undefined ? {} : { completeTime: seconds(now.endedAt) }),
      creator: 'user',
      description: record.description,
      computePlatform: 'ECS',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: JSON.stringify(record.appSpec) } },
      ...(now.status === 'Failed' && failure !== undefined ? { errorInformation: { code: failure.code, message: failure.message } } : {}),
    };
  }

  function ecsTarget(record: DeploymentRecord): JsonObject {
    const now = settle(record);
    const service = deps.ecs.service(record.scope, record.group.cluster, record.group.service);
    return {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: {
        deploymentId: record.id,
        targetId: `${record.group.cluster}:${record.group.service}`,
        targetArn: service?.arn ?? '',
        lastUpdatedAt: seconds(deps.clock.now()),
        lifecycleEvents: now.events as JsonValue[],
        status: now.status === 'Created' ? 'Pending' : now.status,
      },
    };
  }

  const handler: JsonHandler = async (operation, input, context) => {
    await Promise.resolve();
    settleAll();
    const scope = { account: context.caller.account, region: context.region };
    switch (operation) {
      case 'GetDeploymentGroup': {
        const group = findGroup(scope, input);
        return {
          deploymentGroupInfo: {
            applicationName: group.application,
            deploymentGroupId: group.id,
            deploymentGroupName: group.name,
            deploymentConfigName: group.deploymentConfigName,
            computePlatform: 'ECS',
            deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
            ecsServices: [{ serviceName: group.service, clusterName: group.cluster }],
          },
        };
      }
      case 'CreateDeployment':
        return createDeployment(scope, input);
      case 'GetDeployment':
        return { deploymentInfo: deploymentInfo(findDeployment(scope, input)) };
      case 'ListDeploymentTargets': {
        const record = findDeployment(scope, input);
        return { targetIds: [`${record.group.cluster}:${record.group.service}`] };
      }
      case 'BatchGetDeploymentTargets': {
        const record = findDeployment(scope, input);
        const ids = Array.isArray(input.targetIds) ? input.targetIds : [];
        if (ids.length === 0) throw new AwsError('DeploymentTargetIdRequiredException', 'A deployment target ID must be specified.');
        if (ids.length > 25)
          throw new AwsError('DeploymentTargetListSizeExceededException', 'The maximum number of targets that can be retrieved is 25.');
        const own = `${record.group.cluster}:${record.group.service}`;
        const unknown = ids.find((id) => id !== own);
        if (unknown !== undefined)
          throw new AwsError(
            'DeploymentTargetDoesNotExistException',
            `The target ${JSON.stringify(unknown)} does not exist in deployment ${record.id}.`,
          );
        return { deploymentTargets: [ecsTarget(record)] };
      }
      default:
        throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    }
  };

  return {
    handler,
    groupOf(scope, deploymentId) {
      const record = deployments.get(deploymentId);
      return record?.scope.account !== scope.account ? undefined : `${record.group.application}/${record.group.name}`;
    },
    admin: {
      createApplication: (scope, name) => void applications.set(key(scope, name), deps.clock.now()),
      createDeploymentGroup(scope, spec) {
        if (!applications.has(key(scope, spec.application))) throw new Error(`stand-in: no CodeDeploy application ${spec.application}`);
        groups.set(key(scope, spec.application, spec.deploymentGroup), {
          application: spec.application,
          name: spec.deploymentGroup,
          id: crypto.randomUUID(),
          cluster: spec.cluster,
          service: spec.service,
          deploymentConfigName: spec.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce',
        });
      },
      failHook: (name) => void failingHooks.add(functionName(name)),
      deployments(scope) {
        settleAll();
        return [...deployments.values()]
          .filter((record) => record.scope.account === scope.account && record.scope.region === scope.region)
          .map((record) => ({
            deploymentId: record.id,
            applicationName: record.group.application,
            deploymentGroupName: record.group.name,
            deploymentConfigName: record.deploymentConfigName,
            taskDefinitionArn: record.taskDefinitionArn,
            appSpec: record.appSpec,
            status: progress(record).status,
          }));
      },
    },
  };
}
