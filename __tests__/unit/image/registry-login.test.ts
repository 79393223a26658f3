import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
jest.unstable_mockModule('@actions/exec', () => import('../../../__fixtures__/exec.js'));
const core = await import('../../../__fixtures__/core.js');
const execFixture = await import('../../../__fixtures__/exec.js');
const { createPrivateDockerConfig, loginToRegistry, cleanupPrivateDockerConfig } = await import('../../../src/image/registry-login.js');
const { getRegistryLogin } = await import('../../../src/image/ecr.js');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'registry-login-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PASSWORD = 'registry-password-with spaces=and$signs';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const login = { registry: REGISTRY, username: 'AWS', password: PASSWORD, expiresAt: undefined };

beforeEach(() => {
  jest.clearAllMocks();
  execFixture.getExecOutput.mockResolvedValue(execFixture.output(0, 'Login Succeeded\n'));
});

describe('createPrivateDockerConfig', () => {
  test('creates a fresh 0700 directory under RUNNER_TEMP for each call, creating RUNNER_TEMP if needed', async () => {
    const runnerTemp = path.join(scratch, 'missing', '_temp');
    const first = await createPrivateDockerConfig(runnerTemp, {});
    const second = await createPrivateDockerConfig(runnerTemp, {});
    expect(first).not.toBe(second);
    for (const directory of [first, second]) {
      expect(path.dirname(directory)).toBe(runnerTemp);
      expect(path.basename(directory)).toMatch(/^oidc-ecs-deploy-/);
      expect(statSync(directory).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(directory, 'config.json')).mode & 0o777).toBe(0o600);
    }
  });

  test("points docker at the user's CLI plugins (buildx) without touching the user's config.json", async () => {
    const userConfig = path.join(scratch, 'user-docker');
    mkdirSync(path.join(userConfig, 'cli-plugins'), { recursive: true });
    const directory = await createPrivateDockerConfig(path.join(scratch, 'temp-plugins'), { DOCKER_CONFIG: userConfig });
    expect(JSON.parse(readFileSync(path.join(directory, 'config.json'), 'utf8'))).toEqual({
      cliPluginsExtraDirs: [path.join(userConfig, 'cli-plugins')],
    });
    expect(readdirSync(userConfig)).toEqual(['cli-plugins']);
  });

  test('writes an empty config when the user has no CLI plugin directory', async () => {
    const directory = await createPrivateDockerConfig(path.join(scratch, 'temp-none'), { DOCKER_CONFIG: path.join(scratch, 'nowhere') });
    expect(JSON.parse(readFileSync(path.join(directory, 'config.json'), 'utf8'))).toEqual({});
  });
});

describe('loginToRegistry', () => {
  test.each([
    ['docker', ['--config', '/tmp/oidc-ecs-deploy-x', 'login', '--username', 'AWS', '--password-stdin', REGISTRY]],
    ['podman', ['login', '--authfile', '/tmp/oidc-ecs-deploy-x/config.json', '--username', 'AWS', '--password-stdin', REGISTRY]],
  ] as const)('%s gets the password on stdin only: not in argv, not in the environment, silently', async (engine, expectedArgv) => {
    await loginToRegistry(engine, '/tmp/oidc-ecs-deploy-x', login);

    expect(execFixture.getExecOutput).toHaveBeenCalledTimes(1);
    const [command, argv, options] = execFixture.getExecOutput.mock.calls[0] ?? [];
    expect(command).toBe(engine);
    expect(argv).toEqual(expectedArgv);
    expect(options?.input?.toString('utf8')).toBe(PASSWORD);
    expect(options?.silent).toBe(true);
    expect(JSON.stringify(options?.env ?? {})).not.toContain(PASSWORD);
    expect(JSON.stringify(argv)).not.toContain(PASSWORD);
    expect(core.logged().join('\n')).not.toContain(PASSWORD);
  });

  test('masks the password before the engine runs', async () => {
    await loginToRegistry('docker', '/tmp/oidc-ecs-deploy-x', login);
    const masked = core.setSecret.mock.calls.findIndex(([value]) => value === PASSWORD);
    expect(masked).not.toBe(-1);
    expect(core.setSecret.mock.invocationCallOrder[masked]).toBeLessThan(execFixture.getExecOutput.mock.invocationCallOrder[0] ?? 0);
  });

  test('from GetAuthorizationToken to login, the token and the password are masked before any subprocess', async () => {
    const ecrMock = mockClient(ECRClient);
    try {
      const token = Buffer.from(`AWS:${PASSWORD}`).toString('base64');
      ecrMock
        .on(GetAuthorizationTokenCommand)
        .resolves({ authorizationData: [{ authorizationToken: token, proxyEndpoint: `https://${REGISTRY}` }] });
      const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      await loginToRegistry('podman', '/tmp/oidc-ecs-deploy-x', await getRegistryLogin(ecr));

      const firstExec = execFixture.getExecOutput.mock.invocationCallOrder[0] ?? 0;
      const maskedBefore = core.setSecret.mock.calls
        .filter((_call, index) => (core.setSecret.mock.invocationCallOrder[index] ?? Infinity) < firstExec)
        .map(([value]) => value);
      expect(maskedBefore).toEqual(expect.arrayContaining([token, PASSWORD]));
    } finally {
      ecrMock.restore();
    }
  });

  test('a refused login fails with the exit code and the engine reason, the password scrubbed', async () => {
    execFixture.getExecOutput.mockResolvedValue(
      execFixture.output(1, '', `Error response from daemon: login attempt failed for ${PASSWORD}: 401 Unauthorized\n`),
    );
    const failure = loginToRegistry('docker', '/tmp/oidc-ecs-deploy-x', login);
    await expect(failure).rejects.toThrow(
      `docker login to ${REGISTRY} failed with exit code 1: Error response from daemon: login attempt failed for ***: 401 Unauthorized`,
    );
    await expect(failure).rejects.not.toThrow(PASSWORD);
  });
});

describe('cleanupPrivateDockerConfig', () => {
  test('logs out of the private config, then deletes the directory', async () => {
    const directory = await createPrivateDockerConfig(path.join(scratch, 'cleanup'), {});
    let existedAtLogout = false;
    execFixture.getExecOutput.mockImplementation(async () => {
      existedAtLogout = existsSync(directory);
      return execFixture.output(0);
    });

    await cleanupPrivateDockerConfig('docker', directory, REGISTRY);

    expect(execFixture.getExecOutput).toHaveBeenCalledWith(
      'docker',
      ['--config', directory, 'logout', REGISTRY],
      expect.objectContaining({ silent: true, ignoreReturnCode: true }),
    );
    expect(existedAtLogout).toBe(true);
    expect(existsSync(directory)).toBe(false);
  });

  test('is idempotent: a second call runs nothing and does not throw', async () => {
    const directory = await createPrivateDockerConfig(path.join(scratch, 'twice'), {});
    await cleanupPrivateDockerConfig('podman', directory, REGISTRY);
    execFixture.getExecOutput.mockClear();
    await expect(cleanupPrivateDockerConfig('podman', directory, REGISTRY)).resolves.toBeUndefined();
    expect(execFixture.getExecOutput).not.toHaveBeenCalled();
    expect(core.warning).not.toHaveBeenCalled();
  });

  test('still deletes the directory when the engine is gone', async () => {
    const directory = await createPrivateDockerConfig(path.join(scratch, 'no-engine'), {});
    execFixture.getExecOutput.mockRejectedValue(new Error('Unable to locate executable file: podman'));
    await expect(cleanupPrivateDockerConfig('podman', directory, REGISTRY)).resolves.toBeUndefined();
    expect(existsSync(directory)).toBe(false);
  });

  test('does nothing without a directory (the main step never logged in)', async () => {
    await cleanupPrivateDockerConfig('docker', '', '');
    expect(execFixture.getExecOutput).not.toHaveBeenCalled();
  });

  test('refuses to delete a directory it did not create, with a warning', async () => {
    const foreign = mkdtempSync(path.join(scratch, 'home-docker-'));
    await expect(cleanupPrivateDockerConfig('docker', foreign, REGISTRY)).resolves.toBeUndefined();
    expect(existsSync(foreign)).toBe(true);
    expect(execFixture.getExecOutput).not.toHaveBeenCalled();
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining(`Not deleting ${foreign}`));
  });
});
