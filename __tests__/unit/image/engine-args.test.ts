import { describe, expect, test } from '@jest/globals';
import type { BuildConfig } from '../../../src/inputs/config.js';
import { SAMPLE_BUILD } from '../../../__fixtures__/config.js';
import {
  authFile,
  buildArguments,
  buildxProbeArguments,
  digestFromPushOutput,
  loginArguments,
  logoutArguments,
  manifestPushArguments,
  manifestRemoveArguments,
  probeArguments,
  pushArguments,
} from '../../../src/image/engine-args.js';

const AUTH = '/runner/_temp/oidc-ecs-deploy-Ab12Cd';
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app';
const DIGEST = `sha256:${'0f'.repeat(32)}`;

const minimal: BuildConfig = SAMPLE_BUILD;

const everything: BuildConfig = {
  context: '/work/my app',
  dockerfile: '/work/my app/docker/Dockerfile.prod',
  buildArgs: [
    ['QUERY', 'a=b&c=d'],
    ['GREETING', 'hello  world "quoted" $HOME'],
    ['EMPTY', ''],
  ],
  target: 'runtime',
  platforms: ['linux/arm64'],
  provenance: false,
  labels: [['team', 'payments = core']],
  cache: undefined,
  secrets: [],
  engine: 'docker',
};

const ociLabels: [string, string][] = [
  ['org.opencontainers.image.revision', 'abc123'],
  ['org.opencontainers.image.source', 'https://github.com/my-org/my-app'],
];

describe('buildArguments', () => {
  test.each([
    [
      'docker, minimal',
      'docker' as const,
      minimal,
      { tags: [`${REPO}:abc123`], labels: [], authDirectory: AUTH },
      ['--config', AUTH, 'build', '--tag', `${REPO}:abc123`, '/work/app'],
    ],
    [
      'podman, minimal',
      'podman' as const,
      minimal,
      { tags: [`${REPO}:abc123`], labels: [], authDirectory: AUTH },
      ['build', '--authfile', `${AUTH}/config.json`, '--tag', `${REPO}:abc123`, '/work/app'],
    ],
    [
      'docker with BuildKit, every option',
      'docker' as const,
      everything,
      {
        tags: [`${REPO}:abc123`, `${REPO}:latest`],
        labels: [...ociLabels, ...everything.labels],
        authDirectory: AUTH,
        disableAttestations: true,
      },
      [
        '--config',
        AUTH,
        'build',
        '--file',
        '/work/my app/docker/Dockerfile.prod',
        '--build-arg',
        'QUERY=a=b&c=d',
        '--build-arg',
        'GREETING=hello  world "quoted" $HOME',
        '--build-arg',
        'EMPTY=',
        '--target',
        'runtime',
        '--platform',
        'linux/arm64',
        '--label',
        'org.opencontainers.image.revision=abc123',
        '--label',
        'org.opencontainers.image.source=https://github.com/my-org/my-app',
        '--label',
        'team=payments = core',
        '--tag',
        `${REPO}:abc123`,
        '--tag',
        `${REPO}:latest`,
        '--provenance=false',
        '--sbom=false',
        '/work/my app',
      ],
    ],
    [
      'docker with BuildKit, a layer cache in ECR and build secrets',
      'docker' as const,
      minimal,
      {
        tags: [`${REPO}:abc123`],
        labels: [],
        authDirectory: AUTH,
        disableAttestations: true,
        cache: { repositoryUri: `${REPO}-cache`, tag: 'buildcache' },
        secrets: [
          { id: 'npm_token', env: 'NPM_TOKEN' },
          { id: 'signing-key', file: `${AUTH}/build-secret-1` },
        ],
      },
      [
        '--config',
        AUTH,
        'build',
        '--cache-from',
        `type=registry,ref=${REPO}-cache:buildcache`,
        '--cache-to',
        `type=registry,ref=${REPO}-cache:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
        '--load',
        '--secret',
        'id=npm_token,env=NPM_TOKEN',
        '--secret',
        `id=signing-key,src=${AUTH}/build-secret-1`,
        '--tag',
        `${REPO}:abc123`,
        '--provenance=false',
        '--sbom=false',
        '/work/app',
      ],
    ],
    [
      'podman, a layer cache in ECR and build secrets',
      'podman' as const,
      minimal,
      {
        tags: [`${REPO}:abc123`],
        labels: [],
        authDirectory: AUTH,
        cache: { repositoryUri: `${REPO}-cache`, tag: 'buildcache' },
        secrets: [{ id: 'npm_token', env: 'NPM_TOKEN' }],
      },
      [
        'build',
        '--authfile',
        `${AUTH}/config.json`,
        '--layers',
        '--cache-from',
        `${REPO}-cache`,
        '--cache-to',
        `${REPO}-cache`,
        '--secret',
        'id=npm_token,type=env,src=NPM_TOKEN',
        '--tag',
        `${REPO}:abc123`,
        '/work/app',
      ],
    ],
    [
      'podman, every option (no attestation flags even when asked)',
      'podman' as const,
      { ...everything, dockerfile: '/abs/Dockerfile' },
      { tags: [`${REPO}:abc123`], labels: everything.labels, authDirectory: AUTH, disableAttestations: true },
      [
        'build',
        '--authfile',
        `${AUTH}/config.json`,
        '--file',
        '/abs/Dockerfile',
        '--build-arg',
        'QUERY=a=b&c=d',
        '--build-arg',
        'GREETING=hello  world "quoted" $HOME',
        '--build-arg',
        'EMPTY=',
        '--target',
        'runtime',
        '--platform',
        'linux/arm64',
        '--label',
        'team=payments = core',
        '--tag',
        `${REPO}:abc123`,
        '/work/my app',
      ],
    ],
    [
      'docker with the legacy builder: no attestation flags',
      'docker' as const,
      minimal,
      { tags: [`${REPO}:abc123`], labels: [], authDirectory: AUTH, disableAttestations: false },
      ['--config', AUTH, 'build', '--tag', `${REPO}:abc123`, '/work/app'],
    ],
    [
      'podman, two platforms: one local manifest list named by the first tag, built without the layer cache',
      'podman' as const,
      { ...minimal, platforms: ['linux/amd64', 'linux/arm64'] },
      { tags: [`${REPO}:abc123`, `${REPO}:latest`], labels: [], authDirectory: AUTH },
      [
        'build',
        '--authfile',
        `${AUTH}/config.json`,
        '--platform',
        'linux/amd64,linux/arm64',
        '--manifest',
        `${REPO}:abc123`,
        '--no-cache',
        '/work/app',
      ],
    ],
    [
      'docker with BuildKit, two platforms: every tag, pushed by the build',
      'docker' as const,
      { ...minimal, platforms: ['linux/amd64', 'linux/arm64'] },
      { tags: [`${REPO}:abc123`, `${REPO}:latest`], labels: [], authDirectory: AUTH, disableAttestations: true },
      [
        '--config',
        AUTH,
        'build',
        '--platform',
        'linux/amd64,linux/arm64',
        '--tag',
        `${REPO}:abc123`,
        '--tag',
        `${REPO}:latest`,
        '--push',
        '--provenance=false',
        '--sbom=false',
        '/work/app',
      ],
    ],
    [
      'docker with BuildKit and provenance: attestations asked for',
      'docker' as const,
      { ...minimal, provenance: true },
      { tags: [`${REPO}:abc123`], labels: [], authDirectory: AUTH, provenance: true },
      ['--config', AUTH, 'build', '--tag', `${REPO}:abc123`, '--provenance=true', '/work/app'],
    ],
    [
      'podman with provenance: no attestation flag (podman has none)',
      'podman' as const,
      { ...minimal, provenance: true },
      { tags: [`${REPO}:abc123`], labels: [], authDirectory: AUTH, provenance: true },
      ['build', '--authfile', `${AUTH}/config.json`, '--tag', `${REPO}:abc123`, '/work/app'],
    ],
  ])('%s', (_name, engine, build, options, expected) => {
    expect(buildArguments(engine, build, options)).toEqual(expected);
  });

  test('puts the context last so no value can be read as the context', () => {
    const argv = buildArguments('docker', everything, { tags: [`${REPO}:x`], labels: [], authDirectory: AUTH, disableAttestations: true });
    expect(argv.at(-1)).toBe('/work/my app');
    expect(argv.filter((argument) => argument === '/work/my app')).toHaveLength(1);
  });

  test('refuses a build without a tag', () => {
    expect(() => buildArguments('docker', minimal, { tags: [], labels: [], authDirectory: AUTH })).toThrow('at least one tag');
  });
});

describe('push, login and logout arguments', () => {
  test.each([
    [
      'podman manifest push: the list with every image it lists, the index digest into the file',
      manifestPushArguments(`${REPO}:abc123`, `${REPO}:latest`, AUTH, `${AUTH}/d`),
      [
        'manifest',
        'push',
        '--authfile',
        `${AUTH}/config.json`,
        '--all',
        '--digestfile',
        `${AUTH}/d`,
        `${REPO}:abc123`,
        `docker://${REPO}:latest`,
      ],
    ],
    ['podman manifest rm', manifestRemoveArguments(`${REPO}:abc123`), ['manifest', 'rm', `${REPO}:abc123`]],
    ['docker push', pushArguments('docker', `${REPO}:v1`, AUTH, '/ignored'), ['--config', AUTH, 'push', `${REPO}:v1`]],
    [
      'podman push',
      pushArguments('podman', `${REPO}:v1`, AUTH, `${AUTH}/d`),
      ['push', '--authfile', `${AUTH}/config.json`, '--digestfile', `${AUTH}/d`, `${REPO}:v1`],
    ],
    [
      'docker login',
      loginArguments('docker', AUTH, '127.0.0.1:5000', 'AWS'),
      ['--config', AUTH, 'login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5000'],
    ],
    [
      'podman login',
      loginArguments('podman', AUTH, '127.0.0.1:5000', 'AWS'),
      ['login', '--authfile', `${AUTH}/config.json`, '--username', 'AWS', '--password-stdin', '127.0.0.1:5000'],
    ],
    ['docker logout', logoutArguments('docker', AUTH, '127.0.0.1:5000'), ['--config', AUTH, 'logout', '127.0.0.1:5000']],
    ['podman logout', logoutArguments('podman', AUTH, '127.0.0.1:5000'), ['logout', '--authfile', `${AUTH}/config.json`, '127.0.0.1:5000']],
  ])('%s', (_name, argv, expected) => {
    expect(argv).toEqual(expected);
  });

  test('a login never carries a password on the command line, only the flag to read it from stdin', () => {
    for (const engine of ['docker', 'podman'] as const) {
      const argv = loginArguments(engine, AUTH, '127.0.0.1:5000', 'AWS');
      expect(argv).toContain('--password-stdin');
      expect(argv.some((argument) => argument === '-p' || argument === '--password' || argument.startsWith('--password='))).toBe(false);
    }
  });

  test('the podman auth file lives inside the private directory', () => {
    expect(authFile(AUTH)).toBe(`${AUTH}/config.json`);
  });
});

describe('probes', () => {
  test.each([
    ['docker', 'preferred', ['version', '--format', '{{.Server.Version}}']],
    ['docker', 'automatic', ['info', '--format', '{{.ServerVersion}}']],
    ['podman', 'preferred', ['version', '--format', '{{.Client.Version}}']],
    ['podman', 'automatic', ['version', '--format', '{{.Client.Version}}']],
  ] as const)('%s when %s asks the engine, not just the CLI', (engine, purpose, expected) => {
    expect(probeArguments(engine, purpose)).toEqual(expected);
  });

  test('the buildx probe sees the same private config as the build', () => {
    expect(buildxProbeArguments(AUTH)).toEqual(['--config', AUTH, 'buildx', 'version']);
  });
});

describe('digestFromPushOutput', () => {
  test.each([
    [`The push refers to repository [${REPO}]\n5f70bf18a086: Pushed\nabc123: digest: ${DIGEST} size: 528\n`, DIGEST],
    [`v1: digest: sha256:${'1'.repeat(64)} size: 1\nv1: digest: ${DIGEST} size: 528`, DIGEST],
    ['Everything up to date, no digest line', undefined],
    ['', undefined],
  ])('%#', (output, expected) => {
    expect(digestFromPushOutput(output)).toBe(expected);
  });
});
