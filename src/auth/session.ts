// Establishes the AWS session every other client signs with: the GitHub OIDC token exchanged with STS
// (or credentials already in the environment), then the optional role chain. The result is a provider,
// not a snapshot, so a deployment wait longer than one session simply gets new credentials.
// Transient STS failures are retried; refusals fail at once with what to change.
import * as core from '@actions/core';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuthConfig } from '../inputs/config.js';
import type { ProxySettings } from '../shared/proxy-settings.js';
import { AmbientIdentity } from './ambient-identity.js';
import { exportCredentials } from './export-credentials.js';
import type { Identity } from './identity.js';
import { getOidcToken, type OidcToken } from './oidc-token.js';
import { refreshingProvider } from './refreshing-provider.js';
import { RoleChain } from './role-chain.js';
import { sessionTags, type RunIdentity } from './session-tags.js';
import type { CreateStsClient, StsContext } from './sts-client.js';
import { accountOfArn } from './trust-diagnosis.js';
import { assumeRoleWithWebIdentity } from './web-identity.js';

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
  /** Who runs (`config.github`), for the session tags of chained roles. */
  readonly github: RunIdentity;
  /** Where the runner says whether it offers an OIDC token (ACTIONS_ID_TOKEN_REQUEST_*); process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly createStsClient?: CreateStsClient;
  /**
   * The first OIDC token, already requested by the caller so that the request is under way while the
   * SDK loads (see main.ts). Renewals always request a new one.
   */
  readonly firstToken?: Promise<OidcToken> | undefined;
  /** The proxy STS is reached through (proxy-settings.ts); direct when absent. */
  readonly proxy?: ProxySettings;
}

export async function establishSession(auth: AuthConfig, deps: CredentialsDeps): Promise<AwsSession> {
  const now = deps.now ?? Date.now;
  const timing = { now, ...(deps.sleep && { sleep: deps.sleep }), ...(deps.random && { random: deps.random }) };
  const sts: StsContext = {
    createClient: deps.createStsClient ?? ((config) => new STSClient(config)),
    ...(deps.proxy && { proxy: deps.proxy }),
    ...timing,
  };
  const ambient = new AmbientIdentity(auth.region, sts);
  const chain = new RoleChain(auth, sessionTags(deps.github), sts);

  const fromOidc = async (roleArn: string, first: boolean): Promise<Identity> => {
    const early = first ? deps.firstToken : undefined;
    const renewed = () => getOidcToken(auth.audience, { ...timing, env: deps.env ?? process.env, showClaims: first });
    const oidc = await (early ?? renewed());
    return assumeRoleWithWebIdentity(roleArn, oidc, auth, sts);
  };
  const acquire = async (first: boolean): Promise<Identity> => {
    if (!first) core.info('AWS credentials expire soon; renewing them.');
    const start = auth.roleToAssume ? await fromOidc(auth.roleToAssume, first) : await ambient.get(first);
    return chain.assumeAll(start, first);
  };

  const first = await acquire(true);
  if (auth.exportCredentials) exportCredentials(first, auth.region);
  return {
    credentials: refreshingProvider(first, () => acquire(false), now),
    assumedRoleArn: first.arn,
    account: accountOfArn(first.arn) ?? '',
    source: auth.roleToAssume ? 'oidc' : 'environment',
    ...(first.expiration && { expiration: first.expiration }),
  };
}
