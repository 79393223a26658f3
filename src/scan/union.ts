// An image index is scanned image by image: ECR scans each platform's image, never the index. This joins
// those scans into one verdict: counts per severity summed across platforms, each finding once (by id and
// package) with the platforms it is in, worst first. Pure.
import type { ScanFinding } from './findings.js';

/** One platform's finished scan, as waitForScan read it. */
export interface PlatformScan {
  readonly platform: string;
  readonly status: string;
  readonly severityCounts: Partial<Record<string, number>> | undefined;
  readonly findings: readonly ScanFinding[];
}

export interface ScanUnion {
  /** The statuses read, each once, in platform order (`COMPLETE`, or `ACTIVE` for enhanced scanning). */
  readonly status: string;
  readonly severityCounts: Record<string, number>;
  /** Each finding once, with `platforms` naming every platform whose image has it, in platform order. */
  readonly findings: readonly ScanFinding[];
}

export function unionOfScans(scans: readonly PlatformScan[]): ScanUnion {
  const severityCounts: Record<string, number> = {};
  const byKey = new Map<string, { finding: ScanFinding; platforms: string[] }>();
  for (const scan of scans) {
    // ECR's counts cover every finding; without them (never seen), the findings read are counted instead.
    const counts = scan.severityCounts ?? countsOfFindings(scan.findings);
    for (const [severity, count] of Object.entries(counts)) {
      if (typeof count === 'number') severityCounts[severity] = (severityCounts[severity] ?? 0) + count;
    }
    for (const finding of scan.findings) {
      const key = `${finding.id}\u0000${finding.packageName ?? ''}`;
      const seen = byKey.get(key);
      if (seen === undefined) byKey.set(key, { finding, platforms: [scan.platform] });
      else if (!seen.platforms.includes(scan.platform)) seen.platforms.push(scan.platform);
    }
  }
  return {
    status: [...new Set(scans.map((scan) => scan.status))].join(', '),
    severityCounts,
    findings: [...byKey.values()].map(({ finding, platforms }) => ({ ...finding, platforms })),
  };
}

/** Counts per severity of the findings themselves. */
export function countsOfFindings(findings: readonly ScanFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}
