// The Deployment watch phase's input: each started deployment with what the watch needs to judge it,
// handed to the ECS watch or (CODE_DEPLOY services) the CodeDeploy one.
import type { Config } from '../inputs/config.js';
import type { AwsClients } from '../shared/aws-clients.js';
import { watchDeployments, type WatchOutcome } from '../watch/watch-deployment.js';
import type { StartedDeployment } from '../service/update.js';

export async function watchStarted(
  config: Config,
  clients: AwsClients,
  deployments: readonly StartedDeployment[],
): Promise<WatchOutcome[]> {
  // CODE_DEPLOY services are followed through CodeDeploy (loaded only when there is one), the others through ECS.
  const viaCodeDeploy = deployments.filter((deployment) => deployment.codeDeploy !== undefined);
  const viaEcs = deployments.filter((deployment) => deployment.codeDeploy === undefined);
  const [ecsOutcomes, codeDeployOutcomes] = await Promise.all([
    viaEcs.length > 0 ? watchEcsDeployments(config, clients, viaEcs) : [],
    viaCodeDeploy.length > 0
      ? import('../codedeploy/watch.js').then(({ watchCodeDeployments }) =>
          watchCodeDeployments(
            clients.ecs,
            viaCodeDeploy.map((deployment) => ({
              cluster: config.deploy.cluster,
              service: deployment.target.service,
              deploymentId: deployment.codeDeploy?.deploymentId ?? '',
              taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
              waitMinutes: config.deploy.waitMinutes,
            })),
          ),
        )
      : [],
  ]);
  // Back in the order of `deployments`, which the reports line up with.
  return deployments.map((deployment) => {
    const outcome = deployment.codeDeploy === undefined ? ecsOutcomes.shift() : codeDeployOutcomes.shift();
    if (outcome === undefined) throw new Error(`No watch outcome for ${deployment.target.service}.`);
    return outcome;
  });
}

function watchEcsDeployments(config: Config, clients: AwsClients, deployments: readonly StartedDeployment[]): Promise<WatchOutcome[]> {
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
