// The deploy seen from GitHub, with `github-token`: a dry run on a pull request posts its plan as one
// comment that later pushes update, a refused token is a warning, and a deploy sets a commit status. The
// bundle reaches the stand-in's GitHub REST API through GITHUB_API_URL, as it reaches api.github.com.
import { describe, expect, test } from '@jest/globals';
import { CLUSTER, SERVICE } from '../../standin/harness/world.js';
import { deploy, errorLines, worldPerTest } from './helpers.js';

const setUp = worldPerTest();
const MARKER = `<!-- oidc-ecs-deploy plan: ${CLUSTER}/${SERVICE} -->`;
const FIRST_HEAD = '1111111111111111111111111111111111111111';
const SECOND_HEAD = '2222222222222222222222222222222222222222';
/** runAction's GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT. */
const RUN_URL = 'https://github.com/my-org/my-app/actions/runs/4242424242/attempts/1';

/** The warnings about posting to GitHub (the world's inputs bring a dry-run warning of their own). */
function githubWarnings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::warning title=GitHub::'));
}

function githubCalls(current: Awaited<ReturnType<typeof setUp>>): string[] {
  return current.standin
    .calls()
    .filter((call) => call.service === 'github')
    .map((call) => `${call.operation} ${call.status}`);
}

describe('github-token on a pull request dry run', () => {
  test('the first push creates one comment with the marker and the plan; the next push updates that comment', async () => {
    const current = await setUp();
    const api = current.standin.github.api;
    const reviewer = api.addComment(7, 'Looks good, but check the memory limits.');
    const inputs = { 'dry-run': 'true', 'github-token': api.token };

    const first = await deploy(current, inputs, current.pullRequestEvent(7, FIRST_HEAD));
    expect(errorLines(first)).toEqual([]);
    expect(githubWarnings(first.stdout)).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(`::add-mask::${api.token}`);
    const [, created] = api.comments(7);
    expect(api.comments(7)).toHaveLength(2);
    expect(created?.body.split('\n')[0]).toBe(MARKER);
    expect(created?.body).toContain(`### 📝 oidc-ecs-deploy: plan for \`${CLUSTER}\``);
    expect(created?.body).toContain(`Dry run of \`1111111\` ([the run](${RUN_URL}))`);
    expect(created?.body).toContain(`| \`${SERVICE}\` | \`my-app:1\` | 📝 would be updated |`);
    // How ECS would roll it out, as DescribeServices describes the service.
    expect(created?.body).toMatch(new RegExp(`\\| \`${SERVICE}\` \\| \`my-app:1\` \\| 📝 would be updated \\| rolling[^|]* \\|`));
    expect(created?.body).toContain('```diff');
    expect(created?.body).toContain('containerDefinitions[app].image');
    expect(created?.body).toContain(`UpdateService ${CLUSTER}/${SERVICE}`);
    expect(first.stdout).toMatch(/Posted the plan on pull request #7: https:\/\/github\.com\/my-org\/my-app\/pull\/7#issuecomment-\d+/);

    const second = await deploy(current, inputs, current.pullRequestEvent(7, SECOND_HEAD));
    expect(second.exitCode).toBe(0);
    expect(githubWarnings(second.stdout)).toEqual([]);
    expect(second.stdout).toContain('Updated the plan on pull request #7');
    const comments = api.comments(7);
    expect(comments.map((comment) => comment.id)).toEqual([reviewer.id, created?.id]);
    expect(comments[0]?.body).toBe('Looks good, but check the memory limits.');
    expect(comments[1]?.body).not.toBe(created?.body);
    expect(comments[1]?.body).toContain('Dry run of `2222222`');
    expect(comments[1]?.body.split('\n')[0]).toBe(MARKER);
    expect(githubCalls(current)).toEqual([
      'GET /repos/my-org/my-app/issues/7/comments 200',
      'POST /repos/my-org/my-app/issues/7/comments 201',
      'GET /repos/my-org/my-app/issues/7/comments 200',
      `PATCH /repos/my-org/my-app/issues/comments/${created?.id ?? ''} 200`,
    ]);
    expect(api.statuses()).toEqual([]);
  });

  test('a read-only token (a fork, or no pull-requests: write) is a warning naming the permission, and the dry run still succeeds', async () => {
    const current = await setUp();
    current.makeGithubTokenReadOnly();
    const run = await deploy(current, { 'dry-run': 'true', 'github-token': current.standin.github.api.token }, current.pullRequestEvent(9));
    expect(run.exitCode).toBe(0);
    expect(errorLines(run)).toEqual([]);
    expect(githubWarnings(run.stdout)).toEqual([
      '::warning title=GitHub::Could not post the plan on pull request #9: GitHub answered 403 (Resource not accessible by integration - https://docs.github.com/rest). ' +
        'The token needs `pull-requests: write` (a pull request from a fork gets a read-only token, so no comment can be posted there).',
    ]);
    expect(run.outputs['deployed']).toBe('false');
    expect(current.standin.github.api.comments(9)).toEqual([]);
  });

  test('without github-token nothing is sent to GitHub', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'dry-run': 'true' }, current.pullRequestEvent(7));
    expect(run.exitCode).toBe(0);
    expect(githubCalls(current)).toEqual([]);
  });
});

describe('github-token on a deploy', () => {
  test('sets a commit status with the outcome and a link to the run', async () => {
    const current = await setUp();
    const api = current.standin.github.api;
    const run = await deploy(current, { 'github-token': api.token });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const revision = (run.outputs['task-definition-arn'] ?? '').split('/').pop() ?? '';
    expect(api.statuses().map(({ id: _id, ...status }) => status)).toEqual([
      {
        // runAction's GITHUB_SHA: a push's commit.
        sha: '0123456789abcdef0123456789abcdef01234567',
        state: 'success',
        context: `oidc-ecs-deploy / ${CLUSTER}/${SERVICE}`,
        description: `Deployed to ${CLUSTER}: ${SERVICE} (${revision})`,
        targetUrl: RUN_URL,
      },
    ]);
    expect(run.stdout).toContain(`Set the commit status of 0123456: success (oidc-ecs-deploy / ${CLUSTER}/${SERVICE}).`);
    expect(api.comments(7)).toEqual([]);
  });
});
