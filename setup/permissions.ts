// The deploy role's permission policy, defined once: every statement, the capability it belongs to, its
// actions and how its resources and conditions follow from the names a team deploys. docs/iam-policy.json
// is rendered from here (`npm run docs`), and the tests check the CloudFormation template and the calls the
// code makes against it. Pure data and a renderer; nothing here is bundled into dist/.

/** The names a deploy role is scoped to. Role and repository names are names, not ARNs. */
export interface DeployScope {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
  /** ECR repository the image is pushed to, e.g. `my-org/my-app`. */
  readonly repository: string;
  readonly cluster: string;
  readonly services: readonly string[];
  /**
   * Task definition families the services may run: the families registered, and the family of any revision
   * a rollback returns to. UpdateService to any other family's revision is refused, since it would run with
   * that revision's task role without iam:PassRole being checked.
   */
  readonly families: readonly string[];
  /** Task and execution role names (with their path, if any) that registered revisions may name. */
  readonly passRoles: readonly string[];
  /** awslogs log groups of the containers, for the last lines of a failed container. */
  readonly logGroups: readonly string[];
  /** Full ARNs of the next role of a `role-chain`; they may live in another account. */
  readonly chainTargets: readonly string[];
  /** ECR repositories that base images (`FROM`) or a build cache are pulled from: names, or ARNs of another account's. */
  readonly baseImageRepositories: readonly string[];
  /** ECR repositories other than `repository` whose images `images` pins by digest (a sidecar's). */
  readonly sidecarImageRepositories: readonly string[];
  /** CodeDeploy deployment groups (`application/group`) of the services with the CODE_DEPLOY controller. */
  readonly codeDeployGroups: readonly string[];
  /** ECR repositories of `cache-repository`: the build's layer cache, read and written. */
  readonly cacheRepositories: readonly string[];
}

/**
 * `deploy` is always needed; the others are optional and each has a parameter in the template:
 * `watch` (deployment watch and own rollback), `roleChain` (a `role-chain` hop from this role),
 * `baseImagesFromEcr` (a build that pulls from ECR), `migrationTasks` (a one-off task of the new revision
 * before the services are updated, `run-task-command`; its iam:PassRole is the deploy's PassTaskRoles, and
 * its log lines are read with the watch's log statement), `codeDeploy` (services with the CODE_DEPLOY deployment
 * controller: their CodeDeploy deployment and its watch), `buildCacheInEcr` (`cache-repository`), `pruneRevisions`
 * (`keep-revisions`: list the families' revisions and the cluster's services, deregister old revisions of the families).
 */
export type Capability =
  | 'deploy'
  | 'watch'
  | 'roleChain'
  | 'baseImagesFromEcr'
  | 'sidecarImagesFromEcr'
  | 'migrationTasks'
  | 'codeDeploy'
  | 'buildCacheInEcr'
  | 'pruneRevisions';

export const CAPABILITIES: readonly Capability[] = [
  'deploy',
  'watch',
  'roleChain',
  'baseImagesFromEcr',
  'sidecarImagesFromEcr',
  'migrationTasks',
  'codeDeploy',
  'buildCacheInEcr',
  'pruneRevisions',
];

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

interface StatementSpec {
  readonly sid: string;
  readonly capability: Capability;
  /** Sorted, so the rendered document is stable. */
  readonly actions: readonly string[];
  readonly resources: (scope: DeployScope) => readonly string[];
  readonly condition?: (scope: DeployScope) => ConditionBlock;
}

const ecsArn = (scope: DeployScope, resource: string): string => `arn:${scope.partition}:ecs:${scope.region}:${scope.account}:${resource}`;
const serviceArns = (scope: DeployScope): string[] => scope.services.map((service) => ecsArn(scope, `service/${scope.cluster}/${service}`));
/** Every revision of each family: `family:*` matches `family:12` but not `family-old:12`. */
const familyRevisionArns = (scope: DeployScope): string[] => scope.families.map((family) => ecsArn(scope, `task-definition/${family}:*`));
const repositoryArn = (scope: DeployScope, repository: string): string =>
  `arn:${scope.partition}:ecr:${scope.region}:${scope.account}:repository/${repository}`;

/** One value stays a string, as people write policies; several become a list. */
const oneOrMany = (values: readonly string[]): string | readonly string[] => (values.length === 1 ? (values[0] ?? '') : values);

export const STATEMENTS: readonly StatementSpec[] = [
  {
    sid: 'RegistryLogin',
    capability: 'deploy',
    // GetAuthorizationToken has no resource type: it cannot be scoped.
    actions: ['ecr:GetAuthorizationToken'],
    resources: () => ['*'],
  },
  {
    sid: 'PushAndInspectImage',
    capability: 'deploy',
    actions: [
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:CompleteLayerUpload',
      'ecr:DescribeImageScanFindings',
      'ecr:DescribeImages',
      'ecr:DescribeRepositories',
      'ecr:InitiateLayerUpload',
      'ecr:PutImage',
      'ecr:StartImageScan',
      'ecr:UploadLayerPart',
    ],
    resources: (scope) => [repositoryArn(scope, scope.repository)],
  },
  {
    sid: 'ReadTaskDefinitions',
    capability: 'deploy',
    // DescribeTaskDefinition is the one task definition action without a resource type.
    actions: ['ecs:DescribeTaskDefinition'],
    resources: () => ['*'],
  },
  {
    sid: 'RegisterTaskDefinitionRevision',
    capability: 'deploy',
    actions: ['ecs:RegisterTaskDefinition'],
    resources: familyRevisionArns,
  },
  {
    sid: 'KeepTaskDefinitionTags',
    capability: 'deploy',
    // ECS authorizes tags on create: registering with the previous revision's tags needs TagResource.
    actions: ['ecs:TagResource'],
    resources: familyRevisionArns,
    condition: () => ({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } }),
  },
  {
    sid: 'ReadServices',
    capability: 'deploy',
    actions: ['ecs:DescribeServices'],
    resources: serviceArns,
  },
  {
    sid: 'UpdateServicesToOwnFamilies',
    capability: 'deploy',
    actions: ['ecs:UpdateService'],
    resources: serviceArns,
    condition: (scope) => ({ ArnLike: { 'ecs:task-definition': oneOrMany(familyRevisionArns(scope)) } }),
  },
  {
    sid: 'PassTaskRoles',
    capability: 'deploy',
    actions: ['iam:PassRole'],
    resources: (scope) => scope.passRoles.map((role) => `arn:${scope.partition}:iam::${scope.account}:role/${role}`),
    condition: () => ({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }),
  },
  {
    sid: 'OptionalRoleChainTarget',
    capability: 'roleChain',
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    resources: (scope) => scope.chainTargets,
  },
  {
    sid: 'OptionalWatchServiceDeployments',
    capability: 'watch',
    actions: ['ecs:DescribeServiceDeployments', 'ecs:DescribeServiceRevisions', 'ecs:ListServiceDeployments', 'ecs:StopServiceDeployment'],
    resources: (scope) =>
      scope.services.flatMap((service) => [
        ecsArn(scope, `service/${scope.cluster}/${service}`),
        ecsArn(scope, `service-deployment/${scope.cluster}/${service}/*`),
        ecsArn(scope, `service-revision/${scope.cluster}/${service}/*`),
      ]),
  },
  {
    sid: 'OptionalWatchTasks',
    capability: 'watch',
    actions: ['ecs:DescribeTasks', 'ecs:ListTasks'],
    resources: () => ['*'],
    condition: (scope) => ({ ArnEquals: { 'ecs:cluster': ecsArn(scope, `cluster/${scope.cluster}`) } }),
  },
  {
    sid: 'OptionalWatchStoppedTaskLogs',
    capability: 'watch',
    actions: ['logs:GetLogEvents'],
    resources: (scope) =>
      scope.logGroups.map((group) => `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${group}:log-stream:*`),
  },
  {
    sid: 'OptionalMigrationRunTask',
    capability: 'migrationTasks',
    // Only revisions of the deployed families, and only in the deploy's cluster.
    actions: ['ecs:RunTask'],
    resources: familyRevisionArns,
    condition: (scope) => ({ ArnEquals: { 'ecs:cluster': ecsArn(scope, `cluster/${scope.cluster}`) } }),
  },
  {
    sid: 'OptionalMigrationTasks',
    capability: 'migrationTasks',
    actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
    resources: (scope) => [ecsArn(scope, `task/${scope.cluster}/*`)],
    condition: (scope) => ({ ArnEquals: { 'ecs:cluster': ecsArn(scope, `cluster/${scope.cluster}`) } }),
  },
  {
    sid: 'OptionalPruneListRevisions',
    capability: 'pruneRevisions',
    // ListTaskDefinitions has no resource type: it cannot be scoped.
    actions: ['ecs:ListTaskDefinitions'],
    resources: () => ['*'],
  },
  {
    sid: 'OptionalPruneListClusterServices',
    capability: 'pruneRevisions',
    // ListServices has no resource type; its ecs:cluster condition keeps it to the deploy's cluster.
    actions: ['ecs:ListServices'],
    resources: () => ['*'],
    condition: (scope) => ({ ArnEquals: { 'ecs:cluster': ecsArn(scope, `cluster/${scope.cluster}`) } }),
  },
  {
    // Every service of the cluster, to keep the revisions they run.
    sid: 'OptionalPruneReadClusterServices',
    capability: 'pruneRevisions',
    actions: ['ecs:DescribeServices'],
    resources: (scope) => [ecsArn(scope, `service/${scope.cluster}/*`)],
  },
  {
    sid: 'OptionalPruneDeregisterRevisions',
    capability: 'pruneRevisions',
    actions: ['ecs:DeregisterTaskDefinition'],
    resources: familyRevisionArns,
  },
  {
    sid: 'OptionalPullBaseImagesFromEcr',
    capability: 'baseImagesFromEcr',
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    // A repository ARN names another account's (a `registries` login), whose repository policy must grant the pull too.
    resources: (scope) =>
      scope.baseImageRepositories.map((repository) => (repository.startsWith('arn:') ? repository : repositoryArn(scope, repository))),
  },
  {
    // `images` pins another repository's tag by digest: reading the image's manifest digest, nothing more.
    sid: 'OptionalDescribeSidecarImages',
    capability: 'sidecarImagesFromEcr',
    actions: ['ecr:DescribeImages'],
    resources: (scope) => scope.sidecarImageRepositories.map((repository) => repositoryArn(scope, repository)),
  },
  {
    // One statement, so the template grants it only with deployment groups: CreateDeployment has CodeDeploy read
    // the deployment configuration it names (or the group's) with the caller's permission, hence GetDeploymentConfig.
    sid: 'OptionalCodeDeploy',
    capability: 'codeDeploy',
    actions: [
      'codedeploy:BatchGetDeploymentTargets',
      'codedeploy:CreateDeployment',
      'codedeploy:GetDeployment',
      'codedeploy:GetDeploymentConfig',
      'codedeploy:GetDeploymentGroup',
      'codedeploy:ListDeploymentTargets',
    ],
    resources: (scope) =>
      scope.codeDeployGroups.length === 0
        ? []
        : [
            ...scope.codeDeployGroups.map(
              (group) => `arn:${scope.partition}:codedeploy:${scope.region}:${scope.account}:deploymentgroup:${group}`,
            ),
            `arn:${scope.partition}:codedeploy:${scope.region}:${scope.account}:deploymentconfig:*`,
          ],
  },
  {
    // `cache-repository`: looked up before the build (its tag mutability), then read and written by the engine.
    sid: 'OptionalBuildCacheInEcr',
    capability: 'buildCacheInEcr',
    actions: [
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:CompleteLayerUpload',
      'ecr:DescribeRepositories',
      'ecr:GetDownloadUrlForLayer',
      'ecr:InitiateLayerUpload',
      'ecr:PutImage',
      'ecr:UploadLayerPart',
    ],
    resources: (scope) => scope.cacheRepositories.map((repository) => repositoryArn(scope, repository)),
  },
];

/**
 * The policy for these names with these capabilities. A statement whose resource list comes out empty is
 * left out rather than rendered as a grant on nothing, which IAM would refuse.
 */
export function renderPolicy(scope: DeployScope, capabilities: readonly Capability[]): PolicyDocument {
  const statements = STATEMENTS.filter((spec) => spec.capability === 'deploy' || capabilities.includes(spec.capability)).flatMap(
    (spec): PolicyStatement[] => {
      const resources = spec.resources(scope);
      if (resources.length === 0) return [];
      const condition = spec.condition?.(scope);
      return [
        {
          Sid: spec.sid,
          Effect: 'Allow',
          Action: oneOrMany(spec.actions),
          Resource: oneOrMany(resources),
          ...(condition === undefined ? {} : { Condition: condition }),
        },
      ];
    },
  );
  return { Version: '2012-10-17', Statement: statements };
}

/** The names the README and docs/iam-policy.json use. */
export const EXAMPLE_SCOPE: DeployScope = {
  partition: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  repository: 'my-org/my-app',
  cluster: 'my-cluster',
  services: ['my-app'],
  families: ['my-app'],
  passRoles: ['my-app-task', 'my-app-execution'],
  logGroups: ['/ecs/my-app'],
  chainTargets: ['arn:aws:iam::210987654321:role/my-app-deploy'],
  baseImageRepositories: [],
  sidecarImageRepositories: [],
  codeDeployGroups: [],
  cacheRepositories: [],
};

/**
 * docs/iam-policy.json: the deploy, the deployment watch, a role chain and migration tasks, as most teams use
 * the action. Not `pruneRevisions`: keep-revisions is off by default, and its DescribeServices on every
 * service of the cluster would make the deploy's own (ReadServices) look needless.
 */
export const DOCUMENTED_CAPABILITIES: readonly Capability[] = ['deploy', 'watch', 'roleChain', 'migrationTasks'];
