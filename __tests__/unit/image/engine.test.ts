import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecOptions } from '@actions/exec';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
jest.unstable_mockModule('@actions/exec', () => import('../../../__fixtures__/exec.js'));
const core = await import('../../../__fixtures__/core.js');
const { exec, getExecOutput, output } = await import('../../../__fixtures__/exec.js');
const { buildImage, detectEngine, pushImage, supportsAttestationFlags } = await import('../../../src/image/engine.js');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'container-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const REF = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:abc123';
const DIGEST = `sha256:${'5e'.repeat(32)}`;
const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

/** Answers by command line: `docker info …` → its result; missing entries mean "not on PATH". */
function engines(answers: Record<string, ReturnType<typeof output>>): void {
  getExecOutput.mockImplementation(async (command, argv) => {
    const answer = answers[[command, ...(argv ?? [])].join(' ')];
    if (answer === undefined) throw new Error(`Unable to locate executable file: ${command}`);
    return answer;
  });
}

const probed = () => getExecOutput.mock.calls.map(([command, argv]) => [command, ...(argv ?? [])].join(' '));

beforeEach(() => {
  jest.clearAllMocks();
  exec.mockResolvedValue(0);
});

describe('detectEngine', () => {
  test('without a preference, docker when its daemon answers', async () => {
    engines({ 'docker info --format {{.ServerVersion}}': output(0, '28.2.2') });
    expect(await detectEngine()).toBe('docker');
    expect(probed()).toEqual(['docker info --format {{.ServerVersion}}']);
  });

  test('without a preference, podman when docker is only a CLI with no daemon', async () => {
    engines({
      'docker info --format {{.ServerVersion}}': output(1, '', `${DAEMON_DOWN}\n`),
      'podman version --format {{.Client.Version}}': output(0, '4.3.1'),
    });
    expect(await detectEngine()).toBe('podman');
    expect(core.info).toHaveBeenCalledWith(`docker does not answer (${DAEMON_DOWN}); building with podman.`);
  });

  test('without a preference, podman when docker is not installed', async () => {
    engines({ 'podman version --format {{.Client.Version}}': output(0, '4.3.1') });
    expect(await detectEngine()).toBe('podman');
  });

  test('without a preference, fails naming both engines and why each is unusable', async () => {
    engines({ 'docker info --format {{.ServerVersion}}': output(1, '', DAEMON_DOWN) });
    await expect(detectEngine()).rejects.toThrow(
      `Neither docker (${DAEMON_DOWN}) nor podman (not found on PATH) can build here: install or start one of them, or set \`image\` to deploy an existing image.`,
    );
  });

  test('a preferred docker must have its daemon answer', async () => {
    engines({ 'docker version --format {{.Server.Version}}': output(0, '28.2.2') });
    expect(await detectEngine('docker')).toBe('docker');
    expect(probed()).toEqual(['docker version --format {{.Server.Version}}']);
  });

  test('a preferred engine that does not answer fails without falling back to the other', async () => {
    engines({
      'docker version --format {{.Server.Version}}': output(1, 'Client: 28.2.2', DAEMON_DOWN),
      'podman version --format {{.Client.Version}}': output(0, '4.3.1'),
    });
    await expect(detectEngine('docker')).rejects.toThrow(
      `\`container-engine\` is docker, but docker does not answer (${DAEMON_DOWN}): it is not installed or not running. Start it, or set \`container-engine\` to podman or leave it empty.`,
    );
    expect(probed()).toEqual(['docker version --format {{.Server.Version}}']);
  });

  test('a preferred podman that is not installed says so', async () => {
    engines({});
    await expect(detectEngine('podman')).rejects.toThrow('podman does not answer (not found on PATH): it is not installed or not running.');
  });

  test('probes run silently', async () => {
    engines({ 'docker info --format {{.ServerVersion}}': output(0, '28.2.2') });
    await detectEngine();
    expect(getExecOutput.mock.calls[0]?.[2]).toEqual(expect.objectContaining({ silent: true, ignoreReturnCode: true }));
  });
});

describe('supportsAttestationFlags', () => {
  const AUTH = '/tmp/oidc-ecs-deploy-x';

  test('docker with buildx, checked through the private config', async () => {
    engines({ [`docker --config ${AUTH} buildx version`]: output(0, 'github.com/docker/buildx v0.25.0') });
    expect(await supportsAttestationFlags('docker', AUTH, {})).toBe(true);
  });

  test('docker without buildx (legacy builder)', async () => {
    engines({ [`docker --config ${AUTH} buildx version`]: output(1, '', "docker: 'buildx' is not a docker command.") });
    expect(await supportsAttestationFlags('docker', AUTH, {})).toBe(false);
  });

  test('docker forced onto the legacy builder by DOCKER_BUILDKIT=0, without asking', async () => {
    expect(await supportsAttestationFlags('docker', AUTH, { DOCKER_BUILDKIT: '0' })).toBe(false);
    expect(getExecOutput).not.toHaveBeenCalled();
  });

  test('never for podman', async () => {
    expect(await supportsAttestationFlags('podman', AUTH, {})).toBe(false);
    expect(getExecOutput).not.toHaveBeenCalled();
  });
});

describe('buildImage', () => {
  test('runs the engine with the argv as given, output streamed (not silent)', async () => {
    const argv = ['--config', '/tmp/oidc-ecs-deploy-x', 'build', '--tag', REF, '/work/app'];
    await buildImage('docker', argv);
    expect(exec).toHaveBeenCalledWith('docker', argv, expect.objectContaining({ ignoreReturnCode: true }));
    expect(exec.mock.calls[0]?.[2]?.silent).toBeUndefined();
  });

  test('a failed build quotes the last lines of its output', async () => {
    exec.mockImplementation(async (_command, _argv, options?: ExecOptions) => {
      for (const line of [
        '#1 load build definition',
        '',
        'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      ]) {
        options?.listeners?.errline?.(line);
      }
      return 1;
    });
    await expect(buildImage('docker', ['build', '.'])).rejects.toThrow(
      'docker build failed with exit code 1: #1 load build definition / ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
    );
  });
});

describe('pushImage', () => {
  test('docker: pushes through the private config and returns the digest it reported', async () => {
    getExecOutput.mockResolvedValue(
      output(0, `The push refers to repository [${REF.split(':')[0]}]\nabc123: digest: ${DIGEST} size: 528\n`),
    );
    expect(await pushImage('docker', REF, '/tmp/oidc-ecs-deploy-x')).toBe(DIGEST);
    expect(getExecOutput).toHaveBeenCalledWith(
      'docker',
      ['--config', '/tmp/oidc-ecs-deploy-x', 'push', REF],
      expect.objectContaining({ ignoreReturnCode: true }),
    );
    expect(getExecOutput.mock.calls[0]?.[2]?.silent).toBeUndefined();
  });

  test('podman: reads the digest from --digestfile and removes the file', async () => {
    const authDirectory = mkdtempSync(path.join(scratch, 'oidc-ecs-deploy-'));
    let digestFile = '';
    getExecOutput.mockImplementation(async (_command, argv) => {
      const at = argv?.indexOf('--digestfile') ?? -1;
      digestFile = argv?.[at + 1] ?? '';
      writeFileSync(digestFile, DIGEST);
      return output(0);
    });
    expect(await pushImage('podman', REF, authDirectory)).toBe(DIGEST);
    expect(getExecOutput.mock.calls[0]?.[1]).toEqual([
      'push',
      '--authfile',
      path.join(authDirectory, 'config.json'),
      '--digestfile',
      digestFile,
      REF,
    ]);
    expect(path.dirname(digestFile)).toBe(authDirectory);
    expect(existsSync(digestFile)).toBe(false);
  });

  test.each([
    [
      'an overwrite in an IMMUTABLE repository',
      "tag invalid: The image tag 'latest' already exists in the 'my-org/my-app' repository and cannot be overwritten because the repository is immutable.",
      'push a new tag, or make the repository MUTABLE',
    ],
    [
      'a denied push',
      'denied: User: arn:aws:sts::123456789012:assumed-role/deploy/run is not authorized to perform: ecr:InitiateLayerUpload',
      'ecr:InitiateLayerUpload, ecr:UploadLayerPart',
    ],
  ])('%s fails with the reason and what to do', async (_name, stderr, advice) => {
    getExecOutput.mockImplementation(async (_command, _argv, options) => {
      options?.listeners?.errline?.(stderr);
      return output(1, '', stderr);
    });
    const failure = pushImage('docker', REF, '/tmp/oidc-ecs-deploy-x');
    await expect(failure).rejects.toThrow(`docker push of ${REF} failed with exit code 1: ${stderr}`);
    await expect(failure).rejects.toThrow(advice);
  });
});
