import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { Identity } from '../../../src/auth/identity.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { refreshingProvider } = await import('../../../src/auth/refreshing-provider.js');

const T0 = Date.parse('2027-03-01T12:00:00Z');
const MINUTE = 60_000;
let clock = T0;
const now = () => clock;

function identity(id: number, lifetimeMinutes = 60): Identity {
  return {
    credentials: {
      accessKeyId: `ASIAEXAMPLE${id}`,
      secretAccessKey: `secret-key-${id}`,
      expiration: new Date(clock + lifetimeMinutes * MINUTE),
    },
    arn: 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/s',
    expiration: new Date(clock + lifetimeMinutes * MINUTE),
    obtainedAt: clock,
  };
}

beforeEach(() => {
  jest.clearAllMocks();
  clock = T0;
});

describe('refreshingProvider', () => {
  test('gives the current credentials while fresh, and renews once near expiry for concurrent callers', async () => {
    let renewals = 0;
    const renew = async () => identity(++renewals + 1);
    const provider = refreshingProvider(identity(1), renew, now);

    clock = T0 + 40 * MINUTE;
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE1' });
    expect(renewals).toBe(0);

    clock = T0 + 55 * MINUTE;
    const [first, second] = await Promise.all([provider(), provider()]);
    expect(first).toMatchObject({ accessKeyId: 'ASIAEXAMPLE2' });
    expect(second).toEqual(first);
    expect(renewals).toBe(1);
  });

  test('a failed renewal keeps the still-valid credentials, waits a minute before trying again, and fails once they expired', async () => {
    const original = identity(1);
    const renew = jest.fn(async (): Promise<Identity> => {
      throw new Error(
        'Not authorized to perform sts:AssumeRoleWithWebIdentity on the role\ntoken sub: repo:my-org/my-app:ref:refs/heads/main',
      );
    });
    const provider = refreshingProvider(original, renew, now);

    clock = T0 + 55 * MINUTE;
    await expect(provider()).resolves.toEqual(original.credentials);
    expect(core.warning).toHaveBeenCalledWith(
      'Could not renew the AWS credentials (Not authorized to perform sts:AssumeRoleWithWebIdentity on the role); using the current ones until 2027-03-01T13:00:00.000Z and trying again in 60 s.',
    );
    clock = T0 + 55 * MINUTE + 30_000;
    await expect(provider()).resolves.toEqual(original.credentials);
    expect(renew).toHaveBeenCalledTimes(1);

    clock = T0 + 56 * MINUTE;
    await provider();
    expect(renew).toHaveBeenCalledTimes(2);

    clock = T0 + 61 * MINUTE;
    await expect(provider()).rejects.toThrow(/Not authorized/);
  });
});
