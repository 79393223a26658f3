// The CloudFormation templates, rendered for example parameters as CloudFormation would, grant exactly the
// policy setup/permissions.ts renders for the same names, trust exactly the listed workflows, and refuse
// parameters that would widen either.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { generatedDocuments } from '../../../scripts/iam-documents.js';
import {
  CAPABILITIES,
  DOCUMENTED_CAPABILITIES,
  EXAMPLE_SCOPE,
  renderPolicy,
  type Capability,
  type DeployScope,
  type PolicyDocument,
} from '../../../setup/permissions.js';
import { Evaluator, loadTemplate } from './cfn-evaluate.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const DEPLOY_TEMPLATE = 'setup/oidc-ecs-deploy-role.yaml';
const CHAIN_TEMPLATE = 'setup/chain-target-role.yaml';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/my-app-github-deploy';
const CREATED_PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

/** The template parameters that name a scope; the stack's own account and region come from the stack. */
function scopeParameters(scope: DeployScope, capabilities: readonly Capability[]): Record<string, string> {
  return {
    EcrRepository: scope.repository,
    Cluster: scope.cluster,
    Services: scope.services.join(','),
    TaskDefinitionFamilies: scope.families.join(','),
    PassRoleNames: scope.passRoles.join(','),
    LogGroups: scope.logGroups.join(','),
    ChainTargetRoleArns: capabilities.includes('roleChain') ? scope.chainTargets.join(',') : '',
    BaseImageRepositories: capabilities.includes('baseImagesFromEcr') ? scope.baseImageRepositories.join(',') : '',
    SidecarImageRepositories: capabilities.includes('sidecarImagesFromEcr') ? scope.sidecarImageRepositories.join(',') : '',
    CodeDeployDeploymentGroups: capabilities.includes('codeDeploy') ? scope.codeDeployGroups.join(',') : '',
    CacheRepositories: capabilities.includes('buildCacheInEcr') ? scope.cacheRepositories.join(',') : '',
    EnableDeploymentWatch: String(capabilities.includes('watch')),
    EnableMigrationTasks: String(capabilities.includes('migrationTasks')),
    EnablePruneRevisions: String(capabilities.includes('pruneRevisions')),
  };
}

const TRUST_PARAMETERS = { Repository: 'my-org/my-app', Branches: 'main' };

function deployStack(parameters: Record<string, string>, scope: DeployScope = EXAMPLE_SCOPE): Evaluator {
  return new Evaluator(loadTemplate(read(DEPLOY_TEMPLATE)), {
    parameters,
    partition: scope.partition,
    region: scope.region,
    account: scope.account,
    physicalArns: { Role: ROLE_ARN, GitHubOidcProvider: CREATED_PROVIDER_ARN },
  });
}

interface RoleProperties {
  readonly AssumeRolePolicyDocument: {
    Statement: { Principal: unknown; Action: unknown; Condition: Record<string, Record<string, unknown>> }[];
  };
  readonly Policies: { PolicyDocument: PolicyDocument }[];
  readonly MaxSessionDuration: unknown;
}

const roleOf = (stack: Evaluator): RoleProperties => stack.resources().Role?.Properties as unknown as RoleProperties;

function policyOf(stack: Evaluator): PolicyDocument {
  const [policy, ...others] = roleOf(stack).Policies;
  if (policy === undefined || others.length > 0) throw new Error('expected the role to have exactly one inline policy');
  return policy.PolicyDocument;
}

/** One value and a list of one say the same to IAM. */
function normalized(policy: PolicyDocument): unknown {
  const asList = (value: unknown): unknown => (typeof value === 'string' ? [value] : value);
  return policy.Statement.map((statement) => ({
    ...statement,
    Action: asList(statement.Action),
    Resource: asList(statement.Resource),
    ...(statement.Condition === undefined
      ? {}
      : {
          Condition: Object.fromEntries(
            Object.entries(statement.Condition).map(([operator, keys]) => [
              operator,
              Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, asList(value)])),
            ]),
          ),
        }),
  }));
}

const TWO_SERVICES: DeployScope = {
  ...EXAMPLE_SCOPE,
  partition: 'aws-cn',
  region: 'cn-north-1',
  services: ['my-app', 'my-app-worker'],
  families: ['my-app', 'my-app-worker'],
  logGroups: ['/ecs/my-app', '/ecs/my-app-worker'],
  chainTargets: ['arn:aws-cn:iam::210987654321:role/my-app-deploy'],
  baseImageRepositories: ['my-org/base', 'my-org/cache'],
  sidecarImageRepositories: ['my-org/envoy'],
  codeDeployGroups: ['AppECS-my-cluster-my-app/DgpECS-my-cluster-my-app'],
  cacheRepositories: ['my-org/my-app-cache'],
};

describe('the deploy role template', () => {
  test.each<[string, DeployScope, readonly Capability[]]>([
    ['the README’s example', EXAMPLE_SCOPE, DOCUMENTED_CAPABILITIES],
    ['two services and families in another partition, every capability', TWO_SERVICES, CAPABILITIES],
    ['no watch, no roles to pass, no log groups', { ...EXAMPLE_SCOPE, passRoles: [], logGroups: [] }, ['deploy']],
    ['five services, the most it takes', { ...EXAMPLE_SCOPE, services: ['a', 'b', 'c', 'd', 'e'] }, ['deploy', 'watch']],
  ])('grants for %s exactly the policy setup/permissions.ts renders', (_name, scope, capabilities) => {
    const stack = deployStack({ ...TRUST_PARAMETERS, ...scopeParameters(scope, capabilities) }, scope);
    expect(normalized(policyOf(stack))).toEqual(normalized(renderPolicy(scope, capabilities)));
  });

  test('for the README’s example grants what docs/iam-policy.json grants', () => {
    const stack = deployStack({ ...TRUST_PARAMETERS, ...scopeParameters(EXAMPLE_SCOPE, DOCUMENTED_CAPABILITIES) });
    expect(normalized(policyOf(stack))).toEqual(normalized(JSON.parse(read('docs/iam-policy.json')) as PolicyDocument));
  });

  test('trusts exactly the listed branches, environments and tags of both repository forms, with the audience', () => {
    const stack = deployStack({
      Repository: 'my-org/my-app',
      ImmutableRepository: 'my-org@1234567/my-app@890123456',
      Branches: 'main,release/v2',
      Environments: 'production',
      Tags: 'v1.2.3',
      ...scopeParameters(EXAMPLE_SCOPE, ['deploy']),
    });
    const [statement, ...others] = roleOf(stack).AssumeRolePolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement?.Principal).toEqual({ Federated: CREATED_PROVIDER_ARN });
    expect(statement?.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': [
          'repo:my-org/my-app:ref:refs/heads/main',
          'repo:my-org/my-app:ref:refs/heads/release/v2',
          'repo:my-org/my-app:environment:production',
          'repo:my-org/my-app:ref:refs/tags/v1.2.3',
          'repo:my-org@1234567/my-app@890123456:ref:refs/heads/main',
          'repo:my-org@1234567/my-app@890123456:ref:refs/heads/release/v2',
          'repo:my-org@1234567/my-app@890123456:environment:production',
          'repo:my-org@1234567/my-app@890123456:ref:refs/tags/v1.2.3',
        ],
      },
    });
  });

  test('creates the OIDC provider with the audience, or reuses the one given by ARN without creating one', () => {
    const created = deployStack({ ...TRUST_PARAMETERS, Audience: 'my-audience', ...scopeParameters(EXAMPLE_SCOPE, ['deploy']) });
    expect(created.resources().GitHubOidcProvider?.Properties).toEqual({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['my-audience'],
    });
    const existing = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const reused = deployStack({ ...TRUST_PARAMETERS, GitHubOidcProviderArn: existing, ...scopeParameters(EXAMPLE_SCOPE, ['deploy']) });
    expect(Object.keys(reused.resources())).toEqual(['Role']);
    expect(roleOf(reused).AssumeRolePolicyDocument.Statement[0]?.Principal).toEqual({ Federated: existing });
  });

  test('outputs the role ARN and the with: block of the deploy step', () => {
    const stack = deployStack({
      ...TRUST_PARAMETERS,
      ...scopeParameters({ ...EXAMPLE_SCOPE, services: ['my-app', 'my-app-worker'] }, ['deploy']),
    });
    expect(stack.outputs()).toEqual({
      RoleArn: ROLE_ARN,
      WorkflowWith: [
        'with:',
        '  aws-region: us-east-1',
        `  role-to-assume: ${ROLE_ARN}`,
        '  repository: my-org/my-app',
        '  cluster: my-cluster',
        '  service: |',
        '    my-app',
        '    my-app-worker',
        '',
      ].join('\n'),
    });
  });

  test('refuses a stack that names no branch, environment or tag', () => {
    const stack = deployStack({ Repository: 'my-org/my-app', ...scopeParameters(EXAMPLE_SCOPE, ['deploy']) });
    expect(stack.failedRules()).toEqual(['Name at least one of Branches, Environments or Tags: they are who may deploy.']);
  });

  test.each([
    ['a wildcard branch', { Branches: 'feature/*' }, /Branches/],
    ['a wildcard repository', { Repository: 'my-org/*' }, /Repository/],
    ['a sixth service, which would otherwise be dropped', { Services: 'a,b,c,d,e,f' }, /Services/],
    ['an empty name in a list', { TaskDefinitionFamilies: 'my-app,' }, /TaskDefinitionFamilies/],
    ['a role ARN where a role name belongs', { PassRoleNames: 'arn:aws:iam::123456789012:role/x' }, /PassRoleNames/],
    ['a role name with a wildcard', { RoleName: 'my-app-*' }, /RoleName/],
    ['a session longer than IAM allows', { MaxSessionDuration: '86400' }, /MaxSessionDuration/],
    ['a base image ARN of another service', { BaseImageRepositories: 'arn:aws:s3:::my-bucket' }, /BaseImageRepositories/],
    [
      'a base image ARN with a wildcard repository',
      { BaseImageRepositories: 'arn:aws:ecr:us-east-1:210987654321:repository/*' },
      /BaseImageRepositories/,
    ],
    [
      'a base image ARN without its account',
      { BaseImageRepositories: 'arn:aws:ecr:us-east-1::repository/shared/node' },
      /BaseImageRepositories/,
    ],
    ['a base image name with a colon', { BaseImageRepositories: 'shared:node' }, /BaseImageRepositories/],
  ])('refuses %s before anything is created', (_name, override, message) => {
    expect(() => deployStack({ ...TRUST_PARAMETERS, ...scopeParameters(EXAMPLE_SCOPE, ['deploy']), ...override })).toThrow(message);
  });

  test('stays under the 51,200 bytes `aws cloudformation deploy` takes without an S3 bucket', () => {
    expect(Buffer.byteLength(read(DEPLOY_TEMPLATE))).toBeLessThan(51_200);
    expect(Buffer.byteLength(read(CHAIN_TEMPLATE))).toBeLessThan(51_200);
  });
});

describe('the chain target template', () => {
  const stack = new Evaluator(loadTemplate(read(CHAIN_TEMPLATE)), {
    parameters: { SourceRoleArn: ROLE_ARN, ...scopeParameters(TWO_SERVICES, ['deploy', 'watch']) },
    partition: 'aws-cn',
    region: 'cn-north-1',
    account: '210987654321',
    physicalArns: { Role: 'arn:aws-cn:iam::210987654321:role/my-app-deploy' },
  });

  test('trusts only the role before it, to assume it and tag the session', () => {
    expect(roleOf(stack).AssumeRolePolicyDocument.Statement).toEqual([
      { Sid: 'RoleBeforeInTheChain', Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    ]);
  });

  test('grants the policy setup/permissions.ts renders for its own account', () => {
    const scope = { ...TWO_SERVICES, account: '210987654321' };
    expect(normalized(policyOf(stack))).toEqual(normalized(renderPolicy(scope, ['deploy', 'watch'])));
  });
});

test('the committed templates and docs/iam-policy.json are what npm run docs generates', async () => {
  for (const [path, expected] of await generatedDocuments()) expect({ path, text: read(path) }).toEqual({ path, text: expected });
});

/** The `Name=value` pairs of the README's `aws cloudformation deploy` command for this template file. */
function readmeOverrides(templateFile: string): Record<string, string> {
  const command = read('README.md')
    .split('```sh\n')
    .map((block) => block.slice(0, block.indexOf('```')).replace(/\\\n/g, ' '))
    .flatMap((block) => block.split('\n'))
    .find((line) => line.includes(`--template-file ${templateFile}`));
  if (command === undefined) throw new Error(`README.md has no aws cloudformation deploy command for ${templateFile}`);
  const overrides = command
    .slice(command.indexOf('--parameter-overrides') + '--parameter-overrides'.length)
    .trim()
    .split(/\s+/);
  return Object.fromEntries(overrides.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

describe('the README’s commands', () => {
  test('deploy the role with the policy of docs/iam-policy.json less the chain, trusting main of my-org/my-app', () => {
    const stack = deployStack(readmeOverrides('oidc-ecs-deploy-role.yaml'));
    expect(stack.failedRules()).toEqual([]);
    expect(normalized(policyOf(stack))).toEqual(normalized(renderPolicy(EXAMPLE_SCOPE, ['deploy', 'watch'])));
    expect(
      roleOf(stack).AssumeRolePolicyDocument.Statement[0]?.Condition.StringEquals?.['token.actions.githubusercontent.com:sub'],
    ).toEqual(['repo:my-org/my-app:ref:refs/heads/main']);
  });

  test('deploy the chain target role for both services of the role-chain example', () => {
    const stack = new Evaluator(loadTemplate(read(CHAIN_TEMPLATE)), {
      parameters: readmeOverrides('chain-target-role.yaml'),
      partition: 'aws',
      region: 'us-east-1',
      account: '210987654321',
      physicalArns: { Role: 'arn:aws:iam::210987654321:role/my-app-deploy' },
    });
    const scope: DeployScope = {
      ...EXAMPLE_SCOPE,
      account: '210987654321',
      services: ['my-app-web', 'my-app-worker'],
      families: ['my-app-web', 'my-app-worker'],
      passRoles: [],
      logGroups: [],
    };
    expect(normalized(policyOf(stack))).toEqual(normalized(renderPolicy(scope, ['deploy', 'watch'])));
  });
});
