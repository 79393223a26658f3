// Gets the job's GitHub OIDC token and shows what is inside it, because the claims are exactly what the
// role's trust policy is matched against and users otherwise can't see them. The token is never
// verified here (AWS does that) and never printed.
import * as core from '@actions/core';
import { errorMessage, isNetworkError, mentionsNetworkError } from '../shared/errors.js';
import { retry } from '../shared/retry.js';

export const REQUEST_URL_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_URL';
export const REQUEST_TOKEN_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';

/** The claims we explain; GitHub sends more, and `sub` may follow an organisation's custom template. */
export interface OidcClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly repository?: string;
  readonly repository_owner?: string;
  readonly repository_owner_id?: string;
  readonly repository_id?: string;
  readonly ref?: string;
  readonly environment?: string;
  readonly event_name?: string;
  readonly job_workflow_ref?: string;
  readonly workflow?: string;
  readonly run_id?: string;
  readonly exp?: number;
}

export interface OidcToken {
  readonly token: string;
  readonly claims: OidcClaims;
}

export interface OidcDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Show the claims in a collapsed group (the first token of a run); refreshes log one line instead. */
  readonly showClaims?: boolean;
}

export class MissingOidcTokenError extends Error {
  readonly failureCause = 'token-missing';
  constructor(missingVariable: string) {
    super(
      `This workflow has no OIDC token (${missingVariable} is not set): add \`permissions: id-token: write\` ` +
        '(and `contents: read`) to the job or workflow; pull requests from forks never get a token, so use ' +
        '`role-to-assume` only on trusted events, or leave `role-to-assume` empty to use AWS credentials already ' +
        'present in the environment.',
    );
    this.name = 'MissingOidcTokenError';
  }
}

export class OidcTokenError extends Error {
  readonly failureCause = 'token-request';
  constructor(audience: string, cause: unknown) {
    super(`Could not get the GitHub OIDC token for audience "${audience}": ${errorMessage(cause)}`, { cause });
    this.name = 'OidcTokenError';
  }
}

// core.getIDToken retries only 502/503/504 and only briefly; a 500 or a dropped connection ends the
// job. A few seconds more is cheap next to a failed deploy.
const TOKEN_RETRY = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 3000, totalBudgetMs: 8000 } as const;

/** Throws MissingOidcTokenError when the runner offers no token; before any request is made. */
export function assertOidcAvailable(env: Readonly<Record<string, string | undefined>> = process.env): void {
  for (const variable of [REQUEST_URL_VARIABLE, REQUEST_TOKEN_VARIABLE]) {
    if (!env[variable]) throw new MissingOidcTokenError(variable);
  }
}

export async function getOidcToken(audience: string, deps: OidcDeps = {}): Promise<OidcToken> {
  assertOidcAvailable(deps.env);
  let token: string;
  try {
    token = await retry(() => core.getIDToken(audience), {
      ...TOKEN_RETRY,
      isRetryable: isTransientOidcError,
      ...(deps.sleep && { sleep: deps.sleep }),
      ...(deps.now && { now: deps.now }),
      ...(deps.random && { random: deps.random }),
      onRetry: (error, attempt, delayMs) =>
        core.info(
          `GitHub OIDC token request failed (${errorMessage(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${TOKEN_RETRY.maxAttempts}).`,
        ),
    });
  } catch (error) {
    throw new OidcTokenError(audience, error);
  }
  core.setSecret(token);

  const claims = decodeClaims(token);
  if (deps.showClaims ?? true) {
    // Printed inside the Credentials phase's collapsed group: the runner does not nest groups.
    core.info(`GitHub OIDC token claims (what the role's trust policy is matched against):`);
    for (const line of describeClaims(claims)) core.info(`  ${line}`);
  } else {
    core.info(`Got a new GitHub OIDC token (sub ${claims.sub ?? '(none)'}).`);
  }
  return { token, claims };
}

/** 5xx, 429 and dropped connections, as core.getIDToken words them in its error message. */
export function isTransientOidcError(error: unknown): boolean {
  const message = errorMessage(error);
  const status = /Error Code\s*:\s*(\w+)/.exec(message)?.[1];
  if (status !== undefined) {
    if (/^(5\d\d|429)$/.test(status)) return true;
    // http-client leaves the status undefined when the connection itself failed.
    if (status === 'undefined') return true;
    return false;
  }
  // core.getIDToken keeps only the message of the socket error; an unwrapped one still has its code.
  return isNetworkError(error) || mentionsNetworkError(message);
}

/** The payload of a JWT, unverified. Anything unreadable yields no claims rather than an error. */
export function decodeClaims(token: string): OidcClaims {
  const payload = token.split('.')[1];
  if (payload === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const source = parsed as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = source[key];
    if (typeof value === 'string') return value;
    return typeof value === 'number' ? String(value) : undefined;
  };
  const aud = source['aud'];
  const exp = source['exp'];
  return dropUndefined({
    iss: text('iss'),
    sub: text('sub'),
    aud: typeof aud === 'string' ? aud : Array.isArray(aud) ? aud.filter((item): item is string => typeof item === 'string') : undefined,
    repository: text('repository'),
    repository_owner: text('repository_owner'),
    repository_owner_id: text('repository_owner_id'),
    repository_id: text('repository_id'),
    ref: text('ref'),
    environment: text('environment'),
    event_name: text('event_name'),
    job_workflow_ref: text('job_workflow_ref'),
    workflow: text('workflow'),
    run_id: text('run_id'),
    exp: typeof exp === 'number' ? exp : undefined,
  });
}

/** One `name: value` line per claim a trust policy is usually written against. */
export function describeClaims(claims: OidcClaims): string[] {
  const shown: [string, string | undefined][] = [
    ['sub', claims.sub],
    ['aud', audiences(claims).join(', ') || undefined],
    ['repository', claims.repository],
    ['repository_owner_id', claims.repository_owner_id],
    ['repository_id', claims.repository_id],
    ['ref', claims.ref],
    ['environment', claims.environment],
    ['event_name', claims.event_name],
    ['job_workflow_ref', claims.job_workflow_ref],
    ['iss', claims.iss],
    ['exp', claims.exp === undefined ? undefined : new Date(claims.exp * 1000).toISOString()],
  ];
  const always = new Set(['sub', 'aud', 'repository', 'ref', 'environment', 'job_workflow_ref']);
  return shown
    .filter(([name, value]) => value !== undefined || always.has(name))
    .map(([name, value]) => `${name}: ${value ?? '(not in token)'}`);
}

export function audiences(claims: OidcClaims): readonly string[] {
  if (claims.aud === undefined) return [];
  return typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
