// The image scan gate on a multi-platform build: podman pushes an image index for two platforms, ECR
// (the stand-in) scans each platform's image but never the index, and the gate reads every platform's scan
// and judges them together, naming the platform a finding is in.
import { describe, expect, jest, test } from '@jest/globals';
import { REPOSITORY, type World } from '../../standin/harness/world.js';
import { deploy, errorLines, worldPerTest } from './helpers.js';

jest.setTimeout(240_000);

const setUp = worldPerTest();

const XZ = { id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils', packageVersion: '5.6.0', fixedInVersion: '5.6.1' };
const GLIBC = { id: 'CVE-2023-4911', severity: 'HIGH', packageName: 'glibc', packageVersion: '2.36-9' };

function operations(current: World, service: 'ecr' | 'ecs'): string[] {
  return current.standin
    .calls()
    .filter((call) => call.service === service)
    .map((call) => call.operation);
}

/** The platforms the stored index lists, in its order. */
async function indexPlatforms(current: World, digest: string): Promise<string[]> {
  const body = (await current.standin.ecr.manifest(REPOSITORY, digest))?.body ?? '{}';
  const { manifests = [] } = JSON.parse(body) as { manifests?: { platform?: { os?: string; architecture?: string } }[] };
  return manifests.map((entry) => `${entry.platform?.os ?? ''}/${entry.platform?.architecture ?? ''}`);
}

describe('the image scan gate on an image index', () => {
  test('a CRITICAL finding in the arm64 image only stops the deploy naming linux/arm64; each platform image scanned, nothing registered', async () => {
    const current = await setUp({
      scenario: {
        rollout: 'healthy',
        imageScans: {
          [REPOSITORY]: { scanning: 'manual', secondsToComplete: 3, findings: [GLIBC], findingsByPlatform: { 'linux/arm64': [XZ, GLIBC] } },
        },
      },
    });
    const run = await deploy(current, { platform: 'linux/amd64,linux/arm64', 'scan-severity-threshold': 'CRITICAL' });

    expect(run.exitCode).toBe(1);
    const digest = run.outputs['image-digest'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const platforms = await indexPlatforms(current, digest);
    expect([...platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(errorLines(run)).toEqual([
      `::error::Image scan failed: The image scan of ${REPOSITORY}@${digest} (image index: ${platforms.join(', ')}) found 1 finding at or above CRITICAL (1 CRITICAL, 2 HIGH), so nothing was registered or deployed; the worst: CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, on linux/arm64. Next: update the packages the findings name (the fixed-in versions above) and push again, or raise \`scan-severity-threshold\` if these are accepted.`,
    ]);
    // glibc is in both images: listed once, naming both platforms.
    expect(run.stdout).toContain(`  CVE-2023-4911 (HIGH) in glibc 2.36-9, on ${platforms.join(' and ')}\n`);
    expect(run.summary).toContain(`| CVE-2024-3094 | CRITICAL | xz-utils 5.6.0 | — | linux/arm64 |`);

    // Each platform image's scan was started (the repository does not scan on push); none of the index,
    // which ECR refuses (UnsupportedImageTypeException).
    const ecr = current.standin.calls().filter((call) => call.service === 'ecr');
    expect(ecr.filter((call) => call.operation === 'StartImageScan').map((call) => call.status)).toEqual([200, 200]);
    expect(ecr.filter((call) => call.errorCode === 'UnsupportedImageTypeException')).toEqual([]);
    expect(operations(current, 'ecs')).not.toContain('RegisterTaskDefinition');
    expect(operations(current, 'ecs')).not.toContain('UpdateService');
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    expect(run.outputs['deployed']).toBe('false');
  });
});
