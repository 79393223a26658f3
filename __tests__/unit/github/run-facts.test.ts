import { describe, expect, test } from '@jest/globals';
import { runFactsOf, type ActionContext } from '../../../src/github/run-facts.js';

const HEAD = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
const MERGE = '0123456789abcdef0123456789abcdef01234567';

function context(eventName: string, payload: ActionContext['payload'], runAttempt = 1): ActionContext {
  return {
    eventName,
    sha: MERGE,
    runId: 42,
    runAttempt,
    serverUrl: 'https://github.com',
    repo: { owner: 'my-org', repo: 'my-app' },
    payload,
  };
}

describe('runFactsOf (from @actions/github context)', () => {
  test.each<[string, ActionContext, number | undefined, string]>([
    ['a pull request: its number and head commit', context('pull_request', { pull_request: { number: 7, head: { sha: HEAD } } }), 7, HEAD],
    ['pull_request_target too', context('pull_request_target', { pull_request: { number: 8, head: { sha: HEAD } } }), 8, HEAD],
    ['a push: no pull request, GITHUB_SHA', context('push', { ref: 'refs/heads/main' }), undefined, MERGE],
    ['an issue comment is not a pull request run', context('issue_comment', { issue: { number: 9 } }), undefined, MERGE],
    ['a pull request payload without a head: GITHUB_SHA', context('pull_request', { pull_request: { number: 7 } }), 7, MERGE],
  ])('%s', (_name, given, pullRequest, sha) => {
    const facts = runFactsOf(given);
    expect(facts.pullRequest).toBe(pullRequest);
    expect(facts.sha).toBe(sha);
    expect(facts.owner).toBe('my-org');
    expect(facts.repo).toBe('my-app');
  });

  test.each([
    [1, 'https://github.com/my-org/my-app/actions/runs/42/attempts/1'],
    [3, 'https://github.com/my-org/my-app/actions/runs/42/attempts/3'],
    [Number.NaN, 'https://github.com/my-org/my-app/actions/runs/42'],
  ])('links attempt %d of the run', (attempt, url) => {
    expect(runFactsOf(context('push', {}, attempt)).runUrl).toBe(url);
  });
});
