// Shared set-up of the stand-in's own tests: the unmodified AWS SDK clients pointed at it.
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Standin } from '../index.js';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
export const REGION = 'us-east-1';
export const AUDIENCE = 'sts.amazonaws.com';

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/** Retries off, so every fault the stand-in injects reaches the test exactly once. */
export const sdkConfig = (standin: Standin, credentials?: TemporaryCredentials) => ({
  region: REGION,
  endpoint: standin.endpoint,
  maxAttempts: 1,
  ...(credentials ? { credentials } : {}),
});

export function createGithubRole(standin: Standin, name: string, sub: string | readonly string[], maxSessionDuration?: number): string {
  const arn = `arn:aws:iam::${ACCOUNT}:role/${name}`;
  standin.iam.createRole({
    arn,
    trustPolicy: JSON.stringify(standin.iam.githubTrustPolicy({ account: ACCOUNT, sub })),
    ...(maxSessionDuration ? { maxSessionDuration } : {}),
  });
  return arn;
}

export async function assumeWithGithub(standin: Standin, roleArn: string, sessionName = 'deploy-17-1'): Promise<TemporaryCredentials> {
  const sts = new STSClient(sdkConfig(standin));
  const answer = await sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: roleArn,
      RoleSessionName: sessionName,
      WebIdentityToken: standin.github.mintToken(AUDIENCE),
    }),
  );
  const credentials = answer.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) throw new Error('no credentials');
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  };
}
