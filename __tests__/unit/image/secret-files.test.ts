import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '../../../__fixtures__/core.js';

jest.unstable_mockModule('@actions/core', () => core);
const { writeSecretFiles } = await import('../../../src/image/secret-files.js');

let directory = '';
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-test-'));
  core.setSecret.mockClear();
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('writeSecretFiles', () => {
  test('writes an inline value to a 0600 file of the private directory, and remove() deletes it', async () => {
    const staged = await writeSecretFiles([{ id: 'npm_token', source: { kind: 'value', value: 'npm_0a1b2c3d' } }], directory, {});
    const [secret] = staged.secrets;
    const file = secret !== undefined && 'file' in secret ? secret.file : '';
    expect(path.dirname(file)).toBe(directory);
    expect(readFileSync(file, 'utf8')).toBe('npm_0a1b2c3d');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await staged.remove();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(directory)).toEqual([]);
  });

  test('masks an inline value, a variable and each line of a file before anything runs, and writes no file for them', async () => {
    const userFile = path.join(directory, 'pip.conf');
    writeFileSync(userFile, '[global]\nindex-url = https://token:pip_9z8y7x@pypi.example/simple\n');
    const staged = await writeSecretFiles(
      [
        { id: 'inline', source: { kind: 'value', value: 'npm_0a1b2c3d' } },
        { id: 'from_env', source: { kind: 'env', name: 'NPM_TOKEN' } },
        { id: 'from_file', source: { kind: 'file', path: userFile } },
      ],
      directory,
      { NPM_TOKEN: 'npm_env_5e6f' },
    );
    const masked = core.setSecret.mock.calls.map(([value]) => value);
    expect(masked).toEqual(
      expect.arrayContaining(['npm_0a1b2c3d', 'npm_env_5e6f', '[global]', 'index-url = https://token:pip_9z8y7x@pypi.example/simple']),
    );
    expect(staged.secrets.slice(1)).toEqual([
      { id: 'from_env', env: 'NPM_TOKEN' },
      { id: 'from_file', file: userFile },
    ]);
    await staged.remove();
    expect(readdirSync(directory)).toEqual(['pip.conf']);
  });
});
