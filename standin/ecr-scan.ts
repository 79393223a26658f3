// ECR image scanning, in AWS's JSON 1.1 wire format: DescribeImageScanFindings and StartImageScan. A
// scan runs on the stand-in's clock: PENDING for its first second, IN_PROGRESS until it completes, then
// COMPLETE (basic) or ACTIVE (enhanced), or the failure status the scenario asks for. Which repositories
// scan on push, how long a scan takes and what it finds are set per repository by the scenario's
// `imageScans`; a repository it does not name has basic scanning without scan on push and no findings,
// as a new ECR repository has: ScanNotFoundException until StartImageScan. An image index is never scanned,
// as ECR scans images only: each image it lists is pushed (and scanned on push) or StartImageScan'd on its
// own; the index has no basic scan (ScanNotFoundException, and StartImageScan refuses it) and enhanced
// scanning marks it UNSUPPORTED_IMAGE.
import type { StandinClock } from './clock.js';
import type { RepositoryRecord } from './ecr.js';
import { AwsError, type JsonObject, type JsonValue, type Scenario } from './types.js';

/** A finding to seed, with what both basic and enhanced scanning report of it. */
export interface SeededFinding {
  /** `CVE-2024-3094` */
  readonly id: string;
  /** CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL or UNDEFINED. */
  readonly severity: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
  /** Reported by enhanced scanning only, as Amazon Inspector does. */
  readonly fixedInVersion?: string;
}

export interface ImageScanSetup {
  /** `on-push`: basic scanning with scanOnPush; `manual` (default): basic without it; `enhanced`: Amazon Inspector. */
  readonly scanning?: 'on-push' | 'manual' | 'enhanced';
  /** Simulated seconds from the scan's start until it ends (default 5). */
  readonly secondsToComplete?: number;
  /** How the scan ends, when not with findings: FAILED, UNSUPPORTED_IMAGE, FINDINGS_UNAVAILABLE, … */
  readonly failsWith?: string;
  /** What every image of the repository is found to have (default none). */
  readonly findings?: readonly SeededFinding[];
  /** What the images of a platform (`linux/arm64`) are found to have instead, as an image index of the repository lists them. */
  readonly findingsByPlatform?: Readonly<Record<string, readonly SeededFinding[]>>;
}

export interface EcrScanDeps {
  readonly clock: StandinClock;
  readonly scenario: () => Scenario;
  readonly findRepository: (account: string, region: string, name: string) => RepositoryRecord | undefined;
  /** The digest a tag or digest names in `name`, or undefined when the registry lacks it. */
  readonly resolve: (name: string, reference: string) => Promise<string | undefined>;
  /** The manifest a tag or digest names in `name` (its media type and body), or undefined. */
  readonly manifest: (name: string, reference: string) => Promise<{ readonly mediaType: string; readonly body: string } | undefined>;
  readonly tags: (name: string) => Promise<string[]>;
  /** Wall epoch seconds of the last push of `digest` to `name`, when the proxy saw it. */
  readonly pushedAt: (name: string, digest: string) => number | undefined;
}

type Operation = (input: JsonObject, account: string, region: string) => Promise<JsonObject>;

const DEFAULT_SECONDS_TO_COMPLETE = 5;
const DEFAULT_PAGE = 100;
const INDEX_MEDIA_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const INDEX_DESCRIPTION = 'UnsupportedImageError: An image index is not scanned; the images it lists are scanned each on its own.';
const FAILURE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  UNSUPPORTED_IMAGE: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
  FAILED: 'The scan failed.',
  FINDINGS_UNAVAILABLE: 'Findings are unavailable for this image.',
};

/** The repository's `imageScanningConfiguration`, as DescribeRepositories answers it. */
export function imageScanningConfiguration(scenario: Scenario, repository: string): JsonObject {
  return { scanOnPush: scenario.imageScans?.[repository]?.scanning === 'on-push' };
}

export function createEcrScanOperations(deps: EcrScanDeps): Record<'DescribeImageScanFindings' | 'StartImageScan', Operation> {
  // Simulated start of each manual scan, by `repository@digest`.
  const manualStarts = new Map<string, number>();

  const setupOf = (name: string): ImageScanSetup => deps.scenario().imageScans?.[name] ?? {};

  async function imageOf(
    input: JsonObject,
    account: string,
    region: string,
  ): Promise<{ record: RepositoryRecord; digest: string; tag?: string; isIndex: boolean }> {
    const name = stringField(input, 'repositoryName');
    const registryId = optionalString(input['registryId']) ?? account;
    const record = deps.findRepository(registryId, region, name);
    if (!record) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
      );
    }
    const imageId = input['imageId'];
    const id = typeof imageId === 'object' && imageId !== null && !Array.isArray(imageId) ? imageId : {};
    const digest = optionalString(id['imageDigest']);
    const tag = optionalString(id['imageTag']);
    const resolved = digest ?? tag;
    const found = resolved === undefined ? undefined : await deps.resolve(name, resolved);
    if (found === undefined || (digest !== undefined && found !== digest)) {
      throw new AwsError(
        'ImageNotFoundException',
        `The image with imageId {imageDigest:'${digest ?? 'null'}', imageTag:'${tag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${record.account}'`,
      );
    }
    const manifest = await deps.manifest(name, found);
    return { record, digest: found, ...(tag === undefined ? {} : { tag }), isIndex: INDEX_MEDIA_TYPES.includes(manifest?.mediaType ?? '') };
  }

  /** The platform an image index of `name` lists `digest` for, or undefined when no index lists it. */
  async function platformOf(name: string, digest: string): Promise<string | undefined> {
    for (const tag of await deps.tags(name)) {
      const manifest = await deps.manifest(name, tag);
      if (manifest === undefined || !INDEX_MEDIA_TYPES.includes(manifest.mediaType)) continue;
      const { manifests } = JSON.parse(manifest.body) as { manifests?: { digest?: string; platform?: Record<string, string> }[] };
      const entry = manifests?.find((candidate) => candidate.digest === digest);
      if (entry?.platform !== undefined) {
        const { os = '', architecture = '', variant } = entry.platform;
        return variant === undefined ? `${os}/${architecture}` : `${os}/${architecture}/${variant}`;
      }
    }
    return undefined;
  }

  async function seededFindings(name: string, digest: string): Promise<readonly SeededFinding[]> {
    const setup = setupOf(name);
    if (setup.findingsByPlatform === undefined) return setup.findings ?? [];
    const platform = await platformOf(name, digest);
    return (platform === undefined ? undefined : setup.findingsByPlatform[platform]) ?? setup.findings ?? [];
  }

  /** When the scan of `digest` started (simulated ms), or undefined when there is none. */
  function scanStart(name: string, digest: string): number | undefined {
    const manual = manualStarts.get(`${name}@${digest}`);
    if (manual !== undefined) return manual;
    if ((setupOf(name).scanning ?? 'manual') === 'manual') return undefined;
    const pushed = deps.pushedAt(name, digest);
    if (pushed === undefined) return undefined;
    // The proxy records pushes in wall time; the scan runs on the simulated clock.
    return deps.clock.now() - (Date.now() - pushed * 1000) * deps.clock.scale;
  }

  return {
    async DescribeImageScanFindings(input, account, region) {
      const { record, digest, tag, isIndex } = await imageOf(input, account, region);
      const maxResults = input['maxResults'] ?? DEFAULT_PAGE;
      if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
        throw new AwsError(
          'InvalidParameterException',
          `1 validation error detected: Value '${JSON.stringify(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
        );
      }
      const started = isIndex ? undefined : scanStart(record.name, digest);
      const imageText = `{imageDigest:'${digest}', imageTag:'${tag ?? 'null'}'}`;
      const setup = setupOf(record.name);
      const enhanced = setup.scanning === 'enhanced';
      const base: JsonObject = {
        registryId: record.account,
        repositoryName: record.name,
        imageId: { imageDigest: digest, ...(tag === undefined ? {} : { imageTag: tag }) },
      };
      if (isIndex && enhanced) return { ...base, imageScanStatus: { status: 'UNSUPPORTED_IMAGE', description: INDEX_DESCRIPTION } };
      if (started === undefined) {
        throw new AwsError(
          'ScanNotFoundException',
          `Image scan does not exist for the image with '${imageText}' in the repository with name '${record.name}' in the registry with id '${record.account}'`,
        );
      }
      const elapsed = deps.clock.now() - started;
      if (elapsed < 1000) return { ...base, imageScanStatus: { status: 'PENDING', description: 'The scan is pending.' } };
      if (elapsed < (setup.secondsToComplete ?? DEFAULT_SECONDS_TO_COMPLETE) * 1000)
        return { ...base, imageScanStatus: { status: 'IN_PROGRESS', description: 'The scan is in progress.' } };
      if (setup.failsWith !== undefined)
        return {
          ...base,
          imageScanStatus: { status: setup.failsWith, description: FAILURE_DESCRIPTIONS[setup.failsWith] ?? setup.failsWith },
        };

      const completedAt = Math.floor(
        deps.clock.toWallTime(started + (setup.secondsToComplete ?? DEFAULT_SECONDS_TO_COMPLETE) * 1000) / 1000,
      );
      const all = await seededFindings(record.name, digest);
      const offset = pageOffset(input['nextToken']);
      const page = all.slice(offset, offset + maxResults);
      const counts: Record<string, JsonValue> = {};
      for (const finding of all) counts[finding.severity] = Number(counts[finding.severity] ?? 0) + 1;
      const findings = page.map((finding) => (enhanced ? enhancedFinding(finding, record, digest, completedAt) : basicFinding(finding)));
      return {
        ...base,
        imageScanStatus: enhanced
          ? { status: 'ACTIVE', description: 'Continuous scan is selected for image.' }
          : { status: 'COMPLETE', description: 'The scan was completed successfully.' },
        imageScanFindings: {
          imageScanCompletedAt: completedAt,
          vulnerabilitySourceUpdatedAt: completedAt,
          findingSeverityCounts: counts,
          ...(enhanced ? { enhancedFindings: findings } : { findings }),
        },
        ...(offset + maxResults < all.length ? { nextToken: Buffer.from(`offset:${offset + maxResults}`).toString('base64') } : {}),
      };
    },

    async StartImageScan(input, account, region) {
      const { record, digest, tag, isIndex } = await imageOf(input, account, region);
      if (isIndex) throw new AwsError('UnsupportedImageTypeException', 'The image type is not supported.');
      const key = `${record.name}@${digest}`;
      if (scanStart(record.name, digest) !== undefined) {
        throw new AwsError('LimitExceededException', 'The scan quota per image has been exceeded. Wait and try again.');
      }
      manualStarts.set(key, deps.clock.now());
      return {
        registryId: record.account,
        repositoryName: record.name,
        imageId: { imageDigest: digest, ...(tag === undefined ? {} : { imageTag: tag }) },
        imageScanStatus: { status: 'PENDING', description: 'The scan is pending.' },
      };
    },
  };
}

function basicFinding(finding: SeededFinding): JsonObject {
  const attributes: JsonObject[] = [];
  if (finding.packageVersion !== undefined) attributes.push({ key: 'package_version', value: finding.packageVersion });
  if (finding.packageName !== undefined) attributes.push({ key: 'package_name', value: finding.packageName });
  return {
    name: finding.id,
    description: `${finding.id} in ${finding.packageName ?? 'a package'}.`,
    uri: `https://nvd.nist.gov/vuln/detail/${finding.id}`,
    severity: finding.severity,
    attributes,
  };
}

function enhancedFinding(finding: SeededFinding, record: RepositoryRecord, digest: string, observedAt: number): JsonObject {
  const vulnerable: JsonObject = {
    name: finding.packageName ?? 'unknown',
    version: finding.packageVersion ?? '',
    packageManager: 'OS',
    arch: 'X86_64',
    ...(finding.fixedInVersion === undefined ? {} : { fixedInVersion: finding.fixedInVersion }),
  };
  return {
    awsAccountId: record.account,
    description: `${finding.id} in ${finding.packageName ?? 'a package'}.`,
    findingArn: `arn:aws:inspector2:${record.region}:${record.account}:finding/${Buffer.from(`${digest}${finding.id}`).toString('hex').slice(0, 32)}`,
    firstObservedAt: observedAt,
    lastObservedAt: observedAt,
    updatedAt: observedAt,
    packageVulnerabilityDetails: {
      vulnerabilityId: finding.id,
      source: 'NVD',
      sourceUrl: `https://nvd.nist.gov/vuln/detail/${finding.id}`,
      vulnerablePackages: [vulnerable],
    },
    remediation: { recommendation: { text: 'None Provided' } },
    resources: [
      { type: 'AWS_ECR_CONTAINER_IMAGE', id: `arn:aws:ecr:${record.region}:${record.account}:repository/${record.name}/${digest}` },
    ],
    severity: finding.severity,
    status: 'ACTIVE',
    title: `${finding.id} - ${finding.packageName ?? 'unknown'}`,
    type: 'PACKAGE_VULNERABILITY',
    fixAvailable: finding.fixedInVersion === undefined ? 'NO' : 'YES',
  };
}

function pageOffset(token: JsonValue | undefined): number {
  if (token === undefined || token === null) return 0;
  const match = typeof token === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8')) : null;
  if (!match)
    throw new AwsError(
      'InvalidParameterException',
      "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid pagination token'",
    );
  return Number(match[1]);
}

function optionalString(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringField(input: JsonObject, key: string): string {
  const value = optionalString(input[key]);
  if (value === undefined) {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}
