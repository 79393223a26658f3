// The `run-task-*` inputs, read through readInputs as the action reads them.
import { describe, expect, test } from '@jest/globals';
import { InputError, readInputs, type InputName, type InputSources } from '../../../src/inputs/read-inputs.js';
import { startedByOf } from '../../../src/inputs/run-task-inputs.js';

const MINIMAL: Partial<Record<InputName, string>> = {
  'aws-region': 'us-east-1',
  'role-to-assume': 'arn:aws:iam::123456789012:role/my-deploy-role',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:1.2.3',
  service: 'my-service',
};

function sources(inputs: Partial<Record<InputName, string>>): InputSources {
  return {
    getInput: (name) => inputs[name] ?? '',
    env: { GITHUB_WORKSPACE: '/w', GITHUB_REPOSITORY: 'my-org/my-app', GITHUB_RUN_ID: '9876543210', GITHUB_RUN_ATTEMPT: '2' },
    isFile: () => false,
    isDirectory: () => true,
    readFile: () => '',
  };
}

const read = (inputs: Partial<Record<InputName, string>>) => readInputs(sources({ ...MINIMAL, ...inputs }));

function errorOf(inputs: Partial<Record<InputName, string>>): InputError {
  try {
    read(inputs);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('readInputs accepted the inputs');
}

describe('readInputs reads the one-off task', () => {
  test('no run-task-command: no one-off task', () => {
    expect(read({}).config.runTask).toBeUndefined();
  });

  test('a command alone takes every placement from the service, 15 minutes and a startedBy naming the run', () => {
    expect(read({ 'run-task-command': 'npm run migrate' }).config.runTask).toEqual({
      command: ['npm', 'run', 'migrate'],
      subnets: undefined,
      securityGroups: undefined,
      assignPublicIp: undefined,
      launchType: undefined,
      capacityProviderStrategy: undefined,
      timeoutMinutes: 15,
      startedBy: 'oidc-ecs-deploy/run-9876543210-2',
    });
  });

  test('every setting given', () => {
    const { config, notices } = read({
      'run-task-command': '["sh", "-c", "npm run migrate && npm run seed"]',
      'run-task-subnets': 'subnet-0123456789abcdef0, subnet-0fedcba9876543210',
      'run-task-security-groups': 'sg-0123456789abcdef0',
      'run-task-assign-public-ip': 'ENABLED',
      'run-task-capacity-provider-strategy': 'FARGATE_SPOT:3\nFARGATE:1:1',
      'run-task-timeout-minutes': '5',
    });
    expect(notices).toEqual([]);
    expect(config.runTask).toEqual({
      command: ['sh', '-c', 'npm run migrate && npm run seed'],
      subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      securityGroups: ['sg-0123456789abcdef0'],
      assignPublicIp: 'ENABLED',
      launchType: undefined,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE_SPOT', weight: 3, base: undefined },
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      ],
      timeoutMinutes: 5,
      startedBy: 'oidc-ecs-deploy/run-9876543210-2',
    });
  });

  test('a launch type', () => {
    expect(read({ 'run-task-command': './migrate', 'run-task-launch-type': 'EC2' }).config.runTask?.launchType).toBe('EC2');
  });

  test('startedBy keeps to the characters ECS allows', () => {
    expect(startedByOf({ runId: '12 34', runAttempt: '' })).toBe('oidc-ecs-deploy/run-12-34-1');
    expect(startedByOf({ runId: '', runAttempt: '1' })).toBe('oidc-ecs-deploy/run-local-1');
  });
});

describe('readInputs with a bad run-task input fails naming the input, the value and the form expected', () => {
  test.each<[string, Partial<Record<InputName, string>>, InputName, RegExp]>([
    [
      'an unclosed quote',
      { 'run-task-command': 'sh -c "npm run migrate' },
      'run-task-command',
      /^Input `run-task-command` was "sh -c \\"npm run migrate"; expected a command as a JSON array of strings .* or a shell-like line .*, but the double quote at character 7 is never closed\.$/,
    ],
    [
      'a JSON array of numbers',
      { 'run-task-command': '[1, 2]' },
      'run-task-command',
      /but its JSON array holds something other than strings\.$/,
    ],
    ['an empty JSON array', { 'run-task-command': '[]' }, 'run-task-command', /with a program to run first\.$/],
    ['an empty program', { 'run-task-command': '"" migrate' }, 'run-task-command', /with a program to run first\.$/],
    ['a subnet name', { 'run-task-subnets': 'private-a' }, 'run-task-subnets', /"private-a"; expected at most 16 subnet ids such as/],
    [
      'a subnet twice',
      { 'run-task-subnets': 'subnet-0123456789abcdef0,subnet-0123456789abcdef0' },
      'run-task-subnets',
      /comma or line separated, each once\.$/,
    ],
    [
      'a security group name',
      { 'run-task-security-groups': 'default' },
      'run-task-security-groups',
      /"default"; expected at most 5 security group ids/,
    ],
    [
      'six security groups',
      { 'run-task-security-groups': [1, 2, 3, 4, 5, 6].map((n) => `sg-0000000${String(n)}`).join(',') },
      'run-task-security-groups',
      /at most 5 security group ids/,
    ],
    [
      'assign-public-ip as true',
      { 'run-task-assign-public-ip': 'true' },
      'run-task-assign-public-ip',
      /"true"; expected `ENABLED` or `DISABLED`/,
    ],
    [
      'a lower-case launch type',
      { 'run-task-launch-type': 'fargate' },
      'run-task-launch-type',
      /"fargate"; expected one of `FARGATE`, `EC2`/,
    ],
    [
      'a weight that is not a number',
      { 'run-task-capacity-provider-strategy': 'FARGATE:heavy' },
      'run-task-capacity-provider-strategy',
      /"FARGATE:heavy"; expected at most 20 capacity providers/,
    ],
    [
      'a base too large',
      { 'run-task-capacity-provider-strategy': 'FARGATE:1:100001' },
      'run-task-capacity-provider-strategy',
      /base 0-100000/,
    ],
    ['four parts', { 'run-task-capacity-provider-strategy': 'FARGATE:1:1:1' }, 'run-task-capacity-provider-strategy', /"FARGATE:1:1:1"/],
    [
      'a provider twice',
      { 'run-task-capacity-provider-strategy': 'FARGATE:1,FARGATE:2' },
      'run-task-capacity-provider-strategy',
      /each once\.$/,
    ],
    [
      'a launch type and a capacity provider strategy',
      { 'run-task-command': 'x', 'run-task-launch-type': 'FARGATE', 'run-task-capacity-provider-strategy': 'FARGATE_SPOT' },
      'run-task-capacity-provider-strategy',
      /"FARGATE_SPOT"; expected to be empty when `run-task-launch-type` is set \(ECS takes a launch type or a capacity provider strategy, not both\)\.$/,
    ],
    ['a timeout of zero', { 'run-task-timeout-minutes': '0' }, 'run-task-timeout-minutes', /"0"; expected a whole number from 1 to 720/],
    ['a timeout in seconds', { 'run-task-timeout-minutes': '90s' }, 'run-task-timeout-minutes', /whole number from 1 to 720/],
  ])('%s', (_name, inputs, input, message) => {
    const error = errorOf({ 'run-task-command': 'npm run migrate', ...inputs });
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  test('a bad setting fails even without run-task-command, so a typo shows before the run that needs it', () => {
    expect(errorOf({ 'run-task-launch-type': 'fargate' }).input).toBe('run-task-launch-type');
  });
});

describe('readInputs warns that run-task settings have no effect without run-task-command', () => {
  const why = '`run-task-command` is empty, so no one-off task is run';
  test('each setting given is named', () => {
    const { notices } = read({ 'run-task-subnets': 'subnet-0123456789abcdef0', 'run-task-timeout-minutes': '5' });
    expect(notices).toEqual([
      { level: 'warning', input: 'run-task-subnets', message: `Input \`run-task-subnets\` has no effect in this run: ${why}.` },
      {
        level: 'warning',
        input: 'run-task-timeout-minutes',
        message: `Input \`run-task-timeout-minutes\` has no effect in this run: ${why}.`,
      },
    ]);
  });

  test('the timeout at its default is no sign the user chose it', () => {
    expect(read({ 'run-task-timeout-minutes': '15' }).notices).toEqual([]);
  });
});
