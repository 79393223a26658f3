// Establishes the AWS session every other client signs with: the GitHub OIDC token exchanged with STS
// (or credentials already in the environment), then the optional role chain. The result is a provider,
// not a snapshot, so a deployment wait longer than one session simply gets new credentials.
// Transient STS failures are retried; refusals fail at once with what to change.
import * as core from '@actions/core';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type Credentials as StsCredentials,
  type STSClientConfig,
  type Tag,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuthConfig, GitHubContext } from '../inputs/config.js';
import { getOidcToken, type OidcToken } from './oidc-token.js';
import { retry, rootError, RetryExhaustedError, type RetryPolicy } from '../shared/retry.js';
import { accountOfArn, diagnoseChainHopFailure, diagnoseWebIdentityFailure } from './trust-diagnosis.js';
import { USER_AGENT } from '../shared/aws-clients.js';
import { awsErrorCode, errorMessage } from '../shared/errors.js';
import { isAccessDenied, isIssuerUnreachable, isMissingCredentials, isTransientStsError } from './sts-errors.js';

export interface AwsSession {
  /** A provider the SDK clients take as `credentials`; refreshes (new OIDC token, assume again, chain again)
   *  before expiry, so a two-hour wait works with one-hour sessions. Masks every new secret. */
  credentials: AwsCredentialIdentityProvider;
  /** Final role session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION), or the ambient identity's ARN. */
  assumedRoleArn: string;
  account: string;
  source: 'oidc' | 'environment';
  expiration?: Date;
}

export interface CredentialsDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Who runs, for the session tags of chained roles; read from GITHUB_* in `env` when absent. */
  readonly github?: Pick<GitHubContext, 'repository' | 'runId' | 'runAttempt'>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** The one place STS clients are made; tests wrap it to see which credentials each client got. */
  readonly createStsClient?: (config: STSClientConfig) => STSClient;
  /**
   * The first OIDC token, already requested by the caller so that the request is under way while the
   * SDK loads (see main.ts). Renewals always request a new one.
   */
  readonly firstToken?: Promise<OidcToken>;
}

export class CredentialsError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CredentialsError';
  }
}

/** Renew this long before expiry; more than the SDK's own 5-minute window, so it never reuses dying credentials. */
export const REFRESH_MARGIN_MS = 10 * 60 * 1000;
/** After a failed renewal, how long the still-valid credentials are used before the next attempt. */
const RENEWAL_RETRY_MS = 60_000;
/** AWS caps sessions reached by role chaining at one hour. */
export const CHAINED_ROLE_MAX_SECONDS = 3600;

const STS_RETRY = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 15_000, totalBudgetMs: 60_000 } as const;

interface Identity {
  readonly credentials: AwsCredentialIdentity;
  readonly arn: string;
  readonly expiration: Date | undefined;
  /** When this identity was obtained, for the refresh margin of short sessions. */
  readonly obtainedAt: number;
}

export async function establishSession(auth: AuthConfig, deps: CredentialsDeps = {}): Promise<AwsSession> {
  const session = new SessionFactory(auth, deps);
  const first = await session.acquire(true);
  const now = deps.now ?? Date.now;
  let current = first;
  let renewal: Promise<Identity> | undefined;
  let nextRenewalAt = 0;

  const credentials: AwsCredentialIdentityProvider = async () => {
    if (!session.needsRefresh(current) || now() < nextRenewalAt) return current.credentials;
    // Concurrent SDK calls near expiry share one renewal instead of each assuming the roles again.
    renewal ??= session.acquire(false).finally(() => {
      renewal = undefined;
    });
    try {
      current = await renewal;
    } catch (error) {
      // Renewal starts well before expiry: while the current credentials still work, a failed renewal
      // must not end a healthy deployment watch. Try again later; fail only once they have expired.
      const expiresAt = current.expiration?.getTime() ?? 0;
      if (expiresAt <= now()) throw error;
      nextRenewalAt = now() + RENEWAL_RETRY_MS;
      core.warning(
        `Could not renew the AWS credentials (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); ` +
          `using the current ones until ${new Date(expiresAt).toISOString()} and trying again in ${RENEWAL_RETRY_MS / 1000} s.`,
      );
    }
    return current.credentials;
  };

  const result: AwsSession = {
    credentials,
    assumedRoleArn: first.arn,
    account: accountOfArn(first.arn) ?? '',
    source: auth.roleToAssume ? 'oidc' : 'environment',
    ...(first.expiration && { expiration: first.expiration }),
  };
  if (auth.exportCredentials) exportToEnvironment(first, auth.region);
  return result;
}

class SessionFactory {
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly now: () => number;
  private readonly createStsClient: (config: STSClientConfig) => STSClient;
  /** Chain hops whose trust policy refused sts:TagSession: assumed untagged from then on. */
  private readonly untaggedHops = new Set<number>();
  private ambientProvider: AwsCredentialIdentityProvider | undefined;
  private ambientArn: string | undefined;

  constructor(
    private readonly auth: AuthConfig,
    private readonly deps: CredentialsDeps,
  ) {
    this.env = deps.env ?? process.env;
    this.now = deps.now ?? Date.now;
    this.createStsClient = deps.createStsClient ?? ((config) => new STSClient(config));
  }

  needsRefresh(identity: Identity): boolean {
    if (identity.expiration === undefined) return false;
    const lifetime = identity.expiration.getTime() - identity.obtainedAt;
    const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 2);
    return identity.expiration.getTime() - this.now() <= margin;
  }

  async acquire(first: boolean): Promise<Identity> {
    if (!first) core.info('AWS credentials expire soon; renewing them.');
    let identity = this.auth.roleToAssume ? await this.fromOidc(this.auth.roleToAssume, first) : await this.fromEnvironment(first);
    const chain = this.auth.roleChain;
    for (const [index, roleArn] of chain.entries()) {
      const callerRoleArn = index === 0 ? this.auth.roleToAssume || undefined : chain[index - 1];
      identity = await this.assumeHop(identity, roleArn, index + 1, callerRoleArn, first);
    }
    return identity;
  }

  private async fromOidc(roleArn: string, first: boolean): Promise<Identity> {
    const early = first ? this.deps.firstToken : undefined;
    const oidc = await (early ?? getOidcToken(this.auth.audience, { ...this.timing(), env: this.env, showClaims: first }));
    const client = this.createStsClient({ region: this.auth.region, maxAttempts: 1, customUserAgent: USER_AGENT });
    try {
      const response = await retry(
        () =>
          client.send(
            new AssumeRoleWithWebIdentityCommand({
              RoleArn: roleArn,
              RoleSessionName: this.auth.roleSessionName,
              DurationSeconds: this.auth.roleDurationSeconds,
              WebIdentityToken: oidc.token,
            }),
          ),
        this.stsRetryPolicy('AssumeRoleWithWebIdentity'),
      );
      const identity = this.accept(response.Credentials, response.AssumedRoleUser?.Arn, 'AssumeRoleWithWebIdentity');
      core.info(
        `Assumed ${roleArn} with the GitHub OIDC token as ${identity.arn} (session ${this.auth.roleSessionName})${expiryText(identity)}.`,
      );
      return identity;
    } catch (error) {
      throw this.webIdentityError(error, roleArn, oidc);
    } finally {
      client.destroy();
    }
  }

  private async fromEnvironment(first: boolean): Promise<Identity> {
    if (!first && this.ambientProvider && this.ambientArn !== undefined) {
      // Renewal: the default chain refreshes by itself; only the chain on top needs assuming again.
      return this.accept(toStsCredentials(await this.ambientProvider()), this.ambientArn, 'environment');
    }
    const client = this.createStsClient({ region: this.auth.region, maxAttempts: 1, customUserAgent: USER_AGENT });
    try {
      // The STS client's own default chain: environment variables, shared files, container or instance roles.
      const provider = (this.ambientProvider ??= () => client.config.credentials());
      const caller = await retry(() => client.send(new GetCallerIdentityCommand({})), this.stsRetryPolicy('GetCallerIdentity'));
      const credentials = await provider();
      const identity = this.accept(toStsCredentials(credentials), caller.Arn, 'GetCallerIdentity');
      this.ambientArn = identity.arn;
      core.info(`Using AWS credentials already present in the environment (${identity.arn}).`);
      return identity;
    } catch (error) {
      if (error instanceof CredentialsError) throw error;
      const root = rootError(error);
      if (isMissingCredentials(root)) {
        throw new CredentialsError(
          'No AWS credentials: `role-to-assume` is empty and none were found in the environment; set `role-to-assume` to the ARN of a role that trusts GitHub OIDC and add `permissions: id-token: write` to the job.',
          error,
        );
      }
      throw new CredentialsError(
        `Checking the AWS credentials present in the environment failed (STS GetCallerIdentity: ${describeStsError(error)}).`,
        error,
      );
    } finally {
      // The provider outlives the client: it loads credentials with its own connections.
      client.destroy();
    }
  }

  private async assumeHop(
    previous: Identity,
    roleArn: string,
    hop: number,
    callerRoleArn: string | undefined,
    first: boolean,
  ): Promise<Identity> {
    const client = this.createStsClient({
      region: this.auth.region,
      maxAttempts: 1,
      customUserAgent: USER_AGENT,
      credentials: previous.credentials,
    });
    const hops = this.auth.roleChain.length;
    const durationSeconds = Math.min(this.auth.roleDurationSeconds, CHAINED_ROLE_MAX_SECONDS);
    const tags = this.untaggedHops.has(hop) ? [] : this.sessionTags();
    const assume = (withTags: readonly Tag[]) =>
      retry(
        () =>
          client.send(
            new AssumeRoleCommand({
              RoleArn: roleArn,
              RoleSessionName: this.auth.roleSessionName,
              DurationSeconds: durationSeconds,
              ...(withTags.length > 0 && { Tags: [...withTags] }),
            }),
          ),
        this.stsRetryPolicy(`AssumeRole (role-chain hop ${hop})`),
      );
    try {
      let response;
      try {
        response = await assume(tags);
      } catch (error) {
        if (tags.length === 0 || !isAccessDenied(error)) throw error;
        // A trust policy without sts:TagSession refuses tagged sessions only; an untagged one still deploys.
        response = await assume([]);
        this.untaggedHops.add(hop);
        core.warning(
          `The trust policy of ${roleArn} does not allow sts:TagSession, so the session is not tagged with the repository and run; add sts:TagSession for ${callerRoleArn ?? previous.arn} so CloudTrail can tell runs apart.`,
        );
      }
      const identity = this.accept(response.Credentials, response.AssumedRoleUser?.Arn, 'AssumeRole');
      if (first) {
        core.info(`Role chain ${hop}/${hops}: assumed ${roleArn} as ${identity.arn}${expiryText(identity)}.`);
      }
      return identity;
    } catch (error) {
      if (error instanceof CredentialsError) throw error;
      throw new CredentialsError(
        withAttempts(
          diagnoseChainHopFailure({
            failure: { code: awsErrorCode(rootError(error)), message: errorMessage(rootError(error)) },
            hop,
            hops,
            roleArn,
            callerArn: previous.arn,
            callerRoleArn,
            requestedDurationSeconds: durationSeconds,
          }),
          error,
        ),
        error,
      );
    } finally {
      client.destroy();
    }
  }

  /** Masks the new secrets before anything else sees them, then keeps them as the current identity. */
  private accept(credentials: StsCredentials | undefined, arn: string | undefined, operation: string): Identity {
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials ?? {};
    for (const secret of [SecretAccessKey, SessionToken, AccessKeyId]) {
      if (secret) core.setSecret(secret);
    }
    if (!AccessKeyId || !SecretAccessKey) {
      throw new CredentialsError(`STS ${operation} answered without credentials.`);
    }
    if (!arn) throw new CredentialsError(`STS ${operation} answered without the caller's ARN.`);
    return {
      credentials: {
        accessKeyId: AccessKeyId,
        secretAccessKey: SecretAccessKey,
        ...(SessionToken && { sessionToken: SessionToken }),
        ...(Expiration && { expiration: Expiration }),
      },
      arn,
      expiration: Expiration,
      obtainedAt: this.now(),
    };
  }

  private webIdentityError(error: unknown, roleArn: string, oidc: OidcToken): CredentialsError {
    if (error instanceof CredentialsError) return error;
    const root = rootError(error);
    const failure = { code: awsErrorCode(root), message: errorMessage(root) };
    const diagnosis =
      error instanceof RetryExhaustedError && isIssuerUnreachable(root)
        ? `STS could not reach GitHub's OIDC issuer to verify the token for ${roleArn} (${failure.message}); this is on AWS's or GitHub's side, run the job again later.`
        : diagnoseWebIdentityFailure({
            failure,
            roleArn,
            audience: this.auth.audience,
            claims: oidc.claims,
            roleDurationSeconds: this.auth.roleDurationSeconds,
            nowMs: this.now(),
          });
    return new CredentialsError(withAttempts(diagnosis, error), error);
  }

  private stsRetryPolicy(operation: string): RetryPolicy {
    return {
      ...STS_RETRY,
      ...this.timing(),
      jitter: 'full',
      isRetryable: isTransientStsError,
      onRetry: (error, attempt, delayMs) =>
        core.info(
          `STS ${operation} failed (${describeStsError(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${STS_RETRY.maxAttempts}).`,
        ),
    };
  }

  private timing(): Pick<RetryPolicy, 'sleep' | 'now' | 'random'> {
    return {
      now: this.now,
      ...(this.deps.sleep && { sleep: this.deps.sleep }),
      ...(this.deps.random && { random: this.deps.random }),
    };
  }

  /** Repository and run, so CloudTrail tells runs apart; values limited to the characters STS accepts. */
  private sessionTags(): Tag[] {
    const github = this.deps.github ?? {
      repository: this.env['GITHUB_REPOSITORY'] ?? '',
      runId: this.env['GITHUB_RUN_ID'] ?? '',
      runAttempt: this.env['GITHUB_RUN_ATTEMPT'] ?? '',
    };
    const pairs: [string, string][] = [
      ['Repository', github.repository],
      ['RunId', github.runId],
      ['RunAttempt', github.runAttempt],
    ];
    return pairs
      .map(([Key, value]) => ({ Key, Value: value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256) }))
      .filter((tag) => tag.Value !== '');
  }
}

function exportToEnvironment(identity: Identity, region: string): void {
  const { accessKeyId, secretAccessKey, sessionToken } = identity.credentials;
  core.exportVariable('AWS_ACCESS_KEY_ID', accessKeyId);
  core.exportVariable('AWS_SECRET_ACCESS_KEY', secretAccessKey);
  if (sessionToken) core.exportVariable('AWS_SESSION_TOKEN', sessionToken);
  core.exportVariable('AWS_REGION', region);
  core.exportVariable('AWS_DEFAULT_REGION', region);
  const expiry = identity.expiration ? ` They expire at ${identity.expiration.toISOString()} and are not renewed there.` : '';
  core.warning(
    `\`export-credentials\` is on: every later step of this job can read these AWS credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.${expiry}`,
  );
}

function toStsCredentials(identity: AwsCredentialIdentity): StsCredentials {
  return {
    AccessKeyId: identity.accessKeyId,
    SecretAccessKey: identity.secretAccessKey,
    SessionToken: identity.sessionToken,
    Expiration: identity.expiration,
  };
}

function describeStsError(error: unknown): string {
  const root = rootError(error);
  const code = awsErrorCode(root);
  const message = errorMessage(root);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

function withAttempts(diagnosis: string, error: unknown): string {
  if (!(error instanceof RetryExhaustedError)) return diagnosis;
  const [firstLine = '', ...rest] = diagnosis.split('\n');
  return [`${firstLine} (gave up after ${error.attempts} attempts in ${(error.elapsedMs / 1000).toFixed(1)} s)`, ...rest].join('\n');
}

function expiryText(identity: Identity): string {
  return identity.expiration ? `; expires at ${identity.expiration.toISOString()}, renewed automatically before then` : '';
}
