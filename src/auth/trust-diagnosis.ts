// Turns an STS refusal into what the user must change, with the token's own claims and a trust policy
// statement that would accept them. Pure: claims, ARNs and the error's code/message in, text out.
import type { OidcClaims } from './oidc-token.js';

const DEFAULT_PROVIDER_HOST = 'token.actions.githubusercontent.com';
/** The date from which GitHub issues the immutable `sub` format to newly created repositories. */
const IMMUTABLE_SUB_SINCE = '2026-07-15';

export type SubjectFormat = 'immutable' | 'classic' | 'custom';
export type SubjectContext = 'ref' | 'environment' | 'pull_request' | 'other';

export interface ParsedSubject {
  readonly format: SubjectFormat;
  readonly owner?: string;
  readonly ownerId?: string;
  readonly repository?: string;
  readonly repositoryId?: string;
  /** What follows the repository: `ref:refs/heads/main`, `environment:production`, `pull_request`, … */
  readonly rest?: string;
  readonly context: SubjectContext;
}

/** What went wrong, as the STS error said it. */
export interface StsFailure {
  readonly code: string;
  readonly message: string;
}

export interface WebIdentityFailureFacts {
  readonly failure: StsFailure;
  readonly roleArn: string;
  /** The `audience` input the token was requested for. */
  readonly audience: string;
  readonly claims: OidcClaims;
  readonly roleDurationSeconds: number;
  readonly nowMs: number;
}

export interface ChainHopFailureFacts {
  readonly failure: StsFailure;
  /** 1-based position in `role-chain`. */
  readonly hop: number;
  readonly hops: number;
  readonly roleArn: string;
  /** The identity that made the call: an assumed-role session ARN. */
  readonly callerArn: string;
  /** The role behind the caller when known exactly (with its path), else derived from callerArn. */
  readonly callerRoleArn: string | undefined;
  readonly requestedDurationSeconds: number;
}

const CLASSIC_SUB = /^repo:([^/@:]+)\/([^/@:]+):(.+)$/;
const IMMUTABLE_SUB = /^repo:([^/@:]+)@(\d+)\/([^/@:]+)@(\d+):(.+)$/;

export function parseSubject(sub: string): ParsedSubject {
  const immutable = IMMUTABLE_SUB.exec(sub);
  if (immutable) {
    const [, owner, ownerId, repository, repositoryId, rest = ''] = immutable;
    return { format: 'immutable', owner, ownerId, repository, repositoryId, rest, context: contextOf(rest) };
  }
  const classic = CLASSIC_SUB.exec(sub);
  if (classic) {
    const [, owner, repository, rest = ''] = classic;
    return { format: 'classic', owner, repository, rest, context: contextOf(rest) };
  }
  return { format: 'custom', context: 'other' };
}

function contextOf(rest: string): SubjectContext {
  if (rest.startsWith('ref:')) return 'ref';
  if (rest.startsWith('environment:')) return 'environment';
  if (rest === 'pull_request') return 'pull_request';
  return 'other';
}

/** The token's issuer URL, as the IAM OIDC provider must name it. */
export function issuerUrl(claims: OidcClaims): string {
  return claims.iss === undefined || claims.iss === '' ? `https://${DEFAULT_PROVIDER_HOST}` : claims.iss.replace(/\/$/, '');
}

/** `token.actions.githubusercontent.com` (or the enterprise issuer) as IAM names it in condition keys. */
export function providerHost(claims: OidcClaims): string {
  if (claims.iss === undefined || claims.iss === '') return DEFAULT_PROVIDER_HOST;
  return claims.iss.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** `arn:aws:sts::A:assumed-role/NAME/SESSION` → `arn:aws:iam::A:role/NAME` (the role's path is not in a session ARN). */
export function roleArnOfSession(sessionArn: string): string | undefined {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(sessionArn);
  if (!match) return undefined;
  const [, partition, account, role] = match;
  return `arn:${partition}:iam::${account}:role/${role}`;
}

/** A trust policy statement that accepts exactly this token for `roleArn`. */
export function webIdentityTrustStatement(roleArn: string, claims: OidcClaims, audience: string): string {
  const host = providerHost(claims);
  const partition = /^arn:([^:]+):/.exec(roleArn)?.[1] ?? 'aws';
  const account = accountOfArn(roleArn) ?? 'ACCOUNT_ID';
  const statement = {
    Effect: 'Allow',
    Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${host}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${host}:aud`]: tokenAudience(claims, audience),
        [`${host}:sub`]: claims.sub ?? 'SUB_FROM_YOUR_TOKEN',
      },
    },
  };
  return JSON.stringify(statement, null, 2);
}

/** What the `sub` format means for a trust policy, when it is a common trap. */
export function subjectNotes(sub: string | undefined, claims: OidcClaims): string[] {
  if (sub === undefined) return ['The token has no `sub` claim, so no `:sub` condition can match it.'];
  const parsed = parseSubject(sub);
  const notes: string[] = [];
  if (parsed.format === 'immutable') {
    notes.push(
      `This \`sub\` uses GitHub's immutable format \`repo:OWNER@OWNER_ID/REPO@REPO_ID:…\` (issued for repositories created on or after ${IMMUTABLE_SUB_SINCE}); ` +
        `trust policies written from older examples as \`repo:${parsed.owner}/${parsed.repository}:…\` no longer match it: ` +
        `write \`repo:${parsed.owner}@${parsed.ownerId}/${parsed.repository}@${parsed.repositoryId}:…\` instead.`,
    );
  } else if (parsed.format === 'custom') {
    notes.push('This `sub` follows a customized subject template of the organization or repository: match it exactly as shown.');
  }
  if (parsed.context === 'environment') {
    const environment = claims.environment ?? parsed.rest?.slice('environment:'.length);
    notes.push(
      `The job runs in the environment \`${environment}\`, so the \`sub\` names the environment instead of the branch: a condition on \`…:ref:refs/heads/…\` does not match it.`,
    );
  } else if (parsed.context === 'pull_request') {
    notes.push(
      'Pull request runs get a `sub` ending in `:pull_request`, without a branch: a condition on `…:ref:refs/heads/…` does not match it.',
    );
  }
  return notes;
}

/** Which of the known refusals an AssumeRoleWithWebIdentity failure is: the advice after it depends on it. */
export type WebIdentityFailureKind =
  'trust-policy' | 'audience' | 'provider-missing' | 'thumbprint' | 'token-expired' | 'token-refused' | 'session-length' | 'other';

export function webIdentityFailureKind(failure: StsFailure): WebIdentityFailureKind {
  const { code, message } = failure;
  if (code === 'AccessDenied') return 'trust-policy';
  if (code === 'InvalidIdentityToken' && /audience/i.test(message)) return 'audience';
  if (code === 'InvalidIdentityToken' && /no openid ?connect provider/i.test(message)) return 'provider-missing';
  if (code === 'InvalidIdentityToken' && /thumbprint/i.test(message)) return 'thumbprint';
  if (code === 'ExpiredToken') return 'token-expired';
  if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim') return 'token-refused';
  if (code === 'ValidationError' && /DurationSeconds|MaxSessionDuration/i.test(message)) return 'session-length';
  return 'other';
}

export function diagnoseWebIdentityFailure(facts: WebIdentityFailureFacts): string {
  const { failure, roleArn, claims, audience } = facts;
  const tokenFacts = [`token sub: ${claims.sub ?? '(none)'}`, `token aud: ${tokenAudience(claims, audience)}`];
  // The annotation is the first line alone: it carries the claims, so the answer is on the run's page.
  const tokenClaims = `token sub ${claims.sub ?? '(none)'}, aud ${tokenAudience(claims, audience)}`;
  const account = accountOfArn(roleArn) ?? 'the role’s account';
  const host = providerHost(claims);
  const issuer = issuerUrl(claims);

  const kind = webIdentityFailureKind(failure);
  if (kind === 'trust-policy') {
    return lines(
      `Not authorized to perform sts:AssumeRoleWithWebIdentity on ${roleArn}: the role's trust policy does not accept this token's claims (usually its \`sub\` condition): ${tokenClaims}; see the log for a statement that accepts it.`,
      ...tokenFacts,
      ...subjectNotes(claims.sub, claims),
      'A trust policy statement that accepts this token:',
      webIdentityTrustStatement(roleArn, claims, audience),
    );
  }
  if (kind === 'audience') {
    return lines(
      `AWS rejected the token's audience "${tokenAudience(claims, audience)}" for ${roleArn} (${failure.message}): the \`audience\` input ("${audience}") must be in the client ID list (audiences) of the IAM OIDC provider ${host} in account ${account}, and in the trust policy's \`${host}:aud\` condition (the usual value is sts.amazonaws.com).`,
      ...tokenFacts,
    );
  }
  if (kind === 'provider-missing') {
    return lines(
      `Account ${account} has no IAM OIDC identity provider for ${issuer} (${failure.message}): create one with that URL and the client ID (audience) "${audience}", then trust it in ${roleArn}.`,
      ...tokenFacts,
    );
  }
  if (kind === 'thumbprint') {
    return lines(
      `The IAM OIDC provider ${issuer} in account ${account} has a thumbprint list that does not match the issuer's certificate (${failure.message}): update the provider's thumbprints to the certificate ${issuer} serves now, then run the job again for ${roleArn}.`,
      ...tokenFacts,
    );
  }
  if (kind === 'token-expired') {
    const expiry =
      claims.exp === undefined
        ? 'its expiry is unknown'
        : `it expired at ${new Date(claims.exp * 1000).toISOString()}, the runner's clock says ${new Date(facts.nowMs).toISOString()}`;
    return lines(
      `The GitHub OIDC token had expired when STS received it (${expiry}): the call came too late after the token was issued, or the runner's clock is wrong (${failure.message}).`,
      ...tokenFacts,
    );
  }
  if (kind === 'token-refused') {
    return lines(
      `AWS refused the GitHub OIDC token for ${roleArn} (${failure.code}: ${failure.message}): check that the IAM OIDC provider in account ${account} is for ${issuer} and lists the audience "${audience}".`,
      ...tokenFacts,
    );
  }
  if (kind === 'session-length') {
    return `STS refused the session length for ${roleArn} (${failure.message}): lower \`role-duration-seconds\` (now ${facts.roleDurationSeconds}) or raise the role's maximum session duration.`;
  }
  return `STS AssumeRoleWithWebIdentity on ${roleArn} failed (${failure.code || 'error'}: ${failure.message}).`;
}

export function diagnoseChainHopFailure(facts: ChainHopFailureFacts): string {
  const { failure, hop, hops, roleArn, callerArn } = facts;
  const where = `role-chain hop ${hop} of ${hops}`;
  if (failure.code === 'AccessDenied') {
    const principal = facts.callerRoleArn ?? roleArnOfSession(callerArn) ?? callerArn;
    const statement = { Effect: 'Allow', Principal: { AWS: principal }, Action: ['sts:AssumeRole', 'sts:TagSession'] };
    return lines(
      `Not authorized to perform sts:AssumeRole on ${roleArn} (${where}, as ${callerArn}): the target role's trust policy must allow the previous role, and that role's permissions must allow sts:AssumeRole and sts:TagSession on ${roleArn}.`,
      `Trust policy statement the target role needs (sts:TagSession lets this action tag the session so CloudTrail can tell runs apart):`,
      JSON.stringify(statement, null, 2),
    );
  }
  if (failure.code === 'ValidationError' && /DurationSeconds|MaxSessionDuration/i.test(failure.message)) {
    return `STS refused the session length for ${roleArn} (${where}; ${failure.message}): chained roles get at most 3600 seconds, and this one was asked for ${facts.requestedDurationSeconds}; raise the role's maximum session duration or lower \`role-duration-seconds\`.`;
  }
  return `STS AssumeRole on ${roleArn} failed (${where}, as ${callerArn}; ${failure.code || 'error'}: ${failure.message}).`;
}

function tokenAudience(claims: OidcClaims, fallback: string): string {
  if (claims.aud === undefined) return fallback;
  return typeof claims.aud === 'string' ? claims.aud : claims.aud.join(', ');
}

function lines(...parts: string[]): string {
  return parts.join('\n');
}
