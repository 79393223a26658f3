import { afterAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import {
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  RepositoryNotFoundException,
  type ImageTagMutability,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const {
  describeRepository,
  findImage,
  findImageDigest,
  getRegistryLogin,
  resolveImageReference,
  RepositoryNotFoundError,
  tagCanBeReused,
  tagIsImmutable,
} = await import('../../../src/image/ecr.js');

const ecrMock = mockClient(ECRClient);
afterAll(() => ecrMock.restore());
const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'c0ffee00'.repeat(8)}`;
const PASSWORD = 'eyJwYXlsb2FkIjoiZmFrZSJ9.registry-password';
const TOKEN = Buffer.from(`AWS:${PASSWORD}`).toString('base64');

function accessDenied(action: string): Error {
  return Object.assign(
    new Error(`User: arn:aws:sts::123456789012:assumed-role/deploy/run is not authorized to perform: ${action} on resource: *`),
    {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    },
  );
}

function repositoryNotFound(name: string): RepositoryNotFoundException {
  return new RepositoryNotFoundException({
    message: `The repository with name '${name}' does not exist in the registry with id '123456789012'`,
    $metadata: {},
  });
}

beforeEach(() => {
  ecrMock.reset();
  jest.clearAllMocks();
});

describe('getRegistryLogin', () => {
  test('decodes AWS:password, names the registry by host and masks the token and the password', async () => {
    const expiresAt = new Date('2027-03-01T00:00:00Z');
    ecrMock
      .on(GetAuthorizationTokenCommand)
      .resolves({ authorizationData: [{ authorizationToken: TOKEN, proxyEndpoint: `https://${HOST}`, expiresAt }] });

    const login = await getRegistryLogin(ecr);

    expect(login).toEqual({ registry: HOST, username: 'AWS', password: PASSWORD, expiresAt });
    expect(core.setSecret).toHaveBeenCalledWith(TOKEN);
    expect(core.setSecret).toHaveBeenCalledWith(PASSWORD);
    expect(core.logged().join('\n')).not.toContain(PASSWORD);
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)[0]?.args[0].input).toEqual({});
  });

  test('keeps the port of a registry endpoint', async () => {
    ecrMock
      .on(GetAuthorizationTokenCommand)
      .resolves({ authorizationData: [{ authorizationToken: TOKEN, proxyEndpoint: 'http://127.0.0.1:5000' }] });
    expect((await getRegistryLogin(ecr)).registry).toBe('127.0.0.1:5000');
  });

  test('asks for the given registry', async () => {
    ecrMock
      .on(GetAuthorizationTokenCommand)
      .resolves({ authorizationData: [{ authorizationToken: TOKEN, proxyEndpoint: `https://${HOST}` }] });
    await getRegistryLogin(ecr, '210987654321');
    expect(ecrMock.commandCalls(GetAuthorizationTokenCommand)[0]?.args[0].input).toEqual({ registryIds: ['210987654321'] });
  });

  test('masks even a token it cannot decode', async () => {
    const bad = Buffer.from('no-colon-here').toString('base64');
    ecrMock
      .on(GetAuthorizationTokenCommand)
      .resolves({ authorizationData: [{ authorizationToken: bad, proxyEndpoint: `https://${HOST}` }] });
    await expect(getRegistryLogin(ecr)).rejects.toThrow('not base64 of "user:password"');
    expect(core.setSecret).toHaveBeenCalledWith(bad);
  });

  test('fails when ECR answers without a token', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [] });
    await expect(getRegistryLogin(ecr)).rejects.toThrow('without a token');
  });

  test('says the permission cannot be scoped to a repository when it is denied', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).rejects(accessDenied('ecr:GetAuthorizationToken'));
    await expect(getRegistryLogin(ecr)).rejects.toThrow(
      /^AccessDeniedException from ECR GetAuthorizationToken for the default registry: .* The role needs ecr:GetAuthorizationToken on Resource "\*"/,
    );
  });
});

describe('describeRepository', () => {
  test.each([
    ['IMMUTABLE', true],
    ['IMMUTABLE_WITH_EXCLUSION', true],
    ['MUTABLE', false],
    ['MUTABLE_WITH_EXCLUSION', false],
    [undefined, false],
  ] as [ImageTagMutability | undefined, boolean][])('tag mutability %s means immutable=%s', async (imageTagMutability, immutable) => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        { repositoryName: 'my-org/my-app', repositoryUri: `${HOST}/my-org/my-app`, registryId: '123456789012', imageTagMutability },
      ],
    });
    expect(await describeRepository(ecr, 'my-org/my-app')).toEqual({
      repositoryUri: `${HOST}/my-org/my-app`,
      registryId: '123456789012',
      immutable,
      mutableTagFilters: [],
    });
    expect(ecrMock.commandCalls(DescribeRepositoriesCommand)[0]?.args[0].input).toEqual({ repositoryNames: ['my-org/my-app'] });
  });

  test('IMMUTABLE_WITH_EXCLUSION keeps the tags its exclusion filters match mutable', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        {
          repositoryName: 'my-org/my-app',
          repositoryUri: `${HOST}/my-org/my-app`,
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [
            { filterType: 'WILDCARD', filter: 'latest' },
            { filterType: 'WILDCARD', filter: 'dev-*' },
          ],
        },
      ],
    });
    const repository = await describeRepository(ecr, 'my-org/my-app');
    expect(['latest', 'dev-123', 'v1.2.3', 'latest-1', 'a.b'].map((tag) => [tag, tagIsImmutable(repository, tag)])).toEqual([
      ['latest', false],
      ['dev-123', false],
      ['v1.2.3', true],
      ['latest-1', true],
      ['a.b', true],
    ]);
  });

  test.each([
    ['the commit SHA in a MUTABLE repository', false, '0123456789abcdef0123456789abcdef01234567', true],
    ['the commit SHA with a suffix in a MUTABLE repository', false, '0123456789abcdef0123456789abcdef01234567-arm64', true],
    ['a moving tag in a MUTABLE repository', false, 'staging', false],
    ['a release tag in an IMMUTABLE repository', true, 'v1.2.3', true],
    ['an excluded (mutable) tag in an IMMUTABLE_WITH_EXCLUSION repository', true, 'latest', false],
  ])('an existing tag is reused only when it cannot move or names this commit: %s', (_name, immutable, tag, reused) => {
    const repository = { immutable, mutableTagFilters: immutable ? ['latest'] : [] };
    expect(tagCanBeReused(repository, tag, '0123456789abcdef0123456789abcdef01234567')).toBe(reused);
  });

  test('a missing repository fails with one sentence naming account, region and how to create it', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(repositoryNotFound('my-org/my-app'));
    const failure = describeRepository(ecr, 'my-org/my-app');
    await expect(failure).rejects.toBeInstanceOf(RepositoryNotFoundError);
    await expect(failure).rejects.toThrow(
      'The ECR repository "my-org/my-app" does not exist in account 123456789012 region us-east-1: create it (`aws ecr create-repository --repository-name my-org/my-app --image-tag-mutability IMMUTABLE --region us-east-1`) or fix the `repository` input.',
    );
  });

  test('names the refused action when access is denied', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(accessDenied('ecr:DescribeRepositories'));
    await expect(describeRepository(ecr, 'my-org/my-app')).rejects.toThrow(
      /^AccessDeniedException from ECR DescribeRepositories for repository "my-org\/my-app": .* The role needs ecr:DescribeRepositories on the repository\.$/,
    );
  });

  test('keeps the SDK error name so retry classifiers still see throttling', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $retryable: { throttling: true } }));
    await expect(describeRepository(ecr, 'my-org/my-app')).rejects.toMatchObject({
      name: 'ThrottlingException',
      $retryable: { throttling: true },
    });
  });
});

describe('findImageDigest', () => {
  test('returns the digest the tag points at', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: ['abc123'] }] });
    expect(await findImageDigest(ecr, 'my-org/my-app', 'abc123')).toBe(DIGEST);
    expect(ecrMock.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toEqual({
      repositoryName: 'my-org/my-app',
      imageIds: [{ imageTag: 'abc123' }],
    });
  });

  test('findImage answers the manifest media type beside the digest: an index tells itself apart from a single image', async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: DIGEST, imageManifestMediaType: 'application/vnd.oci.image.index.v1+json' }] });
    expect(await findImage(ecr, 'my-org/my-app', 'abc123')).toEqual({
      digest: DIGEST,
      mediaType: 'application/vnd.oci.image.index.v1+json',
    });
  });

  test('returns undefined when the tag does not exist', async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .rejects(new ImageNotFoundException({ message: "The image with imageId {imageTag:'abc123'} does not exist", $metadata: {} }));
    expect(await findImageDigest(ecr, 'my-org/my-app', 'abc123')).toBeUndefined();
  });

  test('a missing repository is explained, not taken for a missing tag', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(repositoryNotFound('my-org/my-app'));
    await expect(findImageDigest(ecr, 'my-org/my-app', 'abc123')).rejects.toThrow(
      'aws ecr create-repository --repository-name my-org/my-app',
    );
  });

  test('names ecr:DescribeImages when it is denied', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(accessDenied('ecr:DescribeImages'));
    await expect(findImageDigest(ecr, 'my-org/my-app', 'abc123')).rejects.toThrow('The role needs ecr:DescribeImages on the repository.');
  });
});

describe('resolveImageReference', () => {
  const described = () => ecrMock.commandCalls(DescribeImagesCommand).map((call) => call.args[0].input);
  const ecrCalls = () => ecrMock.calls().length;

  test('pins a tag in this region by digest, looking it up in the account the host names', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] });
    const resolved = await resolveImageReference(ecr, `${HOST}/my-org/team/my-app:1.2.3`);
    expect(resolved).toEqual({
      uri: `${HOST}/my-org/team/my-app@${DIGEST}`,
      registry: HOST,
      tag: '1.2.3',
      digest: DIGEST,
      repositoryUri: `${HOST}/my-org/team/my-app`,
    });
    expect(described()).toEqual([{ repositoryName: 'my-org/team/my-app', imageIds: [{ imageTag: '1.2.3' }], registryId: '123456789012' }]);
    expect(core.warning).not.toHaveBeenCalled();
  });

  test('reads a reference without tag as :latest', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] });
    expect((await resolveImageReference(ecr, `${HOST}/my-app`)).tag).toBe('latest');
    expect(described()[0]?.imageIds).toEqual([{ imageTag: 'latest' }]);
  });

  test.each([`${HOST}/my-app@${DIGEST}`, `${HOST}/my-app:v1@${DIGEST}`, `registry.example.com/my-org/my-app@${DIGEST}`])(
    'keeps %s as given, with no lookup',
    async (reference) => {
      const resolved = await resolveImageReference(ecr, reference);
      expect(resolved.uri).toBe(reference);
      expect(resolved.digest).toBe(DIGEST);
      expect(ecrCalls()).toBe(0);
      expect(core.warning).not.toHaveBeenCalled();
    },
  );

  test.each([
    ['nginx:1.27', '', 'nginx'],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-app:v1',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-app',
    ],
  ])('keeps %s by tag with a warning that it is not pinned, without asking ECR', async (reference, registry, repositoryUri) => {
    const resolved = await resolveImageReference(ecr, reference);
    expect(resolved).toEqual({ uri: reference, registry, tag: expect.any(String), digest: '', repositoryUri });
    expect(ecrCalls()).toBe(0);
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining(`${reference} is not in ECR in us-east-1`));
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('not by digest'));
  });

  test("keeps another registry's image by tag when ECR has no such repository", async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(repositoryNotFound('my-org/my-app'));
    const resolved = await resolveImageReference(ecr, 'registry.example.com/my-org/my-app:1.0');
    expect(resolved.uri).toBe('registry.example.com/my-org/my-app:1.0');
    expect(resolved.digest).toBe('');
    expect(ecrMock.commandCalls(DescribeImagesCommand)).toHaveLength(0);
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('registry.example.com/my-org/my-app:1.0 is not in ECR'));
  });

  test("keeps another registry's image by tag when a same-named ECR repository lives at another host", async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({
      repositories: [{ repositoryName: 'my-org/my-app', repositoryUri: `${HOST}/my-org/my-app`, registryId: '123456789012' }],
    });
    const resolved = await resolveImageReference(ecr, 'registry.example.com/my-org/my-app:1.0');
    expect(resolved.digest).toBe('');
    expect(ecrMock.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });

  test('pins an image at a registry host ECR itself names (a proxy or a local stand-in)', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({
      repositories: [{ repositoryName: 'my-org/my-app', repositoryUri: '127.0.0.1:5000/my-org/my-app', registryId: '123456789012' }],
    });
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] });
    const resolved = await resolveImageReference(ecr, '127.0.0.1:5000/my-org/my-app:v1');
    expect(resolved).toEqual({
      uri: `127.0.0.1:5000/my-org/my-app@${DIGEST}`,
      registry: '127.0.0.1:5000',
      tag: 'v1',
      digest: DIGEST,
      repositoryUri: '127.0.0.1:5000/my-org/my-app',
    });
  });

  test('fails before deploying when the tag does not exist in ECR', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(new ImageNotFoundException({ message: 'not found', $metadata: {} }));
    await expect(resolveImageReference(ecr, `${HOST}/my-app:v9`)).rejects.toThrow(
      `The image ${HOST}/my-app:v9 does not exist: ECR repository "my-app" (account 123456789012, region us-east-1) has no tag "v9". Check the \`image\` input.`,
    );
  });

  test('a missing repository is blamed on the image input, not the repository input', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(repositoryNotFound('my-app'));
    const failure = resolveImageReference(ecr, `${HOST}/my-app:v1`);
    await expect(failure).rejects.toThrow(
      'there is no ECR repository "my-app" in account 123456789012 region us-east-1. Check the `image` input.',
    );
  });

  test('when the lookup is denied, says which permission and that a digest needs none', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(accessDenied('ecr:DescribeImages'));
    await expect(resolveImageReference(ecr, `${HOST}/my-app:v1`)).rejects.toThrow(
      /ecr:DescribeImages on the repository\. Or give the image as …@sha256:<digest>, which needs no lookup\.$/,
    );
  });

  // References the former input check and this lookup read differently; the one parser now serves both.
  describe('with the references the parsers used to disagree on', () => {
    const SHA512 = `sha512:${'cd34'.repeat(32)}`;

    test.each([
      [`registry.example.com/my-org/my-app@${SHA512}`, 'registry.example.com', '', 'registry.example.com/my-org/my-app'],
      [`${HOST}/my-app:v1@${SHA512}`, HOST, 'v1', `${HOST}/my-app`],
      [`[::1]:5000/my-app@${SHA512}`, '[::1]:5000', '', '[::1]:5000/my-app'],
    ])('keeps %s, pinned by a sha512 digest, as given with no lookup', async (reference, registry, tag, repositoryUri) => {
      const resolved = await resolveImageReference(ecr, reference);
      expect(resolved).toEqual({ uri: reference, registry, tag, digest: SHA512, repositoryUri });
      expect(ecrCalls()).toBe(0);
    });

    test('looks up an IPv6 registry host with a port as a possible ECR host, and keeps it by tag when it is not', async () => {
      ecrMock.on(DescribeRepositoriesCommand).resolves({
        repositories: [{ repositoryName: 'my-app', repositoryUri: `${HOST}/my-app`, registryId: '123456789012' }],
      });
      const resolved = await resolveImageReference(ecr, '[::1]:5000/my-app:v1');
      expect(resolved).toEqual({
        uri: '[::1]:5000/my-app:v1',
        registry: '[::1]:5000',
        tag: 'v1',
        digest: '',
        repositoryUri: '[::1]:5000/my-app',
      });
      expect(ecrMock.commandCalls(DescribeRepositoriesCommand).map((call) => call.args[0].input)).toEqual([
        { repositoryNames: ['my-app'] },
      ]);
      expect(ecrMock.commandCalls(DescribeImagesCommand)).toHaveLength(0);
    });

    test('pins an IPv6 registry host ECR itself names', async () => {
      ecrMock.on(DescribeRepositoriesCommand).resolves({
        repositories: [{ repositoryName: 'my-app', repositoryUri: '[::1]:5000/my-app', registryId: '123456789012' }],
      });
      ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] });
      const resolved = await resolveImageReference(ecr, '[::1]:5000/my-app:v1');
      expect(resolved.uri).toBe(`[::1]:5000/my-app@${DIGEST}`);
      expect(described()).toEqual([{ repositoryName: 'my-app', imageIds: [{ imageTag: 'v1' }], registryId: '123456789012' }]);
    });

    test.each(['bad_host.example/my-app:1', `my-app@sha512:${'cd34'.repeat(16)}`, '[::1/my-app:1'])(
      'refuses %s before any call',
      async (reference) => {
        await expect(resolveImageReference(ecr, reference)).rejects.toThrow(`"${reference}" is not a valid image reference`);
        expect(ecrCalls()).toBe(0);
      },
    );
  });
});
