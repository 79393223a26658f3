// The image phase pins the `images` input's ECR images by digest, as it pins the deployed one.
import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { DescribeImagesCommand, ECRClient, ImageNotFoundException } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { sampleConfig } from '../../../__fixtures__/config.js';
import { NO_EDITS, type NameValue } from '../../../src/task-definition/edits/model.js';
import type { AwsClients } from '../../../src/shared/aws-clients.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
await import('../../../__fixtures__/core.js');
const { prepareImage } = await import('../../../src/image/prepare.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const clients = { ecr } as unknown as AwsClients;

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const APP = `${HOST}/my-org/my-app@sha256:${'a'.repeat(64)}`;
const ENVOY_DIGEST = `sha256:${'e'.repeat(64)}`;
const PINNED = `${HOST}/envoy@sha256:${'f'.repeat(64)}`;

function config(images: NameValue[]) {
  return sampleConfig({
    image: { kind: 'existing', reference: APP, repository: undefined },
    taskDefinition: { edits: { ...NO_EDITS, images } },
  });
}

beforeEach(() => {
  ecrMock.reset();
  jest.clearAllMocks();
});

describe('prepareImage with `images`', () => {
  test('an ECR image by tag is pinned by digest, looked up once however many containers use it; a digest is kept without a lookup', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: ENVOY_DIGEST }] });
    const prepared = await prepareImage(
      config([
        ['envoy', `${HOST}/envoy:1.31`],
        ['envoy-admin', `${HOST}/envoy:1.31`],
        ['pinned', PINNED],
      ]),
      clients,
    );
    expect(prepared.uri).toBe(APP);
    expect(prepared.otherImages).toEqual([
      ['envoy', `${HOST}/envoy@${ENVOY_DIGEST}`],
      ['envoy-admin', `${HOST}/envoy@${ENVOY_DIGEST}`],
      ['pinned', PINNED],
    ]);
    expect(ecrMock.commandCalls(DescribeImagesCommand).map((call) => call.args[0].input)).toEqual([
      { repositoryName: 'envoy', imageIds: [{ imageTag: '1.31' }], registryId: '123456789012' },
    ]);
  });

  test('no `images`: no lookup', async () => {
    const prepared = await prepareImage(config([]), clients);
    expect(prepared.otherImages).toEqual([]);
    expect(ecrMock.commandCalls(DescribeImagesCommand)).toEqual([]);
  });

  test('a tag that does not exist fails the phase, blaming the `images` input', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(new ImageNotFoundException({ message: 'not found', $metadata: {} }));
    await expect(prepareImage(config([['envoy', `${HOST}/envoy:9.9`]]), clients)).rejects.toThrow(
      `The image ${HOST}/envoy:9.9 does not exist: ECR repository "envoy" (account 123456789012, region us-east-1) has no tag "9.9". Check the \`images\` input.`,
    );
  });
});
