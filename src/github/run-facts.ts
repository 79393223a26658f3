// The run as GitHub names it, for what the step posts back: read from @actions/github's context (which
// post-to-github.ts loads only when there is something to post, so no other run pays for parsing it).
// Pure: it maps a context-shaped value, so the tests give it plain objects.
import type { context } from '@actions/github';
import { PULL_REQUEST_EVENTS } from '../shared/constants.js';

/** What this module reads of @actions/github's `context`. */
export type ActionContext = Pick<typeof context, 'eventName' | 'sha' | 'runId' | 'runAttempt' | 'serverUrl' | 'repo' | 'payload'>;

export interface RunFacts {
  readonly owner: string;
  readonly repo: string;
  /** The pull request of a `pull_request` (or `pull_request_target`) run; undefined for any other event. */
  readonly pullRequest: number | undefined;
  /** The commit the run is about: a pull request's head (GITHUB_SHA is its merge commit there), else GITHUB_SHA. */
  readonly sha: string;
  /** The run's page (this attempt's), the link in the comment and the commit status. */
  readonly runUrl: string;
}

export function runFactsOf(context: ActionContext): RunFacts {
  const { owner, repo } = context.repo;
  const pullRequest = PULL_REQUEST_EVENTS.includes(context.eventName) ? context.payload.pull_request : undefined;
  const head: unknown = pullRequest?.['head'];
  const headSha = typeof head === 'object' && head !== null && 'sha' in head && typeof head.sha === 'string' ? head.sha : '';
  const attempt = Number.isInteger(context.runAttempt) && context.runAttempt > 0 ? `/attempts/${context.runAttempt}` : '';
  return {
    owner,
    repo,
    pullRequest: pullRequest?.number,
    sha: headSha || context.sha,
    runUrl: `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}${attempt}`,
  };
}
