// Which platforms an image in ECR holds, read from its manifest (BatchGetImage): an image index lists
// them; a single image's platform sits in its config blob, which this does not fetch.
import { BatchGetImageCommand, type ECRClient } from '@aws-sdk/client-ecr';
import * as core from '@actions/core';
import { withFailureCause } from '../report/failure-cause.js';
import { Input } from '../shared/constants.js';
import { EcrRequestError, ecrFailureAdvice } from './ecr.js';
import { ACCEPTED_MANIFEST_MEDIA_TYPES, imagesOfIndex, missingPlatforms, type IndexedImage } from './platforms.js';

export interface ImageInRepository {
  readonly repository: string;
  readonly registryId: string | undefined;
  readonly digest: string;
}

/** The platforms the index at `image.digest` lists, or undefined when it is a single image. */
export async function readIndexPlatforms(ecr: ECRClient, image: ImageInRepository): Promise<string[] | undefined> {
  const images = await readIndexImages(ecr, image);
  return images === undefined ? undefined : [...new Set(images.map((listed) => listed.platform))];
}

/** The images (platform and digest) the index at `image.digest` lists, or undefined when it is a single image. One BatchGetImage. */
export async function readIndexImages(ecr: ECRClient, image: ImageInRepository): Promise<IndexedImage[] | undefined> {
  const request = {
    repositoryName: image.repository,
    imageIds: [{ imageDigest: image.digest }],
    acceptedMediaTypes: ACCEPTED_MANIFEST_MEDIA_TYPES,
    ...(image.registryId === undefined ? {} : { registryId: image.registryId }),
  };
  let manifest: string | undefined;
  try {
    const response = await ecr.send(new BatchGetImageCommand(request));
    manifest = response.images?.[0]?.imageManifest;
  } catch (error) {
    throw new EcrRequestError(
      'BatchGetImage',
      `image "${image.repository}@${image.digest}"`,
      error,
      ecrFailureAdvice('BatchGetImage', error),
    );
  }
  return manifest === undefined ? undefined : imagesOfIndex(manifest);
}

/**
 * The platforms of the index just pushed, as the registry stores it; fails when one the `platform`
 * input asked for is missing (an engine that built fewer than asked must not deploy what it skipped).
 */
export async function confirmPushedPlatforms(ecr: ECRClient, image: ImageInRepository, wanted: readonly string[]): Promise<string[]> {
  const listed = (await readIndexPlatforms(ecr, image)) ?? [];
  const missing = missingPlatforms(wanted, listed);
  if (missing.length > 0) {
    throw withFailureCause(
      new Error(
        `The image index pushed as ${image.repository}@${image.digest} lists ${listed.join(', ') || 'no platform'}, but \`${Input.platform}\` asked for ${wanted.join(', ')}: ${missing.join(', ')} is missing. The engine built fewer images than asked; see its log above.`,
      ),
      'build',
    );
  }
  core.info(`The image index ${image.digest} lists ${listed.join(', ')}.`);
  return listed;
}
