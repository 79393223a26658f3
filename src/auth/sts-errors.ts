// What an STS failure means for us: worth another try, or a fact about the user's setup to explain.
// Pure: reads only the fields the SDK puts on its errors (name, message, $metadata, $fault, code).
import { awsErrorCode, errorField, errorMessage, isNetworkError, isServerError, isThrottling } from '../shared/errors.js';

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
  return errorField(error, 'name') === 'CredentialsProviderError' || /could not load credentials/i.test(errorMessage(error));
}
