// The build as a platform team runs it, with podman against the stand-in: a registry layer cache in ECR
// that a fresh engine (no local images or layers) builds from, and build secrets that a
// `RUN --mount=type=secret` line reads while they stay out of argv, the log, the image and the runner.
import { describe, expect, jest, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { filesContaining, REPOSITORY, type World } from '../../standin/harness/world.js';
import { SLOW_STEP, writeAppWithShell } from '../../standin/harness/shell-app.js';
import { deploy, errorLines, worldPerTest } from './helpers.js';

jest.setTimeout(240_000);

const setUp = worldPerTest();
const CACHE_REPOSITORY = 'my-org/my-app-cache';

function podman(current: World, ...argv: string[]): string {
  return execFileSync('podman', argv, { env: { ...process.env, ...current.env() }, encoding: 'utf8' });
}

interface PushedImage {
  readonly layers: readonly string[];
  readonly config: string;
  /** Each layer uncompressed (a tar), in order. */
  readonly layerContents: readonly Buffer[];
}

async function pushedImage(current: World, reference: string): Promise<PushedImage> {
  const manifest = await current.standin.ecr.manifest(REPOSITORY, reference);
  if (manifest === undefined) throw new Error(`the registry has no ${REPOSITORY}:${reference}`);
  const parsed = JSON.parse(manifest.body) as { config: { digest: string }; layers: { digest: string }[] };
  const layers = parsed.layers.map((layer) => layer.digest);
  const config = (await current.standin.ecr.blob(REPOSITORY, parsed.config.digest)).toString('utf8');
  const layerContents = await Promise.all(
    layers.map(async (digest) => {
      const blob = await current.standin.ecr.blob(REPOSITORY, digest);
      // gzip's magic number; an uncompressed layer is the tar itself.
      return blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob;
    }),
  );
  return { layers, config, layerContents };
}

describe('the registry layer cache in ECR', () => {
  test('a warm rebuild on an engine with no local images or layers reuses the layers the cold build pushed to the cache repository', async () => {
    const current = await setUp({ cacheRepository: { name: CACHE_REPOSITORY } });
    writeAppWithShell(current.workspace, [SLOW_STEP]);
    const inputs = { 'cache-repository': CACHE_REPOSITORY };

    const cold = await deploy(current, { ...inputs, 'image-tag': 'cold' });
    expect(errorLines(cold)).toEqual([]);
    expect(cold.exitCode).toBe(0);
    expect(cold.stdout).toContain(`Layer cache: ${current.standin.registryHost}/${CACHE_REPOSITORY}, read and written by the build.`);
    expect(await current.standin.ecr.listTags(CACHE_REPOSITORY)).not.toEqual([]);

    // A new runner: the engine's local store emptied of every image and layer the cold build left.
    podman(current, 'rmi', '--all', '--force');
    expect(podman(current, 'images', '--all', '--quiet').trim()).toBe('');

    const warm = await deploy(current, { ...inputs, 'image-tag': 'warm' });
    expect(errorLines(warm)).toEqual([]);
    expect(warm.exitCode).toBe(0);
    // The slow step's layer is the one the cold build made (a rerun would write new files, a new digest).
    const [coldImage, warmImage] = [await pushedImage(current, 'cold'), await pushedImage(current, 'warm')];
    expect(warmImage.layers).toEqual(coldImage.layers);
    expect(warm.stdout).toMatch(/Using cache [0-9a-f]+/);
    console.info(
      `layer cache: cold build ${(cold.milliseconds / 1000).toFixed(1)} s, warm build ${(warm.milliseconds / 1000).toFixed(1)} s`,
    );
  });

  test('a docker cache tag that an IMMUTABLE cache repository would refuse fails before the build, naming the repository, its mutability and the tag', async () => {
    const current = await setUp({ cacheRepository: { name: CACHE_REPOSITORY, immutable: true, mutableTagFilters: ['release-*'] } });
    // docker is what moves the cache tag: the check runs once the engine is known, so a fake docker that
    // answers the probes stands in for one (it fails the test if anything builds with it).
    const bin = path.join(current.scratch, 'bin');
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'docker'),
      '#!/bin/sh\ncase "$*" in *version*|*info*) echo 27.0.0; exit 0;; esac\necho "unexpected docker $*" >&2\nexit 99\n',
      { mode: 0o755 },
    );
    const run = await deploy(
      current,
      { 'cache-repository': CACHE_REPOSITORY, 'container-engine': 'docker' },
      { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
    );
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringContaining(
        `The cache repository ${CACHE_REPOSITORY} is IMMUTABLE_WITH_EXCLUSION (no exclusion filter matches it), so the build could not move its cache tag buildcache:`,
      ),
    ]);
    expect(run.stdout + run.stderr).not.toContain('unexpected docker');
    // The push repository and its tag looked up, then the cache repository, then nothing: no login, no build.
    const ecrCalls = current.standin
      .calls()
      .filter((call) => call.service === 'ecr')
      .map((call) => call.operation);
    expect(ecrCalls).toEqual(['DescribeRepositories', 'DescribeImages', 'DescribeRepositories']);
    expect(await current.standin.ecr.listTags(CACHE_REPOSITORY)).toEqual([]);
  });
});

const INLINE_SECRET = 'npm_inline_9f1c2e7a5b3d4c6e';
const ENV_SECRET = 'npm_env_4b8d0f2a6c1e3a5f';
const FILE_SECRET = 'npm_file_7e2a9c4b1d6f3e8a';

describe('build secrets', () => {
  test('a RUN --mount=type=secret line reads each secret, which stays out of argv, the log, the pushed image and its history, and every file left', async () => {
    const current = await setUp();
    writeAppWithShell(current.workspace, [
      'RUN --mount=type=secret,id=inline --mount=type=secret,id=from_env --mount=type=secret,id=from_file ["/bin/sh", "-c", ' +
        '"for id in inline from_env from_file; do v=; { read -r v || [ -n \\"$v\\" ]; } < /run/secrets/$id || exit 1; echo \\"$id ${#v}\\"; done > /secret-lengths"]',
    ]);
    mkdirSync(path.join(current.workspace, 'secrets'));
    writeFileSync(path.join(current.workspace, 'secrets', 'npm-token'), FILE_SECRET);

    const run = await deploy(
      current,
      { 'build-secrets': `inline=${INLINE_SECRET}\nfrom_env=env:MY_NPM_TOKEN\nfrom_file=file:secrets/npm-token` },
      { MY_NPM_TOKEN: ENV_SECRET },
    );
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);

    // The RUN read each value whole: the image keeps only their lengths.
    const image = await pushedImage(current, '0123456789abcdef0123456789abcdef01234567');
    const lengths = `inline ${INLINE_SECRET.length}\nfrom_env ${ENV_SECRET.length}\nfrom_file ${FILE_SECRET.length}\n`;
    expect(image.layerContents.some((layer) => layer.includes(lengths))).toBe(true);

    const values = [INLINE_SECRET, ENV_SECRET, FILE_SECRET];
    for (const value of values) {
      expect(image.config).not.toContain(value);
      expect(image.layerContents.filter((layer) => layer.includes(value))).toEqual([]);
    }
    // The engine's command line (which the log shows) names ids and where to read them, never a value.
    const buildLine = run.stdout.split('\n').find((line) => line.includes(' build ')) ?? '';
    expect(buildLine).toContain('--secret id=from_env,type=env,src=MY_NPM_TOKEN');
    expect(buildLine).toContain(`--secret id=from_file,src=${current.workspace}/secrets/npm-token`);
    expect(buildLine).toMatch(/--secret id=inline,src=\S+\/oidc-ecs-deploy-\S+\/build-secret-/);
    // Masked before the build, and nowhere in the output but in the runner's mask commands.
    const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    for (const value of values) {
      expect(run.stdout.split('\n')).toContain(`::add-mask::${value}`);
      expect(shown.filter((line) => line.includes(value))).toEqual([]);
      expect(run.stderr).not.toContain(value);
    }
    // No file under the runner's temp or home holds a value (the workspace's own secret file is the user's).
    expect(filesContaining(run.runnerTemp, values)).toEqual([]);
    expect(filesContaining(run.home, values)).toEqual([]);
  });

  test('a build secret from an unset variable fails before any AWS call, naming the line and the variable but no value', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'build-secrets': `inline=${INLINE_SECRET}\nfrom_env=env:NOT_SET_HERE` });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      '::error::Inputs failed: Input `build-secrets` was "line 2 (id from_env), value hidden"; expected a variable that is set in the step\'s environment (`NOT_SET_HERE` is not set or empty).',
    ]);
    expect(run.stdout).not.toContain(INLINE_SECRET);
    expect(current.standin.calls()).toEqual([]);
  });
});
