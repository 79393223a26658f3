// The image phase: decide which image the task definition will name, pinned by digest. An existing
// tag that cannot move or that names this commit is reused (so re-runs work against IMMUTABLE
// repositories); otherwise build and push, then read the digest back from ECR so it is what the
// registry holds, whichever engine pushed it.
import * as core from '@actions/core';
import type { BuildImageSource, Config, ContainerEngineName } from '../inputs/config.js';
import type { AwsClients } from '../shared/aws-clients.js';
import {
  describeRepository,
  findImage,
  findImageDigest,
  getRegistryLogin,
  resolveImageReference,
  tagCanBeReused,
  tagIsImmutable,
  type RepositoryDescription,
} from './ecr.js';
import { buildArguments, buildImage, detectEngine, pushImage, removeManifestList, supportsAttestationFlags } from './engine.js';
import { confirmPushedPlatforms, readIndexPlatforms } from './image-platforms.js';
import { INDEX_MEDIA_TYPES, nativePlatform } from './platforms.js';
import { parseImageReference } from './reference.js';
import { registryLoginsForBuild } from './registry-logins.js';
import { cleanupPrivateDockerConfig, createPrivateDockerConfig, loginToRegistry } from './registry-login.js';
import { describeBuildCache } from './build-cache.js';
import { writeSecretFiles } from './secret-files.js';
import { withFailureCause } from '../report/failure-cause.js';
import type { ImageReport } from '../report/report.js';
import type { NameValue } from '../task-definition/edits/model.js';
import { Input, State } from '../shared/constants.js';
import { itemAt } from '../shared/collections.js';

export interface PreparedImage extends ImageReport {
  /** `host/repository`, for picking the container whose image comes from it. */
  readonly repositoryUri: string | undefined;
  /** The `images` input's containers with their images, pinned by digest where they live in ECR. */
  readonly otherImages: readonly NameValue[];
  /** The platforms the deployed image holds, when known: checked against each task definition's runtimePlatform. */
  readonly platforms?: readonly string[];
  /** The digest names an image index (one image per platform), which the scan gate reads image by image. */
  readonly imageIndex?: boolean;
}

export async function prepareImage(config: Config, clients: AwsClients): Promise<PreparedImage> {
  // Resolved beside the build, not after it: neither waits for the other.
  const [deployed, otherImages] = await Promise.all([prepareDeployedImage(config, clients), pinOtherImages(config, clients)]);
  return { ...deployed, otherImages };
}

/**
 * Each distinct image of the `images` input looked up once, all at once: an ECR image given by tag is
 * pinned by digest, as the deployed one is, so a later push to that tag cannot change what new tasks run.
 */
async function pinOtherImages(config: Config, clients: AwsClients): Promise<NameValue[]> {
  const { images } = config.taskDefinition.edits;
  const distinct = [...new Set(images.map(([, image]) => image))];
  const resolved = await Promise.all(distinct.map((image) => resolveImageReference(clients.ecr, image, Input.images)));
  const pinned = new Map(distinct.map((image, index) => [image, itemAt(resolved, index).uri]));
  return images.map(([container, image]): NameValue => {
    const uri = pinned.get(image) ?? image;
    if (uri !== image) core.info(`Container ${container}: ${image} pinned as ${uri}`);
    return [container, uri];
  });
}

async function prepareDeployedImage(config: Config, clients: AwsClients): Promise<Omit<PreparedImage, 'otherImages'>> {
  const source = config.image;
  if (source.kind === 'revision') {
    core.info(
      `Image phase skipped: task-definition names the existing revision ${config.taskDefinition.revision ?? ''}, deployed as it is with the images it names; nothing is built, pushed or looked up.`,
    );
    return { uri: '', registry: '', tag: '', digest: '', origin: 'revision', repositoryUri: undefined };
  }
  if (source.kind === 'existing') {
    const resolved = await resolveImageReference(clients.ecr, source.reference);
    core.info(`Deploying the existing image ${resolved.uri}`);
    // The `repository` input, when given, names the container to change; else the image's own repository does.
    return { ...resolved, origin: 'given', repositoryUri: source.repository ?? resolved.repositoryUri };
  }

  // `registryId` is set when `repository` was given as a URI: every ECR call then names that registry.
  const repository = await describeRepository(clients.ecr, source.repository, source.registryId);
  const registry = hostOf(repository.repositoryUri);
  const reusable = tagCanBeReused(repository, source.tag, config.github.sha);
  const existing = reusable ? await findImage(clients.ecr, source.repository, source.tag, source.registryId) : undefined;
  const existingDigest = existing?.digest;
  if (!reusable) core.info(`${source.tag} can move in ${source.repository} and does not name this commit; building it anew.`);
  if (existingDigest !== undefined) {
    core.info(`${repository.repositoryUri}:${source.tag} already exists (${existingDigest}); reusing it without a build.`);
    if (source.extraTags.length > 0) core.info(`Extra tags (${source.extraTags.join(', ')}) are only pushed with a new build.`);
    // An index says which platforms it holds; a single image's platform is not read (it sits in its config blob).
    const imageIndex = INDEX_MEDIA_TYPES.includes(existing?.mediaType ?? '');
    const platforms = imageIndex ? await readIndexPlatforms(clients.ecr, { ...source, digest: existingDigest }) : undefined;
    return {
      ...image(repository.repositoryUri, registry, source.tag, existingDigest, 'reused'),
      ...(platforms ? { platforms } : {}),
      ...(imageIndex ? { imageIndex } : {}),
    };
  }
  if (config.deploy.dryRun) {
    core.info(`${repository.repositoryUri}:${source.tag} does not exist yet; a real run would build and push it.`);
    return { ...image(repository.repositoryUri, registry, source.tag, '', 'planned'), platforms: buildPlatforms(source) };
  }

  const extraTags = await tagsFreeToPush(clients, source, repository);
  const digest = await buildAndPush(config, clients, { ...source, extraTags }, repository, registry);
  const wanted = buildPlatforms(source);
  const platforms =
    source.build.platforms.length > 1 ? await confirmPushedPlatforms(clients.ecr, { ...source, digest }, source.build.platforms) : wanted;
  const imageIndex = source.build.platforms.length > 1;
  return { ...image(repository.repositoryUri, registry, source.tag, digest, 'built'), platforms, ...(imageIndex ? { imageIndex } : {}) };
}

/** The `platform` input, or the runner's own, for which engines build when it is empty. */
function buildPlatforms(source: BuildImageSource): string[] {
  if (source.build.platforms.length > 0) return [...source.build.platforms];
  const native = nativePlatform(process.arch);
  return native === undefined ? [] : [native];
}

async function buildAndPush(
  config: Config,
  clients: AwsClients,
  source: BuildImageSource,
  { repositoryUri, registryId }: RepositoryDescription,
  registry: string,
): Promise<string> {
  const engine: ContainerEngineName = await detectEngine(source.build.engine);
  // Before any login or build: a cache repository that would refuse the cache push fails the step now.
  const cache = source.build.cache === undefined ? undefined : await describeBuildCache(clients.ecr, source.build.cache, engine);
  // `registries` adds the registries of base images (other accounts or regions), logged into with the push registry's.
  const [login, ...baseImageLogins] = await registryLoginsForBuild(
    clients,
    config.auth.region,
    { givenRegistryId: source.registryId, pushRegistryId: registryId },
    source.registries,
  );
  const logins = [login, ...baseImageLogins];
  // A cache repository of a registry not logged into yet (another account's) gets its own login.
  if (cache !== undefined && !logins.some((each) => each.registry === cache.registry)) {
    logins.push(await getRegistryLogin(clients.ecr, source.build.cache?.registryId));
  }
  const registries = logins.map((each) => each.registry);
  const authDirectory = await createPrivateDockerConfig(config.github.runnerTemp);
  // Saved before anything can fail, so the post step removes the directory whatever happens next.
  core.saveState(State.dockerConfigDir, authDirectory);
  core.saveState(State.containerEngine, engine);
  core.saveState(State.registry, login.registry);
  let pushedDigest: string | undefined;
  try {
    for (const each of logins) await loginToRegistry(engine, authDirectory, each);
    if (cache !== undefined)
      core.info(`Layer cache: ${cache.repositoryUri}${engine === 'docker' ? `:${cache.tag}` : ''}, read and written by the build.`);
    const references = [source.tag, ...source.extraTags].map((tag) => `${repositoryUri}:${tag}`);
    // Provenance attestations would make ECR store an index with unknown/unknown entries, unless asked for.
    const buildKit = await supportsAttestationFlags(engine, authDirectory);
    refuseWithoutBuildKit(engine, buildKit, source);
    const { index, list } = platformPlan(engine, source, buildKit, references);
    const secretFiles = await writeSecretFiles(source.build.secrets, authDirectory);
    try {
      const argv = buildArguments(engine, source.build, {
        tags: references,
        labels: ociLabels(config, source),
        authDirectory,
        disableAttestations: buildKit && !source.build.provenance,
        provenance: buildKit && source.build.provenance,
        ...(cache === undefined ? {} : { cache }),
        secrets: secretFiles.secrets,
      });
      if (list !== undefined) await removeManifestList(list);
      await buildImage(engine, argv);
    } finally {
      await secretFiles.remove();
    }
    // docker's BuildKit pushed the index with the build; podman pushes its manifest list, with its images, to each tag.
    const pushes = index && engine === 'docker' ? [] : references;
    for (const [position, reference] of pushes.entries()) {
      const digest = await pushImage(engine, reference, authDirectory, list);
      if (position === 0) pushedDigest = digest;
    }
  } finally {
    // Nothing after the push needs the registry login; the post step repeats this in case we never get here.
    await cleanupPrivateDockerConfig(engine, authDirectory, registries);
  }
  const listed = await findImageDigest(clients.ecr, source.repository, source.tag, source.registryId);
  if (listed === undefined)
    throw withFailureCause(
      new Error(`The push of ${repositoryUri}:${source.tag} reported success, but ECR does not list the tag.`),
      'push',
    );
  // In a MUTABLE repository another job may push the same tag right after us: deploy what we pushed.
  if (pushedDigest !== undefined && pushedDigest !== listed) {
    core.warning(
      `${repositoryUri}:${source.tag} moved to ${listed} right after this step pushed ${pushedDigest}; deploying ${pushedDigest}.`,
    );
  }
  const digest = pushedDigest ?? listed;
  core.info(`Pushed ${repositoryUri}:${source.tag} (${digest}) to ${registry}`);
  return digest;
}

/** docker's legacy builder knows neither build secrets nor a registry cache: say so rather than let it fail on a flag. */
function refuseWithoutBuildKit(engine: ContainerEngineName, buildKit: boolean, source: BuildImageSource): void {
  if (engine !== 'docker' || buildKit) return;
  const needs = [
    ...(source.build.cache === undefined ? [] : [`\`${Input.cacheRepository}\``]),
    ...(source.build.secrets.length === 0 ? [] : [`\`${Input.buildSecrets}\``]),
  ];
  if (needs.length === 0) return;
  throw withFailureCause(
    new Error(
      `${needs.join(' and ')} ${needs.length === 1 ? 'needs' : 'need'} docker's BuildKit builder (buildx), but docker builds with its legacy builder here: install the buildx plugin (docker/setup-buildx-action), unset DOCKER_BUILDKIT=0, or set \`${Input.containerEngine}\` to podman.`,
    ),
    'build',
  );
}

/**
 * Whether this build makes an image index, and podman's local manifest list for it; warns when
 * `provenance` has no effect with this engine. Several platforms with docker need BuildKit.
 */
function platformPlan(
  engine: ContainerEngineName,
  source: BuildImageSource,
  buildKit: boolean,
  references: readonly string[],
): { index: boolean; list: string | undefined } {
  const index = source.build.platforms.length > 1;
  if (source.build.provenance && !buildKit && (engine === 'docker' || source.build.engine === undefined)) {
    const why = engine === 'podman' ? 'podman attaches no build attestations' : 'docker builds without BuildKit here';
    core.warning(`Input \`${Input.provenance}\` has no effect in this run: ${why}.`);
  }
  if (index && engine === 'podman' && source.build.cache !== undefined) {
    core.warning(
      `Input \`${Input.cacheRepository}\` has no effect in this run: podman builds several platforms without its layer cache (containers/podman#18723).`,
    );
  }
  if (index && engine === 'docker' && !buildKit) {
    throw withFailureCause(
      new Error(
        `\`${Input.platform}\` names ${source.build.platforms.length} platforms (${source.build.platforms.join(', ')}), which docker builds only with BuildKit (docker buildx), and it does not answer here: install buildx, or build one platform.`,
      ),
      'engine-missing',
    );
  }
  return { index, list: index && engine === 'podman' ? references[0] : undefined };
}

/** In an IMMUTABLE repository an extra tag that already exists cannot move; pushing it would fail the run. */
async function tagsFreeToPush(clients: AwsClients, source: BuildImageSource, repository: RepositoryDescription): Promise<string[]> {
  const free: string[] = [];
  for (const tag of source.extraTags) {
    if (!tagIsImmutable(repository, tag) || (await findImageDigest(clients.ecr, source.repository, tag, source.registryId)) === undefined)
      free.push(tag);
    else core.warning(`Extra tag ${tag} already exists in the IMMUTABLE repository ${source.repository}; it is left where it is.`);
  }
  return free;
}

function ociLabels(config: Config, source: BuildImageSource): [string, string][] {
  const { github } = config;
  const ours: [string, string][] = [
    ['org.opencontainers.image.revision', github.sha || source.tag],
    ['org.opencontainers.image.created', new Date().toISOString()],
  ];
  if (github.repository) ours.splice(1, 0, ['org.opencontainers.image.source', `${github.serverUrl}/${github.repository}`]);
  return [...ours, ...source.build.labels.map(([key, value]): [string, string] => [key, value])];
}

function image(
  repositoryUri: string,
  registry: string,
  tag: string,
  digest: string,
  origin: PreparedImage['origin'],
): Omit<PreparedImage, 'otherImages'> {
  return { uri: digest ? `${repositoryUri}@${digest}` : `${repositoryUri}:${tag}`, registry, tag, digest, origin, repositoryUri };
}

function hostOf(repositoryUri: string): string {
  return parseImageReference(repositoryUri).host ?? '';
}
