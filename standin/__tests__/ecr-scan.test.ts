// ECR image scanning in the stand-in (ecr-scan.ts): a real image pushed with podman, then its scan read
// with the unmodified SDK client, as each scanning setup of the scenario's `imageScans` answers it.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  DescribeImageScanFindingsCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  StartImageScanCommand,
} from '@aws-sdk/client-ecr';
import type { SeededFinding } from '../ecr-scan.js';
import { ACCOUNT, REGION, assumeWithGithub, createGithubRole, sdkConfig } from './support.js';

const { startStandin } = await import('../index.js');
type Standin = Awaited<ReturnType<typeof startStandin>>;

jest.setTimeout(90_000);

const MANUAL = 'my-org/manual';
const ON_PUSH = 'my-org/on-push';
const ENHANCED = 'my-org/enhanced';
const INDEX_ON_PUSH = 'my-org/index-on-push';
const INDEX_ENHANCED = 'my-org/index-enhanced';
const XZ: SeededFinding = {
  id: 'CVE-2024-3094',
  severity: 'CRITICAL',
  packageName: 'xz-utils',
  packageVersion: '5.6.0',
  fixedInVersion: '5.6.1',
};
const GLIBC: SeededFinding = { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc', packageVersion: '2.36-9' };
const ZLIB: SeededFinding = { id: 'CVE-2022-37434', severity: 'HIGH', packageName: 'zlib', packageVersion: '1.2.12' };

let standin: Standin;
let ecr: ECRClient;
let workDirectory: string;
const digests = new Map<string, string>();
const teardown: (() => Promise<void> | void)[] = [];

function podman(args: readonly string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', [...args], { env: { ...process.env, ...standin.env() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`podman ${args.join(' ')} failed (${code}): ${output}`))));
    child.stdin.end(input);
  });
}

/** Builds a FROM scratch image and pushes it to each repository; returns nothing, records the digests. */
async function pushTo(repositories: readonly string[]): Promise<void> {
  const context = await mkdtemp(join(workDirectory, 'context-'));
  await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  await writeFile(join(context, 'hello.txt'), 'scanned\n');
  const local = 'localhost/scan-test:v1';
  await podman(['build', '--isolation=chroot', '--layers=false', '-t', local, context]);
  const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken ?? '';
  const authfile = join(workDirectory, 'auth.json');
  const password = Buffer.from(token, 'base64').toString('utf8').replace(/^AWS:/, '');
  await podman(['login', '--authfile', authfile, '--username', 'AWS', '--password-stdin', standin.registryHost], password);
  for (const repository of repositories) {
    const digestFile = join(workDirectory, `digest-${repository.replace('/', '-')}`);
    await podman(['push', '--authfile', authfile, '--digestfile', digestFile, local, `${standin.registryHost}/${repository}:v1`]);
    digests.set(repository, (await readFile(digestFile, 'utf8')).trim());
  }
}

/** The two-platform index pushed to each repository: its digest and each platform image's, by platform. */
const indexes = new Map<string, { digest: string; images: Map<string, string> }>();

/** Builds a FROM scratch image for linux/amd64 and linux/arm64 (no RUN: no emulation needed) and pushes the index. */
async function pushIndexTo(repositories: readonly string[]): Promise<void> {
  const context = await mkdtemp(join(workDirectory, 'index-context-'));
  await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  await writeFile(join(context, 'hello.txt'), 'scanned per platform\n');
  const list = 'localhost/scan-index-test:v1';
  await podman(['build', '--isolation=chroot', '--no-cache', '--platform', 'linux/amd64,linux/arm64', '--manifest', list, context]);
  const authfile = join(workDirectory, 'auth.json');
  for (const repository of repositories) {
    const digestFile = join(workDirectory, `index-digest-${repository.replace('/', '-')}`);
    await podman([
      'manifest',
      'push',
      '--authfile',
      authfile,
      '--all',
      '--digestfile',
      digestFile,
      list,
      `docker://${standin.registryHost}/${repository}:v1`,
    ]);
    const digest = (await readFile(digestFile, 'utf8')).trim();
    const body = (await standin.ecr.manifest(repository, digest))?.body ?? '{}';
    const { manifests = [] } = JSON.parse(body) as { manifests?: { digest: string; platform: { os: string; architecture: string } }[] };
    indexes.set(repository, {
      digest,
      images: new Map(manifests.map((entry) => [`${entry.platform.os}/${entry.platform.architecture}`, entry.digest])),
    });
  }
  await podman(['manifest', 'rm', list]);
}

const indexOf = (repository: string) => ({ repositoryName: repository, imageId: { imageDigest: indexes.get(repository)?.digest ?? '' } });
const platformImageOf = (repository: string, platform: string) => ({
  repositoryName: repository,
  imageId: { imageDigest: indexes.get(repository)?.images.get(platform) ?? '' },
});

const imageOf = (repository: string) => ({ repositoryName: repository, imageId: { imageDigest: digests.get(repository) ?? '' } });

/** Reads the scan until it ends, returning each status seen once, in order. */
async function statusesUntilDone(repository: string): Promise<string[]> {
  const seen: string[] = [];
  for (let reads = 0; reads < 100; reads++) {
    const status = (await ecr.send(new DescribeImageScanFindingsCommand(imageOf(repository)))).imageScanStatus?.status ?? '';
    if (seen.at(-1) !== status) seen.push(status);
    if (status !== 'PENDING' && status !== 'IN_PROGRESS') return seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return seen;
}

beforeAll(async () => {
  // Real time: a scan is PENDING for its first second, so the test can see it.
  standin = await startStandin({
    timeScale: 1,
    scenario: {
      rollout: 'healthy',
      imageScans: {
        [MANUAL]: { scanning: 'manual', secondsToComplete: 3, findings: [GLIBC, XZ, ZLIB] },
        [ON_PUSH]: { scanning: 'on-push', secondsToComplete: 2, failsWith: 'UNSUPPORTED_IMAGE' },
        [ENHANCED]: { scanning: 'enhanced', secondsToComplete: 0, findings: [XZ] },
        [INDEX_ON_PUSH]: {
          scanning: 'on-push',
          secondsToComplete: 0,
          findings: [GLIBC],
          findingsByPlatform: { 'linux/arm64': [XZ, GLIBC] },
        },
        [INDEX_ENHANCED]: { scanning: 'enhanced', secondsToComplete: 0, findings: [GLIBC] },
      },
    },
  });
  teardown.unshift(() => standin.stop());
  workDirectory = await mkdtemp(join(tmpdir(), 'standin-scan-test-'));
  teardown.unshift(() => rm(workDirectory, { recursive: true, force: true }));
  ecr = new ECRClient(sdkConfig(standin, await assumeWithGithub(standin, createGithubRole(standin, 'scanner', 'repo:my-org/my-app:*'))));
  teardown.unshift(() => ecr.destroy());
  for (const repository of [MANUAL, ON_PUSH, ENHANCED, INDEX_ON_PUSH, INDEX_ENHANCED])
    standin.ecr.createRepository(ACCOUNT, REGION, repository);
  await pushTo([MANUAL, ON_PUSH, ENHANCED]);
  await pushIndexTo([INDEX_ON_PUSH, INDEX_ENHANCED]);
});
afterAll(async () => {
  for (const step of teardown) await step();
});

describe('ECR image scanning', () => {
  test('DescribeRepositories says which repositories scan on push', async () => {
    const answer = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [MANUAL, ON_PUSH] }));
    expect(answer.repositories?.map((repository) => repository.imageScanningConfiguration)).toEqual([
      { scanOnPush: false },
      { scanOnPush: true },
    ]);
  });

  test('without scan on push: ScanNotFoundException until StartImageScan, then PENDING, IN_PROGRESS, COMPLETE with the findings', async () => {
    const missing = await ecr.send(new DescribeImageScanFindingsCommand(imageOf(MANUAL))).catch((error: unknown) => error);
    expect(missing).toMatchObject({
      name: 'ScanNotFoundException',
      message: `Image scan does not exist for the image with '{imageDigest:'${digests.get(MANUAL) ?? ''}', imageTag:'null'}' in the repository with name '${MANUAL}' in the registry with id '${ACCOUNT}'`,
    });

    const started = await ecr.send(new StartImageScanCommand(imageOf(MANUAL)));
    expect(started).toMatchObject({ registryId: ACCOUNT, repositoryName: MANUAL, imageScanStatus: { status: 'PENDING' } });
    // One manual scan per image: a second start is refused, as ECR refuses it within a day.
    await expect(ecr.send(new StartImageScanCommand(imageOf(MANUAL)))).rejects.toMatchObject({ name: 'LimitExceededException' });

    expect(await statusesUntilDone(MANUAL)).toEqual(['PENDING', 'IN_PROGRESS', 'COMPLETE']);
    const first = await ecr.send(new DescribeImageScanFindingsCommand({ ...imageOf(MANUAL), maxResults: 2 }));
    expect(first.imageScanStatus).toEqual({ status: 'COMPLETE', description: 'The scan was completed successfully.' });
    expect(first.imageScanFindings?.findingSeverityCounts).toEqual({ HIGH: 2, CRITICAL: 1 });
    expect(first.imageScanFindings?.imageScanCompletedAt).toBeInstanceOf(Date);
    expect(first.imageScanFindings?.findings).toEqual([
      {
        name: 'CVE-2023-4911',
        description: 'CVE-2023-4911 in glibc.',
        uri: 'https://nvd.nist.gov/vuln/detail/CVE-2023-4911',
        severity: 'HIGH',
        attributes: [
          { key: 'package_version', value: '2.36-9' },
          { key: 'package_name', value: 'glibc' },
        ],
      },
      expect.objectContaining({ name: 'CVE-2024-3094', severity: 'CRITICAL' }),
    ]);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await ecr.send(new DescribeImageScanFindingsCommand({ ...imageOf(MANUAL), maxResults: 2, nextToken: first.nextToken }));
    expect(second.imageScanFindings?.findings?.map((finding) => finding.name)).toEqual(['CVE-2022-37434']);
    expect(second.nextToken).toBeUndefined();
  });

  test('with scan on push: the scan exists from the push and ends as the scenario says (UNSUPPORTED_IMAGE)', async () => {
    const statuses = await statusesUntilDone(ON_PUSH);
    expect(statuses.at(-1)).toBe('UNSUPPORTED_IMAGE');
    const answer = await ecr.send(new DescribeImageScanFindingsCommand(imageOf(ON_PUSH)));
    expect(answer.imageScanStatus?.description).toBe(
      'UnsupportedImageError: The operating system and/or package manager are not supported.',
    );
    expect(answer.imageScanFindings).toBeUndefined();
  });

  test("enhanced scanning: ACTIVE, with Amazon Inspector's findings and the version that fixes them", async () => {
    const answer = await ecr.send(new DescribeImageScanFindingsCommand(imageOf(ENHANCED)));
    expect(answer.imageScanStatus).toEqual({ status: 'ACTIVE', description: 'Continuous scan is selected for image.' });
    expect(answer.imageScanFindings?.findings).toBeUndefined();
    expect(answer.imageScanFindings?.enhancedFindings).toEqual([
      expect.objectContaining({
        awsAccountId: ACCOUNT,
        severity: 'CRITICAL',
        title: 'CVE-2024-3094 - xz-utils',
        type: 'PACKAGE_VULNERABILITY',
        fixAvailable: 'YES',
        packageVulnerabilityDetails: expect.objectContaining({
          vulnerabilityId: 'CVE-2024-3094',
          vulnerablePackages: [{ name: 'xz-utils', version: '5.6.0', packageManager: 'OS', arch: 'X86_64', fixedInVersion: '5.6.1' }],
        }) as unknown,
      }),
    ]);
  });

  test('an image that is not there, and a page size out of range, are refused as ECR refuses them', async () => {
    await expect(
      ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: MANUAL, imageId: { imageDigest: `sha256:${'0'.repeat(64)}` } })),
    ).rejects.toMatchObject({ name: 'ImageNotFoundException' });
    await expect(ecr.send(new DescribeImageScanFindingsCommand({ ...imageOf(MANUAL), maxResults: 1001 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(ecr.send(new StartImageScanCommand({ repositoryName: 'my-org/nope', imageId: { imageTag: 'v1' } }))).rejects.toMatchObject(
      {
        name: 'RepositoryNotFoundException',
      },
    );
  });
});

describe('ECR image scanning of an image index', () => {
  test('the pushed index lists an image per platform, each its own digest', () => {
    const images = indexes.get(INDEX_ON_PUSH)?.images;
    expect([...(images?.keys() ?? [])].sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(new Set(images?.values()).size).toBe(2);
  });

  test('basic scanning: the index has no scan and StartImageScan refuses it; each platform image is scanned on push, with its own findings', async () => {
    await expect(ecr.send(new DescribeImageScanFindingsCommand(indexOf(INDEX_ON_PUSH)))).rejects.toMatchObject({
      name: 'ScanNotFoundException',
    });
    await expect(ecr.send(new StartImageScanCommand(indexOf(INDEX_ON_PUSH)))).rejects.toMatchObject({
      name: 'UnsupportedImageTypeException',
      message: 'The image type is not supported.',
    });
    const amd64 = await ecr.send(new DescribeImageScanFindingsCommand(platformImageOf(INDEX_ON_PUSH, 'linux/amd64')));
    const arm64 = await ecr.send(new DescribeImageScanFindingsCommand(platformImageOf(INDEX_ON_PUSH, 'linux/arm64')));
    expect([amd64.imageScanStatus?.status, arm64.imageScanStatus?.status]).toEqual(['COMPLETE', 'COMPLETE']);
    expect(amd64.imageScanFindings?.findingSeverityCounts).toEqual({ HIGH: 1 });
    expect(arm64.imageScanFindings?.findingSeverityCounts).toEqual({ CRITICAL: 1, HIGH: 1 });
  });

  test('enhanced scanning: the index is UNSUPPORTED_IMAGE, its platform images ACTIVE', async () => {
    const index = await ecr.send(new DescribeImageScanFindingsCommand(indexOf(INDEX_ENHANCED)));
    expect(index.imageScanStatus).toEqual({
      status: 'UNSUPPORTED_IMAGE',
      description: 'UnsupportedImageError: An image index is not scanned; the images it lists are scanned each on its own.',
    });
    const arm64 = await ecr.send(new DescribeImageScanFindingsCommand(platformImageOf(INDEX_ENHANCED, 'linux/arm64')));
    expect(arm64.imageScanStatus?.status).toBe('ACTIVE');
    expect(arm64.imageScanFindings?.enhancedFindings?.map((finding) => finding.title)).toEqual(['CVE-2023-4911 - glibc']);
  });
});
