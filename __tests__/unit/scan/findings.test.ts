import { describe, expect, test } from '@jest/globals';
import type { ImageScanFindings, ImageScanStatus } from '@aws-sdk/client-ecr';
import { findingsOf, scanStateOf, worstFirst, type ScanFinding, type ScanState } from '../../../src/scan/findings.js';

describe('findingsOf reads basic and enhanced findings into one shape', () => {
  test('a basic finding: the CVE name, severity and the package from its attributes; no fixed-in version', () => {
    const page: ImageScanFindings = {
      findings: [
        {
          name: 'CVE-2023-4911',
          severity: 'HIGH',
          uri: 'https://security-tracker.debian.org/tracker/CVE-2023-4911',
          attributes: [
            { key: 'package_version', value: '2.36-9' },
            { key: 'package_name', value: 'glibc' },
            { key: 'CVSS2_SCORE', value: '7.8' },
          ],
        },
        { name: 'CVE-2022-0001', severity: 'LOW' },
      ],
    };
    expect(findingsOf(page)).toEqual([
      { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc 2.36-9', fixedIn: undefined },
      { id: 'CVE-2022-0001', severity: 'LOW', packageName: undefined, fixedIn: undefined },
    ]);
  });

  test('an enhanced finding: the vulnerability id, the vulnerable packages and the versions that fix them', () => {
    const page: ImageScanFindings = {
      enhancedFindings: [
        {
          title: 'CVE-2024-3094 - xz-utils',
          severity: 'CRITICAL',
          packageVulnerabilityDetails: {
            vulnerabilityId: 'CVE-2024-3094',
            vulnerablePackages: [
              { name: 'xz-utils', version: '5.6.0', fixedInVersion: '5.6.1' },
              { name: 'liblzma5', version: '5.6.0', fixedInVersion: '5.6.1' },
            ],
          },
        },
        {
          title: 'GHSA-xxxx - left-pad',
          severity: 'MEDIUM',
          packageVulnerabilityDetails: { vulnerablePackages: [{ name: 'left-pad', version: '1.0.0', fixedInVersion: 'NotAvailable' }] },
        },
      ],
    };
    expect(findingsOf(page)).toEqual([
      { id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils 5.6.0, liblzma5 5.6.0', fixedIn: '5.6.1' },
      { id: 'GHSA-xxxx - left-pad', severity: 'MEDIUM', packageName: 'left-pad 1.0.0', fixedIn: undefined },
    ]);
  });

  test('no page, or a page without findings: none', () => {
    expect(findingsOf(undefined)).toEqual([]);
    expect(findingsOf({ findingSeverityCounts: {} })).toEqual([]);
  });
});

test('worstFirst sorts by severity, then by id, so the top is the same on every run', () => {
  const finding = (id: string, severity: string): ScanFinding => ({ id, severity, packageName: undefined, fixedIn: undefined });
  expect(
    worstFirst([
      finding('CVE-3', 'LOW'),
      finding('CVE-2', 'CRITICAL'),
      finding('CVE-9', 'INFORMATIONAL'),
      finding('CVE-1', 'CRITICAL'),
    ]).map((found) => found.id),
  ).toEqual(['CVE-1', 'CVE-2', 'CVE-3', 'CVE-9']);
});

describe('scanStateOf: done, still to wait for, or unusable', () => {
  test.each<[ImageScanStatus | undefined, ScanState]>([
    [
      { status: 'COMPLETE', description: 'The scan was completed successfully.' },
      { kind: 'done', status: 'COMPLETE' },
    ],
    [
      { status: 'ACTIVE', description: 'Continuous scan is selected for image.' },
      { kind: 'done', status: 'ACTIVE' },
    ],
    [{ status: 'PENDING' }, { kind: 'waiting', status: 'PENDING' }],
    [{ status: 'IN_PROGRESS' }, { kind: 'waiting', status: 'IN_PROGRESS' }],
    [
      { status: 'FAILED', description: 'The scan failed.' },
      { kind: 'unusable', status: 'FAILED', description: 'The scan failed.' },
    ],
    [
      { status: 'UNSUPPORTED_IMAGE', description: 'UnsupportedImageError: The operating system and/or package manager are not supported.' },
      {
        kind: 'unusable',
        status: 'UNSUPPORTED_IMAGE',
        description: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
      },
    ],
    [{ status: 'FINDINGS_UNAVAILABLE' }, { kind: 'unusable', status: 'FINDINGS_UNAVAILABLE', description: '' }],
    [{ status: 'SCAN_ELIGIBILITY_EXPIRED' }, { kind: 'unusable', status: 'SCAN_ELIGIBILITY_EXPIRED', description: '' }],
    [undefined, { kind: 'unusable', status: '(no status)', description: '' }],
  ])('%j', (status, expected) => {
    expect(scanStateOf(status)).toEqual(expected);
  });
});
