import { describe, expect, test } from '@jest/globals';
import type { ScanFinding } from '../../../src/scan/findings.js';
import { countsOfFindings, unionOfScans, type PlatformScan } from '../../../src/scan/union.js';
import { describeFinding, scanFailureMessage, scanSummaryLines } from '../../../src/scan/render.js';
import type { ScanReport } from '../../../src/report/report.js';

const XZ: ScanFinding = { id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils 5.6.0', fixedIn: '5.6.1' };
const GLIBC: ScanFinding = { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc 2.36', fixedIn: undefined };
const GLIBC_OTHER_VERSION: ScanFinding = { ...GLIBC, packageName: 'glibc 2.35' };

function scan(platform: string, findings: readonly ScanFinding[], severityCounts?: Record<string, number>): PlatformScan {
  return { platform, status: 'COMPLETE', severityCounts, findings };
}

describe('unionOfScans: one verdict for the images of an index', () => {
  test.each<[string, readonly PlatformScan[], Record<string, number>]>([
    [
      "ECR's counts summed across platforms",
      [scan('linux/amd64', [GLIBC], { HIGH: 1, LOW: 3 }), scan('linux/arm64', [XZ, GLIBC], { CRITICAL: 1, HIGH: 1 })],
      { HIGH: 2, LOW: 3, CRITICAL: 1 },
    ],
    [
      'a platform without counts counted from its findings',
      [scan('linux/amd64', [GLIBC, XZ]), scan('linux/arm64', [], { MEDIUM: 2 })],
      { HIGH: 1, CRITICAL: 1, MEDIUM: 2 },
    ],
    ['no findings anywhere: no counts', [scan('linux/amd64', [], {}), scan('linux/arm64', [], {})], {}],
  ])('%s', (_name, scans, expected) => {
    expect(unionOfScans(scans).severityCounts).toEqual(expected);
  });

  test('a finding in several images is listed once, naming each platform in index order', () => {
    const union = unionOfScans([scan('linux/amd64', [GLIBC]), scan('linux/arm64', [XZ, GLIBC])]);
    expect(union.findings).toEqual([
      { ...GLIBC, platforms: ['linux/amd64', 'linux/arm64'] },
      { ...XZ, platforms: ['linux/arm64'] },
    ]);
  });

  test('the same id in another package version stays two findings', () => {
    const union = unionOfScans([scan('linux/amd64', [GLIBC]), scan('linux/arm64', [GLIBC_OTHER_VERSION])]);
    expect(union.findings).toEqual([
      { ...GLIBC, platforms: ['linux/amd64'] },
      { ...GLIBC_OTHER_VERSION, platforms: ['linux/arm64'] },
    ]);
  });

  test.each([
    [['COMPLETE', 'COMPLETE'], 'COMPLETE'],
    [['ACTIVE', 'COMPLETE'], 'ACTIVE, COMPLETE'],
  ])('statuses %j read as %s', (statuses, expected) => {
    const scans = statuses.map((status, position) => ({ ...scan(`linux/arch${position}`, []), status }));
    expect(unionOfScans(scans).status).toBe(expected);
  });

  test('countsOfFindings counts each severity', () => {
    expect(countsOfFindings([XZ, GLIBC, GLIBC_OTHER_VERSION])).toEqual({ CRITICAL: 1, HIGH: 2 });
  });
});

describe('an image index in the sentences and the summary', () => {
  const report: ScanReport = {
    threshold: 'CRITICAL',
    image: 'my-org/my-app@sha256:1111',
    status: 'COMPLETE',
    counts: [
      ['CRITICAL', 1],
      ['HIGH', 2],
    ],
    blocking: 1,
    total: 3,
    top: [
      { ...XZ, platforms: ['linux/arm64'] },
      { ...GLIBC, platforms: ['linux/amd64', 'linux/arm64'] },
    ],
    platforms: ['linux/amd64', 'linux/arm64'],
  };

  test.each<[ScanFinding, string]>([
    [{ ...XZ, platforms: ['linux/arm64'] }, 'CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1, on linux/arm64'],
    [{ ...GLIBC, platforms: ['linux/amd64', 'linux/arm64'] }, 'CVE-2023-4911 (HIGH) in glibc 2.36, on linux/amd64 and linux/arm64'],
    [GLIBC, 'CVE-2023-4911 (HIGH) in glibc 2.36'],
  ])('describeFinding names the platforms of an index finding only', (finding, expected) => {
    expect(describeFinding(finding)).toBe(expected);
  });

  test("the failure's first line names the index, its platforms and the worst finding's platform", () => {
    expect(scanFailureMessage(report).split('\n')[0]).toBe(
      'The image scan of my-org/my-app@sha256:1111 (image index: linux/amd64, linux/arm64) found 1 finding at or above CRITICAL (1 CRITICAL, 2 HIGH), so nothing was registered or deployed; the worst: CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1, on linux/arm64.',
    );
  });

  test('the summary table has a Platforms column', () => {
    const lines = scanSummaryLines(report);
    expect(lines[0]).toBe(
      '**Image scan** of `my-org/my-app@sha256:1111` (image index: linux/amd64, linux/arm64) (COMPLETE): ❌ 1 at or above CRITICAL',
    );
    expect(lines).toContain('| Id | Severity | Package | Fixed in | Platforms |');
    expect(lines).toContain('| CVE-2023-4911 | HIGH | glibc 2.36 | — | linux/amd64, linux/arm64 |');
  });
});
