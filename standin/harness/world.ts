// A small AWS account for one end-to-end test: the deploy role trusting this repository's OIDC
// token, an ECR repository, a cluster, a log group and a running service with a tagged task
// definition, plus an example app to build. Shared by the end-to-end tests, the demo and the bench.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderPolicy, type DeployScope, type PolicyDocument } from '../../setup/permissions.js';
import { startStandin, type Standin } from '../index.js';
import type { JsonObject, Scenario } from '../types.js';

export const ACCOUNT = '123456789012';
export const TARGET_ACCOUNT = '210987654321';
export const REGION = 'us-east-1';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/my-deploy-role`;
export const TARGET_ROLE_ARN = `arn:aws:iam::${TARGET_ACCOUNT}:role/my-target-deploy-role`;
export const REPOSITORY = 'my-org/my-app';
export const CLUSTER = 'my-cluster';
export const SERVICE = 'my-service';
export const LOG_GROUP = '/ecs/my-app';
export const SUBJECT = 'repo:my-org/my-app:ref:refs/heads/main';

export interface World {
  readonly standin: Standin;
  readonly workspace: string;
  /** A folder removed by stop(): give it to runAction as parentDirectory. */
  readonly scratch: string;
  readonly repositoryUri: string;
  /** The service's task definition before the deploy. */
  readonly initialTaskDefinitionArn: string;
  readonly scope: { readonly account: string; readonly region: string };
  /** Inputs of a plain deploy of the example app. */
  inputs(overrides?: Record<string, string>): Record<string, string>;
  /** The stand-in's variables for the action's process. */
  env(): Record<string, string>;
  serviceState(service?: string): JsonObject;
  /** GITHUB_EVENT_NAME and GITHUB_EVENT_PATH of a `pull_request` run of pull request `number` (its payload written to scratch). */
  pullRequestEvent(number: number, headSha?: string): Record<string, string>;
  /** Makes the GitHub API token read-only, as a fork's pull request or a job without write permissions gets it. */
  makeGithubTokenReadOnly(): void;
  stop(): Promise<void>;
}

export interface WorldOptions {
  readonly scenario?: Scenario;
  readonly timeScale?: number;
  readonly immutable?: boolean;
  readonly circuitBreaker?: { readonly enable: boolean; readonly rollback: boolean };
  /** More of the services' deploymentConfiguration (strategy, bakeTimeInMinutes, lifecycleHooks, alarms…), over the defaults. */
  readonly deploymentConfiguration?: JsonObject;
  /** Resources live in this account (reached through `role-chain` when it is not ACCOUNT). */
  readonly account?: string;
  readonly services?: readonly string[];
  readonly trustedSubject?: string;
  /** Build this folder (it must hold a Dockerfile) instead of a fresh temp example app; the demo's examples/my-app. */
  readonly workspace?: string;
  /** Sids of setup/permissions.ts left out of the deploy role's policy: a role that lacks a permission. */
  readonly withoutStatements?: readonly string[];
  /** Actions taken out of every statement of the roles' policies (a statement left with none is dropped). */
  readonly withoutActions?: readonly string[];
  /**
   * Services with another deployment controller than ECS. A CODE_DEPLOY one sits behind a load balancer (container
   * `app`, port 3000), as CodeDeploy requires; its CodeDeploy application and group are the test's to create.
   */
  readonly controllers?: Readonly<Record<string, 'CODE_DEPLOY' | 'EXTERNAL'>>;
  /** `application/group` pairs the deploy role's codeDeploy statement grants (the capability is on when given). */
  readonly codeDeployGroups?: readonly string[];
  /** A `cache-repository` the deploy role may read and write (the optional buildCacheInEcr capability). */
  readonly cacheRepository?: { readonly name: string; readonly immutable?: boolean; readonly mutableTagFilters?: readonly string[] };
  /**
   * The role may prune old revisions (the optional pruneRevisions capability, for keep-revisions). Off by
   * default: its DescribeServices on every service of the cluster would make the deploy's own look needless.
   */
  readonly pruneRevisions?: boolean;
  /** The services' launch type and awsvpc network configuration, as CreateService takes them (default: none). */
  readonly placement?: { readonly launchType?: string; readonly networkConfiguration?: JsonObject };
  /** Accounts whose ECR registry is a host of its own (startStandin's `registryAccounts`). */
  readonly registryAccounts?: readonly string[];
  /** The deploy role's base image repositories (names in its account, or repository ARNs of another). */
  readonly baseImageRepositories?: readonly string[];
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const standin = await startStandin({
    scenario: options.scenario ?? { rollout: 'healthy' },
    timeScale: options.timeScale ?? 10,
    ...(options.registryAccounts && { registryAccounts: options.registryAccounts }),
  });
  try {
    const account = options.account ?? ACCOUNT;
    const scope = { account, region: REGION };
    // The roles carry the permission policy users attach, rendered from setup/permissions.ts for these names:
    // every call of every run is authorized against it, so a run that passes proves the policy sufficient.
    const dropped = new Set(options.withoutStatements ?? []);
    const droppedActions = new Set(options.withoutActions ?? []);
    const without = (policy: PolicyDocument, keep: (sid: string) => boolean = () => true): PolicyDocument => ({
      ...policy,
      Statement: policy.Statement.filter((statement) => keep(statement.Sid) && !dropped.has(statement.Sid)).flatMap((statement) => {
        const actions = (typeof statement.Action === 'string' ? [statement.Action] : statement.Action).filter(
          (action) => !droppedActions.has(action),
        );
        return actions.length === 0 ? [] : [{ ...statement, Action: actions }];
      }),
    });
    const codeDeployGroups = options.codeDeployGroups ?? [];
    const baseImages = options.baseImageRepositories ?? [];
    const cacheRepositories = options.cacheRepository === undefined ? [] : [options.cacheRepository.name];
    const fullPolicy = renderPolicy(
      {
        ...deployScope(account, options.services ?? [SERVICE], [], cacheRepositories),
        codeDeployGroups,
        baseImageRepositories: baseImages,
      },
      [
        'deploy',
        'watch',
        'migrationTasks',
        'buildCacheInEcr',
        ...(codeDeployGroups.length > 0 ? (['codeDeploy'] as const) : []),
        ...(baseImages.length > 0 ? (['baseImagesFromEcr'] as const) : []),
        ...(options.pruneRevisions === true ? (['pruneRevisions'] as const) : []),
      ],
    );
    const deployPolicy = without(fullPolicy);
    // Through a role chain, the first role only assumes the next one.
    const chainPolicy = without(
      renderPolicy(deployScope(ACCOUNT, [SERVICE], [TARGET_ROLE_ARN]), ['roleChain']),
      (sid) => sid === 'OptionalRoleChainTarget',
    );
    const known = new Set([...fullPolicy.Statement.map((statement) => statement.Sid), 'OptionalRoleChainTarget']);
    const unknown = [...dropped].filter((sid) => !known.has(sid));
    if (unknown.length > 0) throw new Error(`the deploy policy has no statement ${unknown.join(', ')}`);
    standin.iam.createRole({
      arn: ROLE_ARN,
      trustPolicy: standin.iam.githubTrustPolicy({ account: ACCOUNT, sub: options.trustedSubject ?? SUBJECT }),
      permissionPolicy: account === ACCOUNT ? deployPolicy : chainPolicy,
    });
    if (account !== ACCOUNT) {
      standin.iam.createRole({
        arn: TARGET_ROLE_ARN,
        trustPolicy: standin.iam.roleChainTrustPolicy([ROLE_ARN]),
        permissionPolicy: deployPolicy,
      });
    }
    const repository = standin.ecr.createRepository(account, REGION, REPOSITORY, { immutable: options.immutable ?? true });
    if (options.cacheRepository !== undefined) {
      const { name, ...cacheOptions } = options.cacheRepository;
      standin.ecr.createRepository(account, REGION, name, cacheOptions);
    }
    standin.ecs.createCluster(scope, CLUSTER);
    standin.ecs.createLogGroup(scope, LOG_GROUP);
    const initialTaskDefinitionArn = standin.ecs.registerTaskDefinition(scope, initialTaskDefinition(repository.uri, account));
    for (const service of options.services ?? [SERVICE]) {
      standin.ecs.createService(scope, {
        cluster: CLUSTER,
        serviceName: service,
        taskDefinition: initialTaskDefinitionArn,
        desiredCount: 2,
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          deploymentCircuitBreaker: { ...(options.circuitBreaker ?? { enable: true, rollback: true }) },
          ...options.deploymentConfiguration,
        },
        ...options.placement,
        ...controllerOf(options.controllers?.[service], account),
      });
    }
    const scratch = mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-world-'));
    const workspace = options.workspace ?? exampleApp(scratch);
    return {
      standin,
      workspace,
      scratch,
      repositoryUri: repository.uri,
      initialTaskDefinitionArn,
      scope,
      inputs: (overrides = {}) => ({
        'aws-region': REGION,
        'role-to-assume': ROLE_ARN,
        ...(account !== ACCOUNT ? { 'role-chain': TARGET_ROLE_ARN } : {}),
        repository: REPOSITORY,
        cluster: CLUSTER,
        service: (options.services ?? [SERVICE]).join('\n'),
        'container-engine': 'podman',
        'wait-for-minutes': '5',
        ...overrides,
      }),
      env: () => standin.env(),
      serviceState: (service = SERVICE) => {
        const state = standin.ecs.service(scope, CLUSTER, service);
        if (!state) throw new Error(`the stand-in has no service ${service}`);
        return state;
      },
      pullRequestEvent: (number, headSha = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd') => {
        const eventPath = path.join(scratch, `event-pull-request-${number}.json`);
        // The part of GitHub's pull_request payload that the action reads: the number and the head commit.
        const payload = {
          action: 'synchronize',
          number,
          pull_request: { number, head: { ref: 'my-feature', sha: headSha }, base: { ref: 'main' } },
          repository: { full_name: REPOSITORY, name: 'my-app', owner: { login: 'my-org' } },
        };
        writeFileSync(eventPath, JSON.stringify(payload));
        return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REF: `refs/pull/${number}/merge` };
      },
      makeGithubTokenReadOnly: () => standin.github.api.setAccess('read'),
      stop: async () => {
        await standin.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await standin.stop();
    throw error;
  }
}

function controllerOf(controller: 'CODE_DEPLOY' | 'EXTERNAL' | undefined, account: string): JsonObject {
  if (controller === undefined) return {};
  const targetGroupArn = `arn:aws:elasticloadbalancing:${REGION}:${account}:targetgroup/my-app-blue/0123456789abcdef`;
  return {
    deploymentController: { type: controller },
    ...(controller === 'CODE_DEPLOY' ? { loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 3000 }] } : {}),
  };
}

function deployScope(
  account: string,
  services: readonly string[],
  chainTargets: readonly string[] = [],
  cacheRepositories: readonly string[] = [],
): DeployScope {
  return {
    partition: 'aws',
    account,
    region: REGION,
    repository: REPOSITORY,
    cluster: CLUSTER,
    services,
    families: ['my-app'],
    passRoles: ['my-app-task', 'my-app-execution'],
    logGroups: [LOG_GROUP],
    chainTargets,
    baseImageRepositories: [],
    sidecarImageRepositories: [],
    codeDeployGroups: [],
    cacheRepositories,
  };
}

/** A definition with more than the image to keep: a sidecar, secrets, logs, health check, tags. */
function initialTaskDefinition(repositoryUri: string, account: string): JsonObject {
  return {
    family: 'my-app',
    taskRoleArn: `arn:aws:iam::${account}:role/my-app-task`,
    executionRoleArn: `arn:aws:iam::${account}:role/my-app-execution`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    ephemeralStorage: { sizeInGiB: 30 },
    containerDefinitions: [
      {
        name: 'app',
        image: `${repositoryUri}:initial`,
        essential: true,
        portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
        environment: [{ name: 'QUERY', value: 'a=b&c=d e' }],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: `arn:aws:ssm:us-east-1:${account}:parameter/my-app/db-password` }],
        healthCheck: { command: ['CMD-SHELL', 'true'], interval: 10, timeout: 5, retries: 3 },
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': LOG_GROUP, 'awslogs-region': REGION, 'awslogs-stream-prefix': 'ecs' },
        },
      },
      { name: 'log-router', image: `${repositoryUri.split('/')[0]}/my-org/log-router:2.1`, essential: false, command: ['--flush', '5'] },
    ],
    tags: [
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '1234' },
    ],
  };
}

/** The example app: a `FROM scratch` image (no base image can be pulled here). */
export function exampleApp(parentDirectory: string = tmpdir()): string {
  const workspace = mkdtempSync(path.join(parentDirectory, 'oidc-ecs-deploy-app-'));
  writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\nCMD ["/hello"]\n');
  writeFileSync(path.join(workspace, 'hello.txt'), `Hello from my-app, built ${new Date().toISOString()}\n`);
  return workspace;
}

/** Every file below `directory` whose content contains one of `secrets`; returns `path: secret-kind` lines. */
export function filesContaining(directory: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      const stats = statSync(full, { throwIfNoEntry: false });
      if (!stats) continue;
      if (stats.isDirectory()) visit(full);
      else if (stats.isFile() && stats.size < 50_000_000) {
        const content = readFileSync(full, 'latin1');
        if (secrets.some((secret) => content.includes(secret))) found.push(full);
      }
    }
  };
  visit(directory);
  return found;
}
