import { describe, expect, test } from '@jest/globals';
import type { ScanReport } from '../../../src/report/report.js';
import { describeCounts, describeFinding, scanFailureMessage, scanLogLines, scanSummaryLines } from '../../../src/scan/render.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const IMAGE = `my-org/my-app@${DIGEST}`;
const XZ = { id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils 5.6.0', fixedIn: '5.6.1' };
const GLIBC = { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc 2.36-9', fixedIn: undefined };
const BLOCKED: ScanReport = {
  threshold: 'HIGH',
  image: IMAGE,
  status: 'COMPLETE',
  counts: [
    ['CRITICAL', 1],
    ['HIGH', 1],
    ['LOW', 3],
  ],
  blocking: 2,
  total: 5,
  top: [XZ, GLIBC],
};
const CLEAN: ScanReport = { threshold: 'CRITICAL', image: IMAGE, status: 'COMPLETE', counts: [], blocking: 0, total: 0, top: [] };

describe('the words of a finding and of the counts', () => {
  test.each([
    [XZ, 'CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1'],
    [GLIBC, 'CVE-2023-4911 (HIGH) in glibc 2.36-9'],
    [{ id: 'CVE-1', severity: 'LOW', packageName: undefined, fixedIn: undefined }, 'CVE-1 (LOW)'],
  ])('%j', (finding, expected) => {
    expect(describeFinding(finding)).toBe(expected);
  });

  test('counts worst first, or no findings', () => {
    expect(describeCounts(BLOCKED.counts)).toBe('1 CRITICAL, 1 HIGH, 3 LOW');
    expect(describeCounts([])).toBe('no findings');
  });
});

test('the failure: a first line (the annotation) with the counts and the worst finding, then the top findings', () => {
  expect(scanFailureMessage(BLOCKED).split('\n')).toEqual([
    `The image scan of ${IMAGE} found 2 findings at or above HIGH (1 CRITICAL, 1 HIGH, 3 LOW), so nothing was registered or deployed; the worst: CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1.`,
    'CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1',
    'CVE-2023-4911 (HIGH) in glibc 2.36-9',
  ]);
});

describe('the log lines', () => {
  test('the counts, how many stop the deploy, the top findings and how many more there are', () => {
    expect(scanLogLines(BLOCKED)).toEqual([
      `Image scan of ${IMAGE} (COMPLETE): 1 CRITICAL, 1 HIGH, 3 LOW; 2 at or above HIGH.`,
      '  CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1',
      '  CVE-2023-4911 (HIGH) in glibc 2.36-9',
      '  … and 3 more (the counts above cover all)',
    ]);
  });

  test('a clean scan', () => {
    expect(scanLogLines(CLEAN)).toEqual([`Image scan of ${IMAGE} (COMPLETE): no findings; 0 at or above CRITICAL.`]);
  });

  test('a scan not read says why', () => {
    expect(scanLogLines({ ...CLEAN, note: 'not read: no scan.' })).toEqual(['not read: no scan.']);
  });
});

describe('the job summary section', () => {
  test('blocked: the verdict, the counts per severity and the top findings, open', () => {
    expect(scanSummaryLines(BLOCKED)).toEqual([
      `**Image scan** of \`${IMAGE}\` (COMPLETE): ❌ 2 at or above HIGH`,
      '',
      '| Severity | Findings |',
      '|---|---|',
      '| CRITICAL | 1 |',
      '| HIGH | 1 |',
      '| LOW | 3 |',
      '',
      '<details open><summary>Top findings</summary>',
      '',
      '| Id | Severity | Package | Fixed in |',
      '|---|---|---|---|',
      '| CVE-2024-3094 | CRITICAL | xz-utils 5.6.0 | 5.6.1 |',
      '| CVE-2023-4911 | HIGH | glibc 2.36-9 | — |',
      '',
      '</details>',
      '',
    ]);
  });

  test('below the threshold: the counts stay in the summary, the findings folded', () => {
    const passed = scanSummaryLines({ ...BLOCKED, threshold: 'CRITICAL', counts: [['HIGH', 1]], blocking: 0, total: 1, top: [GLIBC] });
    expect(passed).toEqual([
      `**Image scan** of \`${IMAGE}\` (COMPLETE): ✅ none at or above CRITICAL`,
      '',
      '| Severity | Findings |',
      '|---|---|',
      '| HIGH | 1 |',
      '',
      '<details><summary>Top findings</summary>',
      '',
      '| Id | Severity | Package | Fixed in |',
      '|---|---|---|---|',
      '| CVE-2023-4911 | HIGH | glibc 2.36-9 | — |',
      '',
      '</details>',
      '',
    ]);
  });

  test('clean: a row of zero', () => {
    expect(scanSummaryLines(CLEAN)).toEqual([
      `**Image scan** of \`${IMAGE}\` (COMPLETE): ✅ none at or above CRITICAL`,
      '',
      '| Severity | Findings |',
      '|---|---|',
      '| — | 0 |',
      '',
    ]);
  });
});
