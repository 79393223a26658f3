// Every AWS client is built from the region and the credentials provider only, so the SDK's own
// endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ECR, _ECS, _CLOUDWATCH_LOGS, config files)
// keep working for users behind VPC endpoints, and nothing ambient can sign our requests. A proxy
// (proxy-settings.ts) reaches them as agents: the SDK itself reads no proxy variable.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { requestHandlerOption } from './proxy-agent.js';
import { DIRECT, type ProxySettings } from './proxy-settings.js';

export interface AwsClients {
  readonly ecr: ECRClient;
  readonly ecs: ECSClient;
  /** For the deployment watch, whose poll loop classifies errors and backs off itself (poll-policy.ts). */
  readonly watchEcs: ECSClient;
  readonly logs: CloudWatchLogsClient;
  /** ECR of another region (a `registries` login there), made on first use with the same credentials. */
  ecrIn(region: string): ECRClient;
}

/**
 * One-shot calls (register, update, describe, push checks) ride out a burst of throttling or 5xx
 * answers with the SDK's standard retry and backoff; three attempts, the SDK default, is too few.
 */
export const ONE_SHOT_MAX_ATTEMPTS = 6;

export const USER_AGENT = 'oidc-ecs-deploy/1';

export function createClients(region: string, credentials: AwsCredentialIdentityProvider, proxy: ProxySettings = DIRECT): AwsClients {
  const settings = { region, credentials, customUserAgent: USER_AGENT };
  // Each client its own agents: destroying a client destroys them.
  const handler = () => requestHandlerOption(proxy);
  const oneShot = () => ({ ...settings, maxAttempts: ONE_SHOT_MAX_ATTEMPTS, ...handler() });
  const polled = () => ({ ...settings, maxAttempts: 1, ...handler() });
  const regional = new Map<string, ECRClient>();
  const ecr = new ECRClient(oneShot());
  regional.set(region, ecr);
  const clients: AwsClients = {
    ecr,
    ecs: new ECSClient(oneShot()),
    watchEcs: new ECSClient(polled()),
    logs: new CloudWatchLogsClient(polled()),
    ecrIn(other) {
      const known = regional.get(other);
      if (known !== undefined) return known;
      const client = new ECRClient({ ...oneShot(), region: other });
      regional.set(other, client);
      return client;
    },
  };
  regionalClients.set(clients, regional);
  return clients;
}

/** The ECR clients `ecrIn` made, so destroyClients can reach them. */
const regionalClients = new WeakMap<AwsClients, Map<string, ECRClient>>();

export function destroyClients(clients: AwsClients): void {
  clients.ecr.destroy();
  clients.ecs.destroy();
  clients.watchEcs.destroy();
  clients.logs.destroy();
  for (const client of regionalClients.get(clients)?.values() ?? []) if (client !== clients.ecr) client.destroy();
}
