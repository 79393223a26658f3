// The RunTask request of the one-off task: the new revision, once, with the command override on the
// deployed container, placed as the service is placed unless a `run-task-*` input says otherwise; and
// the lines that describe it (the log, and the dry run's plan). Pure.
import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  LaunchType,
  NetworkConfiguration,
  RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import type { RunTaskConfig } from '../inputs/config.js';
import { Input } from '../shared/constants.js';
import type { MigrationTarget } from './target.js';

export interface RunTaskRequestParts {
  readonly cluster: string;
  readonly runTask: RunTaskConfig;
  readonly target: MigrationTarget;
  /** RunTask's idempotency token: a retried call starts no second task. */
  readonly clientToken: string;
}

/** A request ECS would refuse, said before the call: the revision needs subnets that nothing gives. */
export class RunTaskRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunTaskRequestError';
  }
}

export function runTaskRequest({ cluster, runTask, target, clientToken }: RunTaskRequestParts): RunTaskCommandInput {
  const networkConfiguration = networkOf(runTask, target);
  if (target.taskDefinition.networkMode === 'awsvpc' && (networkConfiguration?.awsvpcConfiguration?.subnets ?? []).length === 0) {
    throw new RunTaskRequestError(
      `The one-off task's revision uses networkMode awsvpc, but service ${target.service} has no subnets and \`${Input.runTaskSubnets}\` is empty: set \`${Input.runTaskSubnets}\` (and \`${Input.runTaskSecurityGroups}\`).`,
    );
  }
  const launch = launchOf(runTask, target);
  return {
    cluster,
    taskDefinition: target.taskDefinitionArn,
    count: 1,
    startedBy: runTask.startedBy,
    clientToken,
    overrides: { containerOverrides: [{ name: target.containerName, command: [...runTask.command] }] },
    ...launch,
    // A platform version belongs to Fargate: ECS refuses one with the EC2 or EXTERNAL launch type.
    ...(target.placement.platformVersion !== undefined && launch.launchType !== 'EC2' && launch.launchType !== 'EXTERNAL'
      ? { platformVersion: target.placement.platformVersion }
      : {}),
    ...(networkConfiguration === undefined ? {} : { networkConfiguration }),
  };
}

function networkOf(runTask: RunTaskConfig, target: MigrationTarget): NetworkConfiguration | undefined {
  const service = target.placement.networkConfiguration?.awsvpcConfiguration;
  const subnets = runTask.subnets ?? service?.subnets;
  const securityGroups = runTask.securityGroups ?? service?.securityGroups;
  const assignPublicIp: AssignPublicIp | undefined = runTask.assignPublicIp ?? service?.assignPublicIp;
  if (subnets === undefined && securityGroups === undefined && assignPublicIp === undefined) return undefined;
  return {
    awsvpcConfiguration: {
      subnets: [...(subnets ?? [])],
      ...(securityGroups === undefined ? {} : { securityGroups: [...securityGroups] }),
      ...(assignPublicIp === undefined ? {} : { assignPublicIp }),
    },
  };
}

function launchOf(
  runTask: RunTaskConfig,
  target: MigrationTarget,
): { launchType?: LaunchType; capacityProviderStrategy?: CapacityProviderStrategyItem[] } {
  if (runTask.launchType !== undefined) return { launchType: runTask.launchType };
  if (runTask.capacityProviderStrategy !== undefined) {
    return {
      capacityProviderStrategy: runTask.capacityProviderStrategy.map((item) => ({
        capacityProvider: item.capacityProvider,
        ...(item.weight === undefined ? {} : { weight: item.weight }),
        ...(item.base === undefined ? {} : { base: item.base }),
      })),
    };
  }
  const { launchType, capacityProviderStrategy } = target.placement;
  if (capacityProviderStrategy !== undefined && capacityProviderStrategy.length > 0) return { capacityProviderStrategy };
  // Without either, ECS uses the cluster's default capacity provider strategy, as it did for the service.
  return launchType === undefined ? {} : { launchType };
}

/** The command as a reader would type it: words with spaces or quotes shown quoted. */
export function commandText(command: readonly string[]): string {
  return command.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
}

/** What the task is about to do, for the log and (with the revision not yet registered) the dry run's plan. */
export function describeRunTask(request: RunTaskCommandInput, target: MigrationTarget): string {
  const command = request.overrides?.containerOverrides?.[0]?.command ?? [];
  const revision = target.taskDefinitionArn || `the new revision of ${target.taskDefinition.family ?? '?'}`;
  const network = request.networkConfiguration?.awsvpcConfiguration;
  const placement = [
    request.launchType === undefined ? undefined : `launch type ${request.launchType}`,
    request.capacityProviderStrategy === undefined
      ? undefined
      : `capacity providers ${request.capacityProviderStrategy.map((item) => item.capacityProvider ?? '').join(', ')}`,
    request.platformVersion === undefined ? undefined : `platform ${request.platformVersion}`,
    network === undefined
      ? undefined
      : `subnets ${(network.subnets ?? []).join(', ')}${network.securityGroups === undefined ? '' : `, security groups ${network.securityGroups.join(', ')}`}${network.assignPublicIp === undefined ? '' : `, public IP ${network.assignPublicIp}`}`,
  ].filter((part) => part !== undefined);
  return `RunTask ${request.cluster ?? ''}: ${revision}, container ${target.containerName} running \`${commandText(command)}\`${placement.length > 0 ? ` (${placement.join('; ')}; placed like service ${target.service})` : ` (placed like service ${target.service})`}, startedBy ${request.startedBy ?? ''}`;
}
