// The branch point for a service whose deployment controller is not ECS: CODE_DEPLOY services get a
// CodeDeploy deployment of the new revision, EXTERNAL ones a refusal. The CodeDeploy modules (and the SDK
// client they bring) are loaded here, on first use, so an ECS-only deploy never parses them.
import * as core from '@actions/core';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { CodeDeployConfig } from '../inputs/config.js';
import { externalControllerRefusal, type ServiceController } from './controller.js';
import type { StartedCodeDeploy } from './start.js';
import { CodeDeployStartError } from './start-error.js';

export async function startByController(
  ecs: ECSClient,
  request: {
    readonly cluster: string;
    readonly service: string;
    readonly controller: ServiceController;
    readonly taskDefinitionArn: string;
    readonly config: CodeDeployConfig;
  },
): Promise<StartedCodeDeploy> {
  const { controller } = request;
  if (controller.type === 'EXTERNAL') throw new CodeDeployStartError('refused', externalControllerRefusal(request.service));
  const [{ codeDeployClientLike }, { startCodeDeployDeployment }] = await Promise.all([import('./client.js'), import('./start.js')]);
  const client = await codeDeployClientLike(ecs);
  try {
    const started = await startCodeDeployDeployment(client, { ...request, controller });
    core.info(
      `Created CodeDeploy deployment ${started.deploymentId} of ${request.taskDefinitionArn} for ${request.service} (application ${started.application}, deployment group ${started.deploymentGroup}${request.config.deploymentConfig === undefined ? '' : `, config ${request.config.deploymentConfig}`}).`,
    );
    return started;
  } finally {
    client.destroy();
  }
}
