// Severities as ECR names them (basic scanning's and Amazon Inspector's), their order, and what a
// `scan-severity-threshold` lets through. Pure.

/** The thresholds `scan-severity-threshold` takes, besides `none`. */
export const SCAN_THRESHOLDS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type ScanThreshold = (typeof SCAN_THRESHOLDS)[number];

/** Every severity ECR reports, worst first: the order of the counts in the log and the summary. */
export const SEVERITIES_WORST_FIRST = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED', 'UNTRIAGED'] as const;

// INFORMATIONAL, UNDEFINED (basic) and UNTRIAGED (Inspector) rank below every threshold: they never fail a deploy.
const RANK: Readonly<Record<string, number>> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };

/** Higher is worse; any severity that is not a threshold ranks 0. */
export function severityRank(severity: string): number {
  return RANK[severity] ?? 0;
}

/** Whether a finding of `severity` stops a deploy at `threshold` (`HIGH` stops HIGH and CRITICAL). */
export function failsThreshold(severity: string, threshold: ScanThreshold): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** How many of the counted findings stop a deploy at `threshold`. */
export function countAtOrAbove(counts: readonly SeverityCount[], threshold: ScanThreshold): number {
  return counts.reduce((sum, [severity, count]) => sum + (failsThreshold(severity, threshold) ? count : 0), 0);
}

export type SeverityCount = readonly [severity: string, count: number];

/** ECR's `findingSeverityCounts` as pairs, worst first, without zeros; severities ECR adds later go last. */
export function severityCounts(counts: Readonly<Partial<Record<string, number>>> | undefined): SeverityCount[] {
  const entries = Object.entries(counts ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0);
  const known: readonly string[] = SEVERITIES_WORST_FIRST;
  const order = (severity: string): number => (known.includes(severity) ? known.indexOf(severity) : known.length);
  return entries.sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
}
