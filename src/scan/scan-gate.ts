// The Image scan phase (`scan-severity-threshold`): after the push and before anything is registered,
// read ECR's scan of the deployed digest (of each platform's image, for an image index), waiting for it
// (bounded), and judge its findings. The phase
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
import { waitForIndexScans } from './index-scan.js';
import { countsOfFindings, unionOfScans } from './union.js';

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
  image: ImageReport & { readonly imageIndex?: boolean },
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
  const options: ScanWaitOptions = {
    timeoutMs: scanWaitMinutes(config.deploy.waitMinutes) * 60_000,
    mayStartScan: !config.deploy.dryRun,
    ...timing,
  };
  // An image index has no scan of its own: each platform's image is read, and the verdict is on all of them.
  const indexRead = image.imageIndex === true ? await waitForIndexScans(ecr, target, options) : { kind: 'not-an-index' as const };
  if (indexRead.kind === 'no-scan') {
    const note = `not read: ECR has no scan of the ${indexRead.platforms.join(', ')} image${indexRead.platforms.length === 1 ? '' : 's'} of the image index ${name}, and a dry run starts none (a real run would start them and wait).`;
    core.info(`Image scan ${note}`);
    return { ...base, image: name, status: 'NOT_FOUND', note };
  }
  if (indexRead.kind === 'read') {
    const union = unionOfScans(indexRead.scans);
    return judged(threshold, name, union.status, union.severityCounts, union.findings, {
      platforms: indexRead.scans.map((scan) => scan.platform),
    });
  }

  const read = await waitForScan(ecr, target, options);
  if (read.kind === 'no-scan') {
    const note = `not read: ECR has no scan of ${name}, and a dry run starts none (a real run would start one and wait for it).`;
    core.info(`Image scan ${note}`);
    return { ...base, image: name, status: 'NOT_FOUND', note };
  }
  // ECR's counts cover every finding; without them (never seen), the findings read are counted instead.
  return judged(threshold, name, read.status, read.severityCounts ?? countsOfFindings(read.findings), read.findings, {});
}

function judged(
  threshold: ScanThreshold,
  image: string,
  status: string,
  rawCounts: Partial<Record<string, number>>,
  findings: readonly ScanFinding[],
  extra: Pick<ScanReport, 'platforms'>,
): ScanReport {
  const counts = severityCounts(rawCounts);
  const sorted = worstFirst(findings);
  const report: ScanReport = {
    threshold,
    image,
    status,
    counts,
    blocking: countAtOrAbove(counts, threshold),
    total: Math.max(
      sorted.length,
      counts.reduce((sum, [, count]) => sum + count, 0),
    ),
    top: sorted.slice(0, TOP_FINDINGS),
    ...extra,
  };
  for (const line of scanLogLines(report)) core.info(line);
  return report;
}

/** The failure a scan report stands for: findings at or above the threshold. */
export function scanVerdict(report: ScanReport): Error | undefined {
  return report.blocking > 0 ? withFailureCause(new Error(scanFailureMessage(report)), 'scan-findings') : undefined;
}
