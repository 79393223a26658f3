import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { DescribeImageScanFindingsCommand, ECRClient, StartImageScanCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { SAMPLE_BUILD, sampleConfig } from '../../../__fixtures__/config.js';
import type { ImageReport } from '../../../src/report/report.js';
import type { BuildImageSource } from '../../../src/inputs/config.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { gateOnScan, scanVerdict, scanWaitMinutes } = await import('../../../src/scan/scan-gate.js');
const { scanTargetOf } = await import('../../../src/scan/target.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const BUILD: BuildImageSource = {
  kind: 'build',
  repository: 'my-org/my-app',
  registryId: undefined,
  tag: 'v1',
  extraTags: [],
  registries: [],
  build: SAMPLE_BUILD,
};
const BUILT: ImageReport = { uri: `${HOST}/my-org/my-app@${DIGEST}`, registry: HOST, tag: 'v1', digest: DIGEST, origin: 'built' };
const noWait = { sleep: () => Promise.resolve(), now: () => 0, random: () => 0 };

beforeEach(() => {
  ecrMock.reset();
  jest.clearAllMocks();
});

describe('scanTargetOf: the digest this run deploys', () => {
  test('built or reused: the build repository and its registry', () => {
    for (const origin of ['built', 'reused'] as const) {
      expect(scanTargetOf(sampleConfig({ image: { ...BUILD, registryId: '210987654321' } }), { ...BUILT, origin })).toEqual({
        target: { repository: 'my-org/my-app', registryId: '210987654321', digest: DIGEST },
      });
    }
  });

  test('`image` in ECR: the repository and account of its reference', () => {
    const config = sampleConfig({ image: { kind: 'existing', reference: `${HOST}/my-org/my-app:v1`, repository: undefined } });
    expect(scanTargetOf(config, { ...BUILT, origin: 'given' })).toEqual({
      target: { repository: 'my-org/my-app', registryId: '123456789012', digest: DIGEST },
    });
  });

  test('`image` outside ECR has no ECR scan: the gate fails rather than pass it unread', () => {
    const config = sampleConfig({ image: { kind: 'existing', reference: 'ghcr.io/my-org/my-app:v1', repository: undefined } });
    expect(() =>
      scanTargetOf(config, { uri: 'ghcr.io/my-org/my-app:v1', registry: 'ghcr.io', tag: 'v1', digest: '', origin: 'given' }),
    ).toThrow(
      '`scan-severity-threshold` needs the deployed image in ECR, but ghcr.io/my-org/my-app:v1 is not an ECR image of us-east-1, so it has no ECR scan. Set it to `none` for this image, or push the image to ECR.',
    );
  });

  test("a dry run's image not pushed yet is not read", () => {
    expect(
      scanTargetOf(sampleConfig({ image: BUILD }), { ...BUILT, uri: `${HOST}/my-org/my-app:v1`, digest: '', origin: 'planned' }),
    ).toEqual({
      note: `not read: ${HOST}/my-org/my-app:v1 is not pushed in a dry run; a real run reads its scan after the push.`,
    });
  });
});

test.each([
  [30, 10],
  [10, 10],
  [3, 3],
])('with wait-for-minutes %i the scan is waited for at most %i minutes', (waitMinutes, expected) => {
  expect(scanWaitMinutes(waitMinutes)).toBe(expected);
});

describe('gateOnScan', () => {
  const findings = {
    findingSeverityCounts: { CRITICAL: 1, HIGH: 1, INFORMATIONAL: 4 },
    findings: [
      { name: 'CVE-2023-4911', severity: 'HIGH' as const, attributes: [{ key: 'package_name', value: 'glibc' }] },
      { name: 'CVE-2024-3094', severity: 'CRITICAL' as const, attributes: [{ key: 'package_name', value: 'xz-utils' }] },
    ],
  };

  test('findings at or above the threshold: the report counts them and the verdict fails the run', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: findings });
    const report = await gateOnScan(sampleConfig({ image: BUILD }), ecr, BUILT, 'HIGH', noWait);
    expect(report).toEqual({
      threshold: 'HIGH',
      image: `my-org/my-app@${DIGEST}`,
      status: 'COMPLETE',
      counts: [
        ['CRITICAL', 1],
        ['HIGH', 1],
        ['INFORMATIONAL', 4],
      ],
      blocking: 2,
      total: 6,
      top: [
        { id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils', fixedIn: undefined },
        { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc', fixedIn: undefined },
      ],
    });
    expect(scanVerdict(report)).toMatchObject({
      failureCause: 'scan-findings',
      message: expect.stringMatching(/^The image scan of my-org\/my-app@sha256:[0-9a-f]{64} found 2 findings at or above HIGH/) as unknown,
    });
    expect(core.info).toHaveBeenCalledWith(
      `Image scan of my-org/my-app@${DIGEST} (COMPLETE): 1 CRITICAL, 1 HIGH, 4 INFORMATIONAL; 2 at or above HIGH.`,
    );
  });

  test('findings below the threshold pass, with the counts kept for the summary', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findingSeverityCounts: { HIGH: 1 }, findings: findings.findings.slice(0, 1) },
    });
    const report = await gateOnScan(sampleConfig({ image: BUILD }), ecr, BUILT, 'CRITICAL', noWait);
    expect(report.counts).toEqual([['HIGH', 1]]);
    expect(report.blocking).toBe(0);
    expect(scanVerdict(report)).toBeUndefined();
  });

  test('a dry run reads an existing scan but starts none', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .rejects(Object.assign(new Error('Image scan does not exist for the image'), { name: 'ScanNotFoundException', $metadata: {} }));
    const report = await gateOnScan(
      sampleConfig({ image: BUILD, deploy: { dryRun: true } }),
      ecr,
      { ...BUILT, origin: 'reused' },
      'HIGH',
      noWait,
    );
    expect(report).toMatchObject({
      status: 'NOT_FOUND',
      note: `not read: ECR has no scan of my-org/my-app@${DIGEST}, and a dry run starts none (a real run would start one and wait for it).`,
    });
    expect(scanVerdict(report)).toBeUndefined();
    expect(ecrMock.commandCalls(StartImageScanCommand)).toHaveLength(0);
  });

  test("a dry run's planned image makes no scan call", async () => {
    await gateOnScan(
      sampleConfig({ image: BUILD, deploy: { dryRun: true } }),
      ecr,
      { ...BUILT, digest: '', origin: 'planned' },
      'HIGH',
      noWait,
    );
    expect(ecrMock.calls()).toHaveLength(0);
  });
});
