// The two CloudFormation templates, built from setup/permissions.ts and setup/trust.ts so they cannot
// drift from docs/iam-policy.json: the policy is rendered with symbolic names (`${AWS::Partition}`,
// `${Services1}`, …) and each name becomes a template expression. `npm run docs` writes them as YAML
// (scripts/iam-documents.ts); a unit test evaluates them for example parameters. Pure.
import { CAPABILITIES, STATEMENTS, renderPolicy, type Capability, type DeployScope } from './permissions.js';
import { GITHUB_ISSUER_HOST, trustedSubjects } from './trust.js';
import { listPattern, NO_VALUE, ref, slots, SlotResolver, type CfnValue, type ListParameter, MAX_LIST_ITEMS } from './cfn-lists.js';

type Template = Record<string, CfnValue>;

const ECS_NAME = '[A-Za-z0-9_-]{1,255}';
const ECR_REPOSITORY = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
/** A repository of any account and region, as `registries` logs in to it: the partition, region and account as given. */
const ECR_REPOSITORY_ARN = `arn:aws[a-z-]*:ecr:[a-z]{2}(?:-[a-z]+)+-[0-9]+:[0-9]{12}:repository/${ECR_REPOSITORY}`;
const ROLE_NAME = '[A-Za-z0-9+=.@_/-]{1,512}';
const ROLE_ARN = 'arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=.@_/-]{1,512}';
const LOG_GROUP = '[A-Za-z0-9._/#-]{1,512}';
const CODEDEPLOY_GROUP = '[A-Za-z0-9._+=@-]{1,100}/[A-Za-z0-9._+=@-]{1,100}';
/** Git ref and environment names without the comma that separates them or a wildcard a reader could misread. */
const GITHUB_NAME = '[^,*?]{1,255}';

const DEPLOY_LISTS: readonly (ListParameter & { readonly item: string; readonly description: string })[] = [
  { name: 'Services', required: true, item: ECS_NAME, description: 'ECS services the role deploys, e.g. my-app,my-app-worker' },
  {
    name: 'TaskDefinitionFamilies',
    required: true,
    item: ECS_NAME,
    description: 'Task definition families of those services (and of any revision a rollback returns to)',
  },
  {
    name: 'PassRoleNames',
    required: false,
    item: ROLE_NAME,
    description: 'Task and execution role names the task definitions name, e.g. my-app-task,my-app-execution',
  },
  { name: 'LogGroups', required: false, item: LOG_GROUP, description: 'awslogs log groups the watch reads failed containers from' },
  {
    name: 'ChainTargetRoleArns',
    required: false,
    item: ROLE_ARN,
    description: 'Only with role-chain: ARN of the next role of the chain (empty otherwise)',
  },
  {
    name: 'BaseImageRepositories',
    required: false,
    itemMayBeArn: true,
    item: `(?:${ECR_REPOSITORY}|${ECR_REPOSITORY_ARN})`,
    description:
      'Only when the build pulls FROM or cache images from ECR: those repositories, each a name in this account and region or the ARN of one in another (its repository policy must allow the pull too)',
  },
  {
    name: 'SidecarImageRepositories',
    required: false,
    item: ECR_REPOSITORY,
    description:
      'Only when `images` names ECR images of other repositories than EcrRepository: those repositories in this account and region',
  },
  {
    name: 'CodeDeployDeploymentGroups',
    required: false,
    item: CODEDEPLOY_GROUP,
    description:
      'Only for services with the CODE_DEPLOY controller: their CodeDeploy APPLICATION/GROUP, e.g. AppECS-my-cluster-my-app/DgpECS-my-cluster-my-app',
  },
  {
    name: 'CacheRepositories',
    required: false,
    item: ECR_REPOSITORY,
    description: 'Only with cache-repository: the layer cache repository in this account and region',
  },
];

const SYMBOLIC_SCOPE: DeployScope = {
  partition: '${AWS::Partition}',
  account: '${AWS::AccountId}',
  region: '${AWS::Region}',
  repository: '${EcrRepository}',
  cluster: '${Cluster}',
  services: slots('Services'),
  families: slots('TaskDefinitionFamilies'),
  passRoles: slots('PassRoleNames'),
  logGroups: slots('LogGroups'),
  chainTargets: slots('ChainTargetRoleArns'),
  baseImageRepositories: slots('BaseImageRepositories'),
  sidecarImageRepositories: slots('SidecarImageRepositories'),
  codeDeployGroups: slots('CodeDeployDeploymentGroups'),
  cacheRepositories: slots('CacheRepositories'),
};

const WATCH_ENABLED = 'WatchEnabled';
const MIGRATION_TASKS_ENABLED = 'MigrationTasksEnabled';
const PRUNE_REVISIONS_ENABLED = 'PruneRevisionsEnabled';

function listParameters(): Template {
  return Object.fromEntries(
    DEPLOY_LISTS.map((list) => [
      list.name,
      {
        Type: 'String',
        Description: `${list.description}. Comma-separated, at most ${MAX_LIST_ITEMS}.`,
        ...(list.required ? {} : { Default: '' }),
        AllowedPattern: listPattern(list.item, list.required),
        ConstraintDescription: `must be ${list.required ? '' : 'empty or '}a comma-separated list of at most ${MAX_LIST_ITEMS} ${list.itemMayBeArn === true ? 'names or ARNs' : 'names'} matching ${list.item}`,
      },
    ]),
  );
}

function deployParameters(): Template {
  return {
    EcrRepository: {
      Type: 'String',
      Description: 'ECR repository the image is pushed to (the action’s `repository`), e.g. my-org/my-app',
      AllowedPattern: `^${ECR_REPOSITORY}$`,
      ConstraintDescription: 'must be an ECR repository name such as my-org/my-app',
    },
    Cluster: { Type: 'String', Description: 'ECS cluster of the services', AllowedPattern: `^${ECS_NAME}$` },
    ...listParameters(),
    EnableDeploymentWatch: {
      Type: 'String',
      Description:
        'Grant the deployment watch (stopped tasks, logs, own rollback); without it the watch decides from DescribeServices alone',
      AllowedValues: ['true', 'false'],
      Default: 'true',
    },
    EnableMigrationTasks: {
      Type: 'String',
      Description:
        'Grant one-off tasks of the new revision before the services are updated (run-task-command): ecs:RunTask on the families in the cluster, DescribeTasks and StopTask on its tasks',
      AllowedValues: ['true', 'false'],
      Default: 'false',
    },
    EnablePruneRevisions: {
      Type: 'String',
      Description:
        'Grant keep-revisions: ecs:DeregisterTaskDefinition on the families, ListTaskDefinitions, and ListServices / DescribeServices in the cluster',
      AllowedValues: ['true', 'false'],
      Default: 'false',
    },
    RoleName: {
      Type: 'String',
      Description: 'Name of the role (empty: CloudFormation names it)',
      Default: '',
      AllowedPattern: '^([A-Za-z0-9+=,.@_-]{1,64})?$',
    },
    MaxSessionDuration: { Type: 'Number', Description: 'Longest session in seconds', Default: 3600, MinValue: 3600, MaxValue: 43200 },
  };
}

const CAPABILITY_OF_SID = new Map<string, Capability>(STATEMENTS.map((spec) => [spec.sid, spec.capability]));

/** The permission policy with template expressions: optional statements and names drop out when not given. */
function permissionPolicy(resolver: SlotResolver, capabilities: readonly Capability[]): CfnValue {
  const optionalLists = DEPLOY_LISTS.filter((list) => !list.required).map((list) => list.name);
  const statements = renderPolicy(SYMBOLIC_SCOPE, capabilities).Statement.map((statement): CfnValue => {
    const resources = typeof statement.Resource === 'string' ? [statement.Resource] : statement.Resource;
    const needs = optionalLists
      .filter((list) => resources.some((resource) => resource.includes(`\${${list}1}`)))
      .map((list) => resolver.slotCondition(list, 1) ?? '');
    if (CAPABILITY_OF_SID.get(statement.Sid) === 'watch') needs.push(WATCH_ENABLED);
    if (CAPABILITY_OF_SID.get(statement.Sid) === 'migrationTasks') needs.push(MIGRATION_TASKS_ENABLED);
    if (CAPABILITY_OF_SID.get(statement.Sid) === 'pruneRevisions') needs.push(PRUNE_REVISIONS_ENABLED);
    const assumed = new Set(needs);
    const condition =
      statement.Condition === undefined
        ? {}
        : {
            Condition: Object.fromEntries(
              Object.entries(statement.Condition).map(([operator, keys]) => [
                operator,
                Object.fromEntries(
                  Object.entries(keys).map(([key, value]) => [
                    key,
                    typeof value === 'string' ? resolver.resolve(value, assumed) : resolver.resolveAll(value, assumed),
                  ]),
                ),
              ]),
            ),
          };
    const body: CfnValue = { ...statement, Resource: resolver.resolveAll(resources, assumed), ...condition };
    const guard = resolver.all(needs);
    return guard === undefined ? body : { 'Fn::If': [guard, body, NO_VALUE] };
  });
  return { Version: '2012-10-17', Statement: statements };
}

function role(trust: CfnValue, policy: CfnValue): CfnValue {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: { 'Fn::If': ['HasRoleName', ref('RoleName'), NO_VALUE] },
      Description: 'Deploys to Amazon ECS with oidc-ecs-deploy',
      MaxSessionDuration: ref('MaxSessionDuration'),
      AssumeRolePolicyDocument: trust,
      Policies: [{ PolicyName: 'oidc-ecs-deploy', PolicyDocument: policy }],
    },
  };
}

const commonConditions = (): Template => ({
  HasRoleName: { 'Fn::Not': [{ 'Fn::Equals': [ref('RoleName'), ''] }] },
  [WATCH_ENABLED]: { 'Fn::Equals': [ref('EnableDeploymentWatch'), 'true'] },
  [MIGRATION_TASKS_ENABLED]: { 'Fn::Equals': [ref('EnableMigrationTasks'), 'true'] },
  [PRUNE_REVISIONS_ENABLED]: { 'Fn::Equals': [ref('EnablePruneRevisions'), 'true'] },
});

const deployResolver = (): SlotResolver => new SlotResolver(DEPLOY_LISTS, []);

/** setup/oidc-ecs-deploy-role.yaml: the GitHub OIDC provider (or an existing one) and the deploy role. */
export function deployRoleTemplate(): Template {
  const resolver = new SlotResolver(
    [...DEPLOY_LISTS, { name: 'Branches', required: false }, { name: 'Environments', required: false }, { name: 'Tags', required: false }],
    [{ name: 'ImmutableRepository', condition: 'HasImmutableRepository' }],
  );
  const subjects = trustedSubjects({
    repositories: ['${Repository}', '${ImmutableRepository}'],
    branches: slots('Branches'),
    environments: slots('Environments'),
    tags: slots('Tags'),
  });
  const trust: CfnValue = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubWorkflowsAllowedToDeploy',
        Effect: 'Allow',
        Principal: { Federated: { 'Fn::If': ['CreateProvider', ref('GitHubOidcProvider'), ref('GitHubOidcProviderArn')] } },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${GITHUB_ISSUER_HOST}:aud`]: ref('Audience'),
            [`${GITHUB_ISSUER_HOST}:sub`]: subjects.map((subject) => resolver.resolve(subject)),
          },
        },
      },
    ],
  };
  const policy = permissionPolicy(resolver, CAPABILITIES);
  const githubList = (what: string): CfnValue => ({
    Type: 'String',
    Description: `${what}. Comma-separated, at most ${MAX_LIST_ITEMS}; matched exactly, never as a pattern.`,
    Default: '',
    AllowedPattern: listPattern(GITHUB_NAME, false),
    ConstraintDescription: `must be empty or at most ${MAX_LIST_ITEMS} comma-separated names without * or ?`,
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'oidc-ecs-deploy: a role that GitHub Actions workflows of one repository assume with OIDC to deploy to ECS, scoped to its names',
    Parameters: {
      Repository: {
        Type: 'String',
        Description: 'GitHub repository allowed to deploy, owner/name, e.g. my-org/my-app',
        AllowedPattern: '^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$',
        ConstraintDescription: 'must be owner/name such as my-org/my-app',
      },
      ImmutableRepository: {
        Type: 'String',
        Description: 'The same repository in GitHub’s immutable subject form, owner@id/name@id (repositories created since 2026-07-15)',
        Default: '',
        AllowedPattern: '^([A-Za-z0-9-]{1,39}@[0-9]+/[A-Za-z0-9._-]{1,100}@[0-9]+)?$',
        ConstraintDescription: 'must be empty or owner@id/name@id such as my-org@1234567/my-app@890123456',
      },
      Branches: githubList('Branches whose workflows may deploy, e.g. main'),
      Environments: githubList('GitHub Environments whose jobs may deploy, e.g. production'),
      Tags: githubList('Tags whose workflows may deploy, e.g. v1.2.3'),
      Audience: { Type: 'String', Description: 'Audience of the token (the action’s `audience`)', Default: 'sts.amazonaws.com' },
      GitHubOidcProviderArn: {
        Type: 'String',
        Description: 'ARN of the account’s existing GitHub OIDC provider; empty creates it (an account holds one per URL)',
        Default: '',
        AllowedPattern: `^(arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/${GITHUB_ISSUER_HOST.replaceAll('.', '\\.')})?$`,
      },
      ...deployParameters(),
    },
    Rules: {
      SomeWorkflowMayDeploy: {
        Assertions: [
          {
            Assert: {
              'Fn::Not': [
                {
                  'Fn::And': [
                    { 'Fn::Equals': [ref('Branches'), ''] },
                    { 'Fn::Equals': [ref('Environments'), ''] },
                    { 'Fn::Equals': [ref('Tags'), ''] },
                  ],
                },
              ],
            },
            AssertDescription: 'Name at least one of Branches, Environments or Tags: they are who may deploy.',
          },
        ],
      },
    },
    Conditions: {
      CreateProvider: { 'Fn::Equals': [ref('GitHubOidcProviderArn'), ''] },
      HasImmutableRepository: { 'Fn::Not': [{ 'Fn::Equals': [ref('ImmutableRepository'), ''] }] },
      DefaultAudience: { 'Fn::Equals': [ref('Audience'), 'sts.amazonaws.com'] },
      ...commonConditions(),
      ...Object.fromEntries(resolver.conditions),
    },
    Resources: {
      GitHubOidcProvider: {
        Type: 'AWS::IAM::OIDCProvider',
        Condition: 'CreateProvider',
        Properties: { Url: `https://${GITHUB_ISSUER_HOST}`, ClientIdList: [ref('Audience')] },
      },
      Role: role(trust, policy),
    },
    Outputs: {
      RoleArn: { Description: 'role-to-assume', Value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
      WorkflowWith: {
        Description: 'The with: block of the deploy step',
        Value: {
          'Fn::Sub': [
            'with:\n  aws-region: ${AWS::Region}\n  role-to-assume: ${Role.Arn}\n${AudienceLine}  repository: ${EcrRepository}\n  cluster: ${Cluster}\n  service: |\n    ${ServiceLines}\n',
            {
              AudienceLine: { 'Fn::If': ['DefaultAudience', '', { 'Fn::Sub': '  audience: ${Audience}\n' }] },
              ServiceLines: { 'Fn::Join': ['\n    ', { 'Fn::Split': [',', ref('Services')] }] },
            },
          ],
        },
      },
    },
  };
}

/** setup/chain-target-role.yaml: the role of another account that a `role-chain` reaches from the deploy role. */
export function chainTargetTemplate(): Template {
  const resolver = deployResolver();
  const policy = permissionPolicy(resolver, CAPABILITIES);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'oidc-ecs-deploy: the target role of a role-chain, in the account that runs the services',
    Parameters: {
      SourceRoleArn: {
        Type: 'String',
        Description: 'The role before this one in the chain (usually the OIDC deploy role of the tooling account)',
        AllowedPattern: `^${ROLE_ARN}$`,
      },
      ...deployParameters(),
    },
    Conditions: { ...commonConditions(), ...Object.fromEntries(resolver.conditions) },
    Resources: {
      Role: role(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'RoleBeforeInTheChain',
              Effect: 'Allow',
              Principal: { AWS: ref('SourceRoleArn') },
              // The action tags chained sessions with the repository and run, so CloudTrail tells runs apart.
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        },
        policy,
      ),
    },
    Outputs: { RoleArn: { Description: 'The ARN to list in role-chain', Value: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
  };
}
