// The local AWS + GitHub stand-in, composed: one HTTP endpoint for STS, ECR, ECS and CloudWatch Logs
// (and GitHub's OIDC token endpoint), and a real registry behind ECR's auth proxy. See README.md.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from './clock.js';
import { createCredentialStore, type CredentialStore } from './credentials.js';
import { createEcrApi, createEcrStore, type EcrApi, type ImageDescription, type RepositoryOptions } from './ecr.js';
import { createEcsStandin, wallTimeOf, type EcsAdmin, type EcsStandin } from './ecs.js';
import { createCodeDeployStandin, type CodeDeployAdmin, type CodeDeployStandin } from './codedeploy.js';
import { createFaults } from './faults.js';
import {
  createIam,
  githubTrustPolicy,
  roleChainTrustPolicy,
  type OidcProvider,
  type OidcProviderSpec,
  type Role,
  type RoleSpec,
  parseRoleArn,
} from './iam.js';
import { iamRequestsFor } from './iam-requests.js';
import { accessDenied, createAuthorizer, type Authorization } from './permission-policy.js';
import { createGithubOidcIssuer, type GithubClaimsConfig, type GithubOidcIssuer } from './oidc.js';
import { createGithubApi, type GithubApi } from './github-api.js';
import { startRegistryProxy, type RegistryAuthorizer, type RegistryProxy } from './registry-proxy.js';
import { imageExistsIn, startUpstreamRegistry, type StoredManifest, type UpstreamRegistry } from './registry.js';
import { startAwsServer, type AwsServer, type RecordedCall } from './server.js';
import { createSts } from './sts.js';
import type { Clock, JsonObject, Scenario } from './types.js';

export type { RecordedCall } from './server.js';
export type { GithubClaimsConfig } from './oidc.js';
export type { PolicyDocument, Role, RoleSpec, OidcProviderSpec } from './iam.js';
export type { ImageDescription } from './ecr.js';
export type { Authorization } from './permission-policy.js';
export type { GithubApi, IssueComment, CommitStatus } from './github-api.js';

export interface StandinOptions {
  scenario?: Scenario;
  /** Simulated time runs this many times faster than wall time; default 1. */
  timeScale?: number;
  /**
   * Accounts whose ECR registry is a host of its own (`registryHostOf(account)`), as each account's is in
   * AWS: logging into it takes a password for that registry (GetAuthorizationToken `registryIds`). The
   * other accounts share `registryHost`.
   */
  registryAccounts?: readonly string[];
}

export interface StandinRepository {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly immutable: boolean;
  /** `127.0.0.1:PORT/NAME`, as ECR's repositoryUri. */
  readonly uri: string;
}

export interface Standin {
  /** `http://127.0.0.1:PORT` for AWS_ENDPOINT_URL_STS / _ECR / _ECS / _CLOUDWATCH_LOGS. */
  readonly endpoint: string;
  /** `127.0.0.1:PORT` of the registry proxy (what ECR's proxyEndpoint names). */
  readonly registryHost: string;
  /** The registry host of `account`: its own for the `registryAccounts`, else `registryHost`. */
  registryHostOf(account: string): string;
  readonly clock: Clock;
  scenario(): Scenario;
  /** Replaces the scenario; fault counters and the throttling sequence start over. */
  setScenario(scenario: Scenario): void;
  readonly github: {
    readonly requestUrl: string;
    readonly requestToken: string;
    /** `iss` of the tokens. */
    readonly issuer: string;
    /** The issuer without scheme: the IAM condition key prefix (`${issuerHost}:sub`). */
    readonly issuerHost: string;
    claims(): GithubClaimsConfig;
    setClaims(claims: Partial<GithubClaimsConfig>): void;
    /** A token as the endpoint issues it; `overrides` replace claims (e.g. `{ exp: 0 }`). */
    mintToken(audience: string, overrides?: JsonObject): string;
    /** The REST API (pull request comments, commit statuses) at GITHUB_API_URL, and its token. */
    readonly api: Pick<GithubApi, 'url' | 'token' | 'setAccess' | 'addComment' | 'comments' | 'statuses'>;
  };
  readonly iam: {
    createRole(spec: RoleSpec): Role;
    /** Every account trusts the GitHub issuer with audience sts.amazonaws.com unless this replaces it. */
    createOidcProvider(spec: OidcProviderSpec): OidcProvider;
    deleteOidcProvider(account: string): void;
    /** AWS's documented GitHub trust policy for this stand-in's issuer. */
    githubTrustPolicy(options: {
      account: string;
      sub: string | readonly string[];
      audience?: string;
    }): ReturnType<typeof githubTrustPolicy>;
    roleChainTrustPolicy: typeof roleChainTrustPolicy;
  };
  readonly ecr: {
    /** A registry password of `account` for no one's session (no policy decides its requests): to seed images. */
    issuePassword(account: string, region: string): string;
    /** `policy`: the repository policy, which another account's caller needs to allow its pulls. */
    createRepository(account: string, region: string, name: string, options?: RepositoryOptions): StandinRepository;
    listTags(name: string): Promise<string[]>;
    describeImage(name: string, reference: string): Promise<ImageDescription | undefined>;
    /** The stored manifest of `name:reference` and a blob of it, read from the registry directly (for tests). */
    manifest(name: string, reference: string): Promise<StoredManifest | undefined>;
    blob(name: string, digest: string): Promise<Buffer>;
  };
  readonly ecs: EcsAdmin;
  /** CodeDeploy's applications, deployment groups, failing hooks and deployments (codedeploy.ts). */
  readonly codeDeploy: CodeDeployAdmin;
  /** Every AWS call (and OIDC token request) in arrival order. */
  calls(): readonly RecordedCall[];
  /** Every request authorized against a role's permission policy, allowed or not, in order. */
  authorizations(): readonly Authorization[];
  /** Every secret handed out so far (JWTs, secret keys, session tokens, registry passwords and tokens). */
  secrets(): string[];
  /** Variables for the action's child process (no AWS credentials among them). */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

const DEFAULT_SCENARIO: Scenario = { rollout: 'healthy' };

/** The identity policy of a role created without one (it may do anything), for cross-account decisions. */
const ALLOW_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

async function writeContainerConfig(
  directory: string,
  registryHosts: readonly string[],
): Promise<{ registriesConf: string; storageConf: string }> {
  const registriesConf = join(directory, 'registries.conf');
  const storageConf = join(directory, 'storage.conf');
  await mkdir(join(directory, 'storage', 'graph'), { recursive: true });
  await mkdir(join(directory, 'storage', 'run'), { recursive: true });
  // The proxy speaks plain HTTP, so its host must be marked insecure for podman/buildah to use it.
  const registries = registryHosts.map((host) => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`).join('\n');
  await writeFile(registriesConf, `unqualified-search-registries = []\n\n${registries}`);
  await writeFile(
    storageConf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(directory, 'storage', 'graph')}"\nrunroot = "${join(directory, 'storage', 'run')}"\n`,
  );
  return { registriesConf, storageConf };
}

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const clock = createClock(options.timeScale ?? 1);
  let scenario: Scenario = options.scenario ?? DEFAULT_SCENARIO;
  const currentScenario = (): Scenario => scenario;
  const faults = createFaults(currentScenario);
  const cleanups: (() => Promise<void> | void)[] = [];
  const runCleanups = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('stand-in: cleanup failed', error);
      }
    }
  };

  try {
    const directory = await mkdtemp(join(tmpdir(), 'standin-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const upstream: UpstreamRegistry = await startUpstreamRegistry();
    cleanups.push(() => upstream.stop());
    const ecrStore = createEcrStore(clock);
    const authorizer = createAuthorizer();
    let parts:
      | {
          oidc: GithubOidcIssuer;
          githubApi: GithubApi;
          iam: ReturnType<typeof createIam>;
          ecrApi: EcrApi;
          ecs: EcsStandin;
          codeDeploy: CodeDeployStandin;
          credentials: CredentialStore;
        }
      | undefined;
    // A registry request is authorized against the permission policy of the session that got the password,
    // and, from another account, against the repository's policy as well (IAM's cross-account rule).
    const authorizeRegistry: RegistryAuthorizer = (holder, account, request, repositoryPolicy) => {
      const role = parts?.credentials.find(holder.accessKeyId)?.role;
      const crossAccount = parseRoleArn(role?.arn ?? '')?.account !== account;
      if (role === undefined || (role.permissionPolicy === undefined && !crossAccount)) return undefined;
      const iamRequest = { ...request, context: {} };
      if (crossAccount && repositoryPolicy === undefined) {
        return accessDenied('json', holder.arn, iamRequest).message + ' (no repository policy grants another account access)';
      }
      const denied = authorizer.authorize(
        { roleArn: role.arn, principal: holder.arn, account },
        role.permissionPolicy ?? ALLOW_EVERYTHING,
        [iamRequest],
        crossAccount ? repositoryPolicy : undefined,
      );
      return denied === undefined ? undefined : accessDenied('json', holder.arn, denied).message;
    };
    const ownRegistries = [...new Set(options.registryAccounts ?? [])];
    const proxy: RegistryProxy = await startRegistryProxy(
      upstream.url,
      upstream,
      ecrStore,
      authorizeRegistry,
      (account) => !ownRegistries.includes(account),
    );
    cleanups.push(() => proxy.close());
    const accountProxies = new Map<string, RegistryProxy>();
    for (const account of ownRegistries) {
      const own = await startRegistryProxy(upstream.url, upstream, ecrStore, authorizeRegistry, (owner) => owner === account);
      cleanups.push(() => own.close());
      accountProxies.set(account, own);
    }
    const registryHostOf = (account: string): string => accountProxies.get(account)?.host ?? proxy.host;
    const imageExists = imageExistsIn(upstream, proxy.host);
    const containerConfig = await writeContainerConfig(directory, [proxy.host, ...[...accountProxies.values()].map((own) => own.host)]);

    const server: AwsServer = await startAwsServer((endpoint) => {
      const oidc = createGithubOidcIssuer(endpoint, randomBytes(24).toString('base64url'));
      const githubApi = createGithubApi(endpoint, () => `${oidc.claims().owner}/${oidc.claims().repo}`);
      const iam = createIam(oidc.issuerHost);
      const credentials = createCredentialStore(clock);
      const sts = createSts({
        clock,
        iam,
        credentials,
        issuer: oidc,
        scenario: currentScenario,
        idpCommunicationFails: () => faults.takeFirst('idp', scenario.stsIdpCommunicationErrors),
        authorizer,
      });
      const ecrApi = createEcrApi({ clock, store: ecrStore, registry: upstream, registryHost: registryHostOf, scenario: currentScenario });
      const ecs = createEcsStandin({ clock, scenario: currentScenario, imageExists });
      const codeDeploy = createCodeDeployStandin({ clock, ecs: ecs.taskSets, toWallMs: wallTimeOf(clock) });
      parts = { oidc, githubApi, iam, ecrApi, ecs, codeDeploy, credentials };
      return {
        clock,
        faults,
        credentials,
        sts,
        json: { ecr: ecrApi.handler, ecs: ecs.ecs, logs: ecs.logs, codedeploy: codeDeploy.handler },
        oidc,
        githubApi,
        oidcServerErrors: () => scenario.oidcServerErrors,
        authorize: (service, operation, input, caller, region) => {
          const role = credentials.find(caller.accessKeyId)?.role;
          if (role?.permissionPolicy === undefined) return;
          const scope = { account: caller.account, region };
          const requests = iamRequestsFor(service, operation, input, {
            ...scope,
            nextRevision: (family) => ecs.admin.nextRevision(scope, family),
            rolesOf: (taskDefinition) => ecs.admin.taskDefinitionRoles(scope, taskDefinition),
            deploymentGroupOf: (deploymentId) => codeDeploy.groupOf(scope, deploymentId),
          });
          const denied = authorizer.authorize(
            { roleArn: role.arn, principal: caller.arn, account: caller.account },
            role.permissionPolicy,
            requests,
          );
          if (denied) throw accessDenied('json', caller.arn, denied);
        },
      };
    });
    cleanups.push(() => server.close());
    if (!parts) throw new Error('stand-in: the server did not build its services');
    const { oidc, githubApi, iam, ecrApi, ecs, codeDeploy, credentials } = parts;
    cleanups.push(() => ecs.stop());

    let stopped: Promise<void> | undefined;
    return {
      endpoint: server.endpoint,
      registryHost: proxy.host,
      registryHostOf,
      clock,
      scenario: currentScenario,
      setScenario(next) {
        scenario = next;
        faults.reset();
      },
      github: {
        requestUrl: oidc.requestUrl,
        requestToken: oidc.requestToken,
        issuer: oidc.issuer,
        issuerHost: oidc.issuerHost,
        claims: () => oidc.claims(),
        setClaims: (claims) => oidc.setClaims(claims),
        mintToken: (audience, overrides) => oidc.mintToken(audience, overrides),
        api: githubApi,
      },
      iam: {
        createRole: (spec) => iam.createRole(spec),
        createOidcProvider: (spec) => iam.createOidcProvider(spec),
        deleteOidcProvider: (account) => iam.deleteOidcProvider(account),
        githubTrustPolicy: (policyOptions) => githubTrustPolicy({ ...policyOptions, issuerHost: oidc.issuerHost }),
        roleChainTrustPolicy,
      },
      ecr: {
        createRepository(account, region, name, repositoryOptions) {
          const record = ecrStore.createRepository(account, region, name, repositoryOptions);
          return { account, region, name, immutable: record.immutable, uri: `${registryHostOf(account)}/${name}` };
        },
        issuePassword: (account, region) => ecrStore.issuePassword(account, region, 3600).password,
        listTags: (name) => ecrApi.listTags(name),
        describeImage: (name, reference) => ecrApi.describeImage(name, reference),
        manifest: (name, reference) => upstream.manifest(name, reference),
        blob: async (name, digest) => {
          const response = await fetch(`${upstream.url}/v2/${name}/blobs/${digest}`);
          if (!response.ok) throw new Error(`registry answered ${response.status} for blob ${digest} of ${name}`);
          return Buffer.from(await response.arrayBuffer());
        },
      },
      ecs: ecs.admin,
      codeDeploy: codeDeploy.admin,
      calls: () => server.calls(),
      authorizations: () => authorizer.recorded(),
      secrets: () => [githubApi.token, ...oidc.issuedTokens(), ...credentials.secrets(), ...ecrStore.secrets()],
      env: () => ({
        AWS_ENDPOINT_URL_STS: server.endpoint,
        AWS_ENDPOINT_URL_ECR: server.endpoint,
        AWS_ENDPOINT_URL_ECS: server.endpoint,
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.endpoint,
        AWS_ENDPOINT_URL_CODEDEPLOY: server.endpoint,
        // Nothing here serves instance metadata; without this the SDK would wait on 169.254.169.254.
        AWS_EC2_METADATA_DISABLED: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
        GITHUB_API_URL: githubApi.url,
        CONTAINERS_REGISTRIES_CONF: containerConfig.registriesConf,
        CONTAINERS_STORAGE_CONF: containerConfig.storageConf,
        BUILDAH_ISOLATION: 'chroot',
      }),
      stop: () => (stopped ??= runCleanups()),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
