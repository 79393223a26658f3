// A service's deployment controller, as DescribeServices shows it before the deploy, with what a
// CodeDeploy deployment of it needs from the service (the container and port behind its load balancer). Pure.
import type { Service } from '@aws-sdk/client-ecs';

export type ServiceController =
  | {
      readonly type: 'CODE_DEPLOY';
      /** The first load balancer's container and port: what a generated AppSpec routes traffic to. */
      readonly loadBalancer: { readonly containerName: string; readonly containerPort: number } | undefined;
    }
  | { readonly type: 'EXTERNAL' };

/** `{ controller }` for a CODE_DEPLOY or EXTERNAL service, nothing for an ECS one (spread into its target). */
export function controllerOf(service: Pick<Service, 'deploymentController' | 'loadBalancers'>): { controller?: ServiceController } {
  const type = service.deploymentController?.type;
  if (type === 'EXTERNAL') return { controller: { type } };
  if (type !== 'CODE_DEPLOY') return {};
  const withContainer = service.loadBalancers?.find(
    (balancer) => balancer.containerName !== undefined && balancer.containerName !== '' && balancer.containerPort !== undefined,
  );
  return {
    controller: {
      type,
      loadBalancer:
        withContainer?.containerName === undefined || withContainer.containerPort === undefined
          ? undefined
          : { containerName: withContainer.containerName, containerPort: withContainer.containerPort },
    },
  };
}

/** Why this action does not deploy an EXTERNAL service: its task sets belong to the controller that made them. */
export function externalControllerRefusal(service: string): string {
  return `${service} uses the EXTERNAL deployment controller: ECS takes no new task definition for it through UpdateService (it belongs to the task set that its own controller creates with CreateTaskSet), so this action does not deploy it; deploy it with that controller, or give it the ECS or CODE_DEPLOY controller.`;
}
