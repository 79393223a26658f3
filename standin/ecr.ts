// ECR: repositories and registry passwords (the store, which the registry proxy consults) and the
// JSON 1.1 API, whose image answers come from the real registry so digests are real.
import { createHash } from 'node:crypto';
import type { StandinClock } from './clock.js';
import { newOpaqueToken } from './ids.js';
import type { PasswordCheck, PasswordHolder, RegistryGate } from './registry-proxy.js';
import type { RegistryReader, StoredManifest } from './registry.js';
import { createEcrScanOperations, imageScanningConfiguration } from './ecr-scan.js';
import { AwsError, type Caller, type JsonHandler, type JsonObject, type JsonValue, type Scenario } from './types.js';

export interface RepositoryRecord {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly immutable: boolean;
  /** IMMUTABLE_WITH_EXCLUSION: wildcard filters (`*` any run of characters) of the tags that stay mutable. */
  readonly mutableTagFilters: readonly string[];
  /** Wall epoch seconds. */
  readonly createdAt: number;
  /** The repository policy (SetRepositoryPolicy's document): what other accounts may do here. */
  readonly policy?: object;
}

export interface RepositoryOptions {
  readonly immutable?: boolean;
  readonly policy?: object;
}

export interface RepositoryOptions {
  readonly immutable?: boolean;
  /** With `immutable`: the repository is IMMUTABLE_WITH_EXCLUSION, these tags (wildcards) stay mutable. */
  readonly mutableTagFilters?: readonly string[];
}

export interface EcrStore extends RegistryGate {
  createRepository(account: string, region: string, name: string, options?: RepositoryOptions): RepositoryRecord;
  findRepository(account: string, region: string, name: string): RepositoryRecord | undefined;
  listRepositories(account: string, region: string): RepositoryRecord[];
  /** `holder`: the session that asked, whose permission policy then decides each registry request. */
  issuePassword(account: string, region: string, ttlSeconds: number, holder?: PasswordHolder): { password: string; expiresAt: number };
  /** Wall epoch seconds of the last push of `digest` to `name`, when the proxy saw it. */
  pushedAt(name: string, digest: string): number | undefined;
  /** Every registry password issued and its base64 `AWS:password` token, for the secret scans. */
  secrets(): string[];
}

const DEFAULT_PASSWORD_TTL_SECONDS = 12 * 60 * 60;
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function createEcrStore(clock: StandinClock): EcrStore {
  // One registry serves every account, so a name is unique across accounts and regions.
  const repositories = new Map<string, RepositoryRecord>();
  const passwords = new Map<string, { account: string; region: string; expiresAt: number; holder?: PasswordHolder }>();
  const pushes = new Map<string, number>();

  return {
    createRepository(account, region, name, options = {}) {
      if (!REPOSITORY_NAME.test(name) || name.length < 2 || name.length > 256) {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`,
        );
      }
      const existing = repositories.get(name);
      if (existing?.account === account && existing.region === region) {
        throw new AwsError(
          'RepositoryAlreadyExistsException',
          `The repository with name '${name}' already exists in the registry with id '${account}'`,
        );
      }
      if (existing) {
        throw new AwsError(
          'InvalidParameterException',
          `stand-in limitation: repository '${name}' already exists in account ${existing.account} (${existing.region}); names must be unique across accounts in the stand-in's single registry`,
        );
      }
      const record: RepositoryRecord = {
        account,
        region,
        name,
        immutable: options.immutable ?? false,
        mutableTagFilters: options.immutable === true ? [...(options.mutableTagFilters ?? [])] : [],
        createdAt: Math.floor(Date.now() / 1000),
        ...(options.policy === undefined ? {} : { policy: options.policy }),
      };
      repositories.set(name, record);
      return record;
    },
    findRepository(account, region, name) {
      const record = repositories.get(name);
      return record?.account === account && record.region === region ? record : undefined;
    },
    listRepositories: (account, region) =>
      [...repositories.values()].filter((record) => record.account === account && record.region === region),
    issuePassword(account, region, ttlSeconds, holder) {
      const password = newOpaqueToken(256);
      const expiresAt = clock.now() + ttlSeconds * 1000;
      passwords.set(password, { account, region, expiresAt, ...(holder === undefined ? {} : { holder }) });
      return { password, expiresAt };
    },
    pushedAt: (name, digest) => pushes.get(`${name}@${digest}`),
    secrets: () => [...passwords.keys()].flatMap((password) => [password, Buffer.from(`AWS:${password}`).toString('base64')]),
    checkPassword(password): PasswordCheck {
      const issued = passwords.get(password);
      if (!issued) return 'unknown';
      if (clock.now() >= issued.expiresAt) return 'expired';
      return { account: issued.account, region: issued.region, ...(issued.holder === undefined ? {} : { holder: issued.holder }) };
    },
    repository(name) {
      return repositories.get(name);
    },
    recordPush(name, digest) {
      pushes.set(`${name}@${digest}`, Math.floor(Date.now() / 1000));
    },
  };
}

export interface ImageDescription {
  readonly digest: string;
  readonly mediaType: string;
  readonly tags: readonly string[];
  readonly sizeInBytes: number;
  readonly artifactMediaType?: string;
}

export interface EcrApiDeps {
  readonly clock: StandinClock;
  readonly store: EcrStore;
  readonly registry: RegistryReader;
  /** `127.0.0.1:PORT` of the registry proxy serving `account` (accounts may have a host of their own). */
  readonly registryHost: (account: string) => string;
  readonly scenario: () => Scenario;
}

export interface EcrApi {
  readonly handler: JsonHandler;
  /** The image a tag or digest names, with every tag pointing at it; undefined when the registry lacks it. */
  describeImage(name: string, reference: string): Promise<ImageDescription | undefined>;
  listTags(name: string): Promise<string[]>;
}

interface ImageId {
  readonly imageTag?: string;
  readonly imageDigest?: string;
}

function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

const EXCLUSION_FILTER = /^[0-9a-zA-Z._*-]{1,128}$/;

/** CreateRepository's `imageTagMutabilityExclusionFilters`: `[{ filterType: 'WILDCARD', filter }]`. */
function exclusionFilters(input: JsonObject): string[] {
  const given = input['imageTagMutabilityExclusionFilters'];
  if (given === undefined) return [];
  if (!Array.isArray(given)) throw new AwsError('InvalidParameterException', 'imageTagMutabilityExclusionFilters must be a list.');
  return given.map((entry) => {
    const filter = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry['filter'] : undefined;
    const filterType = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry['filterType'] : undefined;
    if (filterType !== 'WILDCARD' || typeof filter !== 'string' || !EXCLUSION_FILTER.test(filter)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'filterType must be WILDCARD and filter must satisfy regular expression '^[0-9a-zA-Z._*-]{1,128}$''`,
      );
    }
    return filter;
  });
}

function optionalString(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsError('SerializationException', `${key} must be a string`);
  return value;
}

function requiredString(input: JsonObject, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined) {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function imageIdsOf(input: JsonObject): ImageId[] | undefined {
  const list = input['imageIds'];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw new AwsError('SerializationException', 'imageIds must be a list');
  return list.map((entry) => {
    const object = asObject(entry) ?? {};
    const imageTag = optionalString(object, 'imageTag');
    const imageDigest = optionalString(object, 'imageDigest');
    return { ...(imageTag !== undefined ? { imageTag } : {}), ...(imageDigest !== undefined ? { imageDigest } : {}) };
  });
}

/** GetAuthorizationToken's `registryIds`: 1 to 10 account ids, as ECR validates them. */
function registryIdsOf(input: JsonObject): string[] | undefined {
  const list = input['registryIds'];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw new AwsError('SerializationException', 'registryIds must be a list');
  if (list.length < 1 || list.length > 10 || !list.every((id) => typeof id === 'string' && /^[0-9]{12}$/.test(id))) {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${JSON.stringify(list)}' at 'registryIds' failed to satisfy constraint: Member must have length less than or equal to 10 and each member must satisfy regular expression pattern: [0-9]{12}`,
    );
  }
  return list as string[];
}

const describeImageId = (id: ImageId): string => `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;

function manifestSize(manifest: StoredManifest): { size: number; artifactMediaType?: string } {
  try {
    const parsed = JSON.parse(manifest.body) as {
      layers?: { size?: number }[];
      manifests?: { size?: number }[];
      config?: { mediaType?: string };
    };
    const parts = parsed.layers ?? parsed.manifests ?? [];
    const size = parts.reduce((sum, part) => sum + (typeof part.size === 'number' ? part.size : 0), 0);
    // An image index has no config: ECR names the index's own media type as its artifact media type.
    const artifactMediaType = parsed.config?.mediaType ?? (parsed.manifests ? manifest.mediaType : undefined);
    return artifactMediaType ? { size, artifactMediaType } : { size };
  } catch {
    return { size: Buffer.byteLength(manifest.body) };
  }
}

export function createEcrApi(deps: EcrApiDeps): EcrApi {
  const { store, registry, registryHost } = deps;

  async function tagsByDigest(name: string): Promise<Map<string, string[]>> {
    const byDigest = new Map<string, string[]>();
    for (const tag of await registry.tags(name)) {
      const digest = await registry.resolve(name, tag);
      if (digest) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    }
    return byDigest;
  }

  async function describeImage(name: string, reference: string): Promise<ImageDescription | undefined> {
    const manifest = await registry.manifest(name, reference);
    if (!manifest) return undefined;
    const tags = (await tagsByDigest(name)).get(manifest.digest) ?? [];
    const { size, artifactMediaType } = manifestSize(manifest);
    return {
      digest: manifest.digest,
      mediaType: manifest.mediaType,
      tags,
      sizeInBytes: size,
      ...(artifactMediaType ? { artifactMediaType } : {}),
    };
  }

  const repositoryJson = (record: RepositoryRecord): JsonObject => ({
    repositoryArn: `arn:aws:ecr:${record.region}:${record.account}:repository/${record.name}`,
    registryId: record.account,
    repositoryName: record.name,
    repositoryUri: `${registryHost(record.account)}/${record.name}`,
    createdAt: record.createdAt,
    imageTagMutability: !record.immutable ? 'MUTABLE' : record.mutableTagFilters.length > 0 ? 'IMMUTABLE_WITH_EXCLUSION' : 'IMMUTABLE',
    ...(record.mutableTagFilters.length > 0
      ? { imageTagMutabilityExclusionFilters: record.mutableTagFilters.map((filter) => ({ filterType: 'WILDCARD', filter })) }
      : {}),
    imageScanningConfiguration: imageScanningConfiguration(deps.scenario(), record.name),
    encryptionConfiguration: { encryptionType: 'AES256' },
  });

  function repositoryFor(input: JsonObject, account: string, region: string): RepositoryRecord {
    const name = requiredString(input, 'repositoryName');
    const registryId = optionalString(input, 'registryId') ?? account;
    const record = store.findRepository(registryId, region, name);
    if (!record) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
      );
    }
    return record;
  }

  /** The manifest an imageId names, or the ECR failure code for it. */
  async function resolveImageId(
    name: string,
    id: ImageId,
  ): Promise<StoredManifest | 'ImageNotFound' | 'ImageTagDoesNotMatchDigest' | 'MissingDigestAndTag'> {
    const reference = id.imageDigest ?? id.imageTag;
    if (reference === undefined) return 'MissingDigestAndTag';
    const manifest = await registry.manifest(name, reference);
    if (!manifest) return 'ImageNotFound';
    if (id.imageDigest !== undefined && id.imageTag !== undefined && (await registry.resolve(name, id.imageTag)) !== manifest.digest) {
      return 'ImageTagDoesNotMatchDigest';
    }
    return manifest;
  }

  const imageDetail = (record: RepositoryRecord, description: ImageDescription): JsonObject => ({
    registryId: record.account,
    repositoryName: record.name,
    imageDigest: description.digest,
    ...(description.tags.length > 0 ? { imageTags: [...description.tags] } : {}),
    imageSizeInBytes: description.sizeInBytes,
    imagePushedAt: store.pushedAt(record.name, description.digest) ?? record.createdAt,
    imageManifestMediaType: description.mediaType,
    ...(description.artifactMediaType ? { artifactMediaType: description.artifactMediaType } : {}),
  });

  const operations: Record<string, (input: JsonObject, account: string, region: string, caller: Caller) => Promise<JsonObject>> = {
    ...createEcrScanOperations({
      clock: deps.clock,
      scenario: deps.scenario,
      findRepository: (account, region, name) => store.findRepository(account, region, name),
      resolve: (name, reference) => registry.resolve(name, reference),
      manifest: (name, reference) => registry.manifest(name, reference),
      tags: (name) => registry.tags(name),
      pushedAt: (name, digest) => store.pushedAt(name, digest),
    }),
    async GetAuthorizationToken(input, account, region, caller) {
      const ttl = deps.scenario().registryPasswordTtlSeconds ?? DEFAULT_PASSWORD_TTL_SECONDS;
      // `registryIds` (deprecated, still answered): one password per registry, in the order asked; any
      // account's registry, since the registry's repository policy decides what the caller may pull.
      const ids = registryIdsOf(input) ?? [account];
      return {
        authorizationData: ids.map((registryId) => {
          // The password stands for this session: the registry authorizes each request with its permission policy.
          const { password, expiresAt } = store.issuePassword(registryId, region, ttl, {
            accessKeyId: caller.accessKeyId,
            arn: caller.arn,
          });
          return {
            authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
            // Wall time, since the client compares it with its own clock.
            expiresAt: Math.floor(deps.clock.toWallTime(expiresAt) / 1000),
            proxyEndpoint: `http://${registryHost(registryId)}`,
          };
        }),
      };
    },
    async CreateRepository(input, account, region) {
      const mutability = optionalString(input, 'imageTagMutability') ?? 'MUTABLE';
      if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE' && mutability !== 'IMMUTABLE_WITH_EXCLUSION') {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION]'`,
        );
      }
      const mutableTagFilters = exclusionFilters(input);
      if ((mutability === 'IMMUTABLE_WITH_EXCLUSION') !== mutableTagFilters.length > 0) {
        throw new AwsError(
          'InvalidParameterException',
          'imageTagMutabilityExclusionFilters must be given with IMMUTABLE_WITH_EXCLUSION, and only with it.',
        );
      }
      const record = store.createRepository(account, region, requiredString(input, 'repositoryName'), {
        immutable: mutability !== 'MUTABLE',
        mutableTagFilters,
      });
      return { repository: repositoryJson(record) };
    },
    async DescribeRepositories(input, account, region) {
      const registryId = optionalString(input, 'registryId') ?? account;
      const names = input['repositoryNames'];
      if (Array.isArray(names)) {
        return {
          repositories: names.map((name) => {
            const record = typeof name === 'string' ? store.findRepository(registryId, region, name) : undefined;
            if (!record) {
              throw new AwsError(
                'RepositoryNotFoundException',
                `The repository with name '${typeof name === 'string' ? name : JSON.stringify(name)}' does not exist in the registry with id '${registryId}'`,
              );
            }
            return repositoryJson(record);
          }),
        };
      }
      return { repositories: store.listRepositories(registryId, region).map(repositoryJson) };
    },
    async DescribeImages(input, account, region) {
      const record = repositoryFor(input, account, region);
      const ids = imageIdsOf(input);
      if (ids === undefined) {
        const details: JsonObject[] = [];
        for (const digest of (await tagsByDigest(record.name)).keys()) {
          const description = await describeImage(record.name, digest);
          if (description) details.push(imageDetail(record, description));
        }
        return { imageDetails: details };
      }
      const details: JsonObject[] = [];
      for (const id of ids) {
        const resolved = await resolveImageId(record.name, id);
        if (typeof resolved === 'string') {
          throw new AwsError(
            'ImageNotFoundException',
            `The image with imageId ${describeImageId(id)} does not exist within the repository with name '${record.name}' in the registry with id '${record.account}'`,
          );
        }
        const description = await describeImage(record.name, resolved.digest);
        if (description && !details.some((detail) => detail['imageDigest'] === description.digest))
          details.push(imageDetail(record, description));
      }
      return { imageDetails: details };
    },
    async BatchGetImage(input, account, region) {
      const record = repositoryFor(input, account, region);
      const images: JsonObject[] = [];
      const failures: JsonObject[] = [];
      for (const id of imageIdsOf(input) ?? []) {
        const resolved = await resolveImageId(record.name, id);
        if (typeof resolved === 'string') {
          const reasons = {
            ImageNotFound: 'Requested image not found',
            ImageTagDoesNotMatchDigest: 'Invalid image digest/tag combination',
            MissingDigestAndTag: 'Missing image digest and tag',
          };
          failures.push({ imageId: { ...id }, failureCode: resolved, failureReason: reasons[resolved] });
          continue;
        }
        images.push({
          registryId: record.account,
          repositoryName: record.name,
          imageId: { imageDigest: resolved.digest, ...(id.imageTag !== undefined ? { imageTag: id.imageTag } : {}) },
          imageManifest: resolved.body,
          imageManifestMediaType: resolved.mediaType,
        });
      }
      return { images, failures };
    },
    async PutImage(input, account, region) {
      const record = repositoryFor(input, account, region);
      const manifest = requiredString(input, 'imageManifest');
      const tag = optionalString(input, 'imageTag');
      const mediaType = optionalString(input, 'imageManifestMediaType') ?? mediaTypeOf(manifest);
      const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
      const givenDigest = optionalString(input, 'imageDigest');
      if (givenDigest !== undefined && givenDigest !== digest) {
        throw new AwsError(
          'ImageDigestDoesNotMatchException',
          `The specified digest ${givenDigest} does not match the calculated digest ${digest}.`,
        );
      }
      if (tag !== undefined) {
        const existing = await registry.resolve(record.name, tag);
        if (existing === digest) {
          throw new AwsError(
            'ImageAlreadyExistsException',
            `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${record.name}' in registry with id '${record.account}'`,
          );
        }
        if (existing !== undefined && record.immutable) {
          throw new AwsError(
            'ImageTagAlreadyExistsException',
            `The image tag '${tag}' already exists in the '${record.name}' repository and cannot be overwritten because the repository is immutable.`,
          );
        }
      }
      const stored = await registry.putManifest(record.name, tag ?? digest, manifest, mediaType);
      store.recordPush(record.name, stored);
      return {
        image: {
          registryId: record.account,
          repositoryName: record.name,
          imageId: { imageDigest: stored, ...(tag !== undefined ? { imageTag: tag } : {}) },
          imageManifest: manifest,
          imageManifestMediaType: mediaType,
        },
      };
    },
  };

  return {
    handler: async (operation, input, context) => {
      const run = operations[operation];
      if (!run) throw new AwsError('UnknownOperationException', `The operation ${operation} is not supported by the stand-in's ECR`);
      return run(input, context.caller.account, context.region, context.caller);
    },
    describeImage,
    listTags: (name) => registry.tags(name),
  };
}

function mediaTypeOf(manifest: string): string {
  try {
    const parsed = JSON.parse(manifest) as { mediaType?: unknown };
    if (typeof parsed.mediaType === 'string') return parsed.mediaType;
  } catch {
    // fall through to ECR's default
  }
  return 'application/vnd.docker.distribution.manifest.v2+json';
}
