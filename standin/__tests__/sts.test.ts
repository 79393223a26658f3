import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts';
import { ACCOUNT, AUDIENCE, OTHER_ACCOUNT, assumeWithGithub, createGithubRole, sdkConfig } from './support.js';

const { startStandin } = await import('../index.js');
type Standin = Awaited<ReturnType<typeof startStandin>>;

let standin: Standin;
let sts: STSClient;
let deployRole: string;

beforeAll(async () => {
  standin = await startStandin();
  sts = new STSClient(sdkConfig(standin));
  deployRole = createGithubRole(standin, 'deploy', 'repo:my-org/my-app:ref:refs/heads/main');
});
afterAll(async () => {
  sts.destroy();
  await standin.stop();
});
beforeEach(() => {
  standin.setScenario({ rollout: 'healthy' });
  standin.github.setClaims({ owner: 'my-org', repo: 'my-app', branch: 'main', subFormat: 'classic', environment: undefined });
});

const webIdentity = (overrides: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) =>
  new AssumeRoleWithWebIdentityCommand({
    RoleArn: deployRole,
    RoleSessionName: 'deploy-17-1',
    WebIdentityToken: standin.github.mintToken(AUDIENCE),
    ...overrides,
  });

const failureOf = async (promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> => {
  try {
    await promise;
  } catch (error) {
    const typed = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: typed.name,
      message: typed.message,
      ...(typed.$metadata?.httpStatusCode ? { status: typed.$metadata.httpStatusCode } : {}),
    };
  }
  throw new Error('expected the call to fail');
};

/**
 * An expiry issued between two readings of the clock, as STS writes it (whole seconds): bracketed by the
 * readings, so the check holds however long the call took.
 */
function expectExpiryWithin(expiration: Date | undefined, earliestMs: number, latestMs: number): void {
  const expiresAt = expiration?.getTime() ?? 0;
  expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(earliestMs / 1000) * 1000);
  expect(expiresAt).toBeLessThanOrEqual(latestMs);
}

describe('AssumeRoleWithWebIdentity', () => {
  test('returns session credentials, the assumed role and the token subject in the shapes the SDK parses', async () => {
    const asked = Date.now();
    const answer = await sts.send(webIdentity({ DurationSeconds: 1800 }));
    const answered = Date.now();
    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(answer.Credentials?.SecretAccessKey).toEqual(expect.any(String));
    expect(answer.Credentials?.SessionToken).toEqual(expect.any(String));
    expectExpiryWithin(answer.Credentials?.Expiration, asked + 1800_000, answered + 1800_000);
    expect(answer.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/deploy-17-1`);
    expect(answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:deploy-17-1$/);
    expect(answer.SubjectFromWebIdentityToken).toBe('repo:my-org/my-app:ref:refs/heads/main');
    expect(answer.Audience).toBe(AUDIENCE);
    expect(answer.Provider).toBe(`arn:aws:iam::${ACCOUNT}:oidc-provider/${standin.github.issuerHost}`);
  });

  test('refuses a token whose sub the trust policy does not match with AccessDenied', async () => {
    standin.github.setClaims({ branch: 'feature/x' });
    expect(await failureOf(sts.send(webIdentity()))).toEqual({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      status: 403,
    });
  });

  test('tells the immutable sub format apart from the classic one, as IAM compares strings', async () => {
    standin.github.setClaims({ subFormat: 'immutable', ownerId: '4242001', repoId: '880011223' });
    expect((await failureOf(sts.send(webIdentity()))).name).toBe('AccessDenied');
    const immutableRole = createGithubRole(standin, 'deploy-immutable', 'repo:my-org@4242001/my-app@880011223:ref:refs/heads/*');
    const answer = await sts.send(webIdentity({ RoleArn: immutableRole }));
    expect(answer.SubjectFromWebIdentityToken).toBe('repo:my-org@4242001/my-app@880011223:ref:refs/heads/main');
  });

  test('matches an environment sub with StringLike wildcards', async () => {
    const environmentRole = createGithubRole(standin, 'deploy-env', ['repo:my-org/my-app:environment:prod?', 'repo:other/*']);
    standin.github.setClaims({ environment: 'prod1' });
    expect((await sts.send(webIdentity({ RoleArn: environmentRole }))).SubjectFromWebIdentityToken).toBe(
      'repo:my-org/my-app:environment:prod1',
    );
    standin.github.setClaims({ environment: 'prod12' });
    expect((await failureOf(sts.send(webIdentity({ RoleArn: environmentRole })))).name).toBe('AccessDenied');
  });

  test('refuses a token for another audience with InvalidIdentityToken "Incorrect token audience"', async () => {
    const failure = await failureOf(sts.send(webIdentity({ WebIdentityToken: standin.github.mintToken('https://github.com/my-org') })));
    expect(failure).toEqual({ name: 'InvalidIdentityTokenException', message: 'Incorrect token audience', status: 400 });
  });

  test('refuses an expired token with ExpiredTokenException', async () => {
    const expired = standin.github.mintToken(AUDIENCE, { exp: Math.floor(Date.now() / 1000) - 10 });
    const failure = await failureOf(sts.send(webIdentity({ WebIdentityToken: expired })));
    expect(failure.name).toBe('ExpiredTokenException');
    expect(failure.message).toMatch(/^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/);
  });

  test('refuses a token whose claims were altered after signing', async () => {
    const [header, payload, signature] = standin.github.mintToken(AUDIENCE).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, sub: 'repo:my-org/my-app:ref:refs/heads/main', repository: 'evil/app' }),
    ).toString('base64url');
    const failure = await failureOf(sts.send(webIdentity({ WebIdentityToken: `${header}.${forged}.${signature}` })));
    expect(failure.name).toBe('InvalidIdentityTokenException');
  });

  test('refuses text that is not a JWT', async () => {
    expect((await failureOf(sts.send(webIdentity({ WebIdentityToken: 'not-a-jwt' })))).name).toBe('InvalidIdentityTokenException');
  });

  test('refuses a token when the role account has no OIDC provider for the issuer', async () => {
    const foreignRole = `arn:aws:iam::${OTHER_ACCOUNT}:role/deploy`;
    standin.iam.createRole({ arn: foreignRole, trustPolicy: standin.iam.githubTrustPolicy({ account: OTHER_ACCOUNT, sub: '*' }) });
    standin.iam.deleteOidcProvider(OTHER_ACCOUNT);
    const failure = await failureOf(sts.send(webIdentity({ RoleArn: foreignRole })));
    expect(failure.name).toBe('InvalidIdentityTokenException');
    expect(failure.message).toBe(`No OpenIDConnect provider found in your account for ${standin.github.issuer}`);
  });

  test('answers IDPCommunicationError for the first N calls of the scenario, then succeeds', async () => {
    standin.setScenario({ rollout: 'healthy', stsIdpCommunicationErrors: 2 });
    expect((await failureOf(sts.send(webIdentity()))).name).toBe('IDPCommunicationErrorException');
    expect((await failureOf(sts.send(webIdentity()))).name).toBe('IDPCommunicationErrorException');
    expect((await sts.send(webIdentity())).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  test.each([
    [
      'a one-character session name',
      { RoleSessionName: 'x' },
      "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    ['a session name with a space', { RoleSessionName: 'my session' }, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'],
    [
      'a duration under 15 minutes',
      { DurationSeconds: 600 },
      "Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
    [
      'a duration over the role maximum',
      { DurationSeconds: 7200 },
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    ],
  ])('answers ValidationError for %s', async (_case, overrides, message) => {
    const failure = await failureOf(sts.send(webIdentity(overrides)));
    expect(failure.name).toBe('ValidationError');
    expect(failure.message).toContain(message);
  });

  test('caps the credentials lifetime at the scenario credentialTtlSeconds', async () => {
    standin.setScenario({ rollout: 'healthy', credentialTtlSeconds: 120 });
    const asked = Date.now();
    const answer = await sts.send(webIdentity());
    const answered = Date.now();
    expectExpiryWithin(answer.Credentials?.Expiration, asked + 120_000, answered + 120_000);
  });
});

describe('AssumeRole (role chaining) and GetCallerIdentity', () => {
  test('GetCallerIdentity names the assumed-role session of the signing credentials', async () => {
    const credentials = await assumeWithGithub(standin, deployRole, 'who-am-i');
    const signed = new STSClient(sdkConfig(standin, credentials));
    const identity = await signed.send(new GetCallerIdentityCommand({}));
    signed.destroy();
    expect(identity.Account).toBe(ACCOUNT);
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/who-am-i`);
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:who-am-i$/);
  });

  test('chains into a role of another account whose trust policy names the caller role, capped at one hour', async () => {
    const target = `arn:aws:iam::${OTHER_ACCOUNT}:role/ecs-deployer`;
    standin.iam.createRole({ arn: target, trustPolicy: standin.iam.roleChainTrustPolicy(deployRole), maxSessionDuration: 43200 });
    const signed = new STSClient(sdkConfig(standin, await assumeWithGithub(standin, deployRole)));

    const chained = await signed.send(
      new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'deploy-17-1', Tags: [{ Key: 'run', Value: '17' }] }),
    );
    expect(chained.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/ecs-deployer/deploy-17-1`);
    const chainedClient = new STSClient(
      sdkConfig(standin, {
        accessKeyId: chained.Credentials?.AccessKeyId ?? '',
        secretAccessKey: chained.Credentials?.SecretAccessKey ?? '',
        sessionToken: chained.Credentials?.SessionToken ?? '',
      }),
    );
    expect((await chainedClient.send(new GetCallerIdentityCommand({}))).Account).toBe(OTHER_ACCOUNT);
    chainedClient.destroy();

    const tooLong = await failureOf(signed.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 's2', DurationSeconds: 7200 })));
    expect(tooLong).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    signed.destroy();
  });

  test('refuses AssumeRole when the trust policy does not name the caller', async () => {
    const target = `arn:aws:iam::${OTHER_ACCOUNT}:role/locked`;
    standin.iam.createRole({
      arn: target,
      trustPolicy: standin.iam.roleChainTrustPolicy(`arn:aws:iam::${OTHER_ACCOUNT}:role/someone-else`),
    });
    const signed = new STSClient(sdkConfig(standin, await assumeWithGithub(standin, deployRole, 'chain')));
    const failure = await failureOf(signed.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'chain' })));
    signed.destroy();
    expect(failure).toEqual({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/deploy/chain is not authorized to perform: sts:AssumeRole on resource: ${target}`,
      status: 403,
    });
  });

  test('signed STS calls with a wrong secret answer SignatureDoesNotMatch', async () => {
    const credentials = await assumeWithGithub(standin, deployRole);
    const signed = new STSClient(sdkConfig(standin, { ...credentials, secretAccessKey: 'not-the-secret' }));
    const failure = await failureOf(signed.send(new GetCallerIdentityCommand({})));
    signed.destroy();
    expect(failure).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });
});
