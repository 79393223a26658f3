// Posts what the run did back to GitHub, once its result is known: a dry run's plan as a comment on its
// pull request (updating the comment an earlier push made), a deploy's outcome as a commit status. The
// only module that loads @actions/github (main.ts imports it lazily, so other runs never parse it).
// Nothing here fails the step: a refused call (a fork's read-only token, a missing permission) is a
// warning that names the permission the token needs.
import * as core from '@actions/core';
import { context, getOctokit } from '@actions/github';
import type { Config } from '../inputs/config.js';
import type { RunResult } from '../report/report.js';
import { errorMessage } from '../shared/errors.js';
import { commitStatusOf } from './commit-status.js';
import { findMarked, planMarker, renderPlanComment } from './plan-comment.js';
import { runFactsOf, type RunFacts } from './run-facts.js';

type GitHubClient = ReturnType<typeof getOctokit>;

export async function postToGitHub(config: Config, result: RunResult): Promise<void> {
  const token = config.posting.token;
  if (token === undefined) return;
  try {
    const facts = runFactsOf(context);
    const github = getOctokit(token);
    if (config.deploy.dryRun) {
      if (facts.pullRequest !== undefined) await postPlan(github, config, result, facts, facts.pullRequest);
    } else {
      await postStatus(github, config, result, facts);
    }
  } catch (error) {
    core.warning(`Could not post to GitHub: ${errorMessage(error)}`, { title: 'GitHub' });
  }
}

async function postPlan(github: GitHubClient, config: Config, result: RunResult, facts: RunFacts, pullRequest: number): Promise<void> {
  const target = { cluster: config.deploy.cluster, services: config.deploy.services };
  const body = renderPlanComment(result, target, facts);
  const where = { owner: facts.owner, repo: facts.repo };
  try {
    const existing = await findPlanComment(github, where, pullRequest, planMarker(target));
    if (existing === undefined) {
      const created = await github.rest.issues.createComment({ ...where, issue_number: pullRequest, body });
      core.info(`Posted the plan on pull request #${pullRequest}: ${created.data.html_url}`);
    } else {
      const updated = await github.rest.issues.updateComment({ ...where, comment_id: existing, body });
      core.info(`Updated the plan on pull request #${pullRequest}: ${updated.data.html_url}`);
    }
  } catch (error) {
    core.warning(
      `Could not post the plan on pull request #${pullRequest}: ${refusal(error)}. The token needs \`pull-requests: write\` ` +
        '(a pull request from a fork gets a read-only token, so no comment can be posted there).',
      { title: 'GitHub' },
    );
  }
}

/** The id of this step's comment for these services, read page by page until found. */
async function findPlanComment(
  github: GitHubClient,
  where: { owner: string; repo: string },
  pullRequest: number,
  marker: string,
): Promise<number | undefined> {
  const pages = github.paginate.iterator(github.rest.issues.listComments, { ...where, issue_number: pullRequest, per_page: 100 });
  for await (const page of pages) {
    const found = findMarked(page.data, marker);
    if (found !== undefined) return found.id;
  }
  return undefined;
}

async function postStatus(github: GitHubClient, config: Config, result: RunResult, facts: RunFacts): Promise<void> {
  const status = commitStatusOf(result, config.deploy, facts.runUrl);
  try {
    await github.rest.repos.createCommitStatus({
      owner: facts.owner,
      repo: facts.repo,
      sha: facts.sha,
      state: status.state,
      context: status.context,
      description: status.description,
      target_url: status.targetUrl,
    });
    core.info(`Set the commit status of ${facts.sha.slice(0, 7)}: ${status.state} (${status.context}).`);
  } catch (error) {
    core.warning(`Could not set the commit status of ${facts.sha.slice(0, 7)}: ${refusal(error)}. The token needs \`statuses: write\`.`, {
      title: 'GitHub',
    });
  }
}

/** GitHub's answer in a few words: its status and message. */
function refusal(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return `GitHub answered ${error.status} (${firstLine(errorMessage(error))})`;
  }
  return firstLine(errorMessage(error));
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}
