// Starts the CodeDeploy deployment of a CODE_DEPLOY service: which application and deployment group (the
// inputs, or the ECS console's names when both exist), checked to deploy this service, then CreateDeployment
// with the AppSpec carrying the new revision.
import { CreateDeploymentCommand, GetDeploymentGroupCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { CodeDeployConfig } from '../inputs/config.js';
import { Input } from '../shared/constants.js';
import { awsErrorCode, describeAwsError, errorMessage } from '../shared/errors.js';
import { appSpecContent, defaultAppSpec, type AppSpecDocument } from './appspec.js';
import type { ServiceController } from './controller.js';
import { codeDeployNames, nameOf, type CodeDeployNames } from './names.js';
import { CodeDeployStartError } from './start-error.js';

export interface CodeDeployStartRequest {
  readonly cluster: string;
  readonly service: string;
  readonly controller: Extract<ServiceController, { type: 'CODE_DEPLOY' }>;
  readonly taskDefinitionArn: string;
  readonly config: CodeDeployConfig;
}

export interface StartedCodeDeploy extends CodeDeployNames {
  readonly deploymentId: string;
}

// As awsErrorCode gives them, without the SDK's `Exception` suffix.
const MISSING = new Set(['ApplicationDoesNotExist', 'DeploymentGroupDoesNotExist']);

/** The AppSpec of the inputs, else one from the service's load balancer; an error saying which input is needed when it has none. */
export function appSpecFor(request: Pick<CodeDeployStartRequest, 'service' | 'controller' | 'config'>): AppSpecDocument {
  if (request.config.appspec !== undefined) return request.config.appspec.document;
  const balancer = request.controller.loadBalancer;
  if (balancer === undefined)
    throw new CodeDeployStartError(
      'refused',
      `${request.service} uses the CODE_DEPLOY deployment controller but has no load balancer with a container name and port to generate an AppSpec from: give \`${Input.codedeployAppspec}\`.`,
    );
  return defaultAppSpec(balancer.containerName, balancer.containerPort);
}

/** The deployment group, checked to exist and to deploy this service; an error naming the inputs that fix it. */
async function checkedNames(client: CodeDeployClient, request: CodeDeployStartRequest): Promise<CodeDeployNames> {
  const names = codeDeployNames(request.config, request.cluster, request.service);
  const where = `CodeDeploy application "${names.application}" with deployment group "${names.deploymentGroup}"`;
  let group;
  try {
    group = (
      await client.send(new GetDeploymentGroupCommand({ applicationName: names.application, deploymentGroupName: names.deploymentGroup }))
    ).deploymentGroupInfo;
  } catch (error) {
    if (!MISSING.has(awsErrorCode(error)))
      throw new CodeDeployStartError('codedeploy:GetDeploymentGroup', `${describeAwsError(error)} (${where})`, { cause: error });
    throw new CodeDeployStartError(
      'codedeploy:GetDeploymentGroup',
      names.byConvention
        ? `${request.service} uses the CODE_DEPLOY deployment controller and there is no ${where} (the names the ECS console gives, ${errorMessage(error)}): give \`${Input.codedeployApplication}\` and \`${Input.codedeployDeploymentGroup}\`.`
        : `There is no ${where} (${errorMessage(error)}): check \`${Input.codedeployApplication}\` and \`${Input.codedeployDeploymentGroup}\` and that aws-region is where they live.`,
      { cause: error },
    );
  }
  const deploys = group?.ecsServices ?? [];
  const ours = deploys.some(
    (target) =>
      nameOf(target.serviceName ?? '') === nameOf(request.service) && nameOf(target.clusterName ?? '') === nameOf(request.cluster),
  );
  if (deploys.length > 0 && !ours) {
    const listed = deploys.map((target) => `${target.clusterName ?? '?'}/${target.serviceName ?? '?'}`).join(', ');
    throw new CodeDeployStartError(
      'refused',
      `The ${where} deploys ${listed}, not ${nameOf(request.cluster)}/${nameOf(request.service)}: check \`${Input.codedeployDeploymentGroup}\`.`,
    );
  }
  return names;
}

export async function startCodeDeployDeployment(client: CodeDeployClient, request: CodeDeployStartRequest): Promise<StartedCodeDeploy> {
  const appspec = appSpecFor(request);
  const names = await checkedNames(client, request);
  const where = `CodeDeploy application "${names.application}" with deployment group "${names.deploymentGroup}"`;
  let created;
  try {
    created = await client.send(
      new CreateDeploymentCommand({
        applicationName: names.application,
        deploymentGroupName: names.deploymentGroup,
        ...(request.config.deploymentConfig === undefined ? {} : { deploymentConfigName: request.config.deploymentConfig }),
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpecContent(appspec, request.taskDefinitionArn) } },
        description: `oidc-ecs-deploy: ${request.taskDefinitionArn}`,
      }),
    );
  } catch (error) {
    throw new CodeDeployStartError('codedeploy:CreateDeployment', `${describeAwsError(error)} (${where})`, { cause: error });
  }
  if (created.deploymentId === undefined)
    throw new CodeDeployStartError('codedeploy:CreateDeployment', `CodeDeploy answered without a deployment id (${where}).`);
  return { ...names, deploymentId: created.deploymentId };
}
