// What an STS failure means for us: worth another try, or a fact about the user's setup to explain.
// Pure: reads only the fields the SDK puts on its errors (name, message, $metadata, $fault, $retryable, code).
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { awsErrorCode, errorField, errorMessage, isServerError } from '../shared/errors.js';

/**
 * Failures that a later identical call can get past. The SDK's standard strategy decides the common
 * cases (throttling, 500/502/503/504, timeouts and dropped connections, and IDPCommunicationError,
 * which STS models as `$retryable`); we add what it lacks (a verification key STS could not fetch,
 * any other 5xx) and refuse what it would retry in vain: a refusal, or a host DNS does not know.
 */
export function isTransientStsError(error: unknown): boolean {
  if (!isSdkError(error) || isAccessDenied(error) || isUnknownHost(error)) return false;
  return isThrottlingError(error) || isTransientError(error) || isServerError(error) || isIssuerUnreachable(error);
}

/** STS could not reach GitHub's issuer or fetch its keys (JWKS) this time; the token itself is fine. */
export function isIssuerUnreachable(error: unknown): boolean {
  const code = awsErrorCode(error);
  if (code === 'IDPCommunicationError') return true;
  return code === 'InvalidIdentityToken' && /couldn['’]?t retrieve verification key/i.test(errorMessage(error));
}

/** A refusal: a trust policy that does not accept the caller must fail at once, not after a minute of retries. */
export function isAccessDenied(error: unknown): boolean {
  return awsErrorCode(error) === 'AccessDenied';
}

/** The default credential chain found nothing (the SDK's CredentialsProviderError or its message). */
export function isMissingCredentials(error: unknown): boolean {
  return errorField(error, 'name') === 'CredentialsProviderError' || /could not load credentials/i.test(errorMessage(error));
}

/** DNS knows no such host: a wrong region or AWS_ENDPOINT_URL_STS, which no retry fixes (the SDK would retry it). */
function isUnknownHost(error: unknown): boolean {
  if (errorField(error, 'code') === 'ENOTFOUND') return true;
  const cause = errorField(error, 'cause');
  return cause !== undefined && cause !== error && isUnknownHost(cause);
}

/**
 * The SDK's classifiers read only optional fields, so any object will do. Not `instanceof Error`:
 * Node's socket errors may come from another realm (as under jest's VM modules).
 */
function isSdkError(error: unknown): error is Parameters<typeof isTransientError>[0] {
  return typeof error === 'object' && error !== null;
}
