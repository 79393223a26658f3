import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { startFakeSts, type FakeSts } from '../../../__fixtures__/sts-server.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { RoleChain } = await import('../../../src/auth/role-chain.js');
const { CredentialsError } = await import('../../../src/auth/credentials-error.js');

const ROLE = 'arn:aws:iam::123456789012:role/my-deploy-role';
const HUB = 'arn:aws:iam::123456789012:role/my-hub-role';
const TARGET = 'arn:aws:iam::210987654321:role/my-target-role';
const T0 = Date.parse('2027-03-01T12:00:00Z');
const TAGS = [
  { Key: 'Repository', Value: 'my-org/my-app' },
  { Key: 'RunId', Value: '4242' },
  { Key: 'RunAttempt', Value: '1' },
];
const start = {
  credentials: { accessKeyId: 'ASIASTART', secretAccessKey: 'start-secret', sessionToken: 'start-token' },
  arn: 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/my-org-my-app-4242-1',
  expiration: new Date(T0 + 3600_000),
  obtainedAt: T0,
};

let sts: FakeSts;
let signers: (string | undefined)[] = [];

beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(() => sts.close());
beforeEach(() => {
  jest.clearAllMocks();
  sts.reset();
  signers = [];
});

function chain(roleChain: string[], roleDurationSeconds = 3600) {
  const settings = { region: 'eu-west-1', roleToAssume: ROLE, roleChain, roleSessionName: 'my-org-my-app-4242-1', roleDurationSeconds };
  return new RoleChain(settings, TAGS, {
    now: () => T0,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    createClient: (config: STSClientConfig) => {
      signers.push((config.credentials as { accessKeyId?: string } | undefined)?.accessKeyId);
      return new STSClient({ ...config, endpoint: sts.endpoint });
    },
  });
}

const tagsOf = (form: URLSearchParams | undefined) =>
  [1, 2, 3].flatMap((index) => {
    const Key = form?.get(`Tags.member.${index}.Key`);
    return Key ? [{ Key, Value: form?.get(`Tags.member.${index}.Value`) }] : [];
  });
const tagSessionRefused = {
  status: 403,
  code: 'AccessDenied',
  message: 'User: arn:aws:sts::123456789012:assumed-role/my-deploy-role/s is not authorized to perform: sts:TagSession',
};

describe('RoleChain', () => {
  test('with no roles, the starting identity is the result and nothing is sent', async () => {
    await expect(chain([]).assumeAll(start, true)).resolves.toBe(start);
    expect(sts.requests).toHaveLength(0);
  });

  test('assumes each role in order with the previous credentials, capped at one hour, tagged with the run', async () => {
    const identity = await chain([HUB, TARGET], 7200).assumeAll(start, true);
    expect(sts.requests.map((form) => form.get('RoleArn'))).toEqual([HUB, TARGET]);
    for (const form of sts.requests) {
      expect(form.get('Action')).toBe('AssumeRole');
      expect(form.get('DurationSeconds')).toBe('3600');
      expect(form.get('RoleSessionName')).toBe('my-org-my-app-4242-1');
      expect(tagsOf(form)).toEqual(TAGS);
      expect(form.has('SourceIdentity')).toBe(false);
    }
    expect(signers).toEqual(['ASIASTART', 'ASIAWIRE1']);
    expect(identity.arn).toBe('arn:aws:sts::210987654321:assumed-role/my-target-role/my-org-my-app-4242-1');
    expect(identity.credentials.accessKeyId).toBe('ASIAWIRE2');
    expect(core.setSecret).toHaveBeenCalledWith('wire-secret-2');
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Role chain 2\/2: assumed arn:aws:iam::210987654321:role\/my-target-role as /),
    );
  });

  test('logs the hops only the first time', async () => {
    await chain([TARGET]).assumeAll(start, false);
    expect(core.info).not.toHaveBeenCalled();
  });

  test('a refused hop names the hop and the trust policy the target role needs', async () => {
    sts.failWhen((form) => form.get('RoleArn') === TARGET, {
      status: 403,
      code: 'AccessDenied',
      message: `User: arn:aws:sts::123456789012:assumed-role/my-hub-role/s is not authorized to perform: sts:AssumeRole on resource: ${TARGET}`,
    });
    const error = await chain([HUB, TARGET])
      .assumeAll(start, true)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsError);
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^Not authorized to perform sts:AssumeRole on ${TARGET} \\(role-chain hop 2 of 2, as arn:aws:sts::123456789012:assumed-role/my-hub-role/`,
      ),
    );
    expect(message).toContain(`"AWS": "${HUB}"`);
    expect(message).toContain('"sts:TagSession"');
    expect(message).not.toContain('gave up');
    // Tagged, then once more untagged in case only sts:TagSession was missing; never retried beyond that.
    const toTarget = sts.requests.filter((form) => form.get('RoleArn') === TARGET);
    expect(toTarget.map(tagsOf)).toEqual([TAGS, []]);
  });

  test('a trust policy without sts:TagSession gets an untagged session and a warning, also on renewal', async () => {
    sts.failWhen((form) => form.has('Tags.member.1.Key'), tagSessionRefused);
    const roles = chain([TARGET]);
    const identity = await roles.assumeAll(start, true);
    expect(identity.arn).toContain('my-target-role');
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining(`The trust policy of ${TARGET} does not allow sts:TagSession`));
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining(`add sts:TagSession for ${ROLE}`));

    await roles.assumeAll(start, false);
    expect(sts.requests.map(tagsOf)).toEqual([TAGS, [], []]);
  });

  test('a throttled hop is retried by the SDK and logged with its hop', async () => {
    sts.fail({ status: 400, code: 'Throttling', message: 'Rate exceeded' });
    await chain([TARGET]).assumeAll(start, true);
    expect(sts.requests).toHaveLength(2);
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(/^STS AssumeRole \(role-chain hop 1\) failed \(Throttling: Rate exceeded\); retrying in /),
    );
  });
});
