// Every sentence and table of the scan gate: the log lines, the failure (its first line is the
// annotation: the counts and the worst finding), and the job summary's section. Pure.
import type { ScanReport } from '../report/report.js';
import type { ScanFinding } from './findings.js';

/** How many findings the log, the failure and the summary list (worst first); the counts cover all. */
export const TOP_FINDINGS = 10;

/** `1 CRITICAL, 2 HIGH`, or `no findings`. */
export function describeCounts(counts: ScanReport['counts']): string {
  return counts.length === 0 ? 'no findings' : counts.map(([severity, count]) => `${count} ${severity}`).join(', ');
}

/** `CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1` (`, on linux/arm64` for an image index's). */
export function describeFinding(finding: ScanFinding): string {
  const where = finding.packageName === undefined ? '' : ` in ${finding.packageName}`;
  const fix = finding.fixedIn === undefined ? '' : `, fixed in ${finding.fixedIn}`;
  const platforms = finding.platforms === undefined ? '' : `, on ${finding.platforms.join(' and ')}`;
  return `${finding.id} (${finding.severity})${where}${fix}${platforms}`;
}

/** `my-org/my-app@sha256:…`, and for an image index the platforms whose images were read. */
export function describeScannedImage(report: ScanReport): string {
  return report.platforms === undefined ? report.image : `${report.image} (image index: ${report.platforms.join(', ')})`;
}

/** What the log says once the scan is read, whether or not it stops the deploy. */
export function scanLogLines(report: ScanReport): string[] {
  if (report.note !== undefined) return [report.note];
  const lines = [
    `Image scan of ${describeScannedImage(report)} (${report.status}): ${describeCounts(report.counts)}; ${report.blocking} at or above ${report.threshold}.`,
  ];
  const shown = report.top.map((finding) => `  ${describeFinding(finding)}`);
  const more = report.total > report.top.length ? [`  … and ${report.total - report.top.length} more (the counts above cover all)`] : [];
  return [...lines, ...shown, ...more];
}

/**
 * The failure when findings at or above the threshold exist: one line naming the counts and the worst
 * finding (the annotation), then the top findings for the log's and the summary's details.
 */
export function scanFailureMessage(report: ScanReport): string {
  const worst = report.top[0];
  const first =
    `The image scan of ${describeScannedImage(report)} found ${report.blocking} finding${report.blocking === 1 ? '' : 's'} at or above ` +
    `${report.threshold} (${describeCounts(report.counts)}), so nothing was registered or deployed` +
    (worst === undefined ? '.' : `; the worst: ${describeFinding(worst)}.`);
  return [first, ...report.top.map(describeFinding)].join('\n');
}

/** The job summary's section: the counts per severity and the top findings. */
export function scanSummaryLines(report: ScanReport): string[] {
  if (report.note !== undefined) return [`**Image scan** (threshold ${report.threshold}): ${escapeCell(report.note)}`, ''];
  const verdict = report.blocking > 0 ? `❌ ${report.blocking} at or above ${report.threshold}` : `✅ none at or above ${report.threshold}`;
  const lines = [
    `**Image scan** of \`${report.image}\`${report.platforms === undefined ? '' : ` (image index: ${report.platforms.join(', ')})`} (${report.status}): ${verdict}`,
    '',
    '| Severity | Findings |',
    '|---|---|',
    ...(report.counts.length === 0 ? ['| — | 0 |'] : report.counts.map(([severity, count]) => `| ${severity} | ${count} |`)),
    '',
  ];
  if (report.top.length === 0) return lines;
  return [
    ...lines,
    `<details${report.blocking > 0 ? ' open' : ''}><summary>Top findings</summary>`,
    '',
    ...findingRows(report),
    '',
    '</details>',
    '',
  ];
}

/** The top findings' table; an image index's has a Platforms column. */
function findingRows(report: ScanReport): string[] {
  const index = report.platforms !== undefined;
  return [
    index ? '| Id | Severity | Package | Fixed in | Platforms |' : '| Id | Severity | Package | Fixed in |',
    index ? '|---|---|---|---|---|' : '|---|---|---|---|',
    ...report.top.map((finding) => {
      const cells = `| ${escapeCell(finding.id)} | ${finding.severity} | ${escapeCell(finding.packageName ?? '—')} | ${escapeCell(finding.fixedIn ?? '—')} |`;
      return index ? `${cells} ${(finding.platforms ?? []).join(', ')} |` : cells;
    }),
  ];
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
