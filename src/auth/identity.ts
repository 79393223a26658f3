// The credentials one STS answer (or the environment) gave us, masked before anything else sees them.
import * as core from '@actions/core';
import type { Credentials as StsCredentials } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { CredentialsError } from './credentials-error.js';

export interface Identity {
  readonly credentials: AwsCredentialIdentity;
  readonly arn: string;
  readonly expiration: Date | undefined;
  /** When this identity was obtained, for the refresh margin of short sessions. */
  readonly obtainedAt: number;
}

/** Masks the new secrets first, then checks that STS gave everything a session needs. */
export function acceptCredentials(
  credentials: StsCredentials | undefined,
  arn: string | undefined,
  operation: string,
  obtainedAt: number,
): Identity {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials ?? {};
  for (const secret of [SecretAccessKey, SessionToken, AccessKeyId]) {
    if (secret) core.setSecret(secret);
  }
  if (!AccessKeyId || !SecretAccessKey) {
    throw new CredentialsError(`STS ${operation} answered without credentials.`);
  }
  if (!arn) throw new CredentialsError(`STS ${operation} answered without the caller's ARN.`);
  return {
    credentials: {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      ...(SessionToken && { sessionToken: SessionToken }),
      ...(Expiration && { expiration: Expiration }),
    },
    arn,
    expiration: Expiration,
    obtainedAt,
  };
}

/** The SDK's credential shape as STS words it, so ambient credentials pass the same gate. */
export function toStsCredentials(identity: AwsCredentialIdentity): StsCredentials {
  return {
    AccessKeyId: identity.accessKeyId,
    SecretAccessKey: identity.secretAccessKey,
    SessionToken: identity.sessionToken,
    Expiration: identity.expiration,
  };
}

export function expiryText(identity: Identity): string {
  return identity.expiration ? `; expires at ${identity.expiration.toISOString()}, renewed automatically before then` : '';
}
