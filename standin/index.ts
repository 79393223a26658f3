// The local AWS + GitHub stand-in, composed: one HTTP endpoint for STS, ECR, ECS and CloudWatch Logs
// (and GitHub's OIDC token endpoint), and a real registry behind ECR's auth proxy. See README.md.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from './clock.js';
import { createCredentialStore, type CredentialStore } from './credentials.js';
import { createEcrApi, createEcrStore, type EcrApi, type ImageDescription } from './ecr.js';
import { createEcsStandin, type EcsAdmin, type EcsStandin } from './ecs.js';
import { createFaults } from './faults.js';
import {
  createIam,
  githubTrustPolicy,
  roleChainTrustPolicy,
  type OidcProvider,
  type OidcProviderSpec,
  type Role,
  type RoleSpec,
} from './iam.js';
import { iamRequestsFor } from './iam-requests.js';
import { accessDenied, createAuthorizer, type Authorization } from './permission-policy.js';
import { createGithubOidcIssuer, type GithubClaimsConfig, type GithubOidcIssuer } from './oidc.js';
import { createGithubApi, type GithubApi } from './github-api.js';
import { startRegistryProxy, type RegistryProxy } from './registry-proxy.js';
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
    createRepository(account: string, region: string, name: string, options?: { immutable?: boolean }): StandinRepository;
    listTags(name: string): Promise<string[]>;
    describeImage(name: string, reference: string): Promise<ImageDescription | undefined>;
    /** The manifest (or image index) a tag or digest names, as the registry serves it. */
    manifest(name: string, reference: string): Promise<StoredManifest | undefined>;
  };
  readonly ecs: EcsAdmin;
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

async function writeContainerConfig(directory: string, registryHost: string): Promise<{ registriesConf: string; storageConf: string }> {
  const registriesConf = join(directory, 'registries.conf');
  const storageConf = join(directory, 'storage.conf');
  await mkdir(join(directory, 'storage', 'graph'), { recursive: true });
  await mkdir(join(directory, 'storage', 'run'), { recursive: true });
  // The proxy speaks plain HTTP, so its host must be marked insecure for podman/buildah to use it.
  await writeFile(registriesConf, `unqualified-search-registries = []\n\n[[registry]]\nlocation = "${registryHost}"\ninsecure = true\n`);
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
          credentials: CredentialStore;
        }
      | undefined;
    // A registry request is authorized against the permission policy of the session that got the password.
    const proxy: RegistryProxy = await startRegistryProxy(upstream.url, upstream, ecrStore, (holder, account, request) => {
      const role = parts?.credentials.find(holder.accessKeyId)?.role;
      if (role?.permissionPolicy === undefined) return undefined;
      const iamRequest = { ...request, context: {} };
      const denied = authorizer.authorize({ roleArn: role.arn, principal: holder.arn, account }, role.permissionPolicy, [iamRequest]);
      return denied === undefined ? undefined : accessDenied('json', holder.arn, denied).message;
    });
    cleanups.push(() => proxy.close());
    const imageExists = imageExistsIn(upstream, proxy.host);
    const containerConfig = await writeContainerConfig(directory, proxy.host);

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
      const ecrApi = createEcrApi({ clock, store: ecrStore, registry: upstream, registryHost: proxy.host, scenario: currentScenario });
      const ecs = createEcsStandin({ clock, scenario: currentScenario, imageExists });
      parts = { oidc, githubApi, iam, ecrApi, ecs, credentials };
      return {
        clock,
        faults,
        credentials,
        sts,
        json: { ecr: ecrApi.handler, ecs: ecs.ecs, logs: ecs.logs },
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
    const { oidc, githubApi, iam, ecrApi, ecs, credentials } = parts;
    cleanups.push(() => ecs.stop());

    let stopped: Promise<void> | undefined;
    return {
      endpoint: server.endpoint,
      registryHost: proxy.host,
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
          return { account, region, name, immutable: record.immutable, uri: `${proxy.host}/${name}` };
        },
        listTags: (name) => ecrApi.listTags(name),
        describeImage: (name, reference) => ecrApi.describeImage(name, reference),
        manifest: (name, reference) => upstream.manifest(name, reference),
      },
      ecs: ecs.admin,
      calls: () => server.calls(),
      authorizations: () => authorizer.recorded(),
      secrets: () => [githubApi.token, ...oidc.issuedTokens(), ...credentials.secrets(), ...ecrStore.secrets()],
      env: () => ({
        AWS_ENDPOINT_URL_STS: server.endpoint,
        AWS_ENDPOINT_URL_ECR: server.endpoint,
        AWS_ENDPOINT_URL_ECS: server.endpoint,
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.endpoint,
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
