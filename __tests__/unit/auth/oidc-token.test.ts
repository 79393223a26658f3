import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { fakeJwt, githubClaims, IMMUTABLE_SUB } from '../../../__fixtures__/oidc-token.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { getOidcToken, decodeClaims, describeClaims, isTransientOidcError, MissingOidcTokenError, OidcTokenError } =
  await import('../../../src/auth/oidc-token.js');

const runnerEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner.example.test/token?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-bearer',
};
const instant = { sleep: () => Promise.resolve(), random: () => 0.5 };
/** How core.getIDToken words an HTTP failure. */
const httpFailure = (status: number | undefined) =>
  new Error(`Error message: Failed to get ID Token. \n \n        Error Code : ${status}\n \n        Error Message: boom`);

beforeEach(() => {
  jest.clearAllMocks();
});

describe('getOidcToken', () => {
  test.each(['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'])(
    'fails before any request when %s is missing, saying how to grant the token',
    async (missing) => {
      const env = { ...runnerEnv, [missing]: undefined };
      const error = await getOidcToken('sts.amazonaws.com', { env }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MissingOidcTokenError);
      const message = (error as Error).message;
      expect(message).toContain('This workflow has no OIDC token');
      expect(message).toContain(missing);
      expect(message).toContain('permissions: id-token: write');
      expect(message).toContain('contents: read');
      expect(message).toMatch(/forks/);
      expect(message).toMatch(/`role-to-assume` empty to use AWS credentials already present in the environment/);
      expect(message.split('\n')).toHaveLength(1);
      expect(core.getIDToken).not.toHaveBeenCalled();
    },
  );

  test('requests the token for the audience, masks it and returns its claims', async () => {
    const token = fakeJwt(githubClaims({ aud: 'my-audience' }));
    core.getIDToken.mockResolvedValueOnce(token);
    const result = await getOidcToken('my-audience', { env: runnerEnv });
    expect(core.getIDToken).toHaveBeenCalledWith('my-audience');
    expect(core.setSecret).toHaveBeenCalledWith(token);
    expect(result.token).toBe(token);
    expect(result.claims.sub).toBe('repo:my-org/my-app:ref:refs/heads/main');
    expect(result.claims.aud).toBe('my-audience');
  });

  test('shows the claims a trust policy matches under a heading, never the token', async () => {
    const token = fakeJwt(githubClaims({ sub: IMMUTABLE_SUB }));
    core.getIDToken.mockResolvedValueOnce(token);
    await getOidcToken('sts.amazonaws.com', { env: runnerEnv });
    // The Credentials phase is already a collapsed group, and the runner does not nest groups.
    expect(core.startGroup).not.toHaveBeenCalled();
    expect(core.info.mock.calls[0]?.[0]).toMatch(/^GitHub OIDC token claims/);
    const lines = core.info.mock.calls.map(([line]) => line.trim());
    expect(lines).toEqual(
      expect.arrayContaining([
        `sub: ${IMMUTABLE_SUB}`,
        'aud: sts.amazonaws.com',
        'repository: my-org/my-app',
        'repository_owner_id: 1234567',
        'repository_id: 89012345',
        'ref: refs/heads/main',
        'environment: (not in token)',
        'job_workflow_ref: my-org/my-app/.github/workflows/deploy.yml@refs/heads/main',
      ]),
    );

    expect(core.logged().join('\n')).not.toContain(token);
    expect(core.logged().join('\n')).not.toContain(token.split('.')[1]);
  });

  test('masks the token before anything is logged', async () => {
    core.getIDToken.mockResolvedValueOnce(fakeJwt());
    await getOidcToken('sts.amazonaws.com', { env: runnerEnv });
    const masked = core.setSecret.mock.invocationCallOrder[0] ?? Infinity;
    expect(masked).toBeLessThan(core.info.mock.invocationCallOrder[0] ?? -Infinity);
  });

  test('logs one line instead of the claims when asked to stay quiet (renewals)', async () => {
    core.getIDToken.mockResolvedValueOnce(fakeJwt());
    await getOidcToken('sts.amazonaws.com', { env: runnerEnv, showClaims: false });
    expect(core.info).toHaveBeenCalledTimes(1);
    expect(core.info.mock.calls[0]?.[0]).toContain('repo:my-org/my-app:ref:refs/heads/main');
  });

  test('retries server errors and dropped connections, then succeeds', async () => {
    core.getIDToken.mockRejectedValueOnce(httpFailure(500)).mockRejectedValueOnce(httpFailure(undefined)).mockResolvedValueOnce(fakeJwt());
    const result = await getOidcToken('sts.amazonaws.com', { env: runnerEnv, ...instant });
    expect(result.claims.repository).toBe('my-org/my-app');
    expect(core.getIDToken).toHaveBeenCalledTimes(3);
    const retryLines = core.info.mock.calls.map(([line]) => line).filter((line) => line.startsWith('GitHub OIDC token request failed'));
    expect(retryLines).toHaveLength(2);
    expect(retryLines[0]).toMatch(/Error Code : 500 .*retrying in \d+\.\d s \(attempt 2 of 4\)/);
  });

  test('does not retry a refused request', async () => {
    core.getIDToken.mockRejectedValue(httpFailure(403));
    const error = await getOidcToken('sts.amazonaws.com', { env: runnerEnv, ...instant }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OidcTokenError);
    expect((error as Error).message).toMatch(/^Could not get the GitHub OIDC token for audience "sts.amazonaws.com": .*Error Code : 403/);
    expect(core.getIDToken).toHaveBeenCalledTimes(1);
  });

  test('gives up on persistent server errors within a few attempts and says so', async () => {
    core.getIDToken.mockRejectedValue(httpFailure(503));
    const error = await getOidcToken('sts.amazonaws.com', { env: runnerEnv, ...instant }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/gave up after 4 attempts/);
    expect(core.getIDToken).toHaveBeenCalledTimes(4);
  });
});

describe('isTransientOidcError', () => {
  test.each([
    { label: 'HTTP 500', error: httpFailure(500), expected: true },
    { label: 'HTTP 502', error: httpFailure(502), expected: true },
    { label: 'HTTP 429', error: httpFailure(429), expected: true },
    { label: 'a failed connection (no status)', error: httpFailure(undefined), expected: true },
    { label: 'HTTP 401', error: httpFailure(401), expected: false },
    { label: 'HTTP 404', error: httpFailure(404), expected: false },
    { label: 'a reset socket', error: new Error('Error message: read ECONNRESET'), expected: true },
    { label: 'an aborted connection', error: new Error('Error message: read ECONNABORTED'), expected: true },
    { label: 'a socket error with its code', error: Object.assign(new Error('connect failed'), { code: 'ETIMEDOUT' }), expected: true },
    { label: 'an unknown host', error: new Error('Error message: getaddrinfo ENOTFOUND runner.example.test'), expected: false },
    {
      label: 'an answer without a token',
      error: new Error('Error message: Response json body do not have ID Token field'),
      expected: false,
    },
  ])('$label is transient: $expected', ({ error, expected }) => {
    expect(isTransientOidcError(error)).toBe(expected);
  });
});

describe('decodeClaims', () => {
  test('reads string, numeric and list claims', () => {
    const claims = decodeClaims(fakeJwt(githubClaims({ aud: ['one', 'two'], repository_id: 89012345, environment: 'production' })));
    expect(claims.aud).toEqual(['one', 'two']);
    expect(claims.repository_id).toBe('89012345');
    expect(claims.environment).toBe('production');
    expect(claims.exp).toBe(1_800_000_300);
  });

  test.each(['', 'not-a-jwt', 'a.b.c', `x.${Buffer.from('[1,2]').toString('base64url')}.y`])('yields no claims for %p', (token) => {
    expect(decodeClaims(token)).toEqual({});
  });
});

describe('describeClaims', () => {
  test('always lists the trust-policy claims and omits absent optional ones', () => {
    expect(describeClaims({ sub: 'repo:my-org/my-app:pull_request', aud: 'sts.amazonaws.com' })).toEqual([
      'sub: repo:my-org/my-app:pull_request',
      'aud: sts.amazonaws.com',
      'repository: (not in token)',
      'ref: (not in token)',
      'environment: (not in token)',
      'job_workflow_ref: (not in token)',
    ]);
  });
});
