// Keeps the deploy role's policy (setup/permissions.ts, rendered into docs/iam-policy.json and the setup
// template) equal to what the code calls: an operation the policy misses fails users at run time, and a
// grant nobody needs is exactly the over-privilege the policy promises not to have.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { CAPABILITIES, DOCUMENTED_CAPABILITIES, EXAMPLE_SCOPE, renderPolicy, type DeployScope } from '../../setup/permissions.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** IAM service prefix of each SDK client the action may import from. */
const IAM_PREFIX_OF_CLIENT: Readonly<Record<string, string>> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-codedeploy': 'codedeploy',
};

/**
 * Operations whose IAM actions are not simply `prefix:Operation`. AssumeRoleWithWebIdentity is authorised
 * by the role's trust policy, GetCallerIdentity needs no permission, AssumeRole tags the chained session
 * (sts:TagSession), and RegisterTaskDefinition passes the previous revision's tags (ecs:TagResource).
 */
const SPECIAL_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'sts:AssumeRoleWithWebIdentity': [],
  'sts:GetCallerIdentity': [],
  'sts:AssumeRole': ['sts:AssumeRole', 'sts:TagSession'],
  'ecs:RegisterTaskDefinition': ['ecs:RegisterTaskDefinition', 'ecs:TagResource'],
  // CodeDeploy reads the deployment configuration the deployment uses with the caller's permission.
  'codedeploy:CreateDeployment': ['codedeploy:CreateDeployment', 'codedeploy:GetDeploymentConfig'],
};

/** The container engine's push and pull through the registry API, which no SDK import shows. */
const REGISTRY_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage',
] as const;

/** A build whose `FROM` (or cache) is an ECR image pulls it with the action's registry login. */
const BASE_IMAGE_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;

const WATCH_ACTIONS = [
  'ecs:ListServiceDeployments',
  'ecs:DescribeServiceDeployments',
  'ecs:StopServiceDeployment',
  'ecs:ListTasks',
  'ecs:DescribeTasks',
  'logs:GetLogEvents',
] as const;

interface SdkOperation {
  readonly client: string;
  readonly operation: string;
  readonly file: string;
}

/**
 * Every AWS operation a source file can call: `XxxCommand` imports, `paginateXxx` (which sends Xxx) and
 * `waitUntil…` waiters are refused outright, since their underlying operation is not in their name.
 */
function sdkOperationsIn(source: string, file: string): SdkOperation[] {
  const operations: SdkOperation[] = [];
  const importPattern = /import\s+(type\s+)?([^;]*?)\s+from\s+['"](@aws-sdk\/client-[a-z-]+)['"]/g;
  for (const match of source.matchAll(importPattern)) {
    const [, typeOnly, clause = '', client = ''] = match;
    if (typeOnly !== undefined || !(client in IAM_PREFIX_OF_CLIENT)) continue;
    if (/\*\s+as\s+/.test(clause))
      throw new Error(`${file}: a namespace import of ${client} hides which operations it calls; import the commands by name`);
    const members = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
    for (const raw of members.split(',')) {
      const member = raw.trim();
      if (member === '' || member.startsWith('type ')) continue;
      const name = member.split(/\s+as\s+/)[0]?.trim() ?? '';
      const command = /^(\w+)Command$/.exec(name);
      const paginator = /^paginate(\w+)$/.exec(name);
      if (name.startsWith('waitUntil') || name.startsWith('waitFor')) {
        throw new Error(`${file}: waiter ${name} calls operations this scan cannot see; poll with named commands instead`);
      }
      const operation = command?.[1] ?? paginator?.[1];
      if (operation !== undefined) operations.push({ client, operation, file });
    }
  }
  return operations;
}

function iamActionsFor(operation: SdkOperation): readonly string[] {
  const prefix = IAM_PREFIX_OF_CLIENT[operation.client];
  if (prefix === undefined) throw new Error(`no IAM prefix known for ${operation.client}`);
  const action = `${prefix}:${operation.operation}`;
  return SPECIAL_ACTIONS[action] ?? [action];
}

function typeScriptFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: unknown;
  readonly Resource?: string | readonly string[];
  readonly NotResource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

const asList = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

function readPolicy(): PolicyDocument {
  return JSON.parse(readFileSync(join(ROOT, 'docs', 'iam-policy.json'), 'utf8')) as PolicyDocument;
}

function statementsGranting(policy: PolicyDocument, action: string): PolicyStatement[] {
  return policy.Statement.filter((statement) => asList(statement.Action).includes(action));
}

function operationsCalledBySource(): SdkOperation[] {
  return typeScriptFilesUnder(join(ROOT, 'src')).flatMap((file) => sdkOperationsIn(readFileSync(file, 'utf8'), relative(ROOT, file)));
}

/** keep-revisions' calls: a capability docs/iam-policy.json leaves out, as keep-revisions is off by default. */
const PRUNE_ACTIONS: ReadonlySet<string> = new Set(['ecs:DeregisterTaskDefinition', 'ecs:ListServices', 'ecs:ListTaskDefinitions']);

/**
 * The base image pull, CodeDeploy and pruning are capabilities docs/iam-policy.json leaves out: most builds pull
 * from public registries, most services have the ECS deployment controller, and keep-revisions is off by default.
 */
function requiredActions(everyCapability: boolean): Map<string, string> {
  const required = new Map<string, string>();
  for (const operation of operationsCalledBySource()) {
    for (const action of iamActionsFor(operation)) {
      if (everyCapability || (!action.startsWith('codedeploy:') && !PRUNE_ACTIONS.has(action)))
        required.set(action, `${operation.operation} in ${operation.file}`);
    }
  }
  if (everyCapability)
    for (const action of BASE_IMAGE_PULL_ACTIONS) required.set(action, 'the container engine pulling base images from ECR');
  for (const action of REGISTRY_PUSH_ACTIONS) required.set(action, 'the container engine pushing to the registry');
  required.set('iam:PassRole', 'RegisterTaskDefinition with a task or execution role');
  return required;
}

describe('the SDK import scan', () => {
  test('finds value imports of commands and paginators and skips type-only ones', () => {
    const source = [
      "import { ECSClient, UpdateServiceCommand, type Service, DescribeTasksCommand as Describe, paginateListTasks } from '@aws-sdk/client-ecs';",
      "import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';",
      "import {\n  GetLogEventsCommand,\n  type CloudWatchLogsClient,\n} from '@aws-sdk/client-cloudwatch-logs';",
      "import { SomethingCommand } from './local.js';",
    ].join('\n');
    expect(sdkOperationsIn(source, 'example.ts').map((operation) => iamActionsFor(operation))).toEqual([
      ['ecs:UpdateService'],
      ['ecs:DescribeTasks'],
      ['ecs:ListTasks'],
      ['logs:GetLogEvents'],
    ]);
  });

  test('maps the operations with special permissions to their IAM actions', () => {
    const source = "import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';";
    expect(sdkOperationsIn(source, 'example.ts').flatMap((operation) => iamActionsFor(operation))).toEqual([
      'sts:AssumeRole',
      'sts:TagSession',
    ]);
  });

  test('refuses namespace imports and waiters, whose operations it cannot see', () => {
    expect(() => sdkOperationsIn("import * as ecs from '@aws-sdk/client-ecs';", 'a.ts')).toThrow(/namespace import/);
    expect(() => sdkOperationsIn("import { waitUntilServicesStable } from '@aws-sdk/client-ecs';", 'b.ts')).toThrow(/waiter/);
  });
});

/** Two of everything, so a statement that scopes only the first service or family shows. */
const TWO_SERVICE_SCOPE: DeployScope = {
  ...EXAMPLE_SCOPE,
  services: ['my-app', 'my-app-worker'],
  families: ['my-app', 'my-app-worker'],
  logGroups: ['/ecs/my-app', '/ecs/my-app-worker'],
  baseImageRepositories: ['my-org/base'],
  sidecarImageRepositories: ['my-org/envoy'],
  codeDeployGroups: ['AppECS-my-cluster-my-app/DgpECS-my-cluster-my-app', 'my-app/my-app-worker-blue-green'],
  cacheRepositories: ['my-org/my-app-cache'],
};

test('docs/iam-policy.json is setup/permissions.ts rendered for the example names (npm run docs)', () => {
  expect(readPolicy()).toEqual(renderPolicy(EXAMPLE_SCOPE, DOCUMENTED_CAPABILITIES));
});

describe.each([
  ['docs/iam-policy.json', readPolicy(), false],
  ['the policy with every capability', renderPolicy(TWO_SERVICE_SCOPE, CAPABILITIES) as PolicyDocument, true],
])('%s', (_name, policy, everyCapability) => {
  const granted = new Set(policy.Statement.flatMap((statement) => asList(statement.Action)));
  const required = requiredActions(everyCapability);

  test('grants every IAM action an operation in src/ needs', () => {
    const missing = [...required].filter(([action]) => !granted.has(action)).map(([action, why]) => `${action} (for ${why})`);
    expect(missing).toEqual([]);
  });

  test('grants no action that nothing in src/ or the registry push needs', () => {
    const unused = [...granted].filter((action) => !required.has(action));
    expect(unused).toEqual([]);
  });

  test('the deployment watch statements cover the operations the README calls optional', () => {
    const optional = policy.Statement.filter((statement) => statement.Sid?.startsWith('OptionalWatch') === true).flatMap((statement) =>
      asList(statement.Action),
    );
    expect(optional).toEqual(expect.arrayContaining([...WATCH_ACTIONS]));
  });

  test('lets ecs:RegisterTaskDefinition and ecs:TagResource reach only revisions of the deployed families', () => {
    const family = /^arn:aws:ecs:us-east-1:123456789012:task-definition\/my-app(-worker)?:\*$/;
    for (const action of ['ecs:RegisterTaskDefinition', 'ecs:TagResource']) {
      const resources = statementsGranting(policy, action).flatMap((statement) => asList(statement.Resource));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource).toMatch(family);
    }
  });

  test('lets ecs:UpdateService point a service only at a revision of the deployed families', () => {
    const [update, ...others] = statementsGranting(policy, 'ecs:UpdateService');
    expect(others).toEqual([]);
    expect(asList(update?.Action)).toEqual(['ecs:UpdateService']);
    const families = asList(update?.Condition?.ArnLike?.['ecs:task-definition']);
    expect(families.length).toBeGreaterThan(0);
    for (const family of families) expect(family).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task-definition\/[\w-]+:\*$/);
  });

  test('uses only Allow statements with explicit actions and no wildcard actions', () => {
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
      for (const action of asList(statement.Action)) expect(action).toMatch(/^[a-z]+:[A-Za-z]+$/);
    }
  });

  test('lets iam:PassRole pass only the task and execution roles, and only to ECS tasks', () => {
    const [passRole, ...others] = statementsGranting(policy, 'iam:PassRole');
    expect(others).toEqual([]);
    expect(asList(passRole?.Action)).toEqual(['iam:PassRole']);
    const roles = asList(passRole?.Resource);
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role).toMatch(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/);
    expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
  });

  test('lets sts:AssumeRole reach only named chain target roles', () => {
    for (const statement of statementsGranting(policy, 'sts:AssumeRole')) {
      for (const resource of asList(statement.Resource)) expect(resource).toMatch(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/);
    }
  });

  test('lets ecs:TagResource tag only what RegisterTaskDefinition creates', () => {
    for (const statement of statementsGranting(policy, 'ecs:TagResource')) {
      expect(statement.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } });
    }
  });

  test('grants ecr:GetDownloadUrlForLayer only with the base image pull and the build cache', () => {
    for (const statement of statementsGranting(policy, 'ecr:GetDownloadUrlForLayer'))
      expect(['OptionalPullBaseImagesFromEcr', 'OptionalBuildCacheInEcr']).toContain(statement.Sid);
  });

  test('scopes the registry push to a repository rather than every repository', () => {
    for (const statement of statementsGranting(policy, 'ecr:PutImage')) {
      for (const resource of asList(statement.Resource)) expect(resource).toMatch(/^arn:aws:ecr:[a-z0-9-]+:\d{12}:repository\/.+$/);
    }
  });
});

describe('the policy for several services and families', () => {
  const policy = renderPolicy(TWO_SERVICE_SCOPE, CAPABILITIES);
  const resourcesOf = (sid: string): readonly string[] => asList(policy.Statement.find((statement) => statement.Sid === sid)?.Resource);

  test.each(['ReadServices', 'UpdateServicesToOwnFamilies', 'OptionalWatchServiceDeployments'])('%s names every service', (sid) => {
    expect(resourcesOf(sid)).toEqual(
      expect.arrayContaining([
        'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-app',
        'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-app-worker',
      ]),
    );
  });

  test.each(['RegisterTaskDefinitionRevision', 'KeepTaskDefinitionTags'])('%s names every family', (sid) => {
    expect(resourcesOf(sid)).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:*',
      'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app-worker:*',
    ]);
  });

  test('the watch reads the deployments and revisions of every service and the logs of every group', () => {
    expect(resourcesOf('OptionalWatchServiceDeployments')).toEqual(
      expect.arrayContaining([
        'arn:aws:ecs:us-east-1:123456789012:service-deployment/my-cluster/my-app-worker/*',
        'arn:aws:ecs:us-east-1:123456789012:service-revision/my-cluster/my-app-worker/*',
      ]),
    );
    expect(resourcesOf('OptionalWatchStoppedTaskLogs')).toEqual([
      'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/my-app:log-stream:*',
      'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/my-app-worker:log-stream:*',
    ]);
  });

  test('an optional capability left out, or with no names, renders no statement', () => {
    const sids = renderPolicy({ ...TWO_SERVICE_SCOPE, logGroups: [] }, ['deploy', 'watch']).Statement.map((statement) => statement.Sid);
    expect(sids).toEqual([
      'RegistryLogin',
      'PushAndInspectImage',
      'ReadTaskDefinitions',
      'RegisterTaskDefinitionRevision',
      'KeepTaskDefinitionTags',
      'ReadServices',
      'UpdateServicesToOwnFamilies',
      'PassTaskRoles',
      'OptionalWatchServiceDeployments',
      'OptionalWatchTasks',
    ]);
  });

  test('renders every ARN in the partition given', () => {
    const china = renderPolicy({ ...TWO_SERVICE_SCOPE, partition: 'aws-cn', region: 'cn-north-1', chainTargets: [] }, CAPABILITIES);
    const arns = china.Statement.flatMap((statement) => asList(statement.Resource)).filter((resource) => resource !== '*');
    for (const arn of arns) expect(arn).toMatch(/^arn:aws-cn:/);
  });
});

test('the README explains every statement of every capability', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const sids = renderPolicy(TWO_SERVICE_SCOPE, CAPABILITIES).Statement.map((statement) => statement.Sid);
  expect(sids.filter((sid) => !readme.includes(`| \`${sid}\``) && !readme.includes(`\`${sid}\`:`))).toEqual([]);
});
