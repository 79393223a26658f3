// The real registry behind ECR's proxy, driven by podman exactly as the action drives it.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import { ACCOUNT, REGION, assumeWithGithub, createGithubRole, sdkConfig } from './support.js';

const { startStandin } = await import('../index.js');
type Standin = Awaited<ReturnType<typeof startStandin>>;

jest.setTimeout(60_000);

let standin: Standin;
let ecr: ECRClient;
let workDirectory: string;

interface Run {
  readonly code: number;
  readonly output: string;
}

function podman(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', [...args], { env: { ...process.env, ...standin.env() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end(input ?? '');
  });
}

async function succeed(args: readonly string[], input?: string): Promise<string> {
  const run = await podman(args, input);
  if (run.code !== 0) throw new Error(`podman ${args.join(' ')} failed (${run.code}): ${run.output}`);
  return run.output;
}

/** Builds a FROM scratch image whose only file holds `content`. */
async function buildImage(tag: string, content: string): Promise<void> {
  const context = await mkdtemp(join(workDirectory, 'context-'));
  await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  await writeFile(join(context, 'hello.txt'), content);
  await succeed(['build', '--isolation=chroot', '--layers=false', '-t', tag, context]);
}

async function registryPassword(): Promise<string> {
  const answer = await ecr.send(new GetAuthorizationTokenCommand({}));
  const token = answer.authorizationData?.[0]?.authorizationToken ?? '';
  return Buffer.from(token, 'base64').toString('utf8').replace(/^AWS:/, '');
}

async function login(authfile: string): Promise<void> {
  await succeed(['login', '--authfile', authfile, '--username', 'AWS', '--password-stdin', standin.registryHost], await registryPassword());
}

async function push(authfile: string, image: string): Promise<Run & { digest: string }> {
  const digestFile = join(workDirectory, `digest-${Date.now()}`);
  const run = await podman(['push', '--authfile', authfile, '--digestfile', digestFile, image]);
  const digest = run.code === 0 ? (await readFile(digestFile, 'utf8')).trim() : '';
  return { ...run, digest };
}

/** Undoes what beforeAll got as far as setting up, newest first, so a failed start still reports its own error. */
const teardown: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  standin = await startStandin();
  teardown.unshift(() => standin.stop());
  workDirectory = await mkdtemp(join(tmpdir(), 'standin-registry-test-'));
  teardown.unshift(() => rm(workDirectory, { recursive: true, force: true }));
  const role = createGithubRole(standin, 'pusher', 'repo:my-org/my-app:*');
  ecr = new ECRClient(sdkConfig(standin, await assumeWithGithub(standin, role)));
  teardown.unshift(() => ecr.destroy());
  standin.ecr.createRepository(ACCOUNT, REGION, 'my-org/my-app');
  standin.ecr.createRepository(ACCOUNT, REGION, 'my-org/locked', { immutable: true });
  standin.ecr.createRepository(ACCOUNT, REGION, 'my-org/my-app-cache', { immutable: true, mutableTagFilters: ['build*'] });
});
afterAll(async () => {
  for (const step of teardown) await step();
});

describe('ECR API', () => {
  test('GetAuthorizationToken names the proxy and an expiry in the future', async () => {
    const asked = Date.now();
    const data = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
    const answered = Date.now();
    expect(data?.proxyEndpoint).toBe(`http://${standin.registryHost}`);
    expect(Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8')).toMatch(/^AWS:.{40,}$/);
    // Twelve hours from the moment it was issued, in whole seconds, as ECR answers it.
    expect(data?.expiresAt?.getTime()).toBeGreaterThanOrEqual(Math.floor((asked + 12 * 3600_000) / 1000) * 1000);
    expect(data?.expiresAt?.getTime()).toBeLessThanOrEqual(answered + 12 * 3600_000);
  });

  test('DescribeRepositories answers the repository and RepositoryNotFoundException for a missing one', async () => {
    const answer = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['my-org/locked'] }));
    expect(answer.repositories?.[0]).toMatchObject({
      registryId: ACCOUNT,
      repositoryName: 'my-org/locked',
      repositoryUri: `${standin.registryHost}/my-org/locked`,
      imageTagMutability: 'IMMUTABLE',
      repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/my-org/locked`,
    });
    const failure = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['my-org/nope'] })).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: 'RepositoryNotFoundException',
      message: `The repository with name 'my-org/nope' does not exist in the registry with id '${ACCOUNT}'`,
    });
  });
});

describe('registry through the ECR proxy', () => {
  test('podman logs in with the password on stdin and pushes; DescribeImages and BatchGetImage answer the registry digest', async () => {
    const authfile = join(workDirectory, 'auth-push.json');
    const image = `${standin.registryHost}/my-org/my-app:v1`;
    await buildImage(image, 'one\n');
    await login(authfile);
    const pushed = await push(authfile, image);
    expect(pushed.output).not.toMatch(/error/i);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const described = await ecr.send(new DescribeImagesCommand({ repositoryName: 'my-org/my-app', imageIds: [{ imageTag: 'v1' }] }));
    expect(described.imageDetails).toEqual([
      expect.objectContaining({ registryId: ACCOUNT, repositoryName: 'my-org/my-app', imageDigest: pushed.digest, imageTags: ['v1'] }),
    ]);
    expect(described.imageDetails?.[0]?.imageSizeInBytes).toBeGreaterThan(0);
    expect(described.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date);

    const fetched = await ecr.send(
      new BatchGetImageCommand({ repositoryName: 'my-org/my-app', imageIds: [{ imageDigest: pushed.digest }, { imageTag: 'missing' }] }),
    );
    const { createHash } = await import('node:crypto');
    const manifest = fetched.images?.[0]?.imageManifest ?? '';
    expect(`sha256:${createHash('sha256').update(manifest).digest('hex')}`).toBe(pushed.digest);
    expect(fetched.images?.[0]?.imageManifestMediaType).toMatch(/manifest/);
    expect(fetched.failures).toEqual([
      { imageId: { imageTag: 'missing' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
    ]);

    const missing = await ecr
      .send(new DescribeImagesCommand({ repositoryName: 'my-org/my-app', imageIds: [{ imageTag: 'v9' }] }))
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ name: 'ImageNotFoundException' });

    // Retagging through the API, as a "reuse the existing image" path would.
    await ecr.send(new PutImageCommand({ repositoryName: 'my-org/my-app', imageManifest: manifest, imageTag: 'latest' }));
    expect(await standin.ecr.listTags('my-org/my-app')).toEqual(['latest', 'v1']);
    expect((await standin.ecr.describeImage('my-org/my-app', 'latest'))?.digest).toBe(pushed.digest);
  });

  test('an IMMUTABLE repository refuses a different image under an existing tag, and takes the same image again', async () => {
    const authfile = join(workDirectory, 'auth-immutable.json');
    const image = `${standin.registryHost}/my-org/locked:abc123`;
    await buildImage(image, 'first\n');
    await login(authfile);
    const first = await push(authfile, image);
    expect(first.code).toBe(0);
    expect((await push(authfile, image)).code).toBe(0);

    await buildImage(image, 'second\n');
    const overwrite = await push(authfile, image);
    expect(overwrite.code).not.toBe(0);
    expect(overwrite.output).toContain(
      "The image tag 'abc123' already exists in the 'my-org/locked' repository and cannot be overwritten because the repository is immutable.",
    );
    expect((await standin.ecr.describeImage('my-org/locked', 'abc123'))?.digest).toBe(first.digest);
  });

  test('an IMMUTABLE_WITH_EXCLUSION repository lets a tag its filters match move, and keeps every other tag where it is', async () => {
    const answer = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['my-org/my-app-cache'] }));
    expect(answer.repositories?.[0]).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'build*' }],
    });
    const authfile = join(workDirectory, 'auth-exclusion.json');
    await login(authfile);
    const movable = `${standin.registryHost}/my-org/my-app-cache:buildcache`;
    const fixed = `${standin.registryHost}/my-org/my-app-cache:v1`;
    await buildImage(movable, 'cache one\n');
    await buildImage(fixed, 'cache one\n');
    expect((await push(authfile, movable)).code).toBe(0);
    expect((await push(authfile, fixed)).code).toBe(0);

    await buildImage(movable, 'cache two\n');
    await buildImage(fixed, 'cache two\n');
    const moved = await push(authfile, movable);
    expect(moved.code).toBe(0);
    expect((await standin.ecr.describeImage('my-org/my-app-cache', 'buildcache'))?.digest).toBe(moved.digest);
    const refused = await push(authfile, fixed);
    expect(refused.output).toContain(
      "The image tag 'v1' already exists in the 'my-org/my-app-cache' repository and cannot be overwritten because the repository is immutable.",
    );
  });

  test('CreateRepository takes IMMUTABLE_WITH_EXCLUSION only with exclusion filters, as ECR does', async () => {
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'my-org/created-cache',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'buildcache' }],
      }),
    );
    const created = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['my-org/created-cache'] }));
    expect(created.repositories?.[0]?.imageTagMutabilityExclusionFilters).toEqual([{ filterType: 'WILDCARD', filter: 'buildcache' }]);
    const withoutFilters = await ecr
      .send(new CreateRepositoryCommand({ repositoryName: 'my-org/no-filters', imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' }))
      .catch((error: unknown) => error);
    expect(withoutFilters).toMatchObject({ name: 'InvalidParameterException' });
  });

  test('answers 401 with a Basic challenge without a password, and NAME_UNKNOWN for a repository the account lacks', async () => {
    const anonymous = await fetch(`http://${standin.registryHost}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);

    const authorization = `Basic ${Buffer.from(`AWS:${await registryPassword()}`).toString('base64')}`;
    const unknown = await fetch(`http://${standin.registryHost}/v2/my-org/nope/manifests/v1`, { headers: { authorization } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ errors: [expect.objectContaining({ code: 'NAME_UNKNOWN' })] });
  });

  test('a registry password past registryPasswordTtlSeconds answers 401', async () => {
    standin.setScenario({ rollout: 'healthy', registryPasswordTtlSeconds: 1 });
    const authorization = `Basic ${Buffer.from(`AWS:${await registryPassword()}`).toString('base64')}`;
    expect((await fetch(`http://${standin.registryHost}/v2/`, { headers: { authorization } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await fetch(`http://${standin.registryHost}/v2/`, { headers: { authorization } });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await expired.text()).toContain('Your authorization token has expired');
    standin.setScenario({ rollout: 'healthy' });
  });

  test('an image index of two platforms: pushed with podman manifest push, served by the registry and described by ECR in its shapes', async () => {
    const authfile = join(workDirectory, 'auth-index.json');
    const list = `${standin.registryHost}/my-org/locked:multi`;
    const context = await mkdtemp(join(workDirectory, 'context-'));
    await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    await writeFile(join(context, 'hello.txt'), 'both\n');
    await succeed(['build', '--isolation=chroot', '--no-cache', '--platform', 'linux/amd64,linux/arm64', '--manifest', list, context]);
    await login(authfile);
    const digestFile = join(workDirectory, 'index-digest');
    await succeed(['manifest', 'push', '--authfile', authfile, '--all', '--digestfile', digestFile, list, `docker://${list}`]);
    const pushed = (await readFile(digestFile, 'utf8')).trim();

    const authorization = `Basic ${Buffer.from(`AWS:${await registryPassword()}`).toString('base64')}`;
    const head = await fetch(`http://${standin.registryHost}/v2/my-org/locked/manifests/multi`, {
      method: 'HEAD',
      headers: {
        authorization,
        accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json',
      },
    });
    expect(head.headers.get('docker-content-digest')).toBe(pushed);

    const described = await ecr.send(new DescribeImagesCommand({ repositoryName: 'my-org/locked', imageIds: [{ imageTag: 'multi' }] }));
    expect(described.imageDetails?.[0]).toMatchObject({
      imageDigest: pushed,
      imageTags: ['multi'],
      imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
      artifactMediaType: 'application/vnd.oci.image.index.v1+json',
    });
    const fetched = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'my-org/locked',
        imageIds: [{ imageDigest: pushed }],
        acceptedMediaTypes: ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json'],
      }),
    );
    const index = JSON.parse(fetched.images?.[0]?.imageManifest ?? '{}') as { manifests?: { platform?: { architecture?: string } }[] };
    expect(fetched.images?.[0]?.imageManifestMediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests?.map((entry) => entry.platform?.architecture).sort()).toEqual(['amd64', 'arm64']);
  });
});
