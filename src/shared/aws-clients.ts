// Every AWS client is built from the region and the credentials provider only, so the SDK's own
// endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ECR, _ECS, _CLOUDWATCH_LOGS, config files)
// keep working for users behind VPC endpoints or proxies, and nothing ambient can sign our requests.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface AwsClients {
  readonly ecr: ECRClient;
  readonly ecs: ECSClient;
  /** For the deployment watch, whose poll loop classifies errors and backs off itself (poll-policy.ts). */
  readonly watchEcs: ECSClient;
  readonly logs: CloudWatchLogsClient;
}

/**
 * One-shot calls (register, update, describe, push checks) ride out a burst of throttling or 5xx
 * answers with the SDK's standard retry and backoff; three attempts, the SDK default, is too few.
 */
export const ONE_SHOT_MAX_ATTEMPTS = 6;

export const USER_AGENT = 'oidc-ecs-deploy/1';

export function createClients(region: string, credentials: AwsCredentialIdentityProvider): AwsClients {
  const settings = { region, credentials, customUserAgent: USER_AGENT };
  const oneShot = { ...settings, maxAttempts: ONE_SHOT_MAX_ATTEMPTS };
  const polled = { ...settings, maxAttempts: 1 };
  return {
    ecr: new ECRClient(oneShot),
    ecs: new ECSClient(oneShot),
    watchEcs: new ECSClient(polled),
    logs: new CloudWatchLogsClient(polled),
  };
}

export function destroyClients(clients: AwsClients): void {
  clients.ecr.destroy();
  clients.ecs.destroy();
  clients.watchEcs.destroy();
  clients.logs.destroy();
}
