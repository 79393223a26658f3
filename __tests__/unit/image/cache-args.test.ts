import { describe, expect, test } from '@jest/globals';
import { cacheArguments, cacheRepositoryRefusal } from '../../../src/image/cache-args.js';

const CACHE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app-cache';

describe('cacheArguments', () => {
  test('docker reads and writes one OCI cache image at the cache tag, and loads the image for docker push', () => {
    expect(cacheArguments('docker', { repositoryUri: CACHE, tag: 'buildcache' })).toEqual([
      '--cache-from',
      `type=registry,ref=${CACHE}:buildcache`,
      '--cache-to',
      `type=registry,ref=${CACHE}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
      '--load',
    ]);
  });

  test('podman keeps its layers and reads and writes them in the repository, each under its own key', () => {
    expect(cacheArguments('podman', { repositoryUri: CACHE, tag: 'buildcache' })).toEqual([
      '--layers',
      '--cache-from',
      CACHE,
      '--cache-to',
      CACHE,
    ]);
  });
});

describe('cacheRepositoryRefusal', () => {
  const MUTABLE = { immutable: false, mutableTagFilters: [] };
  const IMMUTABLE = { immutable: true, mutableTagFilters: [] };
  const EXCLUDES_CACHE = { immutable: true, mutableTagFilters: ['build*'] };
  const EXCLUDES_OTHERS = { immutable: true, mutableTagFilters: ['dev-*', 'latest'] };

  test.each([
    ['docker', MUTABLE, 'buildcache'],
    ['docker', EXCLUDES_CACHE, 'buildcache'],
    ['podman', IMMUTABLE, 'buildcache'],
    ['podman', EXCLUDES_OTHERS, 'buildcache'],
  ] as const)('%s with %j and tag %s: accepted', (engine, repository, tag) => {
    expect(cacheRepositoryRefusal(engine, 'my-org/my-app-cache', repository, tag)).toBeUndefined();
  });

  test('docker with an IMMUTABLE repository: names the repository, its mutability, the tag and the fixes', () => {
    expect(cacheRepositoryRefusal('docker', 'my-org/my-app-cache', IMMUTABLE, 'buildcache')).toBe(
      'The cache repository my-org/my-app-cache is IMMUTABLE, so the build could not move its cache tag buildcache: make the repository MUTABLE, add an exclusion filter for buildcache (`--image-tag-mutability IMMUTABLE_WITH_EXCLUSION --image-tag-mutability-exclusion-filters filterType=WILDCARD,filter=buildcache`), or use another cache repository.',
    );
  });

  test('docker with exclusions that miss the tag: says none matches it', () => {
    expect(cacheRepositoryRefusal('docker', 'my-org/my-app-cache', EXCLUDES_OTHERS, 'main-cache')).toMatch(
      /^The cache repository my-org\/my-app-cache is IMMUTABLE_WITH_EXCLUSION \(no exclusion filter matches it\), so the build could not move its cache tag main-cache:/,
    );
  });
});
