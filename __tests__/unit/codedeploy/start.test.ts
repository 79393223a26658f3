import { beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ApplicationDoesNotExistException,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { startCodeDeployDeployment, type CodeDeployStartRequest } from '../../../src/codedeploy/start.js';

const codeDeployMock = mockClient(CodeDeployClient);
const client = new CodeDeployClient({ region: 'us-east-1' });
const V2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:2';
const REQUEST: CodeDeployStartRequest = {
  cluster: 'my-cluster',
  service: 'my-app',
  controller: { type: 'CODE_DEPLOY', loadBalancer: { containerName: 'app', containerPort: 8080 } },
  taskDefinitionArn: V2,
  config: { application: undefined, deploymentGroup: undefined, deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce', appspec: undefined },
};

beforeEach(() => {
  codeDeployMock.reset();
});

test('the console’s names, checked to deploy this service, then CreateDeployment with the generated AppSpec and the config', async () => {
  codeDeployMock
    .on(GetDeploymentGroupCommand)
    .resolves({ deploymentGroupInfo: { ecsServices: [{ clusterName: 'my-cluster', serviceName: 'my-app' }] } });
  codeDeployMock.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-ABCDEFGHI' });
  await expect(startCodeDeployDeployment(client, REQUEST)).resolves.toEqual({
    application: 'AppECS-my-cluster-my-app',
    deploymentGroup: 'DgpECS-my-cluster-my-app',
    byConvention: true,
    deploymentId: 'd-ABCDEFGHI',
  });
  const [create] = codeDeployMock.commandCalls(CreateDeploymentCommand);
  expect(create?.args[0].input).toEqual({
    applicationName: 'AppECS-my-cluster-my-app',
    deploymentGroupName: 'DgpECS-my-cluster-my-app',
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    revision: {
      revisionType: 'AppSpecContent',
      appSpecContent: {
        content: JSON.stringify({
          version: '0.0',
          Resources: [
            {
              TargetService: {
                Type: 'AWS::ECS::Service',
                Properties: { TaskDefinition: V2, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } },
              },
            },
          ],
        }),
      },
    },
    description: `oidc-ecs-deploy: ${V2}`,
  });
});

test('no application of the console’s names: the error names the inputs to give, and nothing is created', async () => {
  codeDeployMock
    .on(GetDeploymentGroupCommand)
    .rejects(new ApplicationDoesNotExistException({ message: 'No application found for name: AppECS-my-cluster-my-app', $metadata: {} }));
  await expect(startCodeDeployDeployment(client, REQUEST)).rejects.toThrow(
    'my-app uses the CODE_DEPLOY deployment controller and there is no CodeDeploy application "AppECS-my-cluster-my-app" with deployment group "DgpECS-my-cluster-my-app" (the names the ECS console gives, No application found for name: AppECS-my-cluster-my-app): give `codedeploy-application` and `codedeploy-deployment-group`.',
  );
  expect(codeDeployMock.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
});

test('a group that deploys another service is refused, naming what it deploys', async () => {
  codeDeployMock
    .on(GetDeploymentGroupCommand)
    .resolves({ deploymentGroupInfo: { ecsServices: [{ clusterName: 'my-cluster', serviceName: 'my-worker' }] } });
  await expect(
    startCodeDeployDeployment(client, {
      ...REQUEST,
      config: { ...REQUEST.config, application: 'my-app', deploymentGroup: 'my-worker-bg' },
    }),
  ).rejects.toThrow(
    'The CodeDeploy application "my-app" with deployment group "my-worker-bg" deploys my-cluster/my-worker, not my-cluster/my-app: check `codedeploy-deployment-group`.',
  );
});

test('a service without a load balancer container and no codedeploy-appspec is refused before any call', async () => {
  await expect(
    startCodeDeployDeployment(client, { ...REQUEST, controller: { type: 'CODE_DEPLOY', loadBalancer: undefined } }),
  ).rejects.toThrow(
    'my-app uses the CODE_DEPLOY deployment controller but has no load balancer with a container name and port to generate an AppSpec from: give `codedeploy-appspec`.',
  );
  expect(codeDeployMock.calls()).toHaveLength(0);
});

describe('each failure carries the step that failed, for the sentence that reports it', () => {
  const denied = (action: string): Error =>
    Object.assign(new Error(`User is not authorized to perform: ${action}`), { name: 'AccessDeniedException' });
  const GROUP_OF_MY_APP = { deploymentGroupInfo: { ecsServices: [{ clusterName: 'my-cluster', serviceName: 'my-app' }] } };
  const WHERE = '(CodeDeploy application "AppECS-my-cluster-my-app" with deployment group "DgpECS-my-cluster-my-app")';

  test('GetDeploymentGroup refused: its code and message, and the group it read', async () => {
    codeDeployMock.on(GetDeploymentGroupCommand).rejects(denied('codedeploy:GetDeploymentGroup'));
    const failure = startCodeDeployDeployment(client, REQUEST);
    await expect(failure).rejects.toThrow(`AccessDenied: User is not authorized to perform: codedeploy:GetDeploymentGroup ${WHERE}`);
    await expect(failure).rejects.toMatchObject({ operation: 'codedeploy:GetDeploymentGroup' });
    expect(codeDeployMock.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });

  test('CreateDeployment refused: its code and message, and the group it deploys', async () => {
    codeDeployMock.on(GetDeploymentGroupCommand).resolves(GROUP_OF_MY_APP);
    codeDeployMock.on(CreateDeploymentCommand).rejects(denied('codedeploy:CreateDeployment'));
    const failure = startCodeDeployDeployment(client, REQUEST);
    await expect(failure).rejects.toThrow(`AccessDenied: User is not authorized to perform: codedeploy:CreateDeployment ${WHERE}`);
    await expect(failure).rejects.toMatchObject({ operation: 'codedeploy:CreateDeployment' });
  });

  test('CreateDeployment answering without an id is its failure too', async () => {
    codeDeployMock.on(GetDeploymentGroupCommand).resolves(GROUP_OF_MY_APP);
    codeDeployMock.on(CreateDeploymentCommand).resolves({});
    const failure = startCodeDeployDeployment(client, REQUEST);
    await expect(failure).rejects.toThrow(`CodeDeploy answered without a deployment id ${WHERE}.`);
    await expect(failure).rejects.toMatchObject({ operation: 'codedeploy:CreateDeployment' });
  });

  test.each<[string, CodeDeployStartRequest, string]>([
    ['no AppSpec to send', { ...REQUEST, controller: { type: 'CODE_DEPLOY', loadBalancer: undefined } }, 'refused'],
    [
      'a group of another service',
      { ...REQUEST, config: { ...REQUEST.config, application: 'my-app', deploymentGroup: 'my-worker-bg' } },
      'refused',
    ],
  ])('%s is a refusal, not a failed call', async (_name, request, operation) => {
    codeDeployMock
      .on(GetDeploymentGroupCommand)
      .resolves({ deploymentGroupInfo: { ecsServices: [{ clusterName: 'my-cluster', serviceName: 'my-worker' }] } });
    await expect(startCodeDeployDeployment(client, request)).rejects.toMatchObject({ operation });
    expect(codeDeployMock.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });

  test('a missing application is GetDeploymentGroup’s failure', async () => {
    codeDeployMock
      .on(GetDeploymentGroupCommand)
      .rejects(new ApplicationDoesNotExistException({ message: 'No application found for name: AppECS-my-cluster-my-app', $metadata: {} }));
    await expect(startCodeDeployDeployment(client, REQUEST)).rejects.toMatchObject({ operation: 'codedeploy:GetDeploymentGroup' });
  });
});
