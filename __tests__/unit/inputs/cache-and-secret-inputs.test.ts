import { describe, expect, test } from '@jest/globals';
import { readBuildCache, readBuildSecrets } from '../../../src/inputs/cache-and-secret-inputs.js';
import type { InputName } from '../../../src/inputs/field-readers.js';
import type { InputSources } from '../../../src/inputs/input-sources.js';

const WORKSPACE = '/home/runner/work/my-app/my-app';

function reader(inputs: Partial<Record<InputName, string>>): (name: InputName) => string {
  return (name) => inputs[name] ?? '';
}

const SOURCES: InputSources = {
  getInput: () => '',
  env: { NPM_TOKEN: 'npm_0a1b2c3d', EMPTY: '' },
  isFile: (file) => file === `${WORKSPACE}/ci/pip.conf`,
  isDirectory: () => false,
  readFile: () => {
    throw new Error('the build secrets reader reads no file');
  },
};

describe('readBuildCache', () => {
  test.each([
    [{}, undefined],
    [{ 'cache-tag': 'main' }, undefined],
    [{ 'cache-repository': 'my-org/my-app-cache' }, { repository: 'my-org/my-app-cache', registryId: undefined, tag: 'buildcache' }],
    [
      { 'cache-repository': '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app-cache', 'cache-tag': 'main-cache' },
      { repository: 'my-org/my-app-cache', registryId: '123456789012', tag: 'main-cache' },
    ],
  ] as const)('%j reads as %j', (inputs, expected) => {
    expect(readBuildCache(reader({ 'aws-region': 'us-east-1', ...inputs }))).toEqual(expected);
  });
});

describe('readBuildSecrets', () => {
  test('reads each form, keeps `=` inside a value, and skips blank and comment lines', () => {
    const secrets = readBuildSecrets(
      reader({ 'build-secrets': '# the npm token\nnpm_token=env:NPM_TOKEN\n\npip.conf=file:ci/pip.conf\nsigning-key=a=b c==\n' }),
      SOURCES,
      WORKSPACE,
    );
    expect(secrets).toEqual([
      { id: 'npm_token', source: { kind: 'env', name: 'NPM_TOKEN' } },
      { id: 'pip.conf', source: { kind: 'file', path: `${WORKSPACE}/ci/pip.conf` } },
      { id: 'signing-key', source: { kind: 'value', value: 'a=b c==' } },
    ]);
  });

  test.each([
    ['a line without an id', 'hunter2-secret-value'],
    ['an id with a space', 'my token=hunter2-secret-value'],
    ['an id given twice', 'npm=hunter2-secret-value\nnpm=hunter2-secret-value'],
    ['an empty variable', 'npm=env:EMPTY'],
  ])('refuses %s without showing any value', (_name, text) => {
    let message = '';
    try {
      readBuildSecrets(reader({ 'build-secrets': text }), SOURCES, WORKSPACE);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toMatch(/^Input `build-secrets` was "line \d+( \(id [a-z]+\))?, value hidden"; expected /);
    expect(message).not.toContain('hunter2');
  });
});
