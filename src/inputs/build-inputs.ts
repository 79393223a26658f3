// The image inputs: an existing image to deploy, or what to build (context, Dockerfile, tags, build
// arguments, platform, engine) and the repository to push it to.
import * as path from 'node:path';
import type { BuildImageSource, ContainerEngineName, GitHubContext, ImageSource, TaskDefinitionConfig } from './config.js';
import { Input, InputDefault } from '../shared/constants.js';
import { isValidTag, tryParseImageReference } from '../image/reference.js';
import { boolean, InputError, lines, matching, optional, pairs, type ReadInput } from './field-readers.js';
import { isPlatform, platformMismatch, splitPlatforms } from '../image/platforms.js';
import { refuseBuildInputsWithImage } from './input-rules.js';
import type { RepositoryInput } from './repository-input.js';
import { optionalFile, type InputSources } from './input-sources.js';
import { readRegistries } from './registry-inputs.js';
import { readBuildCache, readBuildSecrets } from './cache-and-secret-inputs.js';

const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const COMMIT_SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

/** The image to deploy: `image` as given, or the build `repository` asks for. */
export function readImageSource(
  read: ReadInput,
  sources: InputSources,
  github: GitHubContext,
  repository: RepositoryInput | undefined,
  region: string,
): ImageSource {
  const reference = optional(read(Input.image));
  if (reference !== undefined) {
    if (tryParseImageReference(reference) === undefined) {
      throw new InputError(
        Input.image,
        reference,
        'an image reference such as `<registry>/my-org/my-app:1.2.3` or `<registry>/my-org/my-app@sha256:<64 hex>`',
      );
    }
    refuseBuildInputsWithImage(read);
    // Checked although unused (a warning says so), so a typo fails here and not on the next build.
    readEngine(read);
    // A URI picks the container more precisely than a name: its registry must match too.
    return { kind: 'existing', reference, repository: repository?.uri ?? repository?.name };
  }
  if (repository === undefined) {
    throw new InputError(Input.repository, '', 'an ECR repository name to build and push to, or set `image` to deploy an existing image');
  }
  return readBuild(read, sources, github, repository, region);
}

function readBuild(
  read: ReadInput,
  sources: InputSources,
  github: GitHubContext,
  repository: RepositoryInput,
  region: string,
): BuildImageSource {
  const givenTag = read(Input.imageTag);
  if (givenTag === '' && !COMMIT_SHA.test(github.sha)) {
    throw new InputError(Input.imageTag, '', 'a tag, since GITHUB_SHA does not hold a commit SHA to default to');
  }
  const tag = givenTag || github.sha;
  if (!isValidTag(tag)) throw new InputError(Input.imageTag, tag, 'at most 128 of `A-Za-z0-9_.-`, not starting with `.` or `-`');
  const extraTags = lines(read(Input.extraTags), /[\n,]/);
  for (const extra of extraTags) {
    if (!isValidTag(extra))
      throw new InputError(Input.extraTags, extra, 'tags of at most 128 of `A-Za-z0-9_.-`, one per line or comma separated');
  }

  const contextInput = read(Input.context) || InputDefault[Input.context];
  const context = path.resolve(github.workspace, contextInput);
  if (!sources.isDirectory(context)) throw new InputError(Input.context, contextInput, `a directory that exists (looked for ${context})`);
  const dockerfile = optionalFile(read, Input.dockerfile, sources, github.workspace);
  if (dockerfile === undefined && !sources.isFile(path.join(context, 'Dockerfile'))) {
    throw new InputError(Input.dockerfile, '', `the path of a Dockerfile, since the context has no \`Dockerfile\` (looked in ${context})`);
  }

  return {
    kind: 'build',
    repository: repository.name,
    registryId: repository.registryId,
    tag,
    extraTags: extraTags.filter((extra) => extra !== tag),
    registries: readRegistries(read, region),
    build: {
      context,
      dockerfile,
      buildArgs: pairs(read, Input.buildArgs, BUILD_ARG_NAME, '`NAME=value`, one per line (NAME of letters, digits and `_`)'),
      target: matching(read, Input.target, STAGE, 'a build stage name of letters, digits and `_.-`'),
      platforms: readPlatforms(read),
      provenance: boolean(read, Input.provenance, InputDefault[Input.provenance]),
      labels: pairs(read, Input.labels, LABEL_KEY, '`key=value`, one per line'),
      engine: readEngine(read),
      cache: readBuildCache(read),
      secrets: readBuildSecrets(read, sources, github.workspace),
    },
  };
}

function readPlatforms(read: ReadInput): string[] {
  const platforms = splitPlatforms(read(Input.platform));
  const wrong = platforms.find((platform) => !isPlatform(platform));
  if (wrong !== undefined) {
    throw new InputError(
      Input.platform,
      wrong,
      'platforms of the form `os/architecture[/variant]`, such as `linux/arm64` or `linux/amd64,linux/arm64` (comma or newline separated)',
    );
  }
  return platforms;
}

/**
 * A task definition file is read with the inputs, so `platform` is checked against its `runtimePlatform`
 * here, before anything is built: an image that cannot run there is a contradiction of two inputs.
 */
export function refusePlatformsTheFileCannotRun(image: ImageSource, taskDefinition: TaskDefinitionConfig, read: ReadInput): void {
  const definition = taskDefinition.fromFile?.taskDefinition;
  if (image.kind !== 'build' || definition === undefined) return;
  const mismatch = platformMismatch(image.build.platforms, definition);
  if (mismatch === undefined) return;
  throw new InputError(
    Input.platform,
    read(Input.platform),
    `platforms the task definition ${read(Input.taskDefinition)} can run (its ${mismatch})`,
  );
}

/** Checked even when unused (a warning says so), so a typo fails here and not on the next build. */
export function readEngine(read: ReadInput): ContainerEngineName | undefined {
  const engine = read(Input.containerEngine);
  if (engine !== '' && engine !== 'docker' && engine !== 'podman') {
    throw new InputError(Input.containerEngine, engine, '`docker`, `podman`, or empty to use docker when it answers and podman otherwise');
  }
  return engine === '' ? undefined : engine;
}
