// A role with a permission policy: the stand-in authorizes each call of its sessions with an IAM policy
// evaluator and refuses what the policy does not allow, in AWS's wire format, before anything changes.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { renderPolicy } from '../../setup/permissions.js';
import { ACCOUNT, OTHER_ACCOUNT, assumeWithGithub, sdkConfig, type TemporaryCredentials } from './support.js';

const { startStandin } = await import('../index.js');
type Standin = Awaited<ReturnType<typeof startStandin>>;

const SCOPE = { account: ACCOUNT, region: 'us-east-1' };
const ECS = `arn:aws:ecs:us-east-1:${ACCOUNT}`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/my-deploy-role/deploy-17-1`;

let standin: Standin;
let credentials: TemporaryCredentials;
let ecs: ECSClient;
let ownRevision: string;
let otherRevision: string;

beforeAll(async () => {
  standin = await startStandin();
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/my-deploy-role`;
  standin.iam.createRole({
    arn: roleArn,
    trustPolicy: standin.iam.githubTrustPolicy({ account: ACCOUNT, sub: 'repo:my-org/my-app:ref:refs/heads/main' }),
    permissionPolicy: renderPolicy(
      {
        partition: 'aws',
        ...SCOPE,
        repository: 'my-org/my-app',
        cluster: 'my-cluster',
        services: ['my-app'],
        families: ['my-app'],
        passRoles: ['my-app-task'],
        logGroups: [],
        chainTargets: [`arn:aws:iam::${OTHER_ACCOUNT}:role/my-target`],
        baseImageRepositories: [],
        sidecarImageRepositories: [],
        codeDeployGroups: [],
        cacheRepositories: [],
      },
      ['deploy', 'roleChain'],
    ),
  });
  standin.ecr.createRepository(ACCOUNT, 'us-east-1', 'my-org/my-app');
  standin.ecs.createCluster(SCOPE, 'my-cluster');
  const container = { name: 'app', image: 'public.example/app:1', essential: true, memory: 512 };
  ownRevision = standin.ecs.registerTaskDefinition(SCOPE, { family: 'my-app', containerDefinitions: [container] });
  otherRevision = standin.ecs.registerTaskDefinition(SCOPE, {
    family: 'admin-tools',
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/admin`,
    containerDefinitions: [container],
  });
  standin.ecs.createService(SCOPE, { cluster: 'my-cluster', serviceName: 'my-app', taskDefinition: ownRevision });
  credentials = await assumeWithGithub(standin, roleArn);
  ecs = new ECSClient(sdkConfig(standin, credentials));
});

afterAll(async () => {
  await standin.stop();
});

describe('a role with a permission policy', () => {
  test('makes the calls its policy allows', async () => {
    const answer = await ecs.send(new DescribeServicesCommand({ cluster: 'my-cluster', services: ['my-app'] }));
    expect(answer.services?.map((service) => service.serviceName)).toEqual(['my-app']);
    const repositories = await new ECRClient(sdkConfig(standin, credentials)).send(
      new DescribeRepositoriesCommand({ repositoryNames: ['my-org/my-app'] }),
    );
    expect(repositories.repositories?.map((repository) => repository.repositoryName)).toEqual(['my-org/my-app']);
  });

  test('is refused UpdateService to another family’s revision, in AWS’s words, and the service keeps its revision', async () => {
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'my-app', taskDefinition: otherRevision })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${SESSION} is not authorized to perform: ecs:UpdateService on resource: ${ECS}:service/my-cluster/my-app because no identity-based policy allows the ecs:UpdateService action`,
    });
    expect(standin.ecs.service(SCOPE, 'my-cluster', 'my-app')?.taskDefinition).toBe(ownRevision);
  });

  test('is refused a registration that passes a role the policy does not name', async () => {
    await expect(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'my-app',
          taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/admin`,
          containerDefinitions: [{ name: 'app', image: 'public.example/app:2', essential: true, memory: 512 }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`iam:PassRole on resource: arn:aws:iam::${ACCOUNT}:role/admin`) as unknown,
    });
  });

  test('is refused a registration in another family, on the ARN of the revision it would create (as AWS evaluates it)', async () => {
    await expect(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'my-app-old',
          containerDefinitions: [{ name: 'app', image: 'public.example/app:2', memory: 512 }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`ecs:RegisterTaskDefinition on resource: ${ECS}:task-definition/my-app-old:1 `) as unknown,
    });
  });

  test('is refused sts:AssumeRole of a role its policy does not name, with STS’s AccessDenied', async () => {
    const sts = new STSClient(sdkConfig(standin, credentials));
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`, RoleSessionName: 'hop' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${OTHER_ACCOUNT}:role/admin because no identity-based policy allows the sts:AssumeRole action`,
    });
  });

  test('records every request it decided, with the policy, the caller and the answer', async () => {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'my-app',
        taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/my-app-task`,
        containerDefinitions: [{ name: 'app', image: 'public.example/app:3', memory: 512 }],
      }),
    );
    const revision = registered.taskDefinition?.taskDefinitionArn ?? '';
    expect(revision).toBe(`${ECS}:task-definition/my-app:2`);
    const decided = standin.authorizations().filter((each) => each.request.action === 'ecs:RegisterTaskDefinition');
    // AWS authorizes a registration on the revision it creates: the refused one above on my-app-old:1.
    expect(decided.at(-1)).toMatchObject({
      roleArn: `arn:aws:iam::${ACCOUNT}:role/my-deploy-role`,
      principal: SESSION,
      request: { resource: revision },
      allowed: true,
    });
    expect(decided.filter((each) => !each.allowed).map((each) => each.request.resource)).toEqual([`${ECS}:task-definition/my-app-old:1`]);
  });
});
