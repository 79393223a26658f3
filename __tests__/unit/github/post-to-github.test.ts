// postToGitHub: which call each run makes, and that every refusal is a warning naming the permission.
// @actions/github is a stand-in here; the end-to-end tests run the real client against the stand-in API.
import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { sampleConfig } from '../../../__fixtures__/config.js';
import { EMPTY_RECORD, type RunResult } from '../../../src/report/report.js';

jest.unstable_mockModule('@actions/core', async () => await import('../../../__fixtures__/core.js'));

interface Comment {
  id: number;
  body: string;
}
let pages: Comment[][] = [];
const listComments = jest.fn();
const createComment = jest.fn((_request: Record<string, unknown>) =>
  Promise.resolve({ data: { html_url: 'https://github.com/my-org/my-app/pull/7#issuecomment-2' } }),
);
const updateComment = jest.fn((_request: Record<string, unknown>) =>
  Promise.resolve({ data: { html_url: 'https://github.com/my-org/my-app/pull/7#issuecomment-1' } }),
);
const createCommitStatus = jest.fn((_request: Record<string, unknown>) => Promise.resolve({ data: {} }));
const octokit = {
  rest: { issues: { listComments, createComment, updateComment }, repos: { createCommitStatus } },
  paginate: {
    iterator: jest.fn(() =>
      (async function* () {
        for (const page of pages) yield { data: page };
      })(),
    ),
  },
};
const getOctokit = jest.fn((_token: string) => octokit);
const context = {
  eventName: 'pull_request',
  sha: 'f'.repeat(40),
  runId: 42,
  runAttempt: 1,
  serverUrl: 'https://github.com',
  repo: { owner: 'my-org', repo: 'my-app' },
  payload: { pull_request: { number: 7, head: { sha: 'a'.repeat(40) } } } as Record<string, unknown>,
};
jest.unstable_mockModule('@actions/github', () => ({ context, getOctokit }));

const core = await import('../../../__fixtures__/core.js');
const { postToGitHub } = await import('../../../src/github/post-to-github.js');

const MARKER = '<!-- oidc-ecs-deploy plan: default/my-service -->';
const DRY_RUN: RunResult = { ...EMPTY_RECORD, ending: { kind: 'dry-run' } };
const DEPLOYED: RunResult = { ...EMPTY_RECORD, ending: { kind: 'deployed' } };
const dryRunConfig = sampleConfig({ deploy: { dryRun: true }, posting: { token: 'ghs_abc123' } });
const deployConfig = sampleConfig({ posting: { token: 'ghs_abc123' } });

function refused(status: number, message: string): Error & { status: number } {
  return Object.assign(new Error(message), { status });
}

beforeEach(() => {
  jest.clearAllMocks();
  pages = [];
  context.payload = { pull_request: { number: 7, head: { sha: 'a'.repeat(40) } } };
});

describe('postToGitHub on a dry run', () => {
  test('creates the comment when no page carries the marker', async () => {
    pages = [[{ id: 1, body: 'LGTM' }]];
    await postToGitHub(dryRunConfig, DRY_RUN);
    expect(getOctokit).toHaveBeenCalledWith('ghs_abc123');
    expect(createComment).toHaveBeenCalledWith(expect.objectContaining({ owner: 'my-org', repo: 'my-app', issue_number: 7 }));
    expect(updateComment).not.toHaveBeenCalled();
    expect(core.warning).not.toHaveBeenCalled();
  });

  test('updates the marked comment found on a later page', async () => {
    pages = [[{ id: 1, body: 'LGTM' }], [{ id: 5, body: `${MARKER}\nold plan` }]];
    await postToGitHub(dryRunConfig, DRY_RUN);
    expect(updateComment).toHaveBeenCalledWith(expect.objectContaining({ owner: 'my-org', repo: 'my-app', comment_id: 5 }));
    expect(createComment).not.toHaveBeenCalled();
  });

  test('posts nothing when the run has no pull request', async () => {
    context.payload = {};
    await postToGitHub(dryRunConfig, DRY_RUN);
    expect(octokit.paginate.iterator).not.toHaveBeenCalled();
    expect(createComment).not.toHaveBeenCalled();
  });

  test.each([
    [403, 'Resource not accessible by integration'],
    [404, 'Not Found'],
  ])('a %d is a warning naming pull-requests: write, never a throw', async (status, message) => {
    createComment.mockRejectedValueOnce(refused(status, message));
    await expect(postToGitHub(dryRunConfig, DRY_RUN)).resolves.toBeUndefined();
    expect(core.warning).toHaveBeenCalledTimes(1);
    expect(core.warning.mock.calls[0]?.[0]).toBe(
      `Could not post the plan on pull request #7: GitHub answered ${status} (${message}). The token needs \`pull-requests: write\` ` +
        '(a pull request from a fork gets a read-only token, so no comment can be posted there).',
    );
    expect(core.setFailed).not.toHaveBeenCalled();
  });
});

describe('postToGitHub on a deploy', () => {
  test('sets the commit status of the pull request head commit, with the run link', async () => {
    await postToGitHub(deployConfig, DEPLOYED);
    expect(createCommitStatus).toHaveBeenCalledWith({
      owner: 'my-org',
      repo: 'my-app',
      sha: 'a'.repeat(40),
      state: 'success',
      context: 'oidc-ecs-deploy / default/my-service',
      description: 'Deployed to default',
      target_url: 'https://github.com/my-org/my-app/actions/runs/42/attempts/1',
    });
    expect(createComment).not.toHaveBeenCalled();
  });

  test('a refused status is a warning naming statuses: write', async () => {
    createCommitStatus.mockRejectedValueOnce(refused(403, 'Resource not accessible by integration'));
    await postToGitHub(deployConfig, DEPLOYED);
    expect(core.warning.mock.calls[0]?.[0]).toBe(
      'Could not set the commit status of aaaaaaa: GitHub answered 403 (Resource not accessible by integration). The token needs `statuses: write`.',
    );
    expect(core.setFailed).not.toHaveBeenCalled();
  });

  test('without a token nothing is called', async () => {
    await postToGitHub(sampleConfig(), DEPLOYED);
    expect(getOctokit).not.toHaveBeenCalled();
  });
});
