// Reading what was thrown: SDK errors, Node system errors, our own, or anything else. One place, so
// every classifier and message reads the same fields the same way, and says the same of a throttled,
// 5xx or network failure whichever service it came from.

export function errorField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The error's `name` (`AccessDeniedException`, `ThrottlingException`, …), or '' when it has none. */
export function errorName(error: unknown): string {
  const name = errorField(error, 'name');
  return typeof name === 'string' ? name : '';
}

/** The message on one line (AWS messages can carry newlines). */
export function errorMessage(error: unknown): string {
  const message = errorField(error, 'message');
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

/** `Name: message` of anything thrown, for a sentence a user can act on. */
export function describeError(error: unknown): string {
  const name = errorName(error);
  const text = errorMessage(error);
  return name !== '' && !text.startsWith(name) ? `${name}: ${text}` : text;
}

/** The HTTP status the SDK recorded for a failed call. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = errorField(errorField(error, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}

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
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError']);
const THROTTLING_CODES = new Set(['Throttling', 'Throttled', 'RequestThrottled', 'RequestLimitExceeded', 'TooManyRequests', 'SlowDown']);
// `Server` is ServerException, ECS's and ECR's modelled 5xx.
const SERVER_CODES = new Set(['Server', 'InternalFailure', 'InternalError', 'ServiceUnavailable', 'InternalServerError']);

/** The AWS error code without the SDK's `Exception` suffix: `InvalidIdentityTokenException` → `InvalidIdentityToken`. */
export function awsErrorCode(error: unknown): string {
  const name = field(error, 'name') ?? field(error, 'Code') ?? '';
  return name.endsWith('Exception') ? name.slice(0, -'Exception'.length) : name;
}

/** `Code: message` of an AWS error, its code without the SDK's `Exception` suffix (as AWS documents it). */
export function describeAwsError(error: unknown): string {
  const code = awsErrorCode(error);
  const text = errorMessage(error);
  return code !== '' && !text.startsWith(code) ? `${code}: ${text}` : text;
}

/** A connection that failed or timed out on the way (the cause chain included). */
export function isNetworkError(error: unknown): boolean {
  const code = field(error, 'code') ?? field(error, 'errno');
  if (code !== undefined && TRANSIENT_SOCKET_CODES.has(code)) return true;
  const name = field(error, 'name');
  if (name !== undefined && TIMEOUT_NAMES.has(name)) return true;
  const cause = errorField(error, 'cause');
  return cause !== undefined && cause !== error && isNetworkError(cause);
}

/** Text that names a transient socket failure: for errors flattened into a message (core.getIDToken's). */
export function mentionsNetworkError(text: string): boolean {
  return /socket hang up/i.test(text) || [...TRANSIENT_SOCKET_CODES].some((code) => text.includes(code));
}

/** AWS asked us to slow down. */
export function isThrottling(error: unknown): boolean {
  return THROTTLING_CODES.has(awsErrorCode(error)) || httpStatusOf(error) === 429;
}

/** A 5xx, by status, code or the SDK's `$fault`. */
export function isServerError(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 500) return true;
  return SERVER_CODES.has(awsErrorCode(error)) || errorField(error, '$fault') === 'server';
}

/** A non-empty string field, or undefined. */
function field(value: unknown, key: string): string | undefined {
  const found = errorField(value, key);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** The text as a finished sentence: a full stop added unless it already ends in one (or in ! or ?). */
export function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
