// One shape for a finding, whether basic scanning (`findings[]`: a CVE name, the package in its
// attributes) or enhanced scanning (Amazon Inspector's `enhancedFindings[]`: the vulnerable packages
// with the version that fixes them) reported it, and where a scan stands from its status. Pure.
import type { ImageScanFindings, ImageScanStatus } from '@aws-sdk/client-ecr';
import { severityRank } from './severity.js';

export interface ScanFinding {
  /** The vulnerability id (`CVE-2024-3094`), or the finding's title when it has none. */
  readonly id: string;
  readonly severity: string;
  /** `name version` of the package it is in, when the scan names it. */
  readonly packageName: string | undefined;
  /** The version that fixes it (enhanced scanning only), when one exists. */
  readonly fixedIn: string | undefined;
  /** The platforms whose images have it, when the deployed digest is an image index. */
  readonly platforms?: readonly string[];
}

/** The findings of one page of DescribeImageScanFindings, basic and enhanced alike. */
export function findingsOf(page: ImageScanFindings | undefined): ScanFinding[] {
  const basic = (page?.findings ?? []).map((finding): ScanFinding => {
    const attribute = (key: string): string | undefined => finding.attributes?.find((candidate) => candidate.key === key)?.value;
    return {
      id: finding.name ?? '(unnamed)',
      severity: finding.severity ?? 'UNDEFINED',
      packageName: joinPackage(attribute('package_name'), attribute('package_version')),
      fixedIn: undefined,
    };
  });
  const enhanced = (page?.enhancedFindings ?? []).map((finding): ScanFinding => {
    const details = finding.packageVulnerabilityDetails;
    const packages = details?.vulnerablePackages ?? [];
    const fixes = packages.flatMap((vulnerable) =>
      vulnerable.fixedInVersion === undefined || vulnerable.fixedInVersion === '' || vulnerable.fixedInVersion === 'NotAvailable'
        ? []
        : [vulnerable.fixedInVersion],
    );
    return {
      id: details?.vulnerabilityId ?? finding.title ?? '(unnamed)',
      severity: finding.severity ?? 'UNDEFINED',
      packageName:
        packages.length === 0
          ? undefined
          : packages.map((vulnerable) => joinPackage(vulnerable.name, vulnerable.version) ?? '?').join(', '),
      fixedIn: fixes.length === 0 ? undefined : [...new Set(fixes)].join(', '),
    };
  });
  return [...basic, ...enhanced];
}

function joinPackage(name: string | undefined, version: string | undefined): string | undefined {
  if (name === undefined || name === '') return undefined;
  return version === undefined || version === '' ? name : `${name} ${version}`;
}

/** Worst first, then by id, so the top of the list is the same on every run. */
export function worstFirst(findings: readonly ScanFinding[]): ScanFinding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
}

/**
 * Where a scan stands. `done`: its findings are final (COMPLETE for basic scanning, ACTIVE for enhanced
 * scanning, which goes on watching the image). `waiting`: PENDING or IN_PROGRESS. `unusable`: the scan
 * cannot vouch for the image (FAILED, UNSUPPORTED_IMAGE, FINDINGS_UNAVAILABLE, …), so the gate fails closed.
 */
export type ScanState =
  | { readonly kind: 'done'; readonly status: string }
  | { readonly kind: 'waiting'; readonly status: string }
  | { readonly kind: 'unusable'; readonly status: string; readonly description: string };

export function scanStateOf(status: ImageScanStatus | undefined): ScanState {
  const name = status?.status ?? '';
  if (name === 'COMPLETE' || name === 'ACTIVE') return { kind: 'done', status: name };
  if (name === 'PENDING' || name === 'IN_PROGRESS') return { kind: 'waiting', status: name };
  return { kind: 'unusable', status: name || '(no status)', description: status?.description ?? '' };
}
