// What the Credentials phase says when it fails: the diagnosis of the STS answer, with how long the
// retries tried when they ran out. Pure: the thrown error and the facts in, text out.
import type { FailureCause } from '../report/report.js';
import type { OidcClaims } from './oidc-token.js';
import { awsErrorCode, describeAwsError, errorMessage } from '../shared/errors.js';
import { RetryExhaustedError, rootError } from '../shared/retry.js';
import { isIssuerUnreachable } from './sts-errors.js';
import {
  diagnoseChainHopFailure,
  diagnoseWebIdentityFailure,
  issuerUrl,
  webIdentityFailureKind,
  type ChainHopFailureFacts,
  type StsFailure,
} from './trust-diagnosis.js';

export class CredentialsError extends Error {
  constructor(
    message: string,
    cause?: unknown,
    /** Which refusal this is, when known: the `Next:` advice follows it. */
    readonly failureCause?: FailureCause,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CredentialsError';
  }
}

export interface WebIdentityContext {
  readonly roleArn: string;
  readonly audience: string;
  readonly claims: OidcClaims;
  readonly roleDurationSeconds: number;
  readonly nowMs: number;
}

export function webIdentityFailure(error: unknown, context: WebIdentityContext): CredentialsError {
  if (error instanceof CredentialsError) return error;
  const failure = stsFailureOf(error);
  if (error instanceof RetryExhaustedError && isIssuerUnreachable(rootError(error))) {
    const diagnosis = `STS could not reach GitHub's OIDC issuer ${issuerUrl(context.claims)} to verify the token for ${context.roleArn} (${failure.message}); this is on AWS's or GitHub's side, run the job again later.`;
    return new CredentialsError(withAttempts(diagnosis, error), error, 'issuer-unreachable');
  }
  const kind = webIdentityFailureKind(failure);
  return new CredentialsError(
    withAttempts(diagnoseWebIdentityFailure({ failure, ...context }), error),
    error,
    kind === 'other' ? undefined : kind,
  );
}

export function chainHopFailure(error: unknown, facts: Omit<ChainHopFailureFacts, 'failure'>): CredentialsError {
  if (error instanceof CredentialsError) return error;
  const failure = stsFailureOf(error);
  const kind = webIdentityFailureKind(failure);
  const cause = kind === 'trust-policy' ? 'chain-trust' : kind === 'session-length' ? kind : undefined;
  return new CredentialsError(withAttempts(diagnoseChainHopFailure({ failure, ...facts }), error), error, cause);
}

export function callerIdentityFailure(error: unknown): CredentialsError {
  return new CredentialsError(
    `Checking the AWS credentials present in the environment failed (STS GetCallerIdentity: ${describeAwsError(rootError(error))}).`,
    error,
  );
}

export const NO_CREDENTIALS_MESSAGE =
  'No AWS credentials: `role-to-assume` is empty and none were found in the environment; set `role-to-assume` to the ARN of a role that trusts GitHub OIDC and add `permissions: id-token: write` to the job.';

/** Appends "(gave up after N attempts in X s)" to the first line when the retries ran out. */
export function withAttempts(diagnosis: string, error: unknown): string {
  if (!(error instanceof RetryExhaustedError)) return diagnosis;
  const [firstLine = '', ...rest] = diagnosis.split('\n');
  return [`${firstLine} (gave up after ${error.attempts} attempts in ${(error.elapsedMs / 1000).toFixed(1)} s)`, ...rest].join('\n');
}

function stsFailureOf(error: unknown): StsFailure {
  const root = rootError(error);
  return { code: awsErrorCode(root), message: errorMessage(root) };
}
