import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { CLASSIC_SUB, ENVIRONMENT_SUB, fakeJwt, githubClaims, IMMUTABLE_SUB } from '../../../__fixtures__/oidc-token.js';
import { startFakeSts, type FakeSts, type StsFailureAnswer } from '../../../__fixtures__/sts-server.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { assumeRoleWithWebIdentity } = await import('../../../src/auth/web-identity.js');
const { CredentialsError } = await import('../../../src/auth/credentials-error.js');
const { decodeClaims } = await import('../../../src/auth/oidc-token.js');

const ROLE = 'arn:aws:iam::123456789012:role/my-deploy-role';
const T0 = Date.parse('2027-03-01T12:00:00Z');
const settings = { region: 'eu-west-1', audience: 'sts.amazonaws.com', roleSessionName: 'my-org-my-app-4242-1', roleDurationSeconds: 3600 };

let sts: FakeSts;
let clock = T0;

beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(() => sts.close());
beforeEach(() => {
  jest.clearAllMocks();
  sts.reset();
  clock = T0;
});

const context = () => ({
  now: () => clock,
  sleep: async (ms: number) => {
    clock += ms;
  },
  random: () => 0.5,
  createClient: (config: STSClientConfig) => new STSClient({ ...config, endpoint: sts.endpoint }),
});

function oidcToken(sub = CLASSIC_SUB, extra: Record<string, unknown> = {}, audience = 'sts.amazonaws.com') {
  const token = fakeJwt(githubClaims({ sub, aud: audience, ...extra }), 'signature-1');
  return { token, claims: decodeClaims(token) };
}

const assume = (token = oidcToken(), overrides: Partial<typeof settings> = {}) =>
  assumeRoleWithWebIdentity(ROLE, token, { ...settings, ...overrides }, context());
const failure = (promise: Promise<unknown>) => promise.catch((caught: unknown) => caught);
const retryLines = () =>
  core.info.mock.calls.map(([line]) => line).filter((line) => line.startsWith('STS AssumeRoleWithWebIdentity failed'));

const idpDown: StsFailureAnswer = { status: 400, code: 'IDPCommunicationError', message: 'Couldn’t reach the IdP' };
const keyUnavailable: StsFailureAnswer = {
  status: 400,
  code: 'InvalidIdentityToken',
  message: "Couldn't retrieve verification key from your identity provider",
};
const accessDenied: StsFailureAnswer = {
  status: 403,
  code: 'AccessDenied',
  message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
};

describe('assumeRoleWithWebIdentity', () => {
  test('sends the token for the role and the session name and length, masks the answer and says who it is', async () => {
    const token = oidcToken();
    const identity = await assume(token);
    expect(sts.requests).toHaveLength(1);
    const form = sts.requests[0];
    expect(form?.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(form?.get('RoleArn')).toBe(ROLE);
    expect(form?.get('RoleSessionName')).toBe('my-org-my-app-4242-1');
    expect(form?.get('DurationSeconds')).toBe('3600');
    expect(form?.get('WebIdentityToken')).toBe(token.token);

    expect(identity.arn).toBe('arn:aws:sts::123456789012:assumed-role/my-deploy-role/my-org-my-app-4242-1');
    expect(identity.credentials).toMatchObject({
      accessKeyId: 'ASIAWIRE1',
      secretAccessKey: 'wire-secret-1',
      sessionToken: 'wire-token-1',
    });
    expect(identity.obtainedAt).toBe(T0);
    expect(core.setSecret).toHaveBeenCalledWith('wire-secret-1');
    expect(core.setSecret).toHaveBeenCalledWith('wire-token-1');
    expect(core.info).toHaveBeenCalledWith(
      `Assumed ${ROLE} with the GitHub OIDC token as ${identity.arn} (session my-org-my-app-4242-1); expires at 2099-01-01T00:00:00.000Z, renewed automatically before then.`,
    );
  });

  test('retries transient STS failures, one log line each, then succeeds', async () => {
    sts.fail(
      idpDown,
      { status: 400, code: 'Throttling', message: 'Rate exceeded' },
      keyUnavailable,
      { status: 503, code: 'ServiceUnavailable', message: 'Service unavailable' },
      'reset',
    );
    const identity = await assume();
    expect(identity.arn).toContain('my-deploy-role');
    expect(sts.requests).toHaveLength(6);
    const retries = retryLines();
    expect(retries).toHaveLength(5);
    expect(retries[0]).toMatch(/IDPCommunicationError: .*retrying in \d+\.\d s \(attempt 2 of 8\)/);
    expect(retries[1]).toContain('Throttling: Rate exceeded');
    expect(retries[2]).toContain("InvalidIdentityToken: Couldn't retrieve verification key");
    expect(retries[3]).toContain('ServiceUnavailable');
  });

  test.each([
    ['IDPCommunicationError', idpDown],
    ['an unretrievable verification key', keyUnavailable],
  ])('gives up on a persistent %s within about a minute and blames the issuer, not the setup', async (_name, answer) => {
    sts.failAlways(answer);
    const error = await failure(assume());
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as Error).message).toMatch(/could not reach GitHub's OIDC issuer .*gave up after \d attempts/);
    expect((error as Error).message).toContain(`to verify the token for ${ROLE}`);
    expect(sts.requests.length).toBeGreaterThan(1);
    expect(clock - T0).toBeLessThanOrEqual(60_000);
  });

  test.each([
    { label: 'classic sub', sub: CLASSIC_SUB, extra: {}, says: [], doesNotSay: ['immutable'] },
    { label: 'immutable sub', sub: IMMUTABLE_SUB, extra: {}, says: ["GitHub's immutable format"], doesNotSay: [] },
    {
      label: 'environment sub',
      sub: ENVIRONMENT_SUB,
      extra: { environment: 'production' },
      says: ['environment `production`'],
      doesNotSay: [],
    },
  ])(
    'AccessDenied with a $label is sent once and fails at once with the claims and a matching condition',
    async ({ sub, extra, says, doesNotSay }) => {
      sts.failAlways(accessDenied);
      const error = await failure(assume(oidcToken(sub, extra)));

      expect(sts.requests).toHaveLength(1);
      expect(retryLines()).toEqual([]);
      expect(clock).toBe(T0);
      expect(error).toBeInstanceOf(CredentialsError);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`^Not authorized to perform sts:AssumeRoleWithWebIdentity on ${ROLE}`));
      expect(message).not.toContain('gave up');
      expect(message).toContain(`token sub: ${sub}`);
      expect(message).toContain('token aud: sts.amazonaws.com');
      expect(message).toContain(`"token.actions.githubusercontent.com:sub": "${sub}"`);
      for (const note of says) expect(message).toContain(note);
      for (const note of doesNotSay) expect(message).not.toContain(note);
    },
  );

  test('a wrong audience is sent once and names the audience input and where it must be listed', async () => {
    sts.failAlways({ status: 400, code: 'InvalidIdentityToken', message: 'Incorrect token audience' });
    const error = await failure(assume(oidcToken(CLASSIC_SUB, {}, 'my-custom-audience'), { audience: 'my-custom-audience' }));
    expect(sts.requests).toHaveLength(1);
    const message = (error as Error).message;
    expect(message).toContain('the `audience` input ("my-custom-audience")');
    expect(message).toContain('client ID list');
    expect(message).toContain(':aud` condition');
  });

  test('the token never reaches a log line or the error', async () => {
    sts.failAlways(accessDenied);
    const token = oidcToken();
    const error = await failure(assume(token));
    expect(core.logged().join('\n')).not.toContain(token.token);
    expect((error as Error).message).not.toContain(token.token);
    expect((error as Error).message).not.toContain(token.token.split('.')[1]);
  });
});

describe('as establishSession wires it', () => {
  const savedEndpoint = process.env['AWS_ENDPOINT_URL_STS'];
  beforeAll(() => {
    process.env['AWS_ENDPOINT_URL_STS'] = sts.endpoint;
  });
  afterAll(() => {
    if (savedEndpoint === undefined) delete process.env['AWS_ENDPOINT_URL_STS'];
    else process.env['AWS_ENDPOINT_URL_STS'] = savedEndpoint;
  });

  test('establishSession reaches STS through AWS_ENDPOINT_URL_STS and retries its transient answers', async () => {
    const { establishSession } = await import('../../../src/auth/session.js');
    core.getIDToken.mockResolvedValue(fakeJwt());
    sts.fail({ status: 400, code: 'IDPCommunicationError', message: 'IdP unreachable' });
    const session = await establishSession(
      {
        region: 'eu-west-1',
        roleToAssume: ROLE,
        audience: 'sts.amazonaws.com',
        roleSessionName: 'run-1',
        roleDurationSeconds: 900,
        roleChain: [],
        exportCredentials: false,
      },
      {
        env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner.example.test/t', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'b' },
        github: { repository: 'my-org/my-app', runId: '4242', runAttempt: '1' },
        sleep: () => Promise.resolve(),
      },
    );
    expect(session.assumedRoleArn).toBe('arn:aws:sts::123456789012:assumed-role/my-deploy-role/run-1');
    await expect(session.credentials()).resolves.toMatchObject({
      accessKeyId: 'ASIAWIRE1',
      secretAccessKey: 'wire-secret-1',
      sessionToken: 'wire-token-1',
    });
    expect(sts.requests).toHaveLength(2);
    expect(sts.requests[1]?.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(sts.requests[1]?.get('DurationSeconds')).toBe('900');
    expect(core.setSecret).toHaveBeenCalledWith('wire-secret-1');
  });
});
