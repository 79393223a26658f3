// Least privilege, decided by a real IAM policy evaluator (@cloud-copilot/iam-simulate, AGPL: a test-only
// devDependency that never reaches dist/) rather than by reading the policy: the calls a deploy makes are
// allowed, each statement is needed by one of them, the calls a deploy must never make are denied, and the
// template's trust policy admits exactly the listed workflows. The calls here are written by hand, so they
// also cover what the end-to-end runs do not (another account's resources, escalations); the proof from the
// requests real runs made is in __tests__/e2e/least-privilege.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createValidatedPolicy, lintResourcePolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { DOCUMENTED_CAPABILITIES, EXAMPLE_SCOPE, renderPolicy, type PolicyDocument } from '../../../setup/permissions.js';
import { Evaluator, loadTemplate } from './cfn-evaluate.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ACCOUNT = '123456789012';
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/my-app-github-deploy/GitHubActions`;
const ECS = `arn:aws:ecs:us-east-1:${ACCOUNT}`;
const REPOSITORY = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/my-org/my-app`;
const CLUSTER = { 'ecs:cluster': `${ECS}:cluster/my-cluster` };

interface Call {
  readonly action: string;
  readonly resource: string;
  /** The condition keys AWS sets on this call. */
  readonly context?: Readonly<Record<string, string | string[]>>;
}

async function decision(policy: PolicyDocument, call: Call): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: SESSION,
        action: call.action,
        resource: { resource: call.resource, accountId: ACCOUNT },
        contextVariables: call.context ?? {},
      },
      identityPolicies: [{ name: 'deploy', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(`${call.action} on ${call.resource}: ${JSON.stringify(result).slice(0, 400)}`);
  return result.overallResult;
}

/** Every call a deploy with the documented capabilities makes, with the resource and keys AWS evaluates. */
const DEPLOY_CALLS: readonly Call[] = [
  { action: 'ecr:GetAuthorizationToken', resource: '*' },
  { action: 'ecr:DescribeRepositories', resource: REPOSITORY },
  { action: 'ecr:DescribeImages', resource: REPOSITORY },
  ...['BatchCheckLayerAvailability', 'InitiateLayerUpload', 'UploadLayerPart', 'CompleteLayerUpload', 'PutImage', 'BatchGetImage'].map(
    (operation) => ({ action: `ecr:${operation}`, resource: REPOSITORY }),
  ),
  { action: 'ecs:DescribeTaskDefinition', resource: '*' },
  {
    action: 'ecs:RegisterTaskDefinition',
    resource: `${ECS}:task-definition/my-app:8`,
    context: { 'aws:RequestTag/team': 'payments', 'aws:TagKeys': ['team'] },
  },
  {
    action: 'ecs:TagResource',
    resource: `${ECS}:task-definition/my-app:8`,
    context: { 'ecs:CreateAction': 'RegisterTaskDefinition', 'aws:RequestTag/team': 'payments', 'aws:TagKeys': ['team'] },
  },
  ...['my-app-task', 'my-app-execution'].map((role) => ({
    action: 'iam:PassRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/${role}`,
    context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
  })),
  { action: 'ecs:DescribeServices', resource: `${ECS}:service/my-cluster/my-app`, context: CLUSTER },
  {
    action: 'ecs:UpdateService',
    resource: `${ECS}:service/my-cluster/my-app`,
    context: { ...CLUSTER, 'ecs:task-definition': `${ECS}:task-definition/my-app:8` },
  },
  { action: 'sts:AssumeRole', resource: 'arn:aws:iam::210987654321:role/my-app-deploy' },
  {
    action: 'sts:TagSession',
    resource: 'arn:aws:iam::210987654321:role/my-app-deploy',
    context: { 'aws:RequestTag/Repository': 'my-org/my-app', 'aws:TagKeys': ['Repository'] },
  },
  { action: 'ecs:ListServiceDeployments', resource: `${ECS}:service/my-cluster/my-app`, context: CLUSTER },
  { action: 'ecs:DescribeServiceDeployments', resource: `${ECS}:service-deployment/my-cluster/my-app/r4nd0m1d`, context: CLUSTER },
  { action: 'ecs:StopServiceDeployment', resource: `${ECS}:service-deployment/my-cluster/my-app/r4nd0m1d`, context: CLUSTER },
  { action: 'ecs:DescribeServiceRevisions', resource: `${ECS}:service-revision/my-cluster/my-app/4980306466373577095`, context: CLUSTER },
  { action: 'ecs:ListTasks', resource: `${ECS}:container-instance/my-cluster/0123456789abcdef0123456789abcdef`, context: CLUSTER },
  { action: 'ecs:DescribeTasks', resource: `${ECS}:task/my-cluster/0123456789abcdef0123456789abcdef`, context: CLUSTER },
  { action: 'logs:GetLogEvents', resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/my-app:log-stream:ecs/app/0123456789abcdef` },
  // The one-off task before the deploy (run-task-command).
  { action: 'ecs:RunTask', resource: `${ECS}:task-definition/my-app:8`, context: CLUSTER },
  { action: 'ecs:StopTask', resource: `${ECS}:task/my-cluster/0123456789abcdef0123456789abcdef`, context: CLUSTER },
];

const POLICY = renderPolicy(EXAMPLE_SCOPE, DOCUMENTED_CAPABILITIES);

describe('the documented policy, evaluated', () => {
  test.each(DEPLOY_CALLS.map((call) => [call.action, call.resource, call] as const))(
    'allows %s on %s',
    async (_action, _resource, call) => {
      expect(await decision(POLICY, call)).toBe('Allowed');
    },
  );

  test.each(POLICY.Statement.map((statement) => [statement.Sid]))('needs %s: some call of a deploy is denied without it', async (sid) => {
    const without: PolicyDocument = { ...POLICY, Statement: POLICY.Statement.filter((statement) => statement.Sid !== sid) };
    const decisions = await Promise.all(DEPLOY_CALLS.map((call) => decision(without, call)));
    expect(decisions).toContain('ImplicitlyDenied');
  });

  test.each<[string, Call]>([
    [
      'another cluster’s service',
      {
        action: 'ecs:UpdateService',
        resource: `${ECS}:service/other-cluster/my-app`,
        context: { 'ecs:task-definition': `${ECS}:task-definition/my-app:8` },
      },
    ],
    [
      'UpdateService to another family’s revision',
      {
        action: 'ecs:UpdateService',
        resource: `${ECS}:service/my-cluster/my-app`,
        context: { ...CLUSTER, 'ecs:task-definition': `${ECS}:task-definition/admin-tools:3` },
      },
    ],
    [
      'UpdateService to a family whose name merely starts the same',
      {
        action: 'ecs:UpdateService',
        resource: `${ECS}:service/my-cluster/my-app`,
        context: { ...CLUSTER, 'ecs:task-definition': `${ECS}:task-definition/my-app-old:3` },
      },
    ],
    [
      'RegisterTaskDefinition in another family',
      { action: 'ecs:RegisterTaskDefinition', resource: `${ECS}:task-definition/admin-tools:1` },
    ],
    [
      'tags on a task definition outside the family',
      {
        action: 'ecs:TagResource',
        resource: `${ECS}:task-definition/admin-tools:1`,
        context: { 'ecs:CreateAction': 'RegisterTaskDefinition' },
      },
    ],
    ['tags on an existing revision, outside registration', { action: 'ecs:TagResource', resource: `${ECS}:task-definition/my-app:7` }],
    ['another repository’s push', { action: 'ecr:PutImage', resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/my-org/other` }],
    ['a layer download, which no push makes', { action: 'ecr:GetDownloadUrlForLayer', resource: REPOSITORY }],
    [
      'iam:PassRole of another role',
      {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/admin`,
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    ],
    [
      'iam:PassRole to another service',
      {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/my-app-task`,
        context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
      },
    ],
    ['ecs:DeleteService', { action: 'ecs:DeleteService', resource: `${ECS}:service/my-cluster/my-app`, context: CLUSTER }],
    ['ecr:DeleteRepository', { action: 'ecr:DeleteRepository', resource: REPOSITORY }],
    [
      'tasks of another cluster',
      {
        action: 'ecs:DescribeTasks',
        resource: `${ECS}:task/other-cluster/0123456789abcdef0123456789abcdef`,
        context: { 'ecs:cluster': `${ECS}:cluster/other-cluster` },
      },
    ],
    [
      'another log group',
      { action: 'logs:GetLogEvents', resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/billing:log-stream:ecs/app/1` },
    ],
    ['assuming another role', { action: 'sts:AssumeRole', resource: 'arn:aws:iam::210987654321:role/admin' }],
    ['RunTask of another family', { action: 'ecs:RunTask', resource: `${ECS}:task-definition/admin-tools:3`, context: CLUSTER }],
    [
      'RunTask in another cluster',
      { action: 'ecs:RunTask', resource: `${ECS}:task-definition/my-app:8`, context: { 'ecs:cluster': `${ECS}:cluster/other-cluster` } },
    ],
    [
      'StopTask of another cluster’s task',
      {
        action: 'ecs:StopTask',
        resource: `${ECS}:task/other-cluster/0123456789abcdef0123456789abcdef`,
        context: { 'ecs:cluster': `${ECS}:cluster/other-cluster` },
      },
    ],
  ])('denies %s', async (_name, call) => {
    expect(await decision(POLICY, call)).toBe('ImplicitlyDenied');
  });
});

describe('the template’s trust policy, evaluated', () => {
  const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const stack = new Evaluator(loadTemplate(readFileSync(join(ROOT, 'setup', 'oidc-ecs-deploy-role.yaml'), 'utf8')), {
    parameters: {
      Repository: 'my-org/my-app',
      Branches: 'main',
      Environments: 'production',
      EcrRepository: 'my-org/my-app',
      Cluster: 'my-cluster',
      Services: 'my-app',
      TaskDefinitionFamilies: 'my-app',
    },
    partition: 'aws',
    region: 'us-east-1',
    account: ACCOUNT,
    physicalArns: { Role: `arn:aws:iam::${ACCOUNT}:role/my-app-github-deploy`, GitHubOidcProvider: PROVIDER },
  });
  const trust = (stack.resources().Role?.Properties as { AssumeRolePolicyDocument: PolicyDocument }).AssumeRolePolicyDocument;

  test('is a valid trust policy', () => {
    expect(lintResourcePolicy(trust)).toEqual([]);
  });

  // The validating entry point drops condition keys its data does not list, GitHub's :sub and :aud among
  // them; the lower-level one evaluates the trust policy as written.
  const assume = (sub: string, aud = 'sts.amazonaws.com'): string =>
    runUnsafeSimulation(
      {
        request: {
          principal: PROVIDER,
          action: 'sts:AssumeRoleWithWebIdentity',
          resource: { resource: `arn:aws:iam::${ACCOUNT}:role/my-app-github-deploy`, accountId: ACCOUNT },
          contextVariables: { 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': aud },
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: createValidatedPolicy(trust, lintResourcePolicy, { name: 'trust' }),
      },
      {},
    );

  test.each([
    ['the listed branch', 'repo:my-org/my-app:ref:refs/heads/main', 'sts.amazonaws.com', 'Allowed'],
    ['the listed environment', 'repo:my-org/my-app:environment:production', 'sts.amazonaws.com', 'Allowed'],
    ['another branch', 'repo:my-org/my-app:ref:refs/heads/feature', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['a pull request', 'repo:my-org/my-app:pull_request', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['a fork', 'repo:someone/my-app:ref:refs/heads/main', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['a repository whose name starts the same', 'repo:my-org/my-app-old:ref:refs/heads/main', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['another environment', 'repo:my-org/my-app:environment:staging', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['a wrong audience', 'repo:my-org/my-app:ref:refs/heads/main', 'https://github.com/my-org', 'ImplicitlyDenied'],
  ])('%s: %s with audience %s is %s', (_name, sub, aud, expected) => {
    expect(assume(sub, aud)).toBe(expected);
  });
});

describe('the AGPL evaluator stays out of the action', () => {
  const filesUnder = (directory: string): string[] =>
    readdirSync(join(ROOT, directory), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));

  test('no source under src/ imports it', () => {
    const importing = filesUnder('src').filter((file) => readFileSync(file, 'utf8').includes('@cloud-copilot/'));
    expect(importing).toEqual([]);
  });

  test('dist/ holds none of it and no AGPL licence', () => {
    const holding = filesUnder('dist').filter((file) => /@cloud-copilot|iam-simulate|GNU AFFERO/.test(readFileSync(file, 'utf8')));
    expect(holding).toEqual([]);
  });

  test('it is a devDependency only', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: object; devDependencies: object };
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@cloud-copilot/'))).toEqual([]);
    expect(Object.keys(manifest.devDependencies)).toEqual(
      expect.arrayContaining(['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-policy']),
    );
  });
});
