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
  readonly logs: CloudWatchLogsClient;
}

export const USER_AGENT = 'oidc-ecs-deploy/1';

export function createClients(region: string, credentials: AwsCredentialIdentityProvider): AwsClients {
  const settings = { region, credentials, customUserAgent: USER_AGENT };
  return {
    ecr: new ECRClient(settings),
    ecs: new ECSClient(settings),
    logs: new CloudWatchLogsClient(settings),
  };
}

export function destroyClients(clients: AwsClients): void {
  clients.ecr.destroy();
  clients.ecs.destroy();
  clients.logs.destroy();
}
