// GitHub's side of OIDC: the token endpoint `@actions/core`'s getIDToken calls, the issuer's discovery
// document and JWKS, and the claim set GitHub puts in its tokens.
import { createHash, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { signJwt } from './jwt.js';
import type { JsonObject } from './types.js';

export interface GithubClaimsConfig {
  readonly owner: string;
  readonly ownerId: string;
  readonly repo: string;
  readonly repoId: string;
  readonly branch: string;
  /** When set, the job targets this environment and `sub` names it instead of the ref. */
  readonly environment?: string;
  /** `classic`: `repo:OWNER/REPO:…`; `immutable` (repositories created since 2026-07-15): `repo:OWNER@ID/REPO@ID:…`. */
  readonly subFormat: 'classic' | 'immutable';
  readonly eventName: string;
  readonly sha: string;
  readonly workflow: string;
  readonly workflowFile: string;
  readonly runId: string;
  readonly runNumber: string;
  readonly runAttempt: string;
  readonly actor: string;
  readonly actorId: string;
}

export const DEFAULT_GITHUB_CLAIMS: GithubClaimsConfig = {
  owner: 'my-org',
  ownerId: '4242001',
  repo: 'my-app',
  repoId: '880011223',
  branch: 'main',
  subFormat: 'classic',
  eventName: 'push',
  sha: '3f786850e387550fdab836ed7e6dc881de23001b',
  workflow: 'deploy',
  workflowFile: '.github/workflows/deploy.yml',
  runId: '9876543210',
  runNumber: '17',
  runAttempt: '1',
  actor: 'octocat',
  actorId: '583231',
};

/** The `sub` claim GitHub builds for this configuration. */
export function subjectFor(config: GithubClaimsConfig): string {
  const repository =
    config.subFormat === 'immutable'
      ? `${config.owner}@${config.ownerId}/${config.repo}@${config.repoId}`
      : `${config.owner}/${config.repo}`;
  if (config.environment !== undefined) return `repo:${repository}:environment:${config.environment}`;
  if (config.eventName === 'pull_request') return `repo:${repository}:pull_request`;
  return `repo:${repository}:ref:refs/heads/${config.branch}`;
}

export function claimsFor(config: GithubClaimsConfig, issuer: string, audience: string, nowSeconds: number): JsonObject {
  const repository = `${config.owner}/${config.repo}`;
  const ref = `refs/heads/${config.branch}`;
  const workflowRef = `${repository}/${config.workflowFile}@${ref}`;
  return {
    jti: randomUUID(),
    sub: subjectFor(config),
    aud: audience,
    ref,
    sha: config.sha,
    repository,
    repository_owner: config.owner,
    repository_owner_id: config.ownerId,
    repository_id: config.repoId,
    repository_visibility: 'private',
    run_id: config.runId,
    run_number: config.runNumber,
    run_attempt: config.runAttempt,
    actor: config.actor,
    actor_id: config.actorId,
    workflow: config.workflow,
    event_name: config.eventName,
    ref_type: 'branch',
    ref_protected: 'false',
    head_ref: '',
    base_ref: '',
    workflow_ref: workflowRef,
    workflow_sha: config.sha,
    job_workflow_ref: workflowRef,
    job_workflow_sha: config.sha,
    runner_environment: 'github-hosted',
    ...(config.environment !== undefined ? { environment: config.environment } : {}),
    iss: issuer,
    nbf: nowSeconds - 5,
    exp: nowSeconds + 300,
    iat: nowSeconds,
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface GithubOidcIssuer {
  /** `iss` of the tokens, e.g. `http://127.0.0.1:PORT/github/oidc`. */
  readonly issuer: string;
  /** The issuer without its scheme: IAM's condition key prefix (`<issuerHost>:sub`) and provider name. */
  readonly issuerHost: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL: already has a query, so @actions/core appends `&audience=…`. */
  readonly requestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN: the bearer the token endpoint requires. */
  readonly requestToken: string;
  claims(): GithubClaimsConfig;
  setClaims(claims: Partial<GithubClaimsConfig>): void;
  /** A token as the endpoint would issue it; `overrides` replace claims (e.g. `exp` in the past). */
  mintToken(audience: string, overrides?: JsonObject): string;
  jwks(): readonly JsonWebKey[];
  /** Every token the endpoint handed out, for the secret scans. */
  issuedTokens(): readonly string[];
  /** Answers a GET under the issuer path; undefined when the path is not the issuer's. */
  answer(pathAndQuery: string, authorization: string | undefined, failThisTokenRequest: () => boolean): HttpAnswer | undefined;
}

export const OIDC_BASE_PATH = '/github/oidc';

export function createGithubOidcIssuer(endpoint: string, requestToken: string): GithubOidcIssuer {
  const issuer = `${endpoint}${OIDC_BASE_PATH}`;
  const issuerHost = issuer.replace(/^https?:\/\//, '');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(JSON.stringify(publicJwk)).digest('base64url').slice(0, 40);
  const jwk: JsonWebKey = { ...publicJwk, kid, use: 'sig', alg: 'RS256' };
  let config: GithubClaimsConfig = DEFAULT_GITHUB_CLAIMS;
  const issuedTokens: string[] = [];

  const mintToken = (audience: string, overrides: JsonObject = {}): string => {
    const claims = { ...claimsFor(config, issuer, audience, Math.floor(Date.now() / 1000)), ...overrides };
    return signJwt({ typ: 'JWT', alg: 'RS256', kid, x5t: kid }, claims, privateKey);
  };

  const json = (status: number, body: unknown): HttpAnswer => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });

  return {
    issuer,
    issuerHost,
    requestUrl: `${endpoint}${OIDC_BASE_PATH}/token?api-version=2.0`,
    requestToken,
    claims: () => config,
    setClaims: (claims) => {
      config = { ...config, ...claims };
    },
    mintToken,
    jwks: () => [jwk],
    issuedTokens: () => issuedTokens,
    answer(pathAndQuery, authorization, failThisTokenRequest) {
      const url = new URL(pathAndQuery, endpoint);
      switch (url.pathname) {
        case `${OIDC_BASE_PATH}/.well-known/openid-configuration`:
          return json(200, {
            issuer,
            jwks_uri: `${issuer}/.well-known/jwks`,
            subject_types_supported: ['public', 'pairwise'],
            response_types_supported: ['id_token'],
            claims_supported: [
              'sub',
              'aud',
              'exp',
              'iat',
              'iss',
              'jti',
              'nbf',
              'ref',
              'sha',
              'repository',
              'repository_id',
              'repository_owner',
              'repository_owner_id',
              'run_id',
              'run_number',
              'run_attempt',
              'actor',
              'actor_id',
              'workflow',
              'workflow_ref',
              'job_workflow_ref',
              'event_name',
              'environment',
              'runner_environment',
            ],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid'],
          });
        case `${OIDC_BASE_PATH}/.well-known/jwks`:
          return json(200, { keys: [jwk] });
        case `${OIDC_BASE_PATH}/token`: {
          if (authorization !== `Bearer ${requestToken}`) return json(401, { message: 'Bad credentials' });
          if (failThisTokenRequest()) return json(500, { message: 'Internal server error' });
          // Without an audience GitHub uses the URL of the repository owner.
          const audience = url.searchParams.get('audience') ?? `https://github.com/${config.owner}`;
          const token = mintToken(audience);
          issuedTokens.push(token);
          return json(200, { value: token });
        }
        default:
          return undefined;
      }
    },
  };
}
