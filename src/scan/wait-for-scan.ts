// Waits (bounded) for ECR's scan of one image and reads all its findings. Polls DescribeImageScanFindings
// with the project's one backoff scheme (shared/retry.ts): a scan not found yet, PENDING or IN_PROGRESS is
// "try again later", everything else ends the wait. When no scan exists (a repository without scan on
// push), a real run starts one (StartImageScan) once, since a platform team that set a threshold expects
// the gate to act rather than to ask them to turn scanning on; a dry run only reads.
import * as core from '@actions/core';
import { DescribeImageScanFindingsCommand, StartImageScanCommand, type ECRClient, type ImageScanFindings } from '@aws-sdk/client-ecr';
import { retry, RetryExhaustedError, type RetryPolicy } from '../shared/retry.js';
import { errorMessage, errorName } from '../shared/errors.js';
import { AwsRequestError, refusedAction, rejectedCredentialsAdvice } from '../shared/aws-request-error.js';
import { withFailureCause } from '../report/failure-cause.js';
import { findingsOf, scanStateOf, type ScanFinding, type ScanState } from './findings.js';

export interface ScanTarget {
  readonly repository: string;
  /** The registry's account when not the caller's own. */
  readonly registryId: string | undefined;
  readonly digest: string;
  /** The platform this image is for, when it is one image of an image index. */
  readonly platform?: string;
}

/** `repository@digest`, and the platform of an image index's image: how every message names the image. */
export function scanTargetName(target: ScanTarget): string {
  const name = `${target.repository}@${target.digest}`;
  return target.platform === undefined ? name : `${name} (${target.platform})`;
}

export interface ScanWaitOptions {
  /** No poll starts after this long. */
  readonly timeoutMs: number;
  /** Whether a missing scan may be started (false in a dry run, which only reads). */
  readonly mayStartScan: boolean;
  /** Polled before each read: true once a sibling wait (another platform of an image index) has failed, to stop this one too. */
  readonly cancelled?: () => boolean;
  readonly sleep?: RetryPolicy['sleep'];
  readonly now?: RetryPolicy['now'];
  readonly random?: RetryPolicy['random'];
}

/** What a finished scan said: its status, the counts ECR keeps for every finding, and the findings. */
export interface ScanRead {
  readonly kind: 'read';
  readonly status: string;
  readonly severityCounts: Partial<Record<string, number>> | undefined;
  readonly findings: readonly ScanFinding[];
}

/** A dry run found no scan of the image and started none. */
export interface NoScan {
  readonly kind: 'no-scan';
}

// The largest page ECR answers; a bound on pages keeps a huge report from turning into many calls.
const PAGE_SIZE = 1000;
const MAX_PAGES = 5;
// Basic scans finish in seconds; a poll every few seconds at most, then no more often than every 15 s.
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 15_000;

/** Thrown between polls while the scan is not there yet; the retry loop waits on it. */
class ScanNotReady extends Error {
  constructor(readonly status: string) {
    super(`the scan is ${status}`);
    this.name = 'ScanNotReady';
  }
}

/** Thrown when `cancelled` says a sibling wait has already failed: that failure is the answer. */
export class WaitCancelled extends Error {
  constructor() {
    super('the wait for this scan stopped: the scan of another platform failed first');
    this.name = 'WaitCancelled';
  }
}

export async function waitForScan(ecr: ECRClient, target: ScanTarget, options: ScanWaitOptions): Promise<ScanRead | NoScan> {
  const request = {
    repositoryName: target.repository,
    imageId: { imageDigest: target.digest },
    ...(target.registryId === undefined ? {} : { registryId: target.registryId }),
  };
  let started = false;
  let lastStatus = 'not found';
  const poll = async (): Promise<ScanRead | NoScan> => {
    if (options.cancelled?.() === true) throw new WaitCancelled();
    let first;
    try {
      first = await ecr.send(new DescribeImageScanFindingsCommand({ ...request, maxResults: PAGE_SIZE }));
    } catch (error) {
      if (errorName(error) !== 'ScanNotFoundException') throw explain('DescribeImageScanFindings', target, error);
      if (!options.mayStartScan) return { kind: 'no-scan' };
      if (!started) {
        started = true;
        await startScan(ecr, request, target);
      }
      throw new ScanNotReady('not found');
    }
    const state: ScanState = scanStateOf(first.imageScanStatus);
    lastStatus = state.status;
    if (state.kind === 'waiting') throw new ScanNotReady(state.status);
    if (state.kind === 'unusable') {
      throw withFailureCause(
        new Error(
          `ECR's scan of ${scanTargetName(target)} ended ${state.status}${state.description ? ` (${state.description})` : ''}, so the scan gate cannot vouch for the image.`,
        ),
        'scan-unusable',
      );
    }
    const findings = [...findingsOf(first.imageScanFindings)];
    let nextToken = first.nextToken;
    for (let page = 1; nextToken !== undefined && page < MAX_PAGES; page++) {
      const more = await ecr
        .send(new DescribeImageScanFindingsCommand({ ...request, maxResults: PAGE_SIZE, nextToken }))
        .catch((error: unknown) => {
          throw explain('DescribeImageScanFindings', target, error);
        });
      findings.push(...findingsOf(more.imageScanFindings));
      nextToken = more.nextToken;
    }
    return { kind: 'read', status: state.status, severityCounts: countsOf(first.imageScanFindings), findings };
  };

  try {
    return await retry(poll, {
      isRetryable: (error) => error instanceof ScanNotReady,
      maxAttempts: Number.MAX_SAFE_INTEGER,
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: MAX_DELAY_MS,
      totalBudgetMs: options.timeoutMs,
      jitter: 'decorrelated',
      onRetry: (error) => core.info(`Waiting for ECR's scan of ${scanTargetName(target)}: ${errorMessage(error)}.`),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.random === undefined ? {} : { random: options.random }),
    });
  } catch (error) {
    if (!(error instanceof RetryExhaustedError)) throw error;
    const minutes = Math.round(options.timeoutMs / 60_000);
    throw withFailureCause(
      new Error(
        `ECR's scan of ${scanTargetName(target)} was still ${lastStatus} after ${minutes} minute${minutes === 1 ? '' : 's'} (${error.attempts} reads), so the scan gate cannot vouch for the image.`,
      ),
      'scan-timeout',
    );
  }
}

function digestName(target: ScanTarget): string {
  return target.platform === undefined ? target.digest : `${target.digest} (${target.platform})`;
}

// ECR keeps the counts for the whole report; the findings' own list may be cut off by MAX_PAGES.
function countsOf(findings: ImageScanFindings | undefined): Partial<Record<string, number>> | undefined {
  return findings?.findingSeverityCounts;
}

async function startScan(
  ecr: ECRClient,
  request: { repositoryName: string; imageId: { imageDigest: string }; registryId?: string },
  target: ScanTarget,
): Promise<void> {
  try {
    await ecr.send(new StartImageScanCommand(request));
    core.info(`${target.repository} does not scan on push: started ECR's scan of ${digestName(target)} (StartImageScan).`);
  } catch (error) {
    // Basic scanning allows one manual scan a day per image: one already made (LimitExceeded) is what we wait for.
    if (errorName(error) === 'LimitExceededException') {
      core.info(`ECR already scanned ${digestName(target)} today (${errorMessage(error)}); waiting for that scan.`);
      return;
    }
    if (errorName(error) === 'UnsupportedImageTypeException') {
      throw withFailureCause(
        new Error(`ECR cannot scan ${scanTargetName(target)}: ${errorMessage(error)} The scan gate cannot vouch for the image.`),
        'scan-unusable',
      );
    }
    throw explain('StartImageScan', target, error);
  }
}

type ScanOperation = 'DescribeImageScanFindings' | 'StartImageScan';

function explain(operation: ScanOperation, target: ScanTarget, error: unknown): Error {
  const denied = errorName(error).startsWith('AccessDenied');
  const advice = denied
    ? `The role needs ${refusedAction(error) ?? `ecr:${operation}`} on the repository (or set \`scan-severity-threshold: none\`).`
    : (rejectedCredentialsAdvice(error) ?? '');
  return new AwsRequestError<ScanOperation>('ECR', operation, `image "${scanTargetName(target)}"`, error, advice);
}
