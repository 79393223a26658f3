import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import {
  DescribeImageScanFindingsCommand,
  ECRClient,
  StartImageScanCommand,
  type DescribeImageScanFindingsResponse,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { waitForScan } = await import('../../../src/scan/wait-for-scan.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const TARGET = { repository: 'my-org/my-app', registryId: undefined, digest: DIGEST };

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}
const scanNotFound = (): Error =>
  awsError('ScanNotFoundException', `Image scan does not exist for the image with '{imageDigest:'${DIGEST}', imageTag:'null'}'`);

function status(name: string, description = ''): DescribeImageScanFindingsResponse {
  return {
    repositoryName: TARGET.repository,
    imageId: { imageDigest: DIGEST },
    imageScanStatus: { status: name, description },
  } as DescribeImageScanFindingsResponse;
}
const COMPLETE: DescribeImageScanFindingsResponse = {
  ...status('COMPLETE', 'The scan was completed successfully.'),
  imageScanFindings: {
    findingSeverityCounts: { CRITICAL: 1 },
    findings: [{ name: 'CVE-2024-3094', severity: 'CRITICAL', attributes: [{ key: 'package_name', value: 'xz-utils' }] }],
  },
};

/** A clock that moves only when the wait sleeps, and the sleeps it was asked for. */
function fakeTime(): { sleeps: number[]; options: { sleep: (ms: number) => Promise<void>; now: () => number; random: () => number } } {
  let clock = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      sleep: (ms: number) => {
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
      now: () => clock,
      random: () => 0,
    },
  };
}

beforeEach(() => {
  ecrMock.reset();
  jest.clearAllMocks();
});

describe('waitForScan', () => {
  test('reads the scan again while PENDING and IN_PROGRESS, with the backoff, then returns its findings', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolvesOnce(status('PENDING')).resolvesOnce(status('IN_PROGRESS')).resolvesOnce(COMPLETE);
    const time = fakeTime();
    const read = await waitForScan(ecr, TARGET, { timeoutMs: 600_000, mayStartScan: true, ...time.options });
    expect(read).toEqual({
      kind: 'read',
      status: 'COMPLETE',
      severityCounts: { CRITICAL: 1 },
      findings: [{ id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils', fixedIn: undefined }],
    });
    expect(time.sleeps).toEqual([2000, 2000]);
    expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)[0]?.args[0].input).toEqual({
      repositoryName: 'my-org/my-app',
      imageId: { imageDigest: DIGEST },
      maxResults: 1000,
    });
    expect(ecrMock.commandCalls(StartImageScanCommand)).toHaveLength(0);
  });

  test('with no scan (no scan on push), starts one once and waits for it', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).rejectsOnce(scanNotFound()).rejectsOnce(scanNotFound()).resolvesOnce(COMPLETE);
    ecrMock.on(StartImageScanCommand).resolves({ imageScanStatus: { status: 'IN_PROGRESS' } });
    const read = await waitForScan(
      ecr,
      { ...TARGET, registryId: '210987654321' },
      { timeoutMs: 600_000, mayStartScan: true, ...fakeTime().options },
    );
    expect(read.kind).toBe('read');
    expect(ecrMock.commandCalls(StartImageScanCommand).map((call) => call.args[0].input)).toEqual([
      { repositoryName: 'my-org/my-app', imageId: { imageDigest: DIGEST }, registryId: '210987654321' },
    ]);
    expect(core.info).toHaveBeenCalledWith(`my-org/my-app does not scan on push: started ECR's scan of ${DIGEST} (StartImageScan).`);
  });

  test('a manual scan already made today (LimitExceededException) is waited for', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).rejectsOnce(scanNotFound()).resolvesOnce(COMPLETE);
    ecrMock.on(StartImageScanCommand).rejects(awsError('LimitExceededException', 'The scan quota per image has been exceeded.'));
    await expect(waitForScan(ecr, TARGET, { timeoutMs: 600_000, mayStartScan: true, ...fakeTime().options })).resolves.toMatchObject({
      kind: 'read',
      status: 'COMPLETE',
    });
  });

  test('a dry run starts no scan: no scan is reported as such', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).rejects(scanNotFound());
    await expect(waitForScan(ecr, TARGET, { timeoutMs: 600_000, mayStartScan: false, ...fakeTime().options })).resolves.toEqual({
      kind: 'no-scan',
    });
    expect(ecrMock.commandCalls(StartImageScanCommand)).toHaveLength(0);
    expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1);
  });

  test.each([
    [
      'FAILED',
      'The scan failed.',
      `ECR's scan of my-org/my-app@${DIGEST} ended FAILED (The scan failed.), so the scan gate cannot vouch for the image.`,
    ],
    [
      'UNSUPPORTED_IMAGE',
      '',
      `ECR's scan of my-org/my-app@${DIGEST} ended UNSUPPORTED_IMAGE, so the scan gate cannot vouch for the image.`,
    ],
    [
      'FINDINGS_UNAVAILABLE',
      '',
      `ECR's scan of my-org/my-app@${DIGEST} ended FINDINGS_UNAVAILABLE, so the scan gate cannot vouch for the image.`,
    ],
  ])('a scan that ended %s fails closed, at once', async (name, description, message) => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(status(name, description));
    const time = fakeTime();
    await expect(waitForScan(ecr, TARGET, { timeoutMs: 600_000, mayStartScan: true, ...time.options })).rejects.toMatchObject({
      message,
      failureCause: 'scan-unusable',
    });
    expect(time.sleeps).toEqual([]);
  });

  test('gives up at its bound, naming the status it was left in', async () => {
    ecrMock.on(DescribeImageScanFindingsCommand).resolves(status('IN_PROGRESS'));
    const time = fakeTime();
    const error = await waitForScan(ecr, TARGET, { timeoutMs: 60_000, mayStartScan: true, ...time.options }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      message: `ECR's scan of my-org/my-app@${DIGEST} was still IN_PROGRESS after 1 minute (31 reads), so the scan gate cannot vouch for the image.`,
      failureCause: 'scan-timeout',
    });
    expect(time.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(60_000);
  });

  test('reads every page of findings; the counts come from ECR for the whole report', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce({
        ...COMPLETE,
        imageScanFindings: { ...COMPLETE.imageScanFindings, findingSeverityCounts: { CRITICAL: 1, LOW: 1 } },
        nextToken: 'page-2',
      })
      .resolvesOnce({ ...status('COMPLETE'), imageScanFindings: { findings: [{ name: 'CVE-2020-0001', severity: 'LOW' }] } });
    const read = await waitForScan(ecr, TARGET, { timeoutMs: 600_000, mayStartScan: true, ...fakeTime().options });
    expect(read).toMatchObject({
      severityCounts: { CRITICAL: 1, LOW: 1 },
      findings: [
        { id: 'CVE-2024-3094', severity: 'CRITICAL' },
        { id: 'CVE-2020-0001', severity: 'LOW' },
      ],
    });
    expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)[1]?.args[0].input).toMatchObject({
      nextToken: 'page-2',
      maxResults: 1000,
    });
  });

  test('a refused read names the permission to grant', async () => {
    ecrMock
      .on(DescribeImageScanFindingsCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'User: arn:aws:sts::123456789012:assumed-role/my-deploy-role/run is not authorized to perform: ecr:DescribeImageScanFindings on resource: arn:aws:ecr:us-east-1:123456789012:repository/my-org/my-app',
        ),
      );
    await expect(waitForScan(ecr, TARGET, { timeoutMs: 600_000, mayStartScan: true, ...fakeTime().options })).rejects.toThrow(
      /^AccessDeniedException from ECR DescribeImageScanFindings for image "my-org\/my-app@sha256:[0-9a-f]{64}": .* The role needs ecr:DescribeImageScanFindings on the repository \(or set `scan-severity-threshold: none`\)\.$/,
    );
  });
});
