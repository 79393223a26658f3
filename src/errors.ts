// Reading what was thrown: SDK errors, Node system errors, our own, or anything else. One place, so
// every classifier and message reads the same fields the same way.

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

/** The HTTP status the SDK recorded for a failed call. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = errorField(errorField(error, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}
