import { describe, expect, test } from '@jest/globals';
import { secretArguments, stagedSecrets } from '../../../src/image/build-secrets.js';
import type { BuildSecret } from '../../../src/inputs/config.js';

const SECRETS: BuildSecret[] = [
  { id: 'npm_token', source: { kind: 'env', name: 'NPM_TOKEN' } },
  { id: 'pip.conf', source: { kind: 'file', path: '/work/my app/ci/pip.conf' } },
  { id: 'signing-key', source: { kind: 'value', value: 'a=b c==' } },
];
const fileFor = (index: number): string => `/runner/_temp/oidc-ecs-deploy-Ab12Cd/build-secret-${index}`;

describe('stagedSecrets', () => {
  test('an inline value goes to its own file; a variable and a file stay where they are', () => {
    expect(stagedSecrets(SECRETS, fileFor)).toEqual([
      { id: 'npm_token', env: 'NPM_TOKEN' },
      { id: 'pip.conf', file: '/work/my app/ci/pip.conf' },
      { id: 'signing-key', file: '/runner/_temp/oidc-ecs-deploy-Ab12Cd/build-secret-2' },
    ]);
  });
});

describe('secretArguments', () => {
  test.each([
    [
      'docker',
      [
        '--secret',
        'id=npm_token,env=NPM_TOKEN',
        '--secret',
        'id=pip.conf,src=/work/my app/ci/pip.conf',
        '--secret',
        'id=signing-key,src=/runner/_temp/oidc-ecs-deploy-Ab12Cd/build-secret-2',
      ],
    ],
    [
      'podman',
      [
        '--secret',
        'id=npm_token,type=env,src=NPM_TOKEN',
        '--secret',
        'id=pip.conf,src=/work/my app/ci/pip.conf',
        '--secret',
        'id=signing-key,src=/runner/_temp/oidc-ecs-deploy-Ab12Cd/build-secret-2',
      ],
    ],
  ] as const)('%s: ids and where to read them, never a value', (engine, expected) => {
    const argv = secretArguments(engine, stagedSecrets(SECRETS, fileFor));
    expect(argv).toEqual(expected);
    expect(argv.join(' ')).not.toContain('a=b c==');
  });

  test('no secrets, no arguments', () => {
    expect(secretArguments('docker', [])).toEqual([]);
  });
});
