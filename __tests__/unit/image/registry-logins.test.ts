import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { ECRClient, GetAuthorizationTokenCommand, type GetAuthorizationTokenCommandInput } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { loginRequests, registryLoginsForBuild } = await import('../../../src/image/registry-logins.js');
const { createClients, destroyClients } = await import('../../../src/shared/aws-clients.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
/** `repository` given by name: the registry id is known only from DescribeRepositories. */
const PUSH = { givenRegistryId: undefined, pushRegistryId: '123456789012' };
const credentials = () => Promise.resolve({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

/** What ECR answers for each registry id asked: a token and the registry's endpoint in the client's region. */
/* eslint-disable @typescript-eslint/no-deprecated -- the registry ids the code under test asks for (see ecr.ts) */
async function answer(input: GetAuthorizationTokenCommandInput, region: string) {
  return {
    authorizationData: (input.registryIds ?? ['123456789012']).map((id) => ({
      authorizationToken: Buffer.from(`AWS:password-of-${id}-${region}`).toString('base64'),
      proxyEndpoint: `https://${id}.dkr.ecr.${region}.amazonaws.com`,
    })),
  };
}

beforeEach(() => {
  ecrMock.reset();
  core.setSecret.mockClear();
  ecrMock
    .on(GetAuthorizationTokenCommand)
    .callsFake(async (input: GetAuthorizationTokenCommandInput, getClient: () => ECRClient) =>
      answer(input, await getClient().config.region()),
    );
});

describe('loginRequests', () => {
  test.each([
    ['the push registry alone', [], [['us-east-1', ['123456789012']]]],
    [
      'registries of the region join the push registry, others get their region, each once',
      [
        { registryId: '210987654321', region: 'us-east-1' },
        { registryId: '210987654321', region: 'eu-west-1' },
        { registryId: '123456789012', region: 'us-east-1' },
        { registryId: '111122223333', region: 'eu-west-1' },
      ],
      [
        ['us-east-1', ['123456789012', '210987654321']],
        ['eu-west-1', ['210987654321', '111122223333']],
      ],
    ],
  ])('%s', (_name, extra, expected) => {
    expect([...loginRequests('us-east-1', '123456789012', extra)]).toEqual(expected);
  });
});

describe('registryLoginsForBuild', () => {
  test('one GetAuthorizationToken per region, with every registry id of that region; the push login first; every password masked', async () => {
    const clients = createClients('us-east-1', credentials);
    try {
      const logins = await registryLoginsForBuild(clients, 'us-east-1', PUSH, [
        { registryId: '210987654321', region: 'us-east-1' },
        { registryId: '210987654321', region: 'eu-west-1' },
      ]);
      expect(logins.map((login) => [login.registry, login.password])).toEqual([
        ['123456789012.dkr.ecr.us-east-1.amazonaws.com', 'password-of-123456789012-us-east-1'],
        ['210987654321.dkr.ecr.us-east-1.amazonaws.com', 'password-of-210987654321-us-east-1'],
        ['210987654321.dkr.ecr.eu-west-1.amazonaws.com', 'password-of-210987654321-eu-west-1'],
      ]);
      const asked = ecrMock.commandCalls(GetAuthorizationTokenCommand).map((call) => call.args[0].input.registryIds);
      expect(asked).toEqual([['123456789012', '210987654321'], ['210987654321']]);
      const masked = core.setSecret.mock.calls.map(([secret]) => secret);
      expect(masked).toEqual(expect.arrayContaining(logins.map((login) => login.password)));
    } finally {
      destroyClients(clients);
    }
  });

  test('without `registries` it is the one call it always was, for the default registry when `repository` is a name', async () => {
    const clients = createClients('us-east-1', credentials);
    try {
      const logins = await registryLoginsForBuild(clients, 'us-east-1', PUSH, []);
      expect(logins.map((login) => login.registry)).toEqual(['123456789012.dkr.ecr.us-east-1.amazonaws.com']);
      expect(ecrMock.commandCalls(GetAuthorizationTokenCommand).map((call) => call.args[0].input)).toEqual([{}]);
    } finally {
      destroyClients(clients);
    }
  });

  test('eleven registries of one region take two calls: ECR takes at most ten ids', async () => {
    const clients = createClients('us-east-1', credentials);
    const extra = Array.from({ length: 10 }, (_, index) => ({ registryId: String(100000000000 + index), region: 'us-east-1' }));
    try {
      const logins = await registryLoginsForBuild(clients, 'us-east-1', PUSH, extra);
      expect(logins).toHaveLength(11);
      expect(ecrMock.commandCalls(GetAuthorizationTokenCommand).map((call) => call.args[0].input.registryIds?.length)).toEqual([10, 1]);
    } finally {
      destroyClients(clients);
    }
  });
});
