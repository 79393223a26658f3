// The `run-task-*` inputs: the one-off task (a migration) run with the new revision before the services
// are updated. Every one of them is checked even when `run-task-command` is empty (a typo fails now, not
// on the run that needs it; input-rules.ts warns that they have no effect). Pure.
import type { CapacityProviderItem, GitHubContext, RunTaskConfig, RunTaskLaunchType } from './config.js';
import { Input, InputDefault } from '../shared/constants.js';
import { CommandLineError, parseCommandLine } from './command-line.js';
import { InputError, lines, wholeNumber, type InputName, type ReadInput } from './field-readers.js';

const SUBNET = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/;
const LAUNCH_TYPES: readonly RunTaskLaunchType[] = ['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES'];
const CAPACITY_PROVIDER = /^[A-Za-z0-9_-]{1,255}$/;
/** ECS's limits: 16 subnets and 5 security groups in an awsvpcConfiguration, 20 capacity providers in a strategy. */
const MAX_SUBNETS = 16;
const MAX_SECURITY_GROUPS = 5;
const MAX_CAPACITY_PROVIDERS = 20;

/** The one-off task's settings, or undefined when `run-task-command` is empty. Throws InputError. */
export function readRunTask(read: ReadInput, github: Pick<GitHubContext, 'runId' | 'runAttempt'>): RunTaskConfig | undefined {
  const command = readCommand(read);
  const subnets = ids(read, Input.runTaskSubnets, SUBNET, MAX_SUBNETS, 'subnet ids such as `subnet-0123456789abcdef0`');
  const securityGroups = ids(
    read,
    Input.runTaskSecurityGroups,
    SECURITY_GROUP,
    MAX_SECURITY_GROUPS,
    'security group ids such as `sg-0123456789abcdef0`',
  );
  const assignPublicIp = readAssignPublicIp(read);
  const launchType = readLaunchType(read);
  const capacityProviderStrategy = readCapacityProviderStrategy(read);
  if (launchType !== undefined && capacityProviderStrategy !== undefined) {
    throw new InputError(
      Input.runTaskCapacityProviderStrategy,
      read(Input.runTaskCapacityProviderStrategy),
      `to be empty when \`${Input.runTaskLaunchType}\` is set (ECS takes a launch type or a capacity provider strategy, not both)`,
    );
  }
  const timeoutMinutes = wholeNumber(
    read,
    Input.runTaskTimeoutMinutes,
    InputDefault[Input.runTaskTimeoutMinutes],
    1,
    720,
    'minutes the one-off task may take before it is stopped',
  );
  if (command === undefined) return undefined;
  return {
    command,
    subnets,
    securityGroups,
    assignPublicIp,
    launchType,
    capacityProviderStrategy,
    timeoutMinutes,
    startedBy: startedByOf(github),
  };
}

/** The inputs that shape the one-off task, besides the command itself (no effect without it). */
export const RUN_TASK_SETTINGS: readonly InputName[] = [
  Input.runTaskSubnets,
  Input.runTaskSecurityGroups,
  Input.runTaskAssignPublicIp,
  Input.runTaskLaunchType,
  Input.runTaskCapacityProviderStrategy,
  Input.runTaskTimeoutMinutes,
];

function readCommand(read: ReadInput): string[] | undefined {
  const given = read(Input.runTaskCommand);
  if (given === '') return undefined;
  const expected = 'a command as a JSON array of strings (`["npm", "run", "migrate"]`) or a shell-like line (`npm run migrate`)';
  let words: string[];
  try {
    words = parseCommandLine(given);
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    throw new InputError(Input.runTaskCommand, given, `${expected}, but ${error.problem}`);
  }
  if (words.length === 0 || words[0] === '') throw new InputError(Input.runTaskCommand, given, `${expected}, with a program to run first`);
  return words;
}

function ids(read: ReadInput, name: InputName, pattern: RegExp, max: number, expected: string): string[] | undefined {
  const values = lines(read(name), /[\n,]/);
  if (values.length === 0) return undefined;
  const form = `at most ${String(max)} ${expected}, comma or line separated`;
  for (const value of values) if (!pattern.test(value)) throw new InputError(name, value, form);
  if (values.length > max || new Set(values).size !== values.length) throw new InputError(name, read(name), `${form}, each once`);
  return values;
}

function readAssignPublicIp(read: ReadInput): 'ENABLED' | 'DISABLED' | undefined {
  const value = read(Input.runTaskAssignPublicIp);
  if (value === '') return undefined;
  if (value === 'ENABLED' || value === 'DISABLED') return value;
  throw new InputError(Input.runTaskAssignPublicIp, value, "`ENABLED` or `DISABLED`, or empty for the service's setting");
}

function readLaunchType(read: ReadInput): RunTaskLaunchType | undefined {
  const value = read(Input.runTaskLaunchType);
  if (value === '') return undefined;
  const known = LAUNCH_TYPES.find((launchType) => launchType === value);
  if (known === undefined) {
    throw new InputError(
      Input.runTaskLaunchType,
      value,
      `one of ${LAUNCH_TYPES.map((launchType) => `\`${launchType}\``).join(', ')}, or empty for the service's`,
    );
  }
  return known;
}

function readCapacityProviderStrategy(read: ReadInput): CapacityProviderItem[] | undefined {
  const items = lines(read(Input.runTaskCapacityProviderStrategy), /[\n,]/);
  if (items.length === 0) return undefined;
  const expected = `at most ${String(MAX_CAPACITY_PROVIDERS)} capacity providers, comma or line separated, each \`name\`, \`name:weight\` or \`name:weight:base\` (weight 0-1000, base 0-100000)`;
  const strategy = items.map((item): CapacityProviderItem => {
    const [capacityProvider = '', weight, base, ...rest] = item.split(':').map((part) => part.trim());
    const number = (text: string | undefined, max: number): number | undefined | false =>
      text === undefined ? undefined : /^\d+$/.test(text) && Number(text) <= max ? Number(text) : false;
    const parsedWeight = number(weight, 1000);
    const parsedBase = number(base, 100_000);
    if (!CAPACITY_PROVIDER.test(capacityProvider) || rest.length > 0 || parsedWeight === false || parsedBase === false) {
      throw new InputError(Input.runTaskCapacityProviderStrategy, item, expected);
    }
    return { capacityProvider, weight: parsedWeight, base: parsedBase };
  });
  const names = strategy.map((item) => item.capacityProvider);
  if (strategy.length > MAX_CAPACITY_PROVIDERS || new Set(names).size !== names.length) {
    throw new InputError(Input.runTaskCapacityProviderStrategy, read(Input.runTaskCapacityProviderStrategy), `${expected}, each once`);
  }
  return strategy;
}

/** `oidc-ecs-deploy/run-RUNID-ATTEMPT`: what the task's `startedBy` shows, so a task in the console leads back to its run. */
export function startedByOf(github: Pick<GitHubContext, 'runId' | 'runAttempt'>): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `oidc-ecs-deploy/run-${safe(github.runId || 'local')}-${safe(github.runAttempt || '1')}`.slice(0, 128);
}
