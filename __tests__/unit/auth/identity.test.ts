import { beforeEach, describe, expect, jest, test } from '@jest/globals';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { acceptCredentials, expiryText, toStsCredentials } = await import('../../../src/auth/identity.js');
const { CredentialsError } = await import('../../../src/auth/credentials-error.js');

const T0 = Date.parse('2027-03-01T12:00:00Z');
const ARN = 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/s';

beforeEach(() => {
  jest.clearAllMocks();
});

describe('acceptCredentials', () => {
  test('masks the secret, the session token and the key id, and keeps when they were obtained', () => {
    const expiration = new Date(T0 + 3600_000);
    const identity = acceptCredentials(
      { AccessKeyId: 'ASIAEXAMPLE1', SecretAccessKey: 'secret-key-1', SessionToken: 'session-token-1', Expiration: expiration },
      ARN,
      'AssumeRole',
      T0,
    );
    expect(core.setSecret.mock.calls.map(([secret]) => secret)).toEqual(['secret-key-1', 'session-token-1', 'ASIAEXAMPLE1']);
    expect(identity).toEqual({
      credentials: { accessKeyId: 'ASIAEXAMPLE1', secretAccessKey: 'secret-key-1', sessionToken: 'session-token-1', expiration },
      arn: ARN,
      expiration,
      obtainedAt: T0,
    });
    expect(expiryText(identity)).toBe('; expires at 2027-03-01T13:00:00.000Z, renewed automatically before then');
  });

  test('masks what it got even when the answer is incomplete, then says what is missing', () => {
    expect(() =>
      acceptCredentials(
        { AccessKeyId: undefined, SecretAccessKey: 'secret-key-1', SessionToken: undefined, Expiration: undefined },
        ARN,
        'AssumeRole',
        T0,
      ),
    ).toThrow(new CredentialsError('STS AssumeRole answered without credentials.'));
    expect(core.setSecret).toHaveBeenCalledWith('secret-key-1');
    expect(() =>
      acceptCredentials(
        { AccessKeyId: 'ASIAEXAMPLE1', SecretAccessKey: 's', SessionToken: undefined, Expiration: undefined },
        undefined,
        'GetCallerIdentity',
        T0,
      ),
    ).toThrow("STS GetCallerIdentity answered without the caller's ARN.");
  });

  test('long-lived credentials have no expiry to mention', () => {
    const identity = acceptCredentials(
      toStsCredentials({ accessKeyId: 'AKIAAMBIENT', secretAccessKey: 'ambient-secret' }),
      ARN,
      'environment',
      T0,
    );
    expect(identity.expiration).toBeUndefined();
    expect(identity.credentials).toEqual({ accessKeyId: 'AKIAAMBIENT', secretAccessKey: 'ambient-secret' });
    expect(expiryText(identity)).toBe('');
  });
});
