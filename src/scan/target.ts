// Which image the scan gate reads: the digest this run deploys, whichever way it came (built and
// pushed now, an existing tag reused, or `image` given), in the repository and registry that hold it. Pure.
import type { Config } from '../inputs/config.js';
import type { ImageReport } from '../report/report.js';
import { parseEcrHost, parseImageReference } from '../image/reference.js';
import { withFailureCause } from '../report/failure-cause.js';
import { Input } from '../shared/constants.js';
import type { ScanTarget } from './wait-for-scan.js';

/** The image to read the scan of, or why there is none to read (`note`). Throws when the gate cannot apply. */
export function scanTargetOf(config: Config, image: ImageReport): { readonly target: ScanTarget } | { readonly note: string } {
  const source = config.image;
  if (source.kind === 'revision' || image.origin === 'revision')
    return { note: 'not read: `task-definition` names an existing revision, deployed as it is with the images it names.' };
  if (image.origin === 'planned')
    return { note: `not read: ${image.uri} is not pushed in a dry run; a real run reads its scan after the push.` };
  if (source.kind === 'build') return { target: { repository: source.repository, registryId: source.registryId, digest: image.digest } };

  // `image` given: only an image in ECR (pinned by digest on the way) has an ECR scan.
  const parsed = parseImageReference(source.reference);
  if (image.digest === '' || parsed.host === undefined) {
    throw withFailureCause(
      new Error(
        `\`${Input.scanSeverityThreshold}\` needs the deployed image in ECR, but ${source.reference} is not an ECR image of ${config.auth.region}, so it has no ECR scan. Set it to \`none\` for this image, or push the image to ECR.`,
      ),
      'scan-unusable',
    );
  }
  return { target: { repository: parsed.repository, registryId: parseEcrHost(parsed.host)?.registryId, digest: image.digest } };
}
