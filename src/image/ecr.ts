// The ECR calls of a deploy: registry login data, the repository, and digests of tags. The registry
// password is masked the moment it exists, before any subprocess or log line can see it.
import { withFailureCause } from '../report/failure-cause.js';
import * as core from '@actions/core';
import {
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  type AuthorizationData,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { Input } from '../shared/constants.js';
import {
  formatImageReference,
  hostOfEndpoint,
  parseEcrHost,
  parseImageReference,
  repositoryUriOf,
  type ImageReference,
} from './reference.js';
import { errorMessage, errorName } from '../shared/errors.js';
import { AwsRequestError, refusedAction, rejectedCredentialsAdvice } from '../shared/aws-request-error.js';

export type EcrOperation = 'GetAuthorizationToken' | 'DescribeRepositories' | 'DescribeImages' | 'BatchGetImage';

export interface RegistryLogin {
  /** `host[:port]`, as `docker login` and image references name it. */
  readonly registry: string;
  readonly username: string;
  readonly password: string;
  readonly expiresAt: Date | undefined;
}

export interface RepositoryDescription {
  /** `host/name`, without tag. */
  readonly repositoryUri: string;
  readonly registryId: string;
  /** Tags cannot be overwritten (IMMUTABLE, or IMMUTABLE_WITH_EXCLUSION for tags outside the exclusions). */
  readonly immutable: boolean;
  /** IMMUTABLE_WITH_EXCLUSION: wildcard filters (`*` for any run) of the tags that stay mutable. */
  readonly mutableTagFilters: readonly string[];
}

/** What the `image` input resolves to. `digest` is empty when the image could not be pinned. */
export interface ResolvedImage {
  readonly uri: string;
  readonly registry: string;
  readonly tag: string;
  readonly digest: string;
  /** `host/path` (just the path for Docker Hub references written without a host). */
  readonly repositoryUri: string;
}

/** An ECR call that failed, explained; `name` and retry hints are the SDK error's, so classifiers still work. */
export class EcrRequestError extends AwsRequestError<EcrOperation> {
  constructor(operation: EcrOperation, resource: string, cause: unknown, advice: string) {
    super('ECR', operation, resource, cause, advice);
  }
}

/** Thrown when a repository the step needs does not exist; the message says how to create it. */
export class RepositoryNotFoundError extends Error {
  constructor(
    readonly repository: string,
    readonly account: string | undefined,
    readonly region: string,
  ) {
    const where = `${account === undefined ? 'this account' : `account ${account}`} region ${region}`;
    super(
      `The ECR repository "${repository}" does not exist in ${where}: create it (\`aws ecr create-repository --repository-name ${repository} --image-tag-mutability IMMUTABLE --region ${region}\`) or fix the \`${Input.repository}\` input.`,
    );
    this.name = 'RepositoryNotFoundError';
  }
}

export async function getRegistryLogin(ecr: ECRClient, registryId?: string): Promise<RegistryLogin> {
  const resource = registryId === undefined ? 'the default registry' : `registry ${registryId}`;
  const input = registryId === undefined ? {} : { registryIds: [registryId] };
  const response = await call(ecr, 'GetAuthorizationToken', resource, () => ecr.send(new GetAuthorizationTokenCommand(input)));
  return registryLoginOf(response.authorizationData?.[0], resource);
}

/**
 * One login per registry, from one GetAuthorizationToken call (`registryIds` takes up to 10, all in the
 * client's region); in the order asked. The same credentials serve every account: the other
 * registry's repository policy decides what they may pull.
 */
export async function getRegistryLogins(ecr: ECRClient, registryIds: readonly string[]): Promise<RegistryLogin[]> {
  const logins: RegistryLogin[] = [];
  for (let start = 0; start < registryIds.length; start += MAX_REGISTRY_IDS) {
    const batch = registryIds.slice(start, start + MAX_REGISTRY_IDS);
    const resource = `registries ${batch.join(', ')}`;
    // Deprecated, still answered: a token serves every registry the caller may use, but only the ids
    // bring each registry's endpoint (its `docker login` host) without composing host names here.
    const request = { registryIds: [...batch] };
    const response = await call(ecr, 'GetAuthorizationToken', resource, () => ecr.send(new GetAuthorizationTokenCommand(request)));
    const data = response.authorizationData ?? [];
    logins.push(...batch.map((registryId, index) => registryLoginOf(data[index], `registry ${registryId}`)));
  }
  return logins;
}

const MAX_REGISTRY_IDS = 10;

/** The password is masked the moment it is decoded, before anything can print it. */
function registryLoginOf(data: AuthorizationData | undefined, resource: string): RegistryLogin {
  const token = data?.authorizationToken;
  if (data === undefined || token === undefined || token === '')
    throw new Error(`ECR GetAuthorizationToken answered without a token for ${resource}.`);
  core.setSecret(token);

  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  if (password === '')
    throw new Error(`ECR GetAuthorizationToken answered with a token that is not base64 of "user:password" for ${resource}.`);
  core.setSecret(password);

  const endpoint = data.proxyEndpoint;
  if (endpoint === undefined || endpoint === '')
    throw new Error(`ECR GetAuthorizationToken answered without the registry endpoint for ${resource}.`);
  return { registry: hostOfEndpoint(endpoint), username: decoded.slice(0, colon), password, expiresAt: data.expiresAt };
}

/** Fails with how to create the repository when it is missing, so a build never runs for nothing. */
export async function describeRepository(ecr: ECRClient, name: string, registryId?: string): Promise<RepositoryDescription> {
  const response = await call(
    ecr,
    'DescribeRepositories',
    `repository "${name}"`,
    () => ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name], ...(registryId === undefined ? {} : { registryId }) })),
    name,
  );
  const repository = response.repositories?.find((candidate) => candidate.repositoryName === name) ?? response.repositories?.[0];
  if (repository?.repositoryUri === undefined) throw new Error(`ECR DescribeRepositories answered without repository "${name}".`);
  return {
    repositoryUri: repository.repositoryUri,
    registryId: repository.registryId ?? registryId ?? '',
    immutable: repository.imageTagMutability === 'IMMUTABLE' || repository.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION',
    mutableTagFilters:
      repository.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION'
        ? (repository.imageTagMutabilityExclusionFilters ?? []).flatMap((filter) => (filter.filter === undefined ? [] : [filter.filter]))
        : [],
  };
}

/** Whether pushing `tag` again with other content would be refused by the repository. */
export function tagIsImmutable(repository: Pick<RepositoryDescription, 'immutable' | 'mutableTagFilters'>, tag: string): boolean {
  if (!repository.immutable) return false;
  return !repository.mutableTagFilters.some((filter) => wildcardPattern(filter).test(tag));
}

/**
 * Whether an existing `tag` can stand for this run's image without a build: it cannot move (so a re-run
 * must reuse it) or it names this very commit. Any other tag (`staging`, `latest` in a MUTABLE
 * repository) is rebuilt, or every later run would deploy whatever it pointed at first.
 */
export function tagCanBeReused(
  repository: Pick<RepositoryDescription, 'immutable' | 'mutableTagFilters'>,
  tag: string,
  commitSha: string,
): boolean {
  return tagIsImmutable(repository, tag) || (commitSha !== '' && tag.startsWith(commitSha));
}

function wildcardPattern(filter: string): RegExp {
  const escaped = filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** The digest `repository:tag` points at, or undefined when the tag does not exist. */
export async function findImageDigest(ecr: ECRClient, repository: string, tag: string, registryId?: string): Promise<string | undefined> {
  return (await findImage(ecr, repository, tag, registryId))?.digest;
}

/** The digest and manifest media type (an image index or a single image) of `repository:tag`, or undefined when the tag does not exist. */
export async function findImage(
  ecr: ECRClient,
  repository: string,
  tag: string,
  registryId?: string,
): Promise<{ digest: string; mediaType: string } | undefined> {
  const request = { repositoryName: repository, imageIds: [{ imageTag: tag }], ...(registryId === undefined ? {} : { registryId }) };
  try {
    const response = await call(
      ecr,
      'DescribeImages',
      `image "${repository}:${tag}"`,
      () => ecr.send(new DescribeImagesCommand(request)),
      repository,
    );
    const digest = response.imageDetails?.[0]?.imageDigest;
    return digest === undefined || digest === ''
      ? undefined
      : { digest, mediaType: response.imageDetails?.[0]?.imageManifestMediaType ?? '' };
  } catch (error) {
    if (error instanceof EcrRequestError && error.awsErrorName === 'ImageNotFoundException') return undefined;
    throw error;
  }
}

/**
 * The `image` input as the task definition should name it: pinned by digest when it lives in ECR in
 * this region (so a later push to the same tag cannot change what new tasks run); as given otherwise.
 */
export async function resolveImageReference(
  ecr: ECRClient,
  reference: string,
  input: typeof Input.image | typeof Input.images = Input.image,
): Promise<ResolvedImage> {
  const parsed = parseImageReference(reference);
  const repositoryUri = repositoryUriOf(parsed);
  // A reference without a host names the engine's default registry; the output then stays empty.
  const registry = parsed.host ?? '';
  const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : '');
  const asGiven: ResolvedImage = { uri: reference, registry, tag, digest: parsed.digest ?? '', repositoryUri };
  if (parsed.digest !== undefined) return asGiven;

  const region = await regionOf(ecr);
  const registryId = await ecrRegistryOf(ecr, parsed, region);
  if (registryId === undefined) {
    core.warning(
      `The image ${reference} is not in ECR in ${region}, so the task definition names it by tag, not by digest: a later push to that tag changes what new tasks run. Give it as …@sha256:<digest> to pin it.`,
    );
    return asGiven;
  }

  const digest = await findImageDigest(ecr, parsed.repository, tag, registryId).catch((error: unknown) => {
    throw explainForImageInput(error, reference, input);
  });
  if (digest === undefined) {
    throw withFailureCause(
      new Error(
        `The image ${reference} does not exist: ECR repository "${parsed.repository}" (account ${registryId}, region ${region}) has no tag "${tag}". Check the \`${input}\` input.`,
      ),
      'image-missing',
    );
  }
  return { uri: formatImageReference({ ...parsed, tag: undefined, digest }), registry, tag, digest, repositoryUri };
}

/**
 * The registry id when `reference` lives in ECR in `region`, else undefined. A host that is not an
 * ECR hostname may still be ours (a proxy or a test registry): it is when DescribeRepositories names
 * a repository of that path at that host.
 */
async function ecrRegistryOf(ecr: ECRClient, reference: ImageReference, region: string): Promise<string | undefined> {
  if (reference.host === undefined) return undefined;
  const ecrHost = parseEcrHost(reference.host);
  if (ecrHost !== undefined) return ecrHost.region === region ? ecrHost.registryId : undefined;
  try {
    const repository = await describeRepository(ecr, reference.repository);
    return repository.repositoryUri === repositoryUriOf(reference) ? repository.registryId : undefined;
  } catch (error) {
    core.debug(`${reference.host}/${reference.repository} is not an ECR repository of this account and region: ${errorMessage(error)}`);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Errors

/** The same failure, worded for someone who set `image` rather than `repository`. */
function explainForImageInput(error: unknown, reference: string, input: string): unknown {
  if (error instanceof RepositoryNotFoundError) {
    const where = `${error.account === undefined ? 'this account' : `account ${error.account}`} region ${error.region}`;
    return withFailureCause(
      new Error(
        `The image ${reference} does not exist: there is no ECR repository "${error.repository}" in ${where}. Check the \`${input}\` input.`,
      ),
      'image-missing',
    );
  }
  if (error instanceof EcrRequestError && error.awsErrorName.startsWith('AccessDenied')) {
    error.message += ' Or give the image as …@sha256:<digest>, which needs no lookup.';
  }
  return error;
}

async function call<T>(ecr: ECRClient, operation: EcrOperation, resource: string, send: () => Promise<T>, repository?: string): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (repository !== undefined && errorName(error) === 'RepositoryNotFoundException') {
      throw new RepositoryNotFoundError(repository, accountInMessage(errorMessage(error)), await regionOf(ecr));
    }
    throw new EcrRequestError(operation, resource, error, ecrFailureAdvice(operation, error));
  }
}

/** What to do about a failed ECR call, as a sentence; empty when the service's own message says enough. */
export function ecrFailureAdvice(operation: EcrOperation, error: unknown): string {
  switch (errorName(error)) {
    case 'AccessDeniedException':
    case 'AccessDenied': {
      const action = refusedAction(error) ?? `ecr:${operation}`;
      return action.toLowerCase() === 'ecr:getauthorizationtoken'
        ? 'The role needs ecr:GetAuthorizationToken on Resource "*" (it cannot be scoped to a repository).'
        : `The role needs ${action} on the repository.`;
    }
    default:
      return rejectedCredentialsAdvice(error) ?? '';
  }
}

function accountInMessage(message: string): string | undefined {
  return /registry with id '(\d{12})'/.exec(message)?.[1];
}

async function regionOf(ecr: ECRClient): Promise<string> {
  try {
    return await ecr.config.region();
  } catch {
    return 'the configured region';
  }
}
