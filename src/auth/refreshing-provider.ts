// The credential provider every SDK client takes: the current identity while it is fresh, a renewed
// one near expiry. A deployment wait longer than one session simply gets new credentials.
import * as core from '@actions/core';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Identity } from './identity.js';
import { needsRefresh, RENEWAL_RETRY_MS } from './refresh-timing.js';

/** `renew` gets a whole new identity (new OIDC token, assume again, chain again). */
export function refreshingProvider(first: Identity, renew: () => Promise<Identity>, now: () => number): AwsCredentialIdentityProvider {
  let current = first;
  let renewal: Promise<Identity> | undefined;
  let nextRenewalAt = 0;

  return async () => {
    if (!needsRefresh(current, now()) || now() < nextRenewalAt) return current.credentials;
    // Concurrent SDK calls near expiry share one renewal instead of each assuming the roles again.
    renewal ??= renew().finally(() => {
      renewal = undefined;
    });
    try {
      current = await renewal;
    } catch (error) {
      // Renewal starts well before expiry: while the current credentials still work, a failed renewal
      // must not end a healthy deployment watch. Try again later; fail only once they have expired.
      const expiresAt = current.expiration?.getTime() ?? 0;
      if (expiresAt <= now()) throw error;
      nextRenewalAt = now() + RENEWAL_RETRY_MS;
      core.warning(
        `Could not renew the AWS credentials (${firstLineOf(error)}); ` +
          `using the current ones until ${new Date(expiresAt).toISOString()} and trying again in ${RENEWAL_RETRY_MS / 1000} s.`,
      );
    }
    return current.credentials;
  };
}

/** Diagnoses run over several lines (claims, a policy statement); the warning keeps to the first. */
function firstLineOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
