import { describe, expect, test } from '@jest/globals';
import {
  isPlatform,
  missingPlatforms,
  nativePlatform,
  platformMismatch,
  platformsOfIndex,
  imagesOfIndex,
  requiredPlatform,
  splitPlatforms,
} from '../../../src/image/platforms.js';

const DIGEST = (n: string) => `sha256:${n.repeat(64)}`;
const entry = (platform: Record<string, string>, annotations?: Record<string, string>) => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: DIGEST('a'),
  size: 499,
  platform,
  ...(annotations ? { annotations } : {}),
});

describe('splitPlatforms and isPlatform', () => {
  test.each([
    ['linux/amd64', ['linux/amd64']],
    ['linux/amd64,linux/arm64', ['linux/amd64', 'linux/arm64']],
    [' linux/amd64 ,\n linux/arm64/v8 \n', ['linux/amd64', 'linux/arm64/v8']],
    ['linux/amd64,linux/amd64', ['linux/amd64']],
    ['', []],
  ])('%j is %j', (text, expected) => {
    expect(splitPlatforms(text)).toEqual(expected);
  });

  test.each([
    ['linux/amd64', true],
    ['linux/arm64/v8', true],
    ['windows/amd64', true],
    ['linux', false],
    ['linux/ARM64', false],
    ['linux/arm64/v8/extra', false],
    ['linux amd64', false],
  ])('%s is a platform: %s', (text, expected) => {
    expect(isPlatform(text)).toBe(expected);
  });
});

test.each([
  ['x64', 'linux/amd64'],
  ['arm64', 'linux/arm64'],
  ['s390x', undefined],
])('the runner arch %s builds %s by default', (arch, expected) => {
  expect(nativePlatform(arch)).toBe(expected);
});

describe('platformsOfIndex', () => {
  test('an OCI index lists its platforms, variants kept', () => {
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [entry({ os: 'linux', architecture: 'amd64' }), entry({ os: 'linux', architecture: 'arm64', variant: 'v8' })],
    };
    expect(platformsOfIndex(JSON.stringify(index))).toEqual(['linux/amd64', 'linux/arm64/v8']);
  });

  test('attestation entries (unknown/unknown, or marked as attestation manifests) run nowhere and are left out', () => {
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        entry({ os: 'linux', architecture: 'arm64' }),
        entry({ os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest' }),
        entry({ os: 'linux', architecture: 'amd64' }, { 'vnd.docker.reference.type': 'attestation-manifest' }),
      ],
    };
    expect(platformsOfIndex(JSON.stringify(index))).toEqual(['linux/arm64']);
  });

  test('a docker manifest list is an index too', () => {
    const list = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [entry({ os: 'linux', architecture: 'amd64' })],
    };
    expect(platformsOfIndex(JSON.stringify(list))).toEqual(['linux/amd64']);
  });

  test.each([
    ['a single image manifest', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] })],
    ['not JSON', '{'],
    ['JSON null', 'null'],
  ])('%s is no index: undefined', (_name, text) => {
    expect(platformsOfIndex(text)).toBeUndefined();
  });
});

test.each<[string, string[], string[], string[]]>([
  ['all listed', ['linux/amd64', 'linux/arm64'], ['linux/arm64', 'linux/amd64'], []],
  ['one missing', ['linux/amd64', 'linux/arm64'], ['linux/amd64'], ['linux/arm64']],
  ['a variant asked, the bare architecture listed', ['linux/arm64/v8'], ['linux/arm64'], []],
  ['the bare architecture asked, a variant listed', ['linux/arm64'], ['linux/arm64/v8'], []],
])('missingPlatforms: %s', (_name, wanted, listed, expected) => {
  expect(missingPlatforms(wanted, listed)).toEqual(expected);
});

describe('requiredPlatform and platformMismatch', () => {
  const ARM64 = { runtimePlatform: { cpuArchitecture: 'ARM64' } };
  test.each([
    ['ARM64', ARM64, { cpu: 'ARM64', architecture: 'arm64', os: undefined }],
    [
      'Fargate without runtimePlatform: X86_64',
      { requiresCompatibilities: ['FARGATE'] },
      { cpu: 'X86_64', architecture: 'amd64', os: undefined },
    ],
    ['EC2 without runtimePlatform: any instance', { requiresCompatibilities: ['EC2'] }, undefined],
    [
      'Windows on X86_64',
      { runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } },
      { cpu: 'X86_64', architecture: 'amd64', os: 'windows' },
    ],
  ])('%s', (_name, definition, expected) => {
    expect(requiredPlatform(definition)).toEqual(expected);
  });

  test.each<[string, string[], object, string | undefined]>([
    [
      'amd64 only to ARM64',
      ['linux/amd64'],
      ARM64,
      'runtimePlatform.cpuArchitecture ARM64 needs linux/arm64, but the image holds linux/amd64 only',
    ],
    ['both to ARM64', ['linux/amd64', 'linux/arm64'], ARM64, undefined],
    ['arm64/v8 to ARM64', ['linux/arm64/v8'], ARM64, undefined],
    [
      'arm64 only to a Fargate definition without runtimePlatform',
      ['linux/arm64'],
      { requiresCompatibilities: ['FARGATE'] },
      'runtimePlatform.cpuArchitecture X86_64 (absent, which means X86_64 on Fargate) needs linux/amd64, but the image holds linux/arm64 only',
    ],
    [
      'linux to a Windows definition',
      ['linux/amd64'],
      { runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_FULL' } },
      'runtimePlatform.cpuArchitecture X86_64 and operatingSystemFamily WINDOWS_SERVER_2022_FULL needs windows/amd64, but the image holds linux/amd64 only',
    ],
    ['no known platforms: not checked', [], ARM64, undefined],
    ['EC2 without runtimePlatform: not checked', ['linux/arm64'], { requiresCompatibilities: ['EC2'] }, undefined],
  ])('%s', (_name, platforms, definition, expected) => {
    expect(platformMismatch(platforms, definition)).toBe(expected);
  });
});

describe('imagesOfIndex: each platform image of an index with its digest', () => {
  test('attestations left out, the images in index order with their digests', () => {
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { ...entry({ os: 'linux', architecture: 'amd64' }), digest: DIGEST('1') },
        { ...entry({ os: 'linux', architecture: 'arm64', variant: 'v8' }), digest: DIGEST('2') },
        {
          ...entry({ os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest' }),
          digest: DIGEST('3'),
        },
      ],
    });
    expect(imagesOfIndex(index)).toEqual([
      { platform: 'linux/amd64', digest: DIGEST('1') },
      { platform: 'linux/arm64/v8', digest: DIGEST('2') },
    ]);
  });

  test('a single image is no index', () => {
    expect(
      imagesOfIndex(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] })),
    ).toBeUndefined();
  });
});
