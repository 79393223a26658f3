import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  InvalidIdentityTokenException,
  STSClient,
  type AssumeRoleCommandInput,
  type AssumeRoleWithWebIdentityCommandInput,
  type AssumeRoleWithWebIdentityCommandOutput,
  type STSClientConfig,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AuthConfig } from '../../../src/inputs/config.js';
import { CLASSIC_SUB, fakeJwt, githubClaims } from '../../../__fixtures__/oidc-token.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { establishSession } = await import('../../../src/auth/session.js');
const { CredentialsError } = await import('../../../src/auth/credentials-error.js');
const { SdkRetryStrategy } = await import('../../../src/shared/retry.js');

const sts = mockClient(STSClient);
afterAll(() => sts.restore());

const ROLE = 'arn:aws:iam::123456789012:role/my-deploy-role';
const HUB = 'arn:aws:iam::123456789012:role/my-hub-role';
const TARGET = 'arn:aws:iam::210987654321:role/my-target-role';
const T0 = Date.parse('2027-03-01T12:00:00Z');
const HOUR = 3600_000;

const auth = (overrides: Partial<AuthConfig> = {}): AuthConfig => ({
  region: 'eu-west-1',
  roleToAssume: ROLE,
  audience: 'sts.amazonaws.com',
  roleSessionName: 'my-org-my-app-4242-1',
  roleDurationSeconds: 3600,
  roleChain: [],
  exportCredentials: false,
  ...overrides,
});

/** Only what the runner offers for the OIDC token: who runs comes from the config (`github`), never from GITHUB_*. */
const runnerEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner.example.test/token?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-bearer',
};
const github = { repository: 'my-org/my-app', runId: '4242', runAttempt: '1' };

/** Everything that happened, in order: masks, tokens sent, clients built with credentials. */
let events: string[] = [];
let issued = 0;
let clock = T0;
let clientConfigs: STSClientConfig[] = [];

function deps() {
  return {
    env: runnerEnv,
    github,
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
    random: () => 0.5,
    createStsClient: (config: STSClientConfig) => {
      clientConfigs.push(config);
      const credentials = config.credentials;
      if (credentials && typeof credentials === 'object')
        events.push(`use:${credentials.secretAccessKey}`, `use:${credentials.sessionToken}`, `use:${credentials.accessKeyId}`);
      return new STSClient(config);
    },
  };
}

/** Fresh credentials each time, distinguishable by number, valid for `lifetimeMs` from the fake clock. */
function issue(roleArn: string, lifetimeMs = HOUR) {
  issued += 1;
  const [, account, role] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn) ?? [];
  return {
    Credentials: {
      AccessKeyId: `ASIAEXAMPLE${issued}`,
      SecretAccessKey: `secret-key-${issued}`,
      SessionToken: `session-token-${issued}`,
      Expiration: new Date(clock + lifetimeMs),
    },
    AssumedRoleUser: { Arn: `arn:aws:sts::${account}:assumed-role/${role}/my-org-my-app-4242-1`, AssumedRoleId: `AROAEXAMPLE:${issued}` },
  };
}

function answerWebIdentity(lifetimeMs = HOUR) {
  sts
    .on(AssumeRoleWithWebIdentityCommand)
    .callsFake((input: AssumeRoleWithWebIdentityCommandInput): AssumeRoleWithWebIdentityCommandOutput => {
      events.push(`use:${input.WebIdentityToken}`);
      return { ...issue(input.RoleArn ?? '', lifetimeMs), $metadata: {} };
    });
}

function answerAssumeRole(lifetimeMs = HOUR) {
  sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => issue(input.RoleArn ?? '', lifetimeMs));
}

let tokens = 0;
function answerOidc(sub = CLASSIC_SUB, extra: Record<string, unknown> = {}) {
  core.getIDToken.mockImplementation(async (audience) => {
    tokens += 1;
    return fakeJwt(githubClaims({ sub, aud: audience, ...extra }), `signature-${tokens}`);
  });
}

/** An STS error as the SDK raises an unmodeled one (AccessDenied has no class of its own). */
function stsError(name: string, message: string, status: number) {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

const secretsSeen = () => events.filter((event) => event.startsWith('mask:')).map((event) => event.slice('mask:'.length));

beforeEach(() => {
  jest.clearAllMocks();
  sts.reset();
  events = [];
  issued = 0;
  tokens = 0;
  clock = T0;
  clientConfigs = [];
  core.setSecret.mockImplementation((secret) => {
    events.push(`mask:${secret}`);
  });
  answerOidc();
});

describe('with role-to-assume', () => {
  test('exchanges the OIDC token for the role and returns a session for the SDK clients', async () => {
    answerWebIdentity();
    const session = await establishSession(auth(), deps());

    expect(session.assumedRoleArn).toBe('arn:aws:sts::123456789012:assumed-role/my-deploy-role/my-org-my-app-4242-1');
    expect(session.account).toBe('123456789012');
    expect(session.source).toBe('oidc');
    expect(session.expiration).toEqual(new Date(T0 + HOUR));
    expect(core.getIDToken).toHaveBeenCalledWith('sts.amazonaws.com');

    const [call] = sts.commandCalls(AssumeRoleWithWebIdentityCommand);
    expect(call?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'my-org-my-app-4242-1',
      DurationSeconds: 3600,
      WebIdentityToken: expect.stringMatching(/signature-1$/),
    });
    // Region and our retry strategy only: no endpoint, so AWS_ENDPOINT_URL(_STS) still applies.
    expect(clientConfigs[0]).toMatchObject({ region: 'eu-west-1', maxAttempts: 8 });
    expect(clientConfigs[0]?.retryStrategy).toBeInstanceOf(SdkRetryStrategy);
    expect(clientConfigs[0]).not.toHaveProperty('endpoint');
    expect(clientConfigs[0]).not.toHaveProperty('credentials');

    await expect(session.credentials()).resolves.toEqual({
      accessKeyId: 'ASIAEXAMPLE1',
      secretAccessKey: 'secret-key-1',
      sessionToken: 'session-token-1',
      expiration: new Date(T0 + HOUR),
    });
    const info = core.info.mock.calls.map(([line]) => line).join('\n');
    expect(info).toContain(`Assumed ${ROLE} with the GitHub OIDC token as ${session.assumedRoleArn} (session my-org-my-app-4242-1)`);
    expect(info).toContain('expires at 2027-03-01T13:00:00.000Z');
    expect(core.exportVariable).not.toHaveBeenCalled();
  });

  test('a wrong audience names the audience input and where it must be listed', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(new InvalidIdentityTokenException({ message: 'Incorrect token audience', $metadata: {} }));
    const error = await establishSession(auth({ audience: 'my-custom-audience' }), deps()).catch((caught: unknown) => caught);
    expect(core.getIDToken).toHaveBeenCalledWith('my-custom-audience');
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1);
    const message = (error as Error).message;
    expect(message).toContain('the `audience` input ("my-custom-audience")');
    expect(message).toContain('client ID list');
    expect(message).toContain(':aud` condition');
  });

  test('fails before any request when the job has no OIDC token', async () => {
    const error = await establishSession(auth(), { ...deps(), env: {} }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('permissions: id-token: write');
    expect(core.getIDToken).not.toHaveBeenCalled();
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('role chain', () => {
  test('assumes each role in order with the previous credentials, capped at one hour, tagged with the run', async () => {
    answerWebIdentity();
    answerAssumeRole();
    const session = await establishSession(auth({ roleDurationSeconds: 7200, roleChain: [HUB, TARGET] }), deps());

    const hops = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(hops.map((input) => input.RoleArn)).toEqual([HUB, TARGET]);
    for (const input of hops) {
      expect(input.DurationSeconds).toBe(3600);
      expect(input.RoleSessionName).toBe('my-org-my-app-4242-1');
      expect(input.Tags).toEqual([
        { Key: 'Repository', Value: 'my-org/my-app' },
        { Key: 'RunId', Value: '4242' },
        { Key: 'RunAttempt', Value: '1' },
      ]);
      expect(input).not.toHaveProperty('SourceIdentity');
    }
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)[0]?.args[0].input.DurationSeconds).toBe(7200);
    // Hop clients: first signed by the web identity session, then by the hub session.
    expect(clientConfigs.map((config) => (config.credentials as { accessKeyId?: string } | undefined)?.accessKeyId)).toEqual([
      undefined,
      'ASIAEXAMPLE1',
      'ASIAEXAMPLE2',
    ]);
    expect(session.assumedRoleArn).toBe('arn:aws:sts::210987654321:assumed-role/my-target-role/my-org-my-app-4242-1');
    expect(session.account).toBe('210987654321');
    await expect(session.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE3' });
    expect(core.info.mock.calls.map(([line]) => line)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Role chain 2\/2: assumed arn:aws:iam::210987654321:role\/my-target-role as /)]),
    );
  });

  test('tags the sessions with the run from the config, whatever GITHUB_* says', async () => {
    answerWebIdentity();
    answerAssumeRole();
    const env = { ...runnerEnv, GITHUB_REPOSITORY: 'someone-else/other-app', GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '9' };
    await establishSession(auth({ roleChain: [TARGET] }), {
      ...deps(),
      env,
      github: { repository: 'my-org/my-app', runId: '77', runAttempt: '2' },
    });
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.Tags).toEqual([
      { Key: 'Repository', Value: 'my-org/my-app' },
      { Key: 'RunId', Value: '77' },
      { Key: 'RunAttempt', Value: '2' },
    ]);
  });
});

describe('renewal', () => {
  test('keeps the credentials while fresh, and gets a new token and assumes every role again near expiry', async () => {
    answerWebIdentity();
    answerAssumeRole();
    const session = await establishSession(auth({ roleChain: [TARGET] }), deps());
    expect(core.getIDToken).toHaveBeenCalledTimes(1);

    clock = T0 + 40 * 60_000;
    await expect(session.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE2' });
    expect(core.getIDToken).toHaveBeenCalledTimes(1);
    expect(sts.calls()).toHaveLength(2);

    clock = T0 + 55 * 60_000;
    const [first, second] = await Promise.all([session.credentials(), session.credentials()]);
    expect(first).toMatchObject({ accessKeyId: 'ASIAEXAMPLE4', secretAccessKey: 'secret-key-4' });
    expect(second).toEqual(first);
    expect(core.getIDToken).toHaveBeenCalledTimes(2);
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(2);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)[1]?.args[0].input.WebIdentityToken).toMatch(/signature-2$/);
    expect(secretsSeen()).toEqual(expect.arrayContaining(['secret-key-4', 'session-token-4']));
    // A renewal does not print the claims again.
    expect(core.info.mock.calls.filter(([line]) => line.startsWith('GitHub OIDC token claims'))).toHaveLength(1);
  });

  test('a failed renewal keeps the still-valid credentials, waits before trying again, and fails once they expired', async () => {
    answerWebIdentity();
    const session = await establishSession(auth(), deps());
    const original = await session.credentials();
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403));

    clock = T0 + 55 * 60_000;
    await expect(session.credentials()).resolves.toEqual(original);
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('Could not renew the AWS credentials'));
    const attempts = sts.commandCalls(AssumeRoleWithWebIdentityCommand).length;
    clock = T0 + 55 * 60_000 + 30_000;
    await expect(session.credentials()).resolves.toEqual(original);
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(attempts);

    clock = T0 + 61 * 60_000;
    await expect(session.credentials()).rejects.toThrow(/Not authorized/);
  });

  test('renews short sessions halfway through their life', async () => {
    answerWebIdentity(15 * 60_000);
    const session = await establishSession(auth({ roleDurationSeconds: 900 }), deps());
    clock = T0 + 7 * 60_000;
    await session.credentials();
    expect(core.getIDToken).toHaveBeenCalledTimes(1);
    clock = T0 + 8 * 60_000;
    await session.credentials();
    expect(core.getIDToken).toHaveBeenCalledTimes(2);
  });

  test('a two-hour wait with one-hour sessions keeps getting valid credentials', async () => {
    answerWebIdentity();
    const session = await establishSession(auth(), deps());
    for (let minute = 0; minute <= 120; minute += 5) {
      clock = T0 + minute * 60_000;
      const credentials = await session.credentials();
      expect(credentials.expiration?.getTime()).toBeGreaterThan(clock + 5 * 60_000);
    }
  });
});

describe('without role-to-assume', () => {
  const ambient = { accessKeyId: 'AKIAAMBIENT', secretAccessKey: 'ambient-secret', sessionToken: 'ambient-token' };
  const ambientDeps = () => ({
    ...deps(),
    createStsClient: (config: STSClientConfig) => {
      clientConfigs.push(config);
      return new STSClient({ ...config, credentials: config.credentials ?? ambient });
    },
  });

  test('uses the credentials already in the environment and says whose they are', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Arn: 'arn:aws:sts::123456789012:assumed-role/runner-role/i-0abc', Account: '123456789012', UserId: 'AROA:i-0abc' });
    const session = await establishSession(auth({ roleToAssume: undefined }), ambientDeps());
    expect(session.source).toBe('environment');
    expect(session.assumedRoleArn).toBe('arn:aws:sts::123456789012:assumed-role/runner-role/i-0abc');
    expect(session.account).toBe('123456789012');
    expect(core.getIDToken).not.toHaveBeenCalled();
    expect(core.info).toHaveBeenCalledWith(
      'Using AWS credentials already present in the environment (arn:aws:sts::123456789012:assumed-role/runner-role/i-0abc).',
    );
    await expect(session.credentials()).resolves.toMatchObject({ accessKeyId: 'AKIAAMBIENT', secretAccessKey: 'ambient-secret' });
    expect(secretsSeen()).toEqual(expect.arrayContaining(['ambient-secret', 'ambient-token']));
  });

  test('still applies the role chain on top of them', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/deployer', Account: '123456789012' });
    answerAssumeRole();
    const session = await establishSession(auth({ roleToAssume: undefined, roleChain: [TARGET] }), ambientDeps());
    expect(session.assumedRoleArn).toContain('assumed-role/my-target-role/');
    expect(session.source).toBe('environment');
    expect((clientConfigs[1]?.credentials as { accessKeyId?: string } | undefined)?.accessKeyId).toBe('AKIAAMBIENT');

    // Renewal assumes the chain again with the ambient credentials, without asking who they are again.
    clock = T0 + 55 * 60_000;
    await expect(session.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE2' });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    expect((clientConfigs.at(-1)?.credentials as { accessKeyId?: string } | undefined)?.accessKeyId).toBe('AKIAAMBIENT');
  });

  test('with no credentials anywhere, says to set role-to-assume and grant id-token: write', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const error = await establishSession(auth({ roleToAssume: undefined }), ambientDeps()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsError);
    const message = (error as Error).message;
    expect(message).toContain('No AWS credentials');
    expect(message).toContain('set `role-to-assume`');
    expect(message).toContain('permissions: id-token: write');
    expect(sts.calls()).toHaveLength(1);
  });
});

describe('export-credentials', () => {
  test('exports the variables and warns that later steps can read them when asked', async () => {
    answerWebIdentity();
    await establishSession(auth({ exportCredentials: true }), deps());
    expect(Object.fromEntries(core.exportVariable.mock.calls)).toEqual({
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'secret-key-1',
      AWS_SESSION_TOKEN: 'session-token-1',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('every later step of this job can read these AWS credentials'));
  });

  test('exports nothing by default', async () => {
    answerWebIdentity();
    answerAssumeRole();
    const session = await establishSession(auth({ roleChain: [TARGET] }), deps());
    clock = T0 + 55 * 60_000;
    await session.credentials();
    expect(core.exportVariable).not.toHaveBeenCalled();
  });
});

describe('secrets', () => {
  test('every token, key and session token is masked before its first use and never logged', async () => {
    answerWebIdentity();
    answerAssumeRole();
    const session = await establishSession(auth({ roleChain: [HUB, TARGET], exportCredentials: true }), deps());
    clock = T0 + 55 * 60_000;
    await session.credentials();

    // A call that threw or never returned has no token; the length check below then fails.
    const tokens = core.getIDToken.mock.results.flatMap((result) => (result.type === 'return' ? [result.value] : []));
    const resolvedTokens = await Promise.all(tokens);
    const secrets = [
      ...resolvedTokens,
      ...Array.from({ length: issued }, (_, index) => [`secret-key-${index + 1}`, `session-token-${index + 1}`]).flat(),
    ];
    expect(secrets).toHaveLength(2 + 6 * 2);

    const maskedAt = (secret: string) => events.indexOf(`mask:${secret}`);
    const firstUseAt = (secret: string) => events.indexOf(`use:${secret}`);
    expect(secrets.filter((secret) => maskedAt(secret) < 0)).toEqual([]);
    expect(secrets.filter((secret) => firstUseAt(secret) >= 0 && firstUseAt(secret) < maskedAt(secret))).toEqual([]);
    // The order check above means something only if secrets were used at all.
    expect(secrets.filter((secret) => firstUseAt(secret) >= 0).length).toBeGreaterThan(0);
    // The exported values were masked before they were exported.
    const maskOrder = (value: string) =>
      core.setSecret.mock.invocationCallOrder[core.setSecret.mock.calls.findIndex(([secret]) => secret === value)] ?? Infinity;
    const firstExport = Math.min(...core.exportVariable.mock.invocationCallOrder);
    for (const exported of ['ASIAEXAMPLE3', 'secret-key-3', 'session-token-3']) expect(maskOrder(exported)).toBeLessThan(firstExport);

    const everything = core.logged().join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  test('no secret reaches a log line or the error when STS refuses', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403));
    const error = await establishSession(auth(), deps()).catch((caught: unknown) => caught);
    const token = await core.getIDToken.mock.results[0]?.value;
    expect(typeof token).toBe('string');
    expect(core.logged().join('\n')).not.toContain(String(token));
    expect((error as Error).message).not.toContain(String(token));
    expect((error as Error).message).not.toContain(String(token).split('.')[1]);
  });
});
