// The image scan gate (`scan-severity-threshold`): the bundled action against the stand-in, whose ECR
// scans each pushed image on its clock (PENDING, IN_PROGRESS, then COMPLETE or ACTIVE) with the findings
// the scenario's `imageScans` seeds for the repository, and answers in ECR's wire format.
import { describe, expect, jest, test } from '@jest/globals';
import type { ImageScanSetup } from '../../standin/ecr-scan.js';
import { REPOSITORY, type World } from '../../standin/harness/world.js';
import { deploy, errorLines, settledOn, worldPerTest } from './helpers.js';

jest.setTimeout(180_000);

const setUp = worldPerTest();

function scanWorld(setup: ImageScanSetup): Promise<World> {
  return setUp({ scenario: { rollout: 'healthy', imageScans: { [REPOSITORY]: setup } } });
}

function operations(current: World, service: 'ecr' | 'ecs'): string[] {
  return current.standin
    .calls()
    .filter((call) => call.service === service)
    .map((call) => call.operation);
}

const XZ = { id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils', packageVersion: '5.6.0', fixedInVersion: '5.6.1' };
const GLIBC = { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc', packageVersion: '2.36-9' };
const ZLIB = { id: 'CVE-2022-37434', severity: 'MEDIUM', packageName: 'zlib', packageVersion: '1.2.12' };
const INFO = { id: 'CVE-2019-0001', severity: 'INFORMATIONAL', packageName: 'tzdata', packageVersion: '2019a' };

describe('the image scan gate', () => {
  test('a CRITICAL finding stops the deploy after the push: the findings listed, nothing registered, the service untouched', async () => {
    const current = await scanWorld({ scanning: 'on-push', findings: [GLIBC, XZ, INFO] });
    const run = await deploy(current, { 'scan-severity-threshold': 'HIGH' });

    expect(run.exitCode).toBe(1);
    const digest = run.outputs['image-digest'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(errorLines(run)).toEqual([
      `::error::Image scan failed: The image scan of ${REPOSITORY}@${digest} found 2 findings at or above HIGH (1 CRITICAL, 1 HIGH, 1 INFORMATIONAL), so nothing was registered or deployed; the worst: CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0. Next: update the packages the findings name (the fixed-in versions above) and push again, or raise \`scan-severity-threshold\` if these are accepted.`,
    ]);
    // The log lists the counts and the findings, worst first.
    expect(run.stdout).toContain(
      `Image scan of ${REPOSITORY}@${digest} (COMPLETE): 1 CRITICAL, 1 HIGH, 1 INFORMATIONAL; 2 at or above HIGH.`,
    );
    expect(run.stdout).toContain(
      '  CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0\n  CVE-2023-4911 (HIGH) in glibc 2.36-9\n  CVE-2019-0001 (INFORMATIONAL) in tzdata 2019a\n',
    );
    // So does the job summary.
    expect(run.summary).toContain('| CRITICAL | 1 |\n| HIGH | 1 |\n| INFORMATIONAL | 1 |');
    expect(run.summary).toContain('| CVE-2024-3094 | CRITICAL | xz-utils 5.6.0 | — |');
    expect(run.summary).toContain('| Image scan ❌ |');

    // The scan was read after the push (the image is in ECR) and nothing was registered or updated.
    expect(operations(current, 'ecr')).toContain('DescribeImageScanFindings');
    expect(operations(current, 'ecr')).not.toContain('StartImageScan');
    expect(operations(current, 'ecs')).not.toContain('RegisterTaskDefinition');
    expect(operations(current, 'ecs')).not.toContain('UpdateService');
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    expect(run.outputs['deployed']).toBe('false');
    expect(run.outputs['task-definition-arn']).toBeUndefined();
  });

  test('a clean scan of a repository without scan on push: the step starts the scan, waits for it, and deploys', async () => {
    const current = await scanWorld({ scanning: 'manual', secondsToComplete: 8 });
    const run = await deploy(current, { 'scan-severity-threshold': 'LOW' });

    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const digest = run.outputs['image-digest'] ?? '';
    const ecr = operations(current, 'ecr');
    expect(ecr.filter((operation) => operation === 'StartImageScan')).toHaveLength(1);
    // Not found before the start, then read until the scan completed.
    expect(ecr.filter((operation) => operation === 'DescribeImageScanFindings').length).toBeGreaterThanOrEqual(2);
    expect(run.stdout).toContain(`${REPOSITORY} does not scan on push: started ECR's scan of ${digest} (StartImageScan).`);
    expect(run.stdout).toContain(`Image scan of ${REPOSITORY}@${digest} (COMPLETE): no findings; 0 at or above LOW.`);
    expect(run.summary).toContain(`**Image scan** of \`${REPOSITORY}@${digest}\` (COMPLETE): ✅ none at or above LOW`);
    // The scan came before the registration.
    const ecs = operations(current, 'ecs');
    expect(ecs).toContain('RegisterTaskDefinition');
    await settledOn(current, run.outputs['task-definition-arn'] ?? '');
  });

  test('findings below the threshold (enhanced scanning) proceed, with the counts and fixed-in versions in the summary', async () => {
    const current = await scanWorld({ scanning: 'enhanced', findings: [ZLIB, GLIBC, { ...XZ, severity: 'HIGH' }] });
    const run = await deploy(current, { 'scan-severity-threshold': 'CRITICAL' });

    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const digest = run.outputs['image-digest'] ?? '';
    expect(run.stdout).toContain(`Image scan of ${REPOSITORY}@${digest} (ACTIVE): 2 HIGH, 1 MEDIUM; 0 at or above CRITICAL.`);
    expect(run.summary).toContain(`**Image scan** of \`${REPOSITORY}@${digest}\` (ACTIVE): ✅ none at or above CRITICAL`);
    expect(run.summary).toContain('| HIGH | 2 |\n| MEDIUM | 1 |');
    expect(run.summary).toContain('| CVE-2024-3094 | HIGH | xz-utils 5.6.0 | 5.6.1 |');
    await settledOn(current, run.outputs['task-definition-arn'] ?? '');
  });

  test('`none` (the default) makes no scan call at all', async () => {
    const current = await scanWorld({ scanning: 'on-push', findings: [XZ] });
    const run = await deploy(current);
    expect(run.exitCode).toBe(0);
    expect(operations(current, 'ecr').filter((operation) => operation.includes('Scan'))).toEqual([]);
  });
});
