// One real run through podman and a real registry: private login, build from our argv, push, cleanup.
// Storage and registry settings come from the environment (as a runner's would), so the argv under
// test is exactly what production runs.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ExecOptions, ExecOutput } from '@actions/exec';
import type { BuildConfig } from '../../../src/inputs/config.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
// A plain spawn in place of @actions/exec, handed the test's environment: jest gives tests their own
// copy of process.env, which child_process (outside the sandbox) would not see, and the real
// @actions/exec does not load under jest's module loader. What is under test is our argv, the
// engine and the registry, not @actions/exec.
jest.unstable_mockModule('@actions/exec', () => ({ exec: async (...args: RunArgs) => (await run(...args)).exitCode, getExecOutput: run }));

type RunArgs = [command: string, args?: string[], options?: ExecOptions];

function run(command: string, args: string[] = [], options?: ExecOptions): Promise<ExecOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...definedEnv(), ...options?.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      for (const line of stdout.split('\n')) options?.listeners?.stdline?.(line);
      for (const line of stderr.split('\n')) options?.listeners?.errline?.(line);
      const exitCode = code ?? 1;
      if (exitCode !== 0 && options?.ignoreReturnCode !== true) reject(new Error(`${command} exited with ${exitCode}: ${stderr}`));
      else resolve({ exitCode, stdout, stderr });
    });
    child.stdin.end(options?.input ?? '');
  });
}
const { buildArguments, buildImage, pushImage, removeManifestList } = await import('../../../src/image/engine.js');
const { platformsOfIndex } = await import('../../../src/image/platforms.js');
const { cleanupPrivateDockerConfig, createPrivateDockerConfig, loginToRegistry } = await import('../../../src/image/registry-login.js');

jest.setTimeout(30_000);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'container-podman-test-'));
const savedEnv = { ...process.env };
let registryProcess: ChildProcess | undefined;
let registry = '';

function definedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForRegistry(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`registry at ${url} never answered`);
}

beforeAll(async () => {
  const port = await freePort();
  registry = `127.0.0.1:${port}`;
  writeFileSync(
    path.join(scratch, 'registry.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${scratch}/registry\nhttp:\n  addr: ${registry}\n`,
  );
  registryProcess = spawn('/usr/bin/docker-registry', ['serve', path.join(scratch, 'registry.yml')], { stdio: 'ignore' });
  await waitForRegistry(`http://${registry}/v2/`);

  writeFileSync(
    path.join(scratch, 'storage.conf'),
    `[storage]\ndriver = "vfs"\ngraphroot = "${scratch}/storage"\nrunroot = "${scratch}/run"\n`,
  );
  writeFileSync(path.join(scratch, 'registries.conf'), `[[registry]]\nlocation = "${registry}"\ninsecure = true\n`);
  process.env['CONTAINERS_STORAGE_CONF'] = path.join(scratch, 'storage.conf');
  process.env['CONTAINERS_REGISTRIES_CONF'] = path.join(scratch, 'registries.conf');
  process.env['BUILDAH_ISOLATION'] = 'chroot';
});

afterAll(() => {
  registryProcess?.kill();
  process.env = savedEnv;
  rmSync(scratch, { recursive: true, force: true });
});

describe('podman, for real', () => {
  test('logs in privately, builds with our argv, pushes every tag with the digest the registry holds, and cleans up', async () => {
    const context = path.join(scratch, 'app');
    mkdirSync(path.join(context, 'docker'), { recursive: true });
    writeFileSync(path.join(context, 'hello.txt'), 'hello\n');
    writeFileSync(
      path.join(context, 'docker', 'Dockerfile'),
      'FROM scratch AS base\nARG GREETING\nCOPY hello.txt /hello.txt\nLABEL greeting="$GREETING"\nFROM base AS runtime\n',
    );
    const build: BuildConfig = {
      context,
      dockerfile: 'docker/Dockerfile',
      buildArgs: [['GREETING', 'a=b and spaces']],
      target: 'runtime',
      platforms: ['linux/amd64'],
      provenance: false,
      labels: [['team', 'payments = core']],
      cache: undefined,
      secrets: [],
      engine: 'podman',
    };
    const deployed = `${registry}/my-org/my-app:abc123`;
    const tags = [deployed, `${registry}/my-org/my-app:latest`];

    const authDirectory = await createPrivateDockerConfig(path.join(scratch, '_temp'));
    await loginToRegistry('podman', authDirectory, {
      registry,
      username: 'AWS',
      password: 'not-checked-by-this-registry',
      expiresAt: undefined,
    });
    const argv = buildArguments('podman', build, {
      tags,
      labels: [['org.opencontainers.image.revision', 'abc123'], ...build.labels],
      authDirectory,
    });
    await buildImage('podman', argv);

    const labels: unknown = JSON.parse(
      execFileSync('podman', ['image', 'inspect', deployed, '--format', '{{json .Labels}}'], { encoding: 'utf8', env: definedEnv() }),
    );
    expect(labels).toMatchObject({ 'org.opencontainers.image.revision': 'abc123', team: 'payments = core', greeting: 'a=b and spaces' });

    for (const tag of tags) {
      const reported = await pushImage('podman', tag, authDirectory);
      const stored = await fetch(`http://${registry}/v2/my-org/my-app/manifests/${tag.split(':').at(-1) ?? ''}`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
      });
      expect(reported).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(stored.headers.get('docker-content-digest')).toBe(reported);
    }

    await cleanupPrivateDockerConfig('podman', authDirectory, registry);
    expect(existsSync(authDirectory)).toBe(false);
  });

  test('two platforms: one manifest list, pushed with its images to every tag as an index whose digest the registry serves', async () => {
    const context = path.join(scratch, 'two-platforms');
    mkdirSync(context, { recursive: true });
    writeFileSync(path.join(context, 'hello.txt'), 'hello\n');
    // FROM scratch and nothing to RUN: no emulator is needed to build for another architecture.
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    const build: BuildConfig = {
      context,
      dockerfile: undefined,
      buildArgs: [],
      target: undefined,
      platforms: ['linux/amd64', 'linux/arm64'],
      provenance: false,
      labels: [],
      engine: 'podman',
      cache: undefined,
      secrets: [],
    };
    const tags = [`${registry}/my-org/multi:abc123`, `${registry}/my-org/multi:latest`];
    const list = tags[0] ?? '';
    const authDirectory = await createPrivateDockerConfig(path.join(scratch, '_temp'));
    await loginToRegistry('podman', authDirectory, { registry, username: 'AWS', password: 'not-checked', expiresAt: undefined });

    // Built twice into the same list name, as two jobs on one runner would: the second must not add to the first's list.
    for (const round of ['first', 'second']) {
      writeFileSync(path.join(context, 'hello.txt'), `hello from the ${round} build\n`);
      await removeManifestList(list);
      await buildImage('podman', buildArguments('podman', build, { tags, labels: [], authDirectory }));
    }
    for (const tag of tags) {
      const reported = await pushImage('podman', tag, authDirectory, list);
      const response = await fetch(`http://${registry}/v2/my-org/multi/manifests/${tag.split(':').at(-1) ?? ''}`, {
        headers: { accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' },
      });
      expect(response.headers.get('docker-content-digest')).toBe(reported);
      const index = await response.text();
      expect(platformsOfIndex(index)?.sort()).toEqual(['linux/amd64', 'linux/arm64']);
      expect((JSON.parse(index) as { manifests: unknown[] }).manifests).toHaveLength(2);
    }
    await cleanupPrivateDockerConfig('podman', authDirectory, registry);
  });
});
