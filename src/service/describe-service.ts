// The service a deploy is about to update, as DescribeServices shows it before anything changes (the
// watch polls the service on its own, in src/watch/).
import { DescribeServicesCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import { withFailureCause } from '../report/failure-cause.js';
import { requestEcs } from '../shared/ecs-request.js';

/** The service as DescribeServices shows it; an error saying what to check when it is missing or deleted. */
export async function describeServiceToDeploy(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  const resource = `service "${service}" in cluster "${cluster}"`;
  const response = await requestEcs('DescribeServices', resource, () =>
    ecs.send(new DescribeServicesCommand({ cluster, services: [service] })),
  );

  const failure = response.failures?.[0];
  if (failure !== undefined) {
    const reason = failure.reason ?? 'UNKNOWN';
    const hint =
      reason === 'MISSING'
        ? `check the service input, the cluster input and that aws-region is the region they live in`
        : `check the service and cluster names${failure.detail === undefined ? '' : ` (${failure.detail})`}`;
    throw withFailureCause(new Error(`ECS DescribeServices found no ${resource} (reason ${reason}): ${hint}.`), 'service-not-found');
  }

  const found =
    response.services?.find((candidate) => candidate.serviceName === service || candidate.serviceArn === service) ?? response.services?.[0];
  if (found === undefined)
    throw withFailureCause(
      new Error(`ECS DescribeServices returned nothing for ${resource}: check the service and cluster inputs.`),
      'service-not-found',
    );
  if (found.status === 'INACTIVE' || found.status === 'DRAINING') {
    throw withFailureCause(
      new Error(
        `The ${resource} is ${found.status} (deleted${found.status === 'DRAINING' ? ', its tasks still stopping' : ''}) and cannot be deployed to: recreate it with CreateService or check the service input.`,
      ),
      'service-not-found',
    );
  }
  return found;
}
