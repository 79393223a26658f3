// The calls that start our own rollback: StopServiceDeployment ROLLBACK when we know our service
// deployment (ECS then returns to the exact previous service revision), else UpdateService back to the
// previous task definition.
import { StopServiceDeploymentCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describeError } from '../shared/errors.js';
import { primaryDeployment } from './find-deployment.js';
import type { RollbackStart } from './rollback-policy.js';
import { asFailedCall } from './watch-calls.js';
import type { WatchContext } from './watch-request.js';

/** Starts the rollback; throws FailedCall when neither way could start it. */
export async function startRollback(context: WatchContext, serviceDeploymentArn: string | undefined): Promise<RollbackStart> {
  const { ecs, cluster, service, previousTaskDefinitionArn } = context.request;
  const startedAtMs = context.calls.now();
  if (serviceDeploymentArn !== undefined) {
    try {
      await context.calls.change('StopServiceDeployment', () =>
        ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' })),
      );
      return { method: 'stop-service-deployment', deploymentId: undefined, serviceDeploymentArn, startedAtMs };
    } catch (error) {
      const failure = asFailedCall(error);
      if (failure.kind === 'expired') throw failure;
      context.print.info(`StopServiceDeployment failed (${describeError(failure.cause)}); rolling back with UpdateService instead`);
    }
  }
  const answer = await context.calls.change('UpdateService', () =>
    ecs.send(new UpdateServiceCommand({ cluster, service, taskDefinition: previousTaskDefinitionArn })),
  );
  return { method: 'update-service', deploymentId: primaryDeployment(answer.service)?.id, serviceDeploymentArn: undefined, startedAtMs };
}
