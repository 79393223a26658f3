// When credentials are renewed. Pure: expiry, when they were obtained and the clock in, a yes or no out.

/** Renew this long before expiry; more than the SDK's own 5-minute window, so it never reuses dying credentials. */
export const REFRESH_MARGIN_MS = 10 * 60 * 1000;
/** After a failed renewal, how long the still-valid credentials are used before the next attempt. */
export const RENEWAL_RETRY_MS = 60_000;

export interface Expiring {
  readonly expiration: Date | undefined;
  readonly obtainedAt: number;
}

/** Within the margin of expiry; short sessions (under 20 minutes) renew halfway through their life. */
export function needsRefresh(identity: Expiring, nowMs: number): boolean {
  if (identity.expiration === undefined) return false;
  const lifetime = identity.expiration.getTime() - identity.obtainedAt;
  const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 2);
  return identity.expiration.getTime() - nowMs <= margin;
}
