import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { AmbientIdentity } = await import('../../../src/auth/ambient-identity.js');
const { CredentialsError } = await import('../../../src/auth/credentials-error.js');

const sts = mockClient(STSClient);
afterAll(() => sts.restore());

const T0 = Date.parse('2027-03-01T12:00:00Z');
const ambient = { accessKeyId: 'AKIAAMBIENT', secretAccessKey: 'ambient-secret', sessionToken: 'ambient-token' };
let configs: STSClientConfig[] = [];
const context = () => ({
  now: () => T0,
  createClient: (config: STSClientConfig) => {
    configs.push(config);
    return new STSClient({ ...config, credentials: ambient });
  },
});

beforeEach(() => {
  jest.clearAllMocks();
  sts.reset();
  configs = [];
});

describe('AmbientIdentity', () => {
  test('uses the credentials the default chain finds, masked, and says whose they are', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Arn: 'arn:aws:sts::123456789012:assumed-role/runner-role/i-0abc', Account: '123456789012' });
    const identity = await new AmbientIdentity('eu-west-1', context()).get(true);
    expect(identity.arn).toBe('arn:aws:sts::123456789012:assumed-role/runner-role/i-0abc');
    expect(identity.credentials).toMatchObject({ accessKeyId: 'AKIAAMBIENT', secretAccessKey: 'ambient-secret' });
    expect(core.setSecret).toHaveBeenCalledWith('ambient-secret');
    expect(core.setSecret).toHaveBeenCalledWith('ambient-token');
    expect(core.info).toHaveBeenCalledWith(
      'Using AWS credentials already present in the environment (arn:aws:sts::123456789012:assumed-role/runner-role/i-0abc).',
    );
    expect(configs[0]).toMatchObject({ region: 'eu-west-1' });
    expect(configs[0]).not.toHaveProperty('credentials');
  });

  test('a renewal reloads the credentials without asking who they are again', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/deployer' });
    const source = new AmbientIdentity('eu-west-1', context());
    await source.get(true);
    const renewed = await source.get(false);
    expect(renewed.arn).toBe('arn:aws:iam::123456789012:user/deployer');
    expect(renewed.credentials.accessKeyId).toBe('AKIAAMBIENT');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  test('with no credentials anywhere, says to set role-to-assume and grant id-token: write', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const error = await new AmbientIdentity('eu-west-1', context()).get(true).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as Error).message).toContain('No AWS credentials');
    expect((error as Error).message).toContain('set `role-to-assume`');
    expect((error as Error).message).toContain('permissions: id-token: write');
  });

  test('any other failure names the call and the error', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('The security token included in the request is invalid'), { name: 'InvalidClientTokenId' }));
    await expect(new AmbientIdentity('eu-west-1', context()).get(true)).rejects.toThrow(
      'Checking the AWS credentials present in the environment failed (STS GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid).',
    );
  });
});
