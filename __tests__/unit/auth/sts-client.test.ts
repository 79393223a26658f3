import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { startFakeSts, type FakeSts } from '../../../__fixtures__/sts-server.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { connectSts } = await import('../../../src/auth/sts-client.js');
const { RetryExhaustedError, SdkRetryStrategy } = await import('../../../src/shared/retry.js');

const T0 = Date.parse('2027-03-01T12:00:00Z');
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret' };

let sts: FakeSts;
let clock = T0;
let configs: STSClientConfig[] = [];

beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(() => sts.close());

beforeEach(() => {
  jest.clearAllMocks();
  sts.reset();
  clock = T0;
  configs = [];
});

function context() {
  return {
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
    random: () => 0.5,
    createClient: (config: STSClientConfig) => {
      configs.push(config);
      return new STSClient({ ...config, endpoint: sts.endpoint, credentials: config.credentials ?? credentials });
    },
  };
}

const assume = () =>
  new AssumeRoleWithWebIdentityCommand({
    RoleArn: 'arn:aws:iam::123456789012:role/my-deploy-role',
    RoleSessionName: 'run-1',
    WebIdentityToken: 'x.y.z',
  });

async function callOnce(operation = 'AssumeRoleWithWebIdentity') {
  const connection = connectSts(context(), { region: 'eu-west-1', operation });
  try {
    return await connection.call((client) => client.send(assume()));
  } finally {
    connection.destroy();
  }
}

const retryLines = () => core.info.mock.calls.map(([line]) => line).filter((line) => line.startsWith('STS '));

describe('connectSts', () => {
  test('builds the client with the region, our retry strategy and no endpoint, so AWS_ENDPOINT_URL_STS still applies', () => {
    const connection = connectSts(context(), { region: 'eu-west-1', operation: 'GetCallerIdentity', credentials });
    connection.destroy();
    expect(configs[0]).toMatchObject({ region: 'eu-west-1', maxAttempts: 8, credentials });
    expect(configs[0]?.retryStrategy).toBeInstanceOf(SdkRetryStrategy);
    expect(configs[0]).not.toHaveProperty('endpoint');
  });

  test('leaves the credentials to the client when none are given', () => {
    connectSts(context(), { region: 'eu-west-1', operation: 'GetCallerIdentity' }).destroy();
    expect(configs[0]).not.toHaveProperty('credentials');
  });

  test('the SDK resends after IDPCommunicationError twice, logging each retry, then succeeds', async () => {
    const idp = { status: 400, code: 'IDPCommunicationError', message: 'IdP unreachable' };
    sts.fail(idp, idp);
    const response = await callOnce();
    expect(response.Credentials?.AccessKeyId).toBe('ASIAWIRE1');
    expect(response.$metadata.attempts).toBe(3);
    expect(sts.requests.map((request) => request.get('Action'))).toEqual([
      'AssumeRoleWithWebIdentity',
      'AssumeRoleWithWebIdentity',
      'AssumeRoleWithWebIdentity',
    ]);
    expect(retryLines()).toEqual([
      'STS AssumeRoleWithWebIdentity failed (IDPCommunicationError: IdP unreachable); retrying in 0.5 s (attempt 2 of 8).',
      'STS AssumeRoleWithWebIdentity failed (IDPCommunicationError: IdP unreachable); retrying in 1.0 s (attempt 3 of 8).',
    ]);
    expect(clock - T0).toBe(1500);
  });

  test('AccessDenied is sent once and comes back as the SDK raised it', async () => {
    sts.failAlways({ status: 403, code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
    const error = await callOnce().catch((caught: unknown) => caught);
    expect(sts.requests).toHaveLength(1);
    expect(error).not.toBeInstanceOf(RetryExhaustedError);
    expect((error as Error).name).toBe('AccessDenied');
    expect(retryLines()).toEqual([]);
    expect(clock).toBe(T0);
  });

  test('a wrong audience is not retried either', async () => {
    sts.failAlways({ status: 400, code: 'InvalidIdentityToken', message: 'Incorrect token audience' });
    await expect(callOnce()).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
    expect(sts.requests).toHaveLength(1);
  });

  test('a verification key STS could not fetch is retried, although the SDK alone would not', async () => {
    sts.fail({ status: 400, code: 'InvalidIdentityToken', message: "Couldn't retrieve verification key from your identity provider" });
    await expect(callOnce()).resolves.toMatchObject({ Credentials: { AccessKeyId: 'ASIAWIRE1' } });
    expect(sts.requests).toHaveLength(2);
    expect(retryLines()[0]).toContain("InvalidIdentityToken: Couldn't retrieve verification key");
  });

  test('a dropped connection is retried', async () => {
    sts.fail('reset');
    await expect(callOnce()).resolves.toMatchObject({ Credentials: { AccessKeyId: 'ASIAWIRE1' } });
    expect(sts.requests).toHaveLength(2);
  });

  test('persistent failures end after 8 attempts as a RetryExhaustedError with the last error', async () => {
    sts.failAlways({ status: 503, code: 'ServiceUnavailable', message: 'Service Unavailable' });
    const error = await callOnce('GetCallerIdentity').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    const exhausted = error as InstanceType<typeof RetryExhaustedError>;
    expect(exhausted.attempts).toBe(8);
    // Waits of 0.5, 1, 2, 4 s, then 7.5 s three times (half of each ceiling, capped at 15 s).
    expect(exhausted.elapsedMs).toBe(30_000);
    expect(exhausted.message).toMatch(/\(gave up after 8 attempts in 30\.0 s\)$/);
    expect(sts.requests).toHaveLength(8);
    expect(retryLines()).toHaveLength(7);
    expect(retryLines()[6]).toBe(
      'STS GetCallerIdentity failed (ServiceUnavailable: Service Unavailable); retrying in 7.5 s (attempt 8 of 8).',
    );
  });

  test('each call has its own budget: a client that ran out once still retries its next call', async () => {
    const connection = connectSts(context(), { region: 'eu-west-1', operation: 'GetCallerIdentity' });
    try {
      sts.failAlways({ status: 503, code: 'ServiceUnavailable', message: 'Service Unavailable' });
      await expect(connection.call((client) => client.send(new GetCallerIdentityCommand({})))).rejects.toBeInstanceOf(RetryExhaustedError);
      sts.reset();
      sts.fail({ status: 400, code: 'Throttling', message: 'Rate exceeded' });
      await expect(connection.call((client) => client.send(new GetCallerIdentityCommand({})))).resolves.toMatchObject({
        Account: '123456789012',
      });
      expect(sts.requests).toHaveLength(2);
    } finally {
      connection.destroy();
    }
  });
});
