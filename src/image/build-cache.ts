// The registry layer cache's repository, looked up once before the build: it must exist and let the
// engine write its cache, or the build would run for nothing and fail at the cache push.
import type { ECRClient } from '@aws-sdk/client-ecr';
import * as core from '@actions/core';
import type { BuildCache, ContainerEngineName } from '../inputs/config.js';
import { withFailureCause } from '../report/failure-cause.js';
import { Input, InputDefault } from '../shared/constants.js';
import { cacheRepositoryRefusal, type CacheLocation } from './cache-args.js';
import { describeRepository, RepositoryNotFoundError } from './ecr.js';
import { parseImageReference } from './reference.js';

export interface BuildCacheTarget extends CacheLocation {
  /** `host[:port]` of the cache repository's registry, to log into when it is not the push registry's. */
  readonly registry: string;
}

export async function describeBuildCache(ecr: ECRClient, cache: BuildCache, engine: ContainerEngineName): Promise<BuildCacheTarget> {
  let repository;
  try {
    repository = await describeRepository(ecr, cache.repository, cache.registryId);
  } catch (error) {
    if (!(error instanceof RepositoryNotFoundError)) throw error;
    throw withFailureCause(
      new Error(
        `The cache repository "${cache.repository}" does not exist in ${error.account === undefined ? 'this account' : `account ${error.account}`} region ${error.region}: create it (\`aws ecr create-repository --repository-name ${cache.repository} --region ${error.region}\`) or fix the \`${Input.cacheRepository}\` input.`,
      ),
      'repository-missing',
    );
  }
  if (engine === 'podman' && cache.tag !== InputDefault[Input.cacheTag])
    core.warning(`Input \`${Input.cacheTag}\` has no effect in this run: podman tags each cached layer by its own key.`);
  const refusal = cacheRepositoryRefusal(engine, cache.repository, repository, cache.tag);
  if (refusal !== undefined) throw withFailureCause(new Error(refusal), 'push');
  return { repositoryUri: repository.repositoryUri, tag: cache.tag, registry: parseImageReference(repository.repositoryUri).host ?? '' };
}
