// GitHub's REST API as the stand-in answers it: the bearer token, pagination of comments, a read-only
// token's 403, and the validation GitHub does on comments and statuses. Plain fetch, as any client.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

const { startStandin } = await import('../index.js');
type Standin = Awaited<ReturnType<typeof startStandin>>;

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin();
});
afterAll(async () => {
  await standin.stop();
});

async function call(method: string, path: string, body?: unknown, token = standin.github.api.token) {
  const response = await fetch(`${standin.github.api.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, link: response.headers.get('link'), json: await response.json() };
}

describe('the stand-in GitHub REST API', () => {
  test('is where GITHUB_API_URL points', () => {
    expect(standin.env()['GITHUB_API_URL']).toBe(standin.github.api.url);
  });

  test('refuses a wrong token with 401 and another repository with 404', async () => {
    expect((await call('GET', '/repos/my-org/my-app/issues/1/comments', undefined, 'ghs_wrong')).status).toBe(401);
    expect((await call('GET', '/repos/other/repo/issues/1/comments')).status).toBe(404);
  });

  test('creates, lists page by page with a Link header, and updates comments', async () => {
    for (const text of ['one', 'two', 'three'])
      expect((await call('POST', '/repos/my-org/my-app/issues/3/comments', { body: text })).status).toBe(201);
    const first = await call('GET', '/repos/my-org/my-app/issues/3/comments?per_page=2');
    expect((first.json as { body: string }[]).map((comment) => comment.body)).toEqual(['one', 'two']);
    expect(first.link).toMatch(/[?&]page=2>; rel="next"/);
    const second = await call('GET', '/repos/my-org/my-app/issues/3/comments?per_page=2&page=2');
    expect((second.json as { body: string }[]).map((comment) => comment.body)).toEqual(['three']);
    expect(second.link).toBeNull();
    const [one] = standin.github.api.comments(3);
    const updated = await call('PATCH', `/repos/my-org/my-app/issues/comments/${one?.id ?? 0}`, { body: 'one, edited' });
    expect(updated.status).toBe(200);
    expect(standin.github.api.comments(3).map((comment) => comment.body)).toEqual(['one, edited', 'two', 'three']);
    expect((await call('PATCH', '/repos/my-org/my-app/issues/comments/1', { body: 'x' })).status).toBe(404);
    expect((await call('POST', '/repos/my-org/my-app/issues/3/comments', {})).status).toBe(422);
  });

  test('creates a commit status, refusing an unknown state and a description over 140 characters', async () => {
    const sha = 'a'.repeat(40);
    const created = await call('POST', `/repos/my-org/my-app/statuses/${sha}`, {
      state: 'success',
      context: 'ci',
      target_url: 'https://x',
    });
    expect(created.status).toBe(201);
    expect((await call('POST', `/repos/my-org/my-app/statuses/${sha}`, { state: 'done' })).status).toBe(422);
    expect((await call('POST', `/repos/my-org/my-app/statuses/${sha}`, { state: 'failure', description: 'x'.repeat(141) })).status).toBe(
      422,
    );
    expect(standin.github.api.statuses(sha)).toEqual([
      { id: expect.any(Number) as unknown as number, sha, state: 'success', description: null, targetUrl: 'https://x', context: 'ci' },
    ]);
  });

  test('with a read-only token reads but refuses every write with 403', async () => {
    standin.github.api.setAccess('read');
    try {
      expect((await call('GET', '/repos/my-org/my-app/issues/3/comments')).status).toBe(200);
      const refused = await call('POST', '/repos/my-org/my-app/issues/3/comments', { body: 'x' });
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ message: 'Resource not accessible by integration' });
      expect((await call('POST', `/repos/my-org/my-app/statuses/${'b'.repeat(40)}`, { state: 'success' })).status).toBe(403);
    } finally {
      standin.github.api.setAccess('write');
    }
  });
});
