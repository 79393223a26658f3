// The scan gate on an image index: the index read once, each platform image's scan waited for and read.
import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import {
  BatchGetImageCommand,
  DescribeImageScanFindingsCommand,
  ECRClient,
  StartImageScanCommand,
  type DescribeImageScanFindingsResponse,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { sampleConfig } from '../../../__fixtures__/config.js';
import type { BuildImageSource } from '../../../src/inputs/config.js';
import type { ImageReport } from '../../../src/report/report.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { gateOnScan, scanVerdict } = await import('../../../src/scan/scan-gate.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const INDEX = `sha256:${'11'.repeat(32)}`;
const AMD64 = `sha256:${'aa'.repeat(32)}`;
const ARM64 = `sha256:${'bb'.repeat(32)}`;
const ATTESTATION = `sha256:${'cc'.repeat(32)}`;
const BUILD: BuildImageSource = {
  kind: 'build',
  repository: 'my-org/my-app',
  registryId: undefined,
  tag: 'v1',
  extraTags: [],
  registries: [],
  build: {
    context: '.',
    dockerfile: undefined,
    buildArgs: [],
    target: undefined,
    platforms: ['linux/amd64', 'linux/arm64'],
    provenance: false,
    labels: [],
    engine: undefined,
    cache: undefined,
    secrets: [],
  },
};
const BUILT_INDEX: ImageReport & { imageIndex: boolean } = {
  uri: `${HOST}/my-org/my-app@${INDEX}`,
  registry: HOST,
  tag: 'v1',
  digest: INDEX,
  origin: 'built',
  imageIndex: true,
};
const noWait = { sleep: () => Promise.resolve(), now: () => 0, random: () => 0 };

const manifestEntry = (digest: string, architecture: string, annotations?: Record<string, string>) => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 500,
  platform: { os: architecture === 'unknown' ? 'unknown' : 'linux', architecture },
  ...(annotations ? { annotations } : {}),
});
const INDEX_MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    manifestEntry(AMD64, 'amd64'),
    manifestEntry(ARM64, 'arm64'),
    manifestEntry(ATTESTATION, 'unknown', { 'vnd.docker.reference.type': 'attestation-manifest' }),
  ],
});

function complete(
  digest: string,
  findings: { name: string; severity: 'CRITICAL' | 'HIGH'; pkg: string }[],
): DescribeImageScanFindingsResponse {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return {
    repositoryName: 'my-org/my-app',
    imageId: { imageDigest: digest },
    imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
    imageScanFindings: {
      findingSeverityCounts: counts,
      findings: findings.map((finding) => ({
        name: finding.name,
        severity: finding.severity,
        attributes: [{ key: 'package_name', value: finding.pkg }],
      })),
    },
  };
}
const pending = (digest: string): DescribeImageScanFindingsResponse => ({
  imageId: { imageDigest: digest },
  imageScanStatus: { status: 'IN_PROGRESS', description: 'The scan is in progress.' },
});
const scanNotFound = (): Error =>
  Object.assign(new Error('Image scan does not exist for the image'), { name: 'ScanNotFoundException', $metadata: {} });
const GLIBC = { name: 'CVE-2023-4911', severity: 'HIGH' as const, pkg: 'glibc' };
const XZ = { name: 'CVE-2024-3094', severity: 'CRITICAL' as const, pkg: 'xz-utils' };

function describedDigests(): (string | undefined)[] {
  return ecrMock.commandCalls(DescribeImageScanFindingsCommand).map((call) => call.args[0].input.imageId?.imageDigest);
}

beforeEach(() => {
  ecrMock.reset();
  jest.clearAllMocks();
  ecrMock.on(BatchGetImageCommand).resolves({ images: [{ imageId: { imageDigest: INDEX }, imageManifest: INDEX_MANIFEST }] });
});

describe('gateOnScan on an image index', () => {
  test('a CRITICAL finding in the arm64 image only: counts summed, each finding once with its platforms, the failure names arm64', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: AMD64 } }).resolves(complete(AMD64, [GLIBC]));
    ecrMock.on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: ARM64 } }).resolves(complete(ARM64, [XZ, GLIBC]));
    const report = await gateOnScan(sampleConfig({ image: BUILD }), ecr, BUILT_INDEX, 'CRITICAL', noWait);
    expect(report).toEqual({
      threshold: 'CRITICAL',
      image: `my-org/my-app@${INDEX}`,
      status: 'COMPLETE',
      counts: [
        ['CRITICAL', 1],
        ['HIGH', 2],
      ],
      blocking: 1,
      total: 3,
      top: [
        { id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils', fixedIn: undefined, platforms: ['linux/arm64'] },
        { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc', fixedIn: undefined, platforms: ['linux/amd64', 'linux/arm64'] },
      ],
      platforms: ['linux/amd64', 'linux/arm64'],
    });
    expect(scanVerdict(report)?.message.split('\n')[0]).toBe(
      `The image scan of my-org/my-app@${INDEX} (image index: linux/amd64, linux/arm64) found 1 finding at or above CRITICAL (1 CRITICAL, 2 HIGH), so nothing was registered or deployed; the worst: CVE-2024-3094 (CRITICAL) in xz-utils, on linux/arm64.`,
    );
  });

  test('AWS calls: one BatchGetImage of the index, one DescribeImageScanFindings per platform image, none of the index or the attestation', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .callsFake((input: { imageId: { imageDigest: string } }) => Promise.resolve(complete(input.imageId.imageDigest, [])));
    const report = await gateOnScan(sampleConfig({ image: BUILD }), ecr, BUILT_INDEX, 'HIGH', noWait);
    expect(scanVerdict(report)).toBeUndefined();
    expect(ecrMock.commandCalls(BatchGetImageCommand).map((call) => call.args[0].input)).toEqual([
      {
        repositoryName: 'my-org/my-app',
        imageIds: [{ imageDigest: INDEX }],
        acceptedMediaTypes: [
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ],
      },
    ]);
    expect(describedDigests().sort()).toEqual([AMD64, ARM64]);
    expect(ecrMock.calls()).toHaveLength(3);
  });

  test('a repository without scan on push: StartImageScan once per platform image, then each scan waited for', async () => {
    const seen = new Map<string, number>();
    ecrMock.on(DescribeImageScanFindingsCommand).callsFake((input: { imageId: { imageDigest: string } }) => {
      const digest = input.imageId.imageDigest;
      const reads = (seen.get(digest) ?? 0) + 1;
      seen.set(digest, reads);
      if (reads === 1) return Promise.reject(scanNotFound());
      return Promise.resolve(reads === 2 ? pending(digest) : complete(digest, []));
    });
    ecrMock.on(StartImageScanCommand).resolves({});
    await gateOnScan(sampleConfig({ image: BUILD }), ecr, BUILT_INDEX, 'HIGH', noWait);
    expect(
      ecrMock
        .commandCalls(StartImageScanCommand)
        .map((call) => call.args[0].input.imageId?.imageDigest)
        .sort(),
    ).toEqual([AMD64, ARM64]);
    expect(describedDigests()).toHaveLength(6);
    expect(core.info).toHaveBeenCalledWith(
      `my-org/my-app does not scan on push: started ECR's scan of ${ARM64} (linux/arm64) (StartImageScan).`,
    );
  });

  test('one platform image ECR cannot scan fails the gate naming that platform, and stops the wait for the others', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: AMD64 } }).resolves(pending(AMD64));
    ecrMock.on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: ARM64 } }).resolves({
      imageId: { imageDigest: ARM64 },
      imageScanStatus: {
        status: 'UNSUPPORTED_IMAGE',
        description: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
      },
    });
    // A clock the sleeps move: without the stop, amd64 would be read every few seconds for ten minutes.
    let clock = 0;
    const timing = { sleep: (ms: number) => Promise.resolve(void (clock += ms)), now: () => clock, random: () => 0 };
    await expect(gateOnScan(sampleConfig({ image: BUILD }), ecr, BUILT_INDEX, 'HIGH', timing)).rejects.toMatchObject({
      failureCause: 'scan-unusable',
      message: `ECR's scan of my-org/my-app@${ARM64} (linux/arm64) ended UNSUPPORTED_IMAGE (UnsupportedImageError: The operating system and/or package manager are not supported.), so the scan gate cannot vouch for the image.`,
    });
    expect(describedDigests().filter((digest) => digest === AMD64).length).toBeLessThanOrEqual(2);
  });

  test('a dry run without scans of the platform images notes it and starts none', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).rejects(scanNotFound());
    const report = await gateOnScan(
      sampleConfig({ image: BUILD, deploy: { dryRun: true } }),
      ecr,
      { ...BUILT_INDEX, origin: 'reused' },
      'HIGH',
      noWait,
    );
    expect(report).toMatchObject({
      status: 'NOT_FOUND',
      note: `not read: ECR has no scan of the linux/amd64, linux/arm64 images of the image index my-org/my-app@${INDEX}, and a dry run starts none (a real run would start them and wait).`,
    });
    expect(ecrMock.commandCalls(StartImageScanCommand)).toHaveLength(0);
  });

  test('an index the image phase reported that holds a single image after all is read as one image', async () => {
    ecrMock.on(BatchGetImageCommand).resolves({
      images: [
        { imageManifest: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] }) },
      ],
    });
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(complete(INDEX, [XZ]));
    const report = await gateOnScan(sampleConfig({ image: BUILD }), ecr, BUILT_INDEX, 'HIGH', noWait);
    expect(report.platforms).toBeUndefined();
    expect(describedDigests()).toEqual([INDEX]);
  });

  test('a single image (no index reported) makes no BatchGetImage call', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(complete(INDEX, []));
    await gateOnScan(sampleConfig({ image: BUILD }), ecr, { ...BUILT_INDEX, imageIndex: false }, 'HIGH', noWait);
    expect(ecrMock.commandCalls(BatchGetImageCommand)).toHaveLength(0);
    expect(ecrMock.calls()).toHaveLength(1);
  });
});
