// GitHub's REST API, the few calls the action makes with `github-token`: a pull request's comments
// (list, create, update) and commit statuses. Answers as api.github.com does (status codes, JSON shapes,
// `Link` pagination, the messages of a refused token) for one repository, behind a bearer token that
// tests can make read-only, as a fork's pull request gets it.
import { randomBytes } from 'node:crypto';
import type { HttpAnswer } from './oidc.js';

export const GITHUB_API_BASE_PATH = '/github/api';

export interface IssueComment {
  readonly id: number;
  readonly issueNumber: number;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CommitStatus {
  readonly id: number;
  readonly sha: string;
  readonly state: string;
  readonly description: string | null;
  readonly targetUrl: string | null;
  readonly context: string;
}

export interface GithubApi {
  /** GITHUB_API_URL for the action, e.g. `http://127.0.0.1:PORT/github/api`. */
  readonly url: string;
  /** The token the API accepts (what `${{ github.token }}` would be). */
  readonly token: string;
  /** `read`: writes are refused with 403, as with a fork's token or a job without `pull-requests: write`. */
  setAccess(access: 'write' | 'read'): void;
  /** Adds a comment as someone else would (a reviewer), to check that the action finds its own. */
  addComment(issueNumber: number, body: string): IssueComment;
  comments(issueNumber: number): readonly IssueComment[];
  statuses(sha?: string): readonly CommitStatus[];
  answer(method: string, pathAndQuery: string, authorization: string | undefined, body: string): HttpAnswer | undefined;
}

const DOCS = 'https://docs.github.com/rest';

export function createGithubApi(endpoint: string, repository: () => string): GithubApi {
  const url = `${endpoint}${GITHUB_API_BASE_PATH}`;
  const token = `ghs_${randomBytes(18).toString('base64url')}`;
  let access: 'write' | 'read' = 'write';
  let nextId = 1_000_001;
  const comments: IssueComment[] = [];
  const statuses: CommitStatus[] = [];

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  });
  const error = (status: number, message: string): HttpAnswer => json(status, { message, documentation_url: DOCS, status: String(status) });

  const commentJson = (comment: IssueComment): unknown => ({
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${url}/repos/${repository()}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${repository()}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${url}/repos/${repository()}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    author_association: 'NONE',
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
  });

  const addComment = (issueNumber: number, body: string): IssueComment => {
    const now = new Date().toISOString();
    const comment = { id: nextId++, issueNumber, body, createdAt: now, updatedAt: now };
    comments.push(comment);
    return comment;
  };

  const listComments = (issueNumber: number, query: URLSearchParams, path: string): HttpAnswer => {
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const all = comments.filter((comment) => comment.issueNumber === issueNumber);
    const lastPage = Math.max(1, Math.ceil(all.length / perPage));
    const link = (number: number, rel: string): string => `<${endpoint}${path}?per_page=${perPage}&page=${number}>; rel="${rel}"`;
    const links = page < lastPage ? [link(page + 1, 'next'), link(lastPage, 'last')] : [];
    return json(200, all.slice((page - 1) * perPage, page * perPage).map(commentJson), links.length > 0 ? { link: links.join(', ') } : {});
  };

  return {
    url,
    token,
    setAccess: (next) => {
      access = next;
    },
    addComment,
    comments: (issueNumber) => comments.filter((comment) => comment.issueNumber === issueNumber),
    statuses: (sha) => statuses.filter((status) => sha === undefined || status.sha === sha),
    answer(method, pathAndQuery, authorization, rawBody) {
      const parsed = new URL(pathAndQuery, endpoint);
      if (!parsed.pathname.startsWith(`${GITHUB_API_BASE_PATH}/`)) return undefined;
      const path = parsed.pathname.slice(GITHUB_API_BASE_PATH.length);
      const given = /^(?:token|bearer) (.+)$/i.exec(authorization ?? '')?.[1];
      if (given !== token) return error(401, 'Bad credentials');
      const route = /^\/repos\/([^/]+\/[^/]+)\/(.+)$/.exec(path);
      if (route?.[1] !== repository()) return error(404, 'Not Found');
      const rest = route[2] ?? '';
      const write = method !== 'GET';
      if (write && access === 'read') return error(403, 'Resource not accessible by integration');
      let body: Record<string, unknown> = {};
      if (write) {
        try {
          const value: unknown = JSON.parse(rawBody || '{}');
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return error(400, 'Problems parsing JSON');
          body = value as Record<string, unknown>;
        } catch {
          return error(400, 'Problems parsing JSON');
        }
      }
      const issueComments = /^issues\/(\d+)\/comments$/.exec(rest);
      if (issueComments) {
        const issueNumber = Number(issueComments[1]);
        if (method === 'GET') return listComments(issueNumber, parsed.searchParams, parsed.pathname);
        if (method === 'POST') {
          if (typeof body['body'] !== 'string') return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
          return json(201, commentJson(addComment(issueNumber, body['body'])));
        }
      }
      const oneComment = /^issues\/comments\/(\d+)$/.exec(rest);
      if (oneComment && method === 'PATCH') {
        const index = comments.findIndex((comment) => comment.id === Number(oneComment[1]));
        const existing = comments[index];
        if (existing === undefined) return error(404, 'Not Found');
        if (typeof body['body'] !== 'string') return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
        const updated = { ...existing, body: body['body'], updatedAt: new Date().toISOString() };
        comments[index] = updated;
        return json(200, commentJson(updated));
      }
      const status = /^statuses\/([0-9a-f]{40})$/.exec(rest);
      if (status && method === 'POST') {
        const state = body['state'];
        if (state !== 'error' && state !== 'failure' && state !== 'pending' && state !== 'success') {
          return error(422, 'Validation Failed');
        }
        const text = (name: string): string | null => (typeof body[name] === 'string' ? body[name] : null);
        const created: CommitStatus = {
          id: nextId++,
          sha: status[1] ?? '',
          state,
          description: text('description'),
          targetUrl: text('target_url'),
          context: text('context') ?? 'default',
        };
        if ((created.description?.length ?? 0) > 140) return error(422, 'Validation Failed');
        statuses.push(created);
        const now = new Date().toISOString();
        return json(201, {
          id: created.id,
          state,
          description: created.description,
          target_url: created.targetUrl,
          context: created.context,
          created_at: now,
          updated_at: now,
        });
      }
      return error(404, 'Not Found');
    },
  };
}
