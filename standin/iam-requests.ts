// What IAM authorizes for one API call: the actions, the resource ARN of each, and the condition keys AWS
// sets (`ecs:cluster`, `ecs:task-definition`, `iam:PassedToService`, `ecs:CreateAction`, `aws:RequestTag/…`),
// after the Service Authorization Reference. An operation not listed here is authorized as its own action
// on "*", so a role can only make it with a grant on every resource. Pure.
import type { JsonObject } from './types.js';

export type ContextValue = string | string[];

export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

export interface CallScope {
  readonly account: string;
  readonly region: string;
  /** The revision RegisterTaskDefinition would create in `family`: AWS authorizes it by that revision's ARN. */
  readonly nextRevision?: (family: string) => number;
  /** The task and execution roles a task definition names (RunTask passes them); none when unknown. */
  readonly rolesOf?: (taskDefinition: string) => readonly string[];
  /** The `application/group` a CodeDeploy deployment belongs to: its calls are authorized on that group. */
  readonly deploymentGroupOf?: (deploymentId: string) => string | undefined;
}

export type IamService = 'ecs' | 'ecr' | 'logs' | 'codedeploy';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((each): each is string => typeof each === 'string') : []);
/** The last path segment of an ARN (`…/name`), or the name itself. */
const nameOf = (reference: string): string => (reference.startsWith('arn:') ? (reference.split('/').at(-1) ?? reference) : reference);

function tagContext(tags: unknown): Record<string, ContextValue> {
  const pairs = (Array.isArray(tags) ? (tags as JsonObject[]) : []).flatMap((tag) =>
    typeof tag.key === 'string' ? [[tag.key, typeof tag.value === 'string' ? tag.value : ''] as const] : [],
  );
  if (pairs.length === 0) return {};
  return {
    ...Object.fromEntries(pairs.map(([key, value]) => [`aws:RequestTag/${key}`, value])),
    'aws:TagKeys': pairs.map(([key]) => key),
  };
}

function ecsRequests(operation: string, input: JsonObject, scope: CallScope): IamRequest[] {
  const arn = (resource: string): string => `arn:aws:ecs:${scope.region}:${scope.account}:${resource}`;
  const cluster = nameOf(text(input.cluster) ?? 'default');
  const inCluster = { 'ecs:cluster': arn(`cluster/${cluster}`) };
  const serviceArn = (service: string): string => (service.startsWith('arn:') ? service : arn(`service/${cluster}/${service}`));
  const action = `ecs:${operation}`;
  switch (operation) {
    case 'DescribeServices':
      return texts(input.services).map((service) => ({ action, resource: serviceArn(service), context: inCluster }));
    case 'UpdateService': {
      const taskDefinition = text(input.taskDefinition);
      const taskDefinitionArn =
        taskDefinition === undefined
          ? undefined
          : taskDefinition.startsWith('arn:')
            ? taskDefinition
            : arn(`task-definition/${taskDefinition}`);
      return [
        {
          action,
          resource: serviceArn(text(input.service) ?? ''),
          context: { ...inCluster, ...(taskDefinitionArn === undefined ? {} : { 'ecs:task-definition': taskDefinitionArn }) },
        },
      ];
    }
    case 'RegisterTaskDefinition': {
      // AWS authorizes the revision about to be created (`family:N`), so a policy must grant `family:*`.
      const family = text(input.family) ?? '';
      const revision = arn(`task-definition/${family}:${scope.nextRevision?.(family) ?? '*'}`);
      const tags = tagContext(input.tags);
      const roles = [text(input.taskRoleArn), text(input.executionRoleArn)].filter((role) => role !== undefined);
      return [
        { action, resource: revision, context: tags },
        ...(Object.keys(tags).length === 0
          ? []
          : [{ action: 'ecs:TagResource', resource: revision, context: { ...tags, 'ecs:CreateAction': 'RegisterTaskDefinition' } }]),
        ...[...new Set(roles)].map((role) => ({
          action: 'iam:PassRole',
          resource: role.startsWith('arn:') ? role : `arn:aws:iam::${scope.account}:role/${role}`,
          context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
        })),
      ];
    }
    case 'RunTask': {
      // ECS authorizes RunTask on the revision, and iam:PassRole for the roles it names (or overrides give).
      const taskDefinition = text(input.taskDefinition) ?? '';
      const resource = taskDefinition.startsWith('arn:') ? taskDefinition : arn(`task-definition/${taskDefinition}`);
      const overrides =
        typeof input.overrides === 'object' && input.overrides !== null && !Array.isArray(input.overrides) ? input.overrides : {};
      const roles = [...(scope.rolesOf?.(taskDefinition) ?? []), text(overrides.taskRoleArn), text(overrides.executionRoleArn)].filter(
        (role) => role !== undefined,
      );
      return [
        { action, resource, context: inCluster },
        ...[...new Set(roles)].map((role) => ({
          action: 'iam:PassRole',
          resource: role.startsWith('arn:') ? role : `arn:aws:iam::${scope.account}:role/${role}`,
          context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
        })),
      ];
    }
    case 'StopTask': {
      const task = text(input.task) ?? '';
      return [{ action, resource: task.startsWith('arn:') ? task : arn(`task/${cluster}/${task}`), context: inCluster }];
    }
    case 'ListServiceDeployments':
      return [{ action, resource: serviceArn(text(input.service) ?? ''), context: inCluster }];
    case 'DescribeServiceDeployments':
      return texts(input.serviceDeploymentArns).map((resource) => ({ action, resource, context: inCluster }));
    case 'DescribeServiceRevisions':
      return texts(input.serviceRevisionArns).map((resource) => ({ action, resource, context: inCluster }));
    case 'StopServiceDeployment':
      return [{ action, resource: text(input.serviceDeploymentArn) ?? '', context: inCluster }];
    case 'ListServices':
      return [{ action, resource: '*', context: inCluster }];
    case 'DeregisterTaskDefinition': {
      const taskDefinition = text(input.taskDefinition) ?? '';
      return [
        { action, resource: taskDefinition.startsWith('arn:') ? taskDefinition : arn(`task-definition/${taskDefinition}`), context: {} },
      ];
    }
    case 'ListTasks':
      return [{ action, resource: arn(`container-instance/${cluster}/*`), context: inCluster }];
    case 'DescribeTasks':
      return texts(input.tasks).map((task) => ({
        action,
        resource: task.startsWith('arn:') ? task : arn(`task/${cluster}/${task}`),
        context: inCluster,
      }));
    case 'DescribeTaskDefinition':
    default:
      return [{ action, resource: '*', context: {} }];
  }
}

function ecrRequests(operation: string, input: JsonObject, scope: CallScope): IamRequest[] {
  const account = text(input.registryId) ?? scope.account;
  const repositoryArn = (name: string): string => `arn:aws:ecr:${scope.region}:${account}:repository/${name}`;
  const action = `ecr:${operation}`;
  if (operation === 'GetAuthorizationToken') return [{ action, resource: '*', context: {} }];
  if (operation === 'DescribeRepositories') {
    const names = texts(input.repositoryNames);
    return names.length === 0
      ? [{ action, resource: '*', context: {} }]
      : names.map((name) => ({ action, resource: repositoryArn(name), context: {} }));
  }
  const repository = text(input.repositoryName);
  return [{ action, resource: repository === undefined ? '*' : repositoryArn(repository), context: {} }];
}

function logsRequests(operation: string, input: JsonObject, scope: CallScope): IamRequest[] {
  const action = `logs:${operation}`;
  const identifier = text(input.logGroupIdentifier) ?? '';
  const group = text(input.logGroupName) ?? identifier.replace(/^arn:.*?:log-group:/, '').replace(/:\*$/, '');
  const stream = text(input.logStreamName);
  if (group === '' || stream === undefined) return [{ action, resource: '*', context: {} }];
  return [{ action, resource: `arn:aws:logs:${scope.region}:${scope.account}:log-group:${group}:log-stream:${stream}`, context: {} }];
}

export function iamRequestsFor(service: IamService, operation: string, input: JsonObject, scope: CallScope): IamRequest[] {
  switch (service) {
    case 'ecs':
      return ecsRequests(operation, input, scope);
    case 'ecr':
      return ecrRequests(operation, input, scope);
    case 'logs':
      return logsRequests(operation, input, scope);
    case 'codedeploy':
      return codeDeployRequests(operation, input, scope);
  }
}

/**
 * CodeDeploy authorizes these calls on the deployment group (`deploymentgroup:APPLICATION/GROUP`); for the
 * calls that name only a deployment, the group it belongs to (`*` while unknown, so only a grant on every
 * group allows it).
 */
function codeDeployRequests(operation: string, input: JsonObject, scope: CallScope): IamRequest[] {
  const group =
    text(input.applicationName) !== undefined
      ? `${text(input.applicationName) ?? ''}/${text(input.deploymentGroupName) ?? ''}`
      : (scope.deploymentGroupOf?.(text(input.deploymentId) ?? '') ?? '*');
  const arn = (resource: string): string => `arn:aws:codedeploy:${scope.region}:${scope.account}:${resource}`;
  const requests: IamRequest[] = [{ action: `codedeploy:${operation}`, resource: arn(`deploymentgroup:${group}`), context: {} }];
  // CreateDeployment has CodeDeploy read the deployment configuration it uses with the caller's permission.
  if (operation === 'CreateDeployment')
    requests.push({
      action: 'codedeploy:GetDeploymentConfig',
      resource: arn(`deploymentconfig:${text(input.deploymentConfigName) ?? '*'}`),
      context: {},
    });
  return requests;
}
