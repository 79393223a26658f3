import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { BatchGetImageCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
await import('../../../__fixtures__/core.js');
const { confirmPushedPlatforms, readIndexPlatforms } = await import('../../../src/image/image-platforms.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

const DIGEST = `sha256:${'c'.repeat(64)}`;
const IMAGE = { repository: 'my-org/my-app', registryId: undefined, digest: DIGEST };
const indexOf = (...platforms: [string, string][]) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: platforms.map(([os, architecture], n) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${String(n).repeat(64)}`,
      size: 499,
      platform: { os, architecture },
    })),
  });
const answer = (manifest: string, mediaType: string) => ({
  images: [
    { repositoryName: 'my-org/my-app', imageId: { imageDigest: DIGEST }, imageManifest: manifest, imageManifestMediaType: mediaType },
  ],
  failures: [],
});

beforeEach(() => {
  ecrMock.reset();
});

describe('readIndexPlatforms', () => {
  test('asks for the digest with the index media types accepted, and answers the platforms the index lists', async () => {
    ecrMock
      .on(BatchGetImageCommand)
      .resolves(answer(indexOf(['linux', 'amd64'], ['linux', 'arm64']), 'application/vnd.oci.image.index.v1+json'));
    expect(await readIndexPlatforms(ecr, { ...IMAGE, registryId: '210987654321' })).toEqual(['linux/amd64', 'linux/arm64']);
    expect(ecrMock.commandCalls(BatchGetImageCommand).map((call) => call.args[0].input)).toEqual([
      {
        repositoryName: 'my-org/my-app',
        registryId: '210987654321',
        imageIds: [{ imageDigest: DIGEST }],
        acceptedMediaTypes: [
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ],
      },
    ]);
  });

  test('a single image is no index: undefined', async () => {
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] });
    ecrMock.on(BatchGetImageCommand).resolves(answer(manifest, 'application/vnd.oci.image.manifest.v1+json'));
    expect(await readIndexPlatforms(ecr, IMAGE)).toBeUndefined();
  });

  test('a refusal names the call, the image and the permission', async () => {
    ecrMock
      .on(BatchGetImageCommand)
      .rejects(Object.assign(new Error('not authorized to perform: ecr:BatchGetImage'), { name: 'AccessDeniedException' }));
    await expect(readIndexPlatforms(ecr, IMAGE)).rejects.toThrow(/BatchGetImage.*my-org\/my-app@sha256:c{64}.*ecr:BatchGetImage/s);
  });
});

describe('confirmPushedPlatforms', () => {
  test('answers the listed platforms when every one asked for is there', async () => {
    ecrMock
      .on(BatchGetImageCommand)
      .resolves(answer(indexOf(['linux', 'arm64'], ['linux', 'amd64']), 'application/vnd.oci.image.index.v1+json'));
    expect(await confirmPushedPlatforms(ecr, IMAGE, ['linux/amd64', 'linux/arm64'])).toEqual(['linux/arm64', 'linux/amd64']);
  });

  test('fails naming what the index lists and what is missing', async () => {
    ecrMock.on(BatchGetImageCommand).resolves(answer(indexOf(['linux', 'amd64']), 'application/vnd.oci.image.index.v1+json'));
    await expect(confirmPushedPlatforms(ecr, IMAGE, ['linux/amd64', 'linux/arm64'])).rejects.toThrow(
      `The image index pushed as my-org/my-app@${DIGEST} lists linux/amd64, but \`platform\` asked for linux/amd64, linux/arm64: linux/arm64 is missing. The engine built fewer images than asked; see its log above.`,
    );
  });
});
