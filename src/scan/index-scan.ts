// The scan of an image index: ECR scans the images an index lists, never the index itself (basic scanning
// has no scan of an index and refuses to start one; enhanced scanning marks it UNSUPPORTED_IMAGE). So the
// index is read once (BatchGetImage) for each platform's image digest, and each image's scan is waited for
// and read in parallel, within the one bounded wait; the first failure stops the other waits.
import type { ECRClient } from '@aws-sdk/client-ecr';
import { readIndexImages } from '../image/image-platforms.js';
import { withFailureCause } from '../report/failure-cause.js';
import type { PlatformScan } from './union.js';
import { waitForScan, type ScanTarget, type ScanWaitOptions } from './wait-for-scan.js';

export type IndexScanRead =
  | { readonly kind: 'read'; readonly scans: readonly PlatformScan[] }
  /** A dry run found no scan of these platforms' images and started none. */
  | { readonly kind: 'no-scan'; readonly platforms: readonly string[] }
  /** The digest is a single image after all: the caller reads it as one. */
  | { readonly kind: 'not-an-index' };

export async function waitForIndexScans(ecr: ECRClient, index: ScanTarget, options: ScanWaitOptions): Promise<IndexScanRead> {
  const images = await readIndexImages(ecr, index);
  if (images === undefined) return { kind: 'not-an-index' };
  const scannable = images.filter((image) => image.digest !== '');
  // The OCI spec requires each entry's digest; an entry without one names no image to read.
  if (scannable.length === 0) {
    throw withFailureCause(
      new Error(
        `The image index ${index.repository}@${index.digest} lists no platform image, so the scan gate has no image scan to read and cannot vouch for it.`,
      ),
      'scan-unusable',
    );
  }

  // The first failure is the answer; the waits it cancels end with WaitCancelled, which only follows it.
  const first: { failed: boolean; error?: unknown } = { failed: false };
  const settled = await Promise.allSettled(
    scannable.map((image) =>
      waitForScan(ecr, { ...index, digest: image.digest, platform: image.platform }, { ...options, cancelled: () => first.failed }).catch(
        (error: unknown) => {
          if (!first.failed) first.error = error;
          first.failed = true;
          throw error;
        },
      ),
    ),
  );
  if (first.failed) throw first.error;

  const scans: PlatformScan[] = [];
  const unscanned: string[] = [];
  settled.forEach((outcome, position) => {
    const platform = scannable[position]?.platform ?? '';
    if (outcome.status !== 'fulfilled') return;
    if (outcome.value.kind === 'no-scan') unscanned.push(platform);
    else scans.push({ platform, ...outcome.value });
  });
  return unscanned.length > 0 ? { kind: 'no-scan', platforms: unscanned } : { kind: 'read', scans };
}
