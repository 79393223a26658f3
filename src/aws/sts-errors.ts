// What an STS failure means for us: worth another try, or a fact about the user's setup to explain.
// Pure: reads only the fields the SDK puts on its errors (name, message, $metadata, $fault, code).
import { errorField, errorMessage, httpStatusOf } from '../errors.js';

/** Node socket errors that say "try again", not "you configured it wrong" (so not ENOTFOUND). */
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const THROTTLING_CODES = new Set(['Throttling', 'RequestLimitExceeded', 'TooManyRequests', 'SlowDown']);
const SERVER_CODES = new Set(['InternalFailure', 'InternalError', 'ServiceUnavailable', 'InternalServerError']);

/** The AWS error code without the SDK's `Exception` suffix: `InvalidIdentityTokenException` → `InvalidIdentityToken`. */
export function awsErrorCode(error: unknown): string {
  const name = field(error, 'name') ?? field(error, 'Code') ?? '';
  return name.endsWith('Exception') ? name.slice(0, -'Exception'.length) : name;
}

export function isNetworkError(error: unknown): boolean {
  const code = field(error, 'code') ?? field(error, 'errno');
  if (code !== undefined && TRANSIENT_SOCKET_CODES.has(code)) return true;
  const name = field(error, 'name');
  if (name !== undefined && TIMEOUT_NAMES.has(name)) return true;
  const cause = errorField(error, 'cause');
  return cause !== undefined && cause !== error && isNetworkError(cause);
}

export function isThrottling(error: unknown): boolean {
  return THROTTLING_CODES.has(awsErrorCode(error)) || httpStatusOf(error) === 429;
}

export function isServerError(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 500) return true;
  return SERVER_CODES.has(awsErrorCode(error)) || errorField(error, '$fault') === 'server';
}

/** Failures that a later identical call can get past: AWS or GitHub's keys being briefly unreachable, throttling, 5xx. */
export function isTransientStsError(error: unknown): boolean {
  return isIssuerUnreachable(error) || isThrottling(error) || isServerError(error) || isNetworkError(error);
}

/** STS could not reach GitHub's issuer or fetch its keys (JWKS) this time; the token itself is fine. */
export function isIssuerUnreachable(error: unknown): boolean {
  const code = awsErrorCode(error);
  if (code === 'IDPCommunicationError') return true;
  return code === 'InvalidIdentityToken' && /couldn['’]?t retrieve verification key/i.test(errorMessage(error));
}

export function isAccessDenied(error: unknown): boolean {
  return awsErrorCode(error) === 'AccessDenied';
}

/** The default credential chain found nothing (the SDK's CredentialsProviderError or its message). */
export function isMissingCredentials(error: unknown): boolean {
  return field(error, 'name') === 'CredentialsProviderError' || /could not load credentials/i.test(errorMessage(error));
}

/** A non-empty string field, or undefined. */
function field(value: unknown, key: string): string | undefined {
  const found = errorField(value, key);
  return typeof found === 'string' && found !== '' ? found : undefined;
}
