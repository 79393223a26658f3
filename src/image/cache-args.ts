// The registry layer cache's engine arguments and the one repository setting that would break it. Pure.
//
// docker (BuildKit) keeps the whole cache as one image at `cache-tag`, moved by every build:
// `image-manifest=true,oci-mediatypes=true` make it an OCI image manifest, which ECR stores (the
// default cache manifest list it refuses). Exporting a cache needs a builder that can (the
// docker-container driver, or the containerd image store); `--load` keeps the built image in the
// local store that `docker push` reads from, whichever builder ran.
//
// podman (buildah) pushes each intermediate layer to the repository under a tag of its own, the
// layer's cache key, and looks them up there on the next build; `--layers` makes it keep them.
import type { ContainerEngineName } from '../inputs/config.js';
import { tagIsImmutable, type RepositoryDescription } from './ecr.js';

export interface CacheLocation {
  /** `host/name` of the cache repository. */
  readonly repositoryUri: string;
  readonly tag: string;
}

export function cacheArguments(engine: ContainerEngineName, cache: CacheLocation): string[] {
  if (engine === 'podman') return ['--layers', '--cache-from', cache.repositoryUri, '--cache-to', cache.repositoryUri];
  const reference = `${cache.repositoryUri}:${cache.tag}`;
  return [
    '--cache-from',
    `type=registry,ref=${reference}`,
    '--cache-to',
    `type=registry,ref=${reference},mode=max,image-manifest=true,oci-mediatypes=true`,
    '--load',
  ];
}

/**
 * Why the cache repository would refuse the cache push, or undefined when it accepts it. docker moves
 * `tag` on every build, so that tag must be mutable. podman's tags are keys of the layers' content and
 * inputs: a key names the same layer whenever it is pushed again, which an IMMUTABLE repository accepts.
 */
export function cacheRepositoryRefusal(
  engine: ContainerEngineName,
  name: string,
  repository: Pick<RepositoryDescription, 'immutable' | 'mutableTagFilters'>,
  tag: string,
): string | undefined {
  if (engine === 'podman' || !tagIsImmutable(repository, tag)) return undefined;
  const mutability = repository.mutableTagFilters.length > 0 ? 'IMMUTABLE_WITH_EXCLUSION (no exclusion filter matches it)' : 'IMMUTABLE';
  return `The cache repository ${name} is ${mutability}, so the build could not move its cache tag ${tag}: make the repository MUTABLE, add an exclusion filter for ${tag} (\`--image-tag-mutability IMMUTABLE_WITH_EXCLUSION --image-tag-mutability-exclusion-filters filterType=WILDCARD,filter=${tag}\`), or use another cache repository.`;
}
