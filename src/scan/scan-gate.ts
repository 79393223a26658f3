// The Image scan phase (`scan-severity-threshold`): after the push and before anything is registered,
// read ECR's scan of the deployed digest, waiting for it (bounded), and judge its findings. The phase
// returns its report; after-credentials.ts fails the run on it (`scanVerdict`) before the Task definition phase.
import * as core from '@actions/core';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { Config } from '../inputs/config.js';
import type { ImageReport, ScanReport } from '../report/report.js';
import { withFailureCause } from '../report/failure-cause.js';
import { countAtOrAbove, severityCounts, type ScanThreshold } from './severity.js';
import { worstFirst, type ScanFinding } from './findings.js';
import { scanFailureMessage, scanLogLines, TOP_FINDINGS } from './render.js';
import { scanTargetOf } from './target.js';
import { waitForScan, type ScanWaitOptions } from './wait-for-scan.js';

/**
 * The scan's wait is part of the step's whole wait (`wait-for-minutes`), and at most this long: a basic
 * scan ends in seconds and an enhanced one in a few minutes, so a scan still pending after this is stuck.
 */
export const SCAN_WAIT_CAP_MINUTES = 10;

export function scanWaitMinutes(waitMinutes: number): number {
  return Math.min(waitMinutes, SCAN_WAIT_CAP_MINUTES);
}

export async function gateOnScan(
  config: Config,
  ecr: ECRClient,
  image: ImageReport,
  threshold: ScanThreshold,
  timing: Pick<ScanWaitOptions, 'sleep' | 'now' | 'random'> = {},
): Promise<ScanReport> {
  const chosen = scanTargetOf(config, image);
  const base = { threshold, counts: [], blocking: 0, total: 0, top: [] };
  if ('note' in chosen) {
    core.info(`Image scan ${chosen.note}`);
    return { ...base, image: image.uri, status: '', note: chosen.note };
  }
  const { target } = chosen;
  const name = `${target.repository}@${target.digest}`;
  const read = await waitForScan(ecr, target, {
    timeoutMs: scanWaitMinutes(config.deploy.waitMinutes) * 60_000,
    mayStartScan: !config.deploy.dryRun,
    ...timing,
  });
  if (read.kind === 'no-scan') {
    const note = `not read: ECR has no scan of ${name}, and a dry run starts none (a real run would start one and wait for it).`;
    core.info(`Image scan ${note}`);
    return { ...base, image: name, status: 'NOT_FOUND', note };
  }
  // ECR's counts cover every finding; without them (never seen), the findings read are counted instead.
  const counts = severityCounts(read.severityCounts ?? tally(read.findings));
  const sorted = worstFirst(read.findings);
  const report: ScanReport = {
    threshold,
    image: name,
    status: read.status,
    counts,
    blocking: countAtOrAbove(counts, threshold),
    total: Math.max(
      sorted.length,
      counts.reduce((sum, [, count]) => sum + count, 0),
    ),
    top: sorted.slice(0, TOP_FINDINGS),
  };
  for (const line of scanLogLines(report)) core.info(line);
  return report;
}

/** The failure a scan report stands for: findings at or above the threshold. */
export function scanVerdict(report: ScanReport): Error | undefined {
  return report.blocking > 0 ? withFailureCause(new Error(scanFailureMessage(report)), 'scan-findings') : undefined;
}

function tally(findings: readonly ScanFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}
