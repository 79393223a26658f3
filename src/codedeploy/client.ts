// The CodeDeploy client, built like the others (aws-clients.ts) from the region and credentials the ECS
// client already has. Only the CodeDeploy modules import it, and they are loaded with `await import()`
// only for a CODE_DEPLOY service, so ncc keeps the CodeDeploy SDK in a chunk of its own that an ECS-only
// deploy never parses.
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { ONE_SHOT_MAX_ATTEMPTS, USER_AGENT } from '../shared/aws-clients.js';

export async function codeDeployClientLike(ecs: ECSClient): Promise<CodeDeployClient> {
  const region = await ecs.config.region();
  return new CodeDeployClient({
    region,
    credentials: ecs.config.credentials,
    customUserAgent: USER_AGENT,
    maxAttempts: ONE_SHOT_MAX_ATTEMPTS,
  });
}
