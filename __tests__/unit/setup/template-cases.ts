// Parameter combinations of the two setup templates, and what a template means for one of them: the
// resources CloudFormation would create (with the role's trust and permission policies as concrete
// documents), the outputs and the rules that fail. template-meaning.test.ts compares these with a fixture
// recorded from the generator, so a change to how the templates are written cannot change what they grant.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluator, loadTemplate } from './cfn-evaluate.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export type TemplateFile = 'setup/oidc-ecs-deploy-role.yaml' | 'setup/chain-target-role.yaml';

export interface TemplateCase {
  readonly name: string;
  readonly template: TemplateFile;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** Only the parameters named here are given; every other one keeps its default. */
  readonly parameters: Readonly<Record<string, string>>;
}

export interface ResolvedStack {
  readonly resources: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  readonly failedRules: readonly string[];
}

/** `my-app-a,…` with `count` names, for the lists of 1 and of 5 (the most a list takes). */
const names = (prefix: string, count: number): string => Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`).join(',');

/** Every capability off: the required names only, the watch (on by default) switched off. */
const DEPLOY_ONLY = {
  EcrRepository: 'my-org/my-app',
  Cluster: 'my-cluster',
  Services: 'my-app',
  TaskDefinitionFamilies: 'my-app',
  EnableDeploymentWatch: 'false',
  EnableMigrationTasks: 'false',
};

/** Every capability on, each list with `count` names. */
function everything(count: number): Record<string, string> {
  return {
    EcrRepository: 'my-org/my-app',
    Cluster: 'my-cluster',
    Services: names('my-app-', count),
    TaskDefinitionFamilies: names('my-family-', count),
    PassRoleNames: names('my-role-', count),
    LogGroups: names('/ecs/my-app-', count),
    ChainTargetRoleArns: names('arn:aws:iam::210987654321:role/my-target-', count),
    BaseImageRepositories: names('my-org/base-', count),
    SidecarImageRepositories: names('my-org/sidecar-', count),
    EnableDeploymentWatch: 'true',
    EnableMigrationTasks: 'true',
  };
}

const DEPLOY_ROLE: TemplateFile = 'setup/oidc-ecs-deploy-role.yaml';
const CHAIN_TARGET: TemplateFile = 'setup/chain-target-role.yaml';
const HERE = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const TARGET = { partition: 'aws', region: 'eu-west-1', account: '210987654321' };

export const TEMPLATE_CASES: readonly TemplateCase[] = [
  {
    name: 'deploy role, every capability off, one branch, the defaults otherwise',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: { Repository: 'my-org/my-app', Branches: 'main', ...DEPLOY_ONLY },
  },
  {
    name: 'deploy role, every capability on, every list of one, both repository forms, an existing provider, a role name, an audience',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: {
      Repository: 'my-org/my-app',
      ImmutableRepository: 'my-org@1234567/my-app@890123456',
      Branches: 'main',
      Environments: 'production',
      Tags: 'v1.2.3',
      Audience: 'my-audience',
      GitHubOidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      RoleName: 'my-app-github-deploy',
      MaxSessionDuration: '7200',
      ...everything(1),
    },
  },
  {
    name: 'deploy role, every capability on, every list of five, both repository forms, in another partition',
    template: DEPLOY_ROLE,
    partition: 'aws-cn',
    region: 'cn-north-1',
    account: '123456789012',
    parameters: {
      Repository: 'my-org/my-app',
      ImmutableRepository: 'my-org@1234567/my-app@890123456',
      Branches: names('release/v', 5),
      Environments: names('stage-', 5),
      Tags: names('v', 5),
      ...everything(5),
    },
  },
  {
    name: 'deploy role, five branches of the plain repository form only, no branch condition on the immutable one',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: { Repository: 'my-org/my-app', Branches: names('b', 5), ...DEPLOY_ONLY },
  },
  {
    name: 'deploy role, no workflow named: the rule fails',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: { Repository: 'my-org/my-app', ...DEPLOY_ONLY },
  },
  {
    name: 'deploy role, the watch on without log groups, migration tasks on, two roles to pass',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: {
      Repository: 'my-org/my-app',
      Environments: 'production',
      ...DEPLOY_ONLY,
      EnableDeploymentWatch: 'true',
      EnableMigrationTasks: 'true',
      PassRoleNames: names('my-role-', 2),
    },
  },
  {
    name: 'deploy role, log groups and every list of three without the watch or migration tasks',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: {
      Repository: 'my-org/my-app',
      Tags: names('v', 3),
      ...everything(3),
      EnableDeploymentWatch: 'false',
      EnableMigrationTasks: 'false',
    },
  },
  {
    name: 'deploy role, base images only: one repository of another account, by its ARN',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: {
      Repository: 'my-org/my-app',
      Branches: 'main',
      ...DEPLOY_ONLY,
      BaseImageRepositories: 'arn:aws:ecr:us-east-1:210987654321:repository/shared/node',
    },
  },
  {
    name: 'deploy role, base images only: ARNs of other accounts and regions mixed with names in this account',
    template: DEPLOY_ROLE,
    ...HERE,
    parameters: {
      Repository: 'my-org/my-app',
      Branches: 'main',
      ...DEPLOY_ONLY,
      BaseImageRepositories:
        'arn:aws:ecr:eu-west-1:210987654321:repository/shared/node,my-org/base,arn:aws-us-gov:ecr:us-gov-west-1:210987654321:repository/gov/base,my-org/tools',
    },
  },
  {
    name: 'chain target, base images only: a name in its own account and an ARN of the deploy role’s account',
    template: CHAIN_TARGET,
    ...TARGET,
    parameters: {
      SourceRoleArn: 'arn:aws:iam::123456789012:role/my-app-github-deploy',
      ...DEPLOY_ONLY,
      BaseImageRepositories: 'my-org/base,arn:aws:ecr:us-east-1:123456789012:repository/shared/node',
    },
  },
  {
    name: 'chain target, every capability off',
    template: CHAIN_TARGET,
    ...TARGET,
    parameters: { SourceRoleArn: 'arn:aws:iam::123456789012:role/my-app-github-deploy', ...DEPLOY_ONLY },
  },
  {
    name: 'chain target, every capability on, every list of one',
    template: CHAIN_TARGET,
    ...TARGET,
    parameters: { SourceRoleArn: 'arn:aws:iam::123456789012:role/my-app-github-deploy', RoleName: 'my-app-deploy', ...everything(1) },
  },
  {
    name: 'chain target, every capability on, every list of five',
    template: CHAIN_TARGET,
    ...TARGET,
    parameters: { SourceRoleArn: 'arn:aws:iam::123456789012:role/my-app-github-deploy', ...everything(5) },
  },
];

/** The physical ARNs the stack's resources would get, for `Ref` and `Fn::GetAtt`. */
function physicalArns(testCase: TemplateCase): Record<string, string> {
  const iam = `arn:${testCase.partition}:iam::${testCase.account}`;
  return { Role: `${iam}:role/my-stack-Role-ABC123`, GitHubOidcProvider: `${iam}:oidc-provider/token.actions.githubusercontent.com` };
}

/** What the committed template means for this case, as CloudFormation would resolve it. */
export function resolveCase(testCase: TemplateCase, templateText = readFileSync(join(ROOT, testCase.template), 'utf8')): ResolvedStack {
  const stack = new Evaluator(loadTemplate(templateText), {
    parameters: testCase.parameters,
    partition: testCase.partition,
    region: testCase.region,
    account: testCase.account,
    physicalArns: physicalArns(testCase),
  });
  return { resources: stack.resources(), outputs: stack.outputs(), failedRules: stack.failedRules() };
}
