// The Deployment watch phase's input: each started deployment with what the watch needs to judge it.
import type { Config } from '../inputs/config.js';
import type { AwsClients } from '../shared/aws-clients.js';
import { watchDeployments, type WatchOutcome } from '../watch/watch-deployment.js';
import type { StartedDeployment } from '../service/update.js';

export async function watchStarted(
  config: Config,
  clients: AwsClients,
  deployments: readonly StartedDeployment[],
): Promise<WatchOutcome[]> {
  return watchDeployments(
    deployments.map((deployment) => ({
      ecs: clients.watchEcs,
      logs: clients.logs,
      cluster: config.deploy.cluster,
      service: deployment.target.service,
      taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
      // A rollout of the revision the service already ran has nothing else to go back to.
      previousTaskDefinitionArn:
        deployment.target.previousTaskDefinitionArn === deployment.taskDefinition.taskDefinitionArn
          ? ''
          : deployment.target.previousTaskDefinitionArn,
      taskDefinition: deployment.taskDefinition,
      updatedAt: deployment.updatedAt,
      deploymentId: deployment.deploymentId,
      serviceDeploymentArn: deployment.serviceDeploymentArn,
      options: {
        waitMinutes: config.deploy.waitMinutes,
        noProgressMinutes: config.deploy.noProgressMinutes,
        maxFailedTasks: config.deploy.maxFailedTasks,
        rollbackOnFailure: config.deploy.rollbackOnFailure,
      },
    })),
    { failFast: config.deploy.failFast },
  );
}
