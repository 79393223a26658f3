// The shared endpoint: GitHub's OIDC protocol, SigV4 on JSON services, injected faults, the call record.
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import * as core from '@actions/core';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ACCOUNT, AUDIENCE, REGION, assumeWithGithub, createGithubRole, sdkConfig, type TemporaryCredentials } from './support.js';

const { startStandin } = await import('../index.js');
type Standin = Awaited<ReturnType<typeof startStandin>>;

let standin: Standin;
let role: string;
let credentials: TemporaryCredentials;
const savedEnv = { ...process.env };

beforeAll(async () => {
  standin = await startStandin();
  role = createGithubRole(standin, 'deploy', 'repo:my-org/my-app:ref:refs/heads/main');
  credentials = await assumeWithGithub(standin, role);
  standin.ecr.createRepository(ACCOUNT, REGION, 'my-org/my-app');
});
afterAll(async () => {
  process.env = savedEnv;
  await standin.stop();
});
afterEach(() => standin.setScenario({ rollout: 'healthy' }));

const errorName = (error: unknown): string => (error as Error).name;

const ecrWith = (given: TemporaryCredentials) => new ECRClient(sdkConfig(standin, given));

async function describeRepositories(client: ECRClient): Promise<string> {
  try {
    await client.send(new DescribeRepositoriesCommand({}));
    return 'ok';
  } catch (error) {
    return errorName(error);
  }
}

describe('GitHub OIDC token endpoint', () => {
  // @actions/core prints ::debug:: and ::add-mask:: commands; they mean nothing outside a runner.
  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const useRunnerEnv = () => {
    process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = standin.env()['ACTIONS_ID_TOKEN_REQUEST_URL'];
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = standin.env()['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
  };

  test('core.getIDToken gets an RS256 token with GitHub claims that verifies against the published JWKS', async () => {
    useRunnerEnv();
    const token = await core.getIDToken(AUDIENCE);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: standin.github.issuer,
      aud: AUDIENCE,
      sub: 'repo:my-org/my-app:ref:refs/heads/main',
      repository: 'my-org/my-app',
      repository_owner: 'my-org',
      ref: 'refs/heads/main',
      job_workflow_ref: 'my-org/my-app/.github/workflows/deploy.yml@refs/heads/main',
      event_name: 'push',
    });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(300);

    const discovery = (await (await fetch(`${standin.github.issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer).toBe(standin.github.issuer);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Record<string, string>[] };
    const kid = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { kid: string }).kid;
    const key = createPublicKey({ key: jwks.keys.find((candidate) => candidate['kid'] === kid) ?? {}, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  test('names the environment in sub when the job has one', async () => {
    useRunnerEnv();
    standin.github.setClaims({ environment: 'production' });
    const claims = JSON.parse(Buffer.from((await core.getIDToken(AUDIENCE)).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    standin.github.setClaims({ environment: undefined });
    expect(claims).toMatchObject({ sub: 'repo:my-org/my-app:environment:production', environment: 'production' });
  });

  test('refuses a request without the runner bearer token with 401', async () => {
    expect((await fetch(`${standin.github.requestUrl}&audience=x`)).status).toBe(401);
    expect((await fetch(`${standin.github.requestUrl}&audience=x`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  test('answers 500 to the first oidcServerErrors requests, then a token', async () => {
    useRunnerEnv();
    standin.setScenario({ rollout: 'healthy', oidcServerErrors: 1 });
    await expect(core.getIDToken(AUDIENCE)).rejects.toThrow(/Error Code : 500/);
    expect((await core.getIDToken(AUDIENCE)).split('.')).toHaveLength(3);
  });
});

describe('SigV4 on the JSON services', () => {
  test('accepts credentials the stand-in issued', async () => {
    expect(await describeRepositories(ecrWith(credentials))).toBe('ok');
  });

  test.each([
    ['a wrong secret', (given: TemporaryCredentials) => ({ ...given, secretAccessKey: 'wrong' }), 'InvalidSignatureException'],
    [
      'an unknown access key',
      (given: TemporaryCredentials) => ({ ...given, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' }),
      'UnrecognizedClientException',
    ],
    [
      'a session token that is not the one issued',
      (given: TemporaryCredentials) => ({ ...given, sessionToken: 'forged' }),
      'UnrecognizedClientException',
    ],
  ])('refuses %s', async (_case, alter, expected) => {
    expect(await describeRepositories(ecrWith(alter(credentials)))).toBe(expected);
  });

  test('refuses credentials past their expiry with ExpiredTokenException', async () => {
    standin.setScenario({ rollout: 'healthy', credentialTtlSeconds: 1 });
    const shortLived = await assumeWithGithub(standin, role, 'short');
    expect(await describeRepositories(ecrWith(shortLived))).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await describeRepositories(ecrWith(shortLived))).toBe('ExpiredTokenException');
  });
});

describe('faults and the call record', () => {
  test('throttleShare throttles the same calls on every run of a scenario', async () => {
    const client = ecrWith(credentials);
    const run = async () => {
      standin.setScenario({ rollout: 'healthy', throttleShare: 0.4 });
      const outcomes: string[] = [];
      for (let call = 0; call < 20; call += 1) outcomes.push(await describeRepositories(client));
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const throttled = first.filter((outcome) => outcome === 'ThrottlingException').length;
    expect(throttled).toBeGreaterThan(2);
    expect(throttled).toBeLessThan(18);
    expect(first.filter((outcome) => outcome !== 'ThrottlingException').every((outcome) => outcome === 'ok')).toBe(true);
  });

  test('serverErrorBurst answers 500 ServerException and 503 in turn to the first N calls of that service only', async () => {
    standin.setScenario({ rollout: 'healthy', serverErrorBurst: { service: 'ecr', count: 2 } });
    const client = ecrWith(credentials);
    const failure = await client.send(new DescribeRepositoriesCommand({})).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'ServerException', $metadata: { httpStatusCode: 500 } });
    expect(await describeRepositories(client)).toBe('ServiceUnavailableException');
    expect(await describeRepositories(client)).toBe('ok');
  });

  test('answers UnknownOperationException for a target no service serves', async () => {
    const answer = await fetch(standin.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSomething_20200101.Nope', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  test('records each AWS call with service, operation, caller and status', async () => {
    const before = standin.calls().length;
    await describeRepositories(ecrWith(credentials));
    await describeRepositories(ecrWith({ ...credentials, secretAccessKey: 'wrong' }));
    const recent = standin.calls().slice(before);
    expect(recent).toEqual([
      expect.objectContaining({
        service: 'ecr',
        operation: 'DescribeRepositories',
        caller: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/deploy-17-1`,
        status: 200,
      }),
      expect.objectContaining({ service: 'ecr', operation: 'DescribeRepositories', status: 400, errorCode: 'InvalidSignatureException' }),
    ]);
    expect(recent[0]?.time).toEqual(expect.any(Number));
    expect(standin.calls().some((call) => call.service === 'sts' && call.operation === 'AssumeRoleWithWebIdentity')).toBe(true);
  });
});

describe('ECS through the shared endpoint', () => {
  test('an ECSClient signed with issued credentials reaches the ECS simulator of the caller account', async () => {
    const clusterArn = standin.ecs.createCluster({ account: ACCOUNT, region: REGION }, 'my-cluster');
    const ecs = new ECSClient(sdkConfig(standin, credentials));
    const answer = await ecs.send(new DescribeClustersCommand({ clusters: ['my-cluster'] }));
    expect(answer.clusters?.[0]?.clusterArn).toBe(clusterArn);
    expect(standin.calls().at(-1)).toMatchObject({ service: 'ecs', operation: 'DescribeClusters', status: 200 });

    const forged = new ECSClient(sdkConfig(standin, { ...credentials, secretAccessKey: 'wrong' }));
    await expect(forged.send(new DescribeClustersCommand({ clusters: ['my-cluster'] }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    ecs.destroy();
    forged.destroy();
  });

  test('ecsThrottleEvery throttles every Nth ECS call and no other', async () => {
    standin.setScenario({ rollout: 'healthy', ecsThrottleEvery: 3 });
    const ecs = new ECSClient(sdkConfig(standin, credentials));
    const outcomes: string[] = [];
    for (let call = 0; call < 7; call += 1) {
      outcomes.push(
        await ecs.send(new DescribeClustersCommand({})).then(
          () => 'ok',
          (error: unknown) => (error instanceof Error ? error.name : String(error)),
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ThrottlingException', 'ok', 'ok', 'ThrottlingException', 'ok']);
    expect(await describeRepositories(ecrWith(credentials))).toBe('ok');
    ecs.destroy();
  });

  test('throttleShare applies to ECS calls too', async () => {
    standin.setScenario({ rollout: 'healthy', throttleShare: 1 });
    const ecs = new ECSClient(sdkConfig(standin, credentials));
    await expect(ecs.send(new DescribeClustersCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
    ecs.destroy();
  });
});

describe('env()', () => {
  test('points every AWS service at the endpoint and carries no AWS credentials', () => {
    const env = standin.env();
    for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_ECR', 'AWS_ENDPOINT_URL_ECS', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS']) {
      expect(env[name]).toBe(standin.endpoint);
    }
    expect(Object.keys(env).filter((name) => /ACCESS_KEY|SECRET|SESSION_TOKEN/.test(name))).toEqual([]);
    expect(env['BUILDAH_ISOLATION']).toBe('chroot');
  });
});
