import { describe, expect, test } from '@jest/globals';
import { sessionTags } from '../../../src/auth/session-tags.js';

describe('sessionTags', () => {
  test('tags the repository and the run', () => {
    expect(sessionTags({ repository: 'my-org/my-app', runId: '4242', runAttempt: '1' })).toEqual([
      { Key: 'Repository', Value: 'my-org/my-app' },
      { Key: 'RunId', Value: '4242' },
      { Key: 'RunAttempt', Value: '1' },
    ]);
  });

  test.each([
    { label: 'characters STS refuses become underscores', repository: 'my-org/my app#1', expected: 'my-org/my app_1' },
    { label: 'letters of any script stay', repository: 'my-org/café', expected: 'my-org/café' },
    { label: 'long values are cut at 256 characters', repository: 'a'.repeat(300), expected: 'a'.repeat(256) },
  ])('$label', ({ repository, expected }) => {
    expect(sessionTags({ repository, runId: '1', runAttempt: '1' })[0]).toEqual({ Key: 'Repository', Value: expected });
  });

  test('leaves out empty values', () => {
    expect(sessionTags({ repository: '', runId: '4242', runAttempt: '' })).toEqual([{ Key: 'RunId', Value: '4242' }]);
  });
});
