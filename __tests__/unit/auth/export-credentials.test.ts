import { beforeEach, describe, expect, jest, test } from '@jest/globals';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { exportCredentials } = await import('../../../src/auth/export-credentials.js');

const identity = (sessionToken: string | undefined, expiration: Date | undefined) => ({
  credentials: { accessKeyId: 'ASIAEXAMPLE1', secretAccessKey: 'secret-key-1', ...(sessionToken && { sessionToken }) },
  arn: 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/s',
  expiration,
  obtainedAt: 0,
});

beforeEach(() => {
  jest.clearAllMocks();
});

describe('exportCredentials', () => {
  test('exports the variables and the region, and warns that later steps can read them and until when', () => {
    exportCredentials(identity('session-token-1', new Date('2027-03-01T13:00:00Z')), 'eu-west-1');
    expect(Object.fromEntries(core.exportVariable.mock.calls)).toEqual({
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'secret-key-1',
      AWS_SESSION_TOKEN: 'session-token-1',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    expect(core.warning).toHaveBeenCalledWith(
      '`export-credentials` is on: every later step of this job can read these AWS credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. They expire at 2027-03-01T13:00:00.000Z and are not renewed there.',
    );
  });

  test('long-lived credentials export no session token and no expiry', () => {
    exportCredentials(identity(undefined, undefined), 'eu-west-1');
    expect(core.exportVariable.mock.calls.map(([name]) => name)).not.toContain('AWS_SESSION_TOKEN');
    expect(core.warning.mock.calls[0]?.[0]).not.toContain('expire');
  });
});
