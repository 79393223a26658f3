// The GitHub OIDC token exchanged for the role in `role-to-assume` (STS AssumeRoleWithWebIdentity).
import * as core from '@actions/core';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import type { AuthConfig } from '../inputs/config.js';
import { webIdentityFailure } from './credentials-error.js';
import { acceptCredentials, expiryText, type Identity } from './identity.js';
import type { OidcToken } from './oidc-token.js';
import { connectSts, type StsContext } from './sts-client.js';

export type WebIdentitySettings = Pick<AuthConfig, 'region' | 'audience' | 'roleSessionName' | 'roleDurationSeconds'>;

/** Fails with a CredentialsError that says what to change (trust policy, audience, provider) or that GitHub's side was down. */
export async function assumeRoleWithWebIdentity(
  roleArn: string,
  oidc: OidcToken,
  settings: WebIdentitySettings,
  sts: StsContext,
): Promise<Identity> {
  const operation = 'AssumeRoleWithWebIdentity';
  const connection = connectSts(sts, { region: settings.region, operation });
  try {
    const response = await connection.call((client) =>
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: settings.roleSessionName,
          DurationSeconds: settings.roleDurationSeconds,
          WebIdentityToken: oidc.token,
        }),
      ),
    );
    const identity = acceptCredentials(response.Credentials, response.AssumedRoleUser?.Arn, operation, sts.now());
    core.info(
      `Assumed ${roleArn} with the GitHub OIDC token as ${identity.arn} (session ${settings.roleSessionName})${expiryText(identity)}.`,
    );
    return identity;
  } catch (error) {
    throw webIdentityFailure(error, {
      roleArn,
      audience: settings.audience,
      claims: oidc.claims,
      roleDurationSeconds: settings.roleDurationSeconds,
      nowMs: sts.now(),
    });
  } finally {
    connection.destroy();
  }
}
