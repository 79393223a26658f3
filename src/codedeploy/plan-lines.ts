// The dry run's words for a service that UpdateService does not deploy: the CreateDeployment a CODE_DEPLOY
// service would get (application, deployment group, config, AppSpec), or why an EXTERNAL one is refused. Pure.
import type { CodeDeployConfig } from '../inputs/config.js';
import { Input } from '../shared/constants.js';
import { appSpecContent, defaultAppSpec } from './appspec.js';
import { externalControllerRefusal, type ServiceController } from './controller.js';
import { codeDeployNames } from './names.js';

export function controllerPlanLines(
  controller: ServiceController,
  request: { readonly cluster: string; readonly service: string; readonly revision: string; readonly config: CodeDeployConfig },
): string[] {
  const name = `${request.cluster}/${request.service}`;
  if (controller.type === 'EXTERNAL') return [`${name}: refused: ${externalControllerRefusal(request.service)}`];
  const names = codeDeployNames(request.config, request.cluster, request.service);
  const balancer = controller.loadBalancer;
  const appspec =
    request.config.appspec?.document ??
    (balancer === undefined ? undefined : defaultAppSpec(balancer.containerName, balancer.containerPort));
  return [
    `CodeDeploy CreateDeployment ${name}: ${request.revision}`,
    `  application: ${names.application}${names.byConvention ? ' (the ECS console’s name; used only if it and the group exist)' : ''}`,
    `  deployment group: ${names.deploymentGroup}`,
    `  deployment config: ${request.config.deploymentConfig ?? "the deployment group's"}`,
    appspec === undefined
      ? `  appspec: none: the service has no load balancer container and port to generate one from; give \`${Input.codedeployAppspec}\``
      : `  appspec (${request.config.appspec === undefined ? 'generated from the service’s load balancer' : request.config.appspec.file}): ${appSpecContent(appspec, request.revision)}`,
  ];
}
