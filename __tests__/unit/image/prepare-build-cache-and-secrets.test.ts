// The image phase with a layer cache and build secrets: what is refused before the build, and what the
// build leaves behind when it fails.
import { afterAll, afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { DescribeRepositoriesCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SAMPLE_BUILD, sampleConfig } from '../../../__fixtures__/config.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import type { BuildConfig } from '../../../src/inputs/config.js';
import type { AwsClients } from '../../../src/shared/aws-clients.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
jest.unstable_mockModule('@actions/exec', () => execFixture);
const core = await import('../../../__fixtures__/core.js');
const { prepareImage } = await import('../../../src/image/prepare.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const clients = { ecr } as unknown as AwsClients;
const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

let runnerTemp = '';
beforeEach(() => {
  ecrMock.reset();
  jest.clearAllMocks();
  runnerTemp = mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-runner-'));
  ecrMock.on(DescribeRepositoriesCommand, { repositoryNames: ['my-org/my-app'] }).resolves({
    repositories: [{ repositoryName: 'my-org/my-app', repositoryUri: `${HOST}/my-org/my-app`, imageTagMutability: 'MUTABLE' }],
  });
  ecrMock.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [{ authorizationToken: Buffer.from('AWS:registry-password').toString('base64'), proxyEndpoint: `https://${HOST}` }],
  });
});
afterEach(() => rmSync(runnerTemp, { recursive: true, force: true }));

function config(engine: 'docker' | 'podman', build: Partial<BuildConfig>) {
  return sampleConfig({
    image: {
      kind: 'build',
      repository: 'my-org/my-app',
      registryId: undefined,
      tag: 'v1',
      extraTags: [],
      registries: [],
      build: {
        ...SAMPLE_BUILD,
        engine,
        ...build,
      },
    },
    github: { runnerTemp },
  });
}

/** Every engine command run, as `engine argv…` lines. */
function engineCommands(): string[] {
  return [...execFixture.getExecOutput.mock.calls, ...execFixture.exec.mock.calls].map(([engine, argv]) =>
    [engine, ...(argv ?? [])].join(' '),
  );
}

describe('the cache repository', () => {
  test('an IMMUTABLE one with docker fails before any login or build, naming the repository, its mutability and the tag', async () => {
    ecrMock.on(DescribeRepositoriesCommand, { repositoryNames: ['my-org/my-app-cache'] }).resolves({
      repositories: [
        { repositoryName: 'my-org/my-app-cache', repositoryUri: `${HOST}/my-org/my-app-cache`, imageTagMutability: 'IMMUTABLE' },
      ],
    });
    const cache = { repository: 'my-org/my-app-cache', registryId: undefined, tag: 'buildcache' };
    await expect(prepareImage(config('docker', { cache }), clients)).rejects.toThrow(
      /^The cache repository my-org\/my-app-cache is IMMUTABLE, so the build could not move its cache tag buildcache: /,
    );
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)).toEqual([]);
    expect(engineCommands()).toEqual(['docker version --format {{.Server.Version}}']);
  });

  test('a missing one fails naming `cache-repository`, not `repository`', async () => {
    ecrMock.on(DescribeRepositoriesCommand, { repositoryNames: ['my-org/my-app-cache'] }).rejects(
      Object.assign(new Error("The repository with name 'my-org/my-app-cache' does not exist in the registry with id '123456789012'"), {
        name: 'RepositoryNotFoundException',
      }),
    );
    const cache = { repository: 'my-org/my-app-cache', registryId: undefined, tag: 'buildcache' };
    await expect(prepareImage(config('podman', { cache }), clients)).rejects.toThrow(
      /^The cache repository "my-org\/my-app-cache" does not exist in account 123456789012 region us-east-1: .* or fix the `cache-repository` input\.$/,
    );
  });
});

describe('the cache tag with podman', () => {
  test('a cache tag other than the default is a warning: podman tags each layer by its own key', async () => {
    ecrMock.on(DescribeRepositoriesCommand, { repositoryNames: ['my-org/my-app-cache'] }).resolves({
      repositories: [
        { repositoryName: 'my-org/my-app-cache', repositoryUri: `${HOST}/my-org/my-app-cache`, imageTagMutability: 'IMMUTABLE' },
      ],
    });
    execFixture.exec.mockImplementationOnce(() => Promise.resolve(1));
    const cache = { repository: 'my-org/my-app-cache', registryId: undefined, tag: 'main-cache' };
    await expect(prepareImage(config('podman', { cache }), clients)).rejects.toThrow(/^podman build failed/);
    expect(core.warning).toHaveBeenCalledWith('Input `cache-tag` has no effect in this run: podman tags each cached layer by its own key.');
    const build = engineCommands().find((line) => line.startsWith('podman build')) ?? '';
    expect(build).toContain(`--layers --cache-from ${HOST}/my-org/my-app-cache --cache-to ${HOST}/my-org/my-app-cache `);
    expect(build).not.toContain('main-cache');
  });
});

describe('build secrets', () => {
  test('an inline value is in a 0600 file while the build runs, and gone with the private directory when the build fails', async () => {
    let seen: { file: string; content: string; mode: number } | undefined;
    execFixture.exec.mockImplementationOnce((_engine, argv = []) => {
      const secret = argv[argv.indexOf('--secret') + 1] ?? '';
      const file = secret.replace(/^id=npm_token,src=/, '');
      seen = { file, content: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777 };
      return Promise.resolve(1);
    });
    const secrets = [{ id: 'npm_token', source: { kind: 'value' as const, value: 'npm_0a1b2c3d' } }];
    await expect(prepareImage(config('podman', { secrets }), clients)).rejects.toThrow(/^podman build failed with exit code 1/);
    expect(seen).toEqual({ file: expect.stringMatching(/\/oidc-ecs-deploy-[^/]+\/build-secret-/), content: 'npm_0a1b2c3d', mode: 0o600 });
    expect(existsSync(seen?.file ?? '')).toBe(false);
    expect(readdirSync(runnerTemp)).toEqual([]);
    expect(engineCommands().join('\n')).not.toContain('npm_0a1b2c3d');
  });

  test("docker's legacy builder is refused before the build, naming the input that needs BuildKit", async () => {
    execFixture.getExecOutput.mockImplementation((_engine, argv = []) =>
      Promise.resolve(
        argv.includes('buildx') ? execFixture.output(1, '', "docker: 'buildx' is not a docker command.") : execFixture.output(0),
      ),
    );
    const secrets = [{ id: 'npm_token', source: { kind: 'env' as const, name: 'NPM_TOKEN' } }];
    await expect(prepareImage(config('docker', { secrets }), clients)).rejects.toThrow(
      /^`build-secrets` needs docker's BuildKit builder \(buildx\), but docker builds with its legacy builder here: /,
    );
    expect(execFixture.exec).not.toHaveBeenCalled();
  });
});
