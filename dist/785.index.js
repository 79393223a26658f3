export const id = 785;
export const ids = [785];
export const modules = {

/***/ 2785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  postToGitHub: () => (/* binding */ postToGitHub)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(3360);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var lib_github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(6001);
// EXTERNAL MODULE: ./src/task-definition/revision-label.ts
var revision_label = __webpack_require__(7215);
;// CONCATENATED MODULE: ./src/github/commit-status.ts

/** GitHub keeps at most this many characters of a status description. */
const MAX_DESCRIPTION = 140;
function commitStatusOf(result, deploy, runUrl) {
    const context = `oidc-ecs-deploy / ${deploy.cluster}/${deploy.services.join(',')}`;
    const ending = result.ending;
    if (ending.kind === 'failed') {
        return { state: 'failure', context, description: shortened(`${ending.phase} failed: ${ending.message}`), targetUrl: runUrl };
    }
    const revisions = result.services
        .filter((service) => service.taskDefinitionArn !== '')
        .map((service) => `${service.service} (${(0,revision_label/* taskDefinitionRevisionLabel */.I)(service.taskDefinitionArn)})`);
    const unchanged = result.services.length > 0 && result.services.every((service) => service.status === 'unchanged');
    const notWaitedFor = result.services.some((service) => service.status === 'updated');
    const description = unchanged
        ? `No change: ${deploy.cluster} already runs this image`
        : `${notWaitedFor ? 'Rollout started (not waited for) on' : 'Deployed to'} ${deploy.cluster}${revisions.length > 0 ? `: ${revisions.join(', ')}` : ''}`;
    return { state: 'success', context, description: shortened(description), targetUrl: runUrl };
}
function shortened(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length <= MAX_DESCRIPTION ? line : `${line.slice(0, MAX_DESCRIPTION - 1)}…`;
}

;// CONCATENATED MODULE: ./src/github/plan-comment.ts

/** GitHub refuses comment bodies over 65,536 characters; the diff is cut to stay below. */
const MAX_COMMENT_CHARACTERS = 65_000;
/** The hidden first line that identifies this step's comment for these services. */
function planMarker({ cluster, services }) {
    return `<!-- oidc-ecs-deploy plan: ${cluster}/${services.join(',')} -->`;
}
/** The comment to update: the first that carries the marker. */
function findMarked(comments, marker) {
    return comments.find((comment) => comment.body?.includes(marker) === true);
}
const WOULD = {
    planned: '📝 would be updated',
    unchanged: '✅ no change: already runs this image and settings',
    succeeded: 'succeeded',
    failed: '❌ failed',
    'timed-out': 'timed out',
    updated: 'updated',
    scaled: '📝 would change only its settings (no new deployment)',
};
function renderPlanComment(result, target, facts) {
    const ending = result.ending;
    const head = [
        planMarker(target),
        ending.kind === 'failed'
            ? `### ❌ oidc-ecs-deploy: the dry run for \`${target.cluster}\` failed`
            : `### 📝 oidc-ecs-deploy: plan for \`${target.cluster}\``,
        '',
        `Dry run of ${code(facts.sha.slice(0, 7) || 'this commit')} ([the run](${facts.runUrl})): nothing was pushed, registered or updated. This comment is updated on each push.`,
        '',
    ];
    if (ending.kind === 'failed')
        head.push(`> **${ending.phase}**: ${oneLine(ending.message)}`, '');
    if (result.image)
        head.push(`Image: ${code(result.image.uri)}`, '');
    if (result.services.length > 0) {
        head.push('| Service | Runs now | Would | Strategy |', '|---|---|---|---|');
        for (const service of result.services) {
            head.push(`| ${code(service.service)} | ${code(revision(service.previousTaskDefinitionArn))} | ${WOULD[service.status]} | ${service.strategy ?? '—'} |`);
        }
        head.push('');
    }
    if (result.plan.length === 0)
        return head.join('\n');
    const diff = (lines, cut) => [
        ...head,
        '<details open><summary>Task definition diff and steps</summary>',
        '',
        '```diff',
        ...lines,
        ...(cut ? ['… (cut: the job summary has the whole plan)'] : []),
        '```',
        '',
        '</details>',
        '',
    ].join('\n');
    let lines = result.plan.map(noFence);
    let body = diff(lines, false);
    while (body.length > MAX_COMMENT_CHARACTERS && lines.length > 0) {
        lines = lines.slice(0, Math.floor(lines.length * 0.8));
        body = diff(lines, true);
    }
    return body;
}
function revision(arn) {
    return arn ? (0,revision_label/* taskDefinitionRevisionLabel */.I)(arn) : '—';
}
function code(text) {
    return `\`${text.replace(/`/g, "'")}\``;
}
function oneLine(text) {
    return text.replace(/\r?\n/g, ' ');
}
/** A plan line that opens a fence would end the diff block early. */
function noFence(line) {
    return line.replace(/```/g, "'''");
}

// EXTERNAL MODULE: ./src/shared/constants.ts
var constants = __webpack_require__(5444);
;// CONCATENATED MODULE: ./src/github/run-facts.ts

function runFactsOf(context) {
    const { owner, repo } = context.repo;
    const pullRequest = constants/* PULL_REQUEST_EVENTS */.m_.includes(context.eventName) ? context.payload.pull_request : undefined;
    const head = pullRequest?.['head'];
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

;// CONCATENATED MODULE: ./src/github/post-to-github.ts
// Posts what the run did back to GitHub, once its result is known: a dry run's plan as a comment on its
// pull request (updating the comment an earlier push made), a deploy's outcome as a commit status. The
// only module that loads @actions/github (main.ts imports it lazily, so other runs never parse it).
// Nothing here fails the step: a refused call (a fork's read-only token, a missing permission) is a
// warning that names the permission the token needs.






async function postToGitHub(config, result) {
    const token = config.posting.token;
    if (token === undefined)
        return;
    try {
        const facts = runFactsOf(lib_github/* context */._);
        const github = (0,lib_github/* getOctokit */.Q)(token);
        if (config.deploy.dryRun) {
            if (facts.pullRequest !== undefined)
                await postPlan(github, config, result, facts, facts.pullRequest);
        }
        else {
            await postStatus(github, config, result, facts);
        }
    }
    catch (error) {
        core.warning(`Could not post to GitHub: ${(0,errors/* errorMessage */.gJ)(error)}`, { title: 'GitHub' });
    }
}
async function postPlan(github, config, result, facts, pullRequest) {
    const target = { cluster: config.deploy.cluster, services: config.deploy.services };
    const body = renderPlanComment(result, target, facts);
    const where = { owner: facts.owner, repo: facts.repo };
    try {
        const existing = await findPlanComment(github, where, pullRequest, planMarker(target));
        if (existing === undefined) {
            const created = await github.rest.issues.createComment({ ...where, issue_number: pullRequest, body });
            core.info(`Posted the plan on pull request #${pullRequest}: ${created.data.html_url}`);
        }
        else {
            const updated = await github.rest.issues.updateComment({ ...where, comment_id: existing, body });
            core.info(`Updated the plan on pull request #${pullRequest}: ${updated.data.html_url}`);
        }
    }
    catch (error) {
        core.warning(`Could not post the plan on pull request #${pullRequest}: ${refusal(error)}. The token needs \`pull-requests: write\` ` +
            '(a pull request from a fork gets a read-only token, so no comment can be posted there).', { title: 'GitHub' });
    }
}
/** The id of this step's comment for these services, read page by page until found. */
async function findPlanComment(github, where, pullRequest, marker) {
    const pages = github.paginate.iterator(github.rest.issues.listComments, { ...where, issue_number: pullRequest, per_page: 100 });
    for await (const page of pages) {
        const found = findMarked(page.data, marker);
        if (found !== undefined)
            return found.id;
    }
    return undefined;
}
async function postStatus(github, config, result, facts) {
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
    }
    catch (error) {
        core.warning(`Could not set the commit status of ${facts.sha.slice(0, 7)}: ${refusal(error)}. The token needs \`statuses: write\`.`, {
            title: 'GitHub',
        });
    }
}
/** GitHub's answer in a few words: its status and message. */
function refusal(error) {
    if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
        return `GitHub answered ${error.status} (${firstLine((0,errors/* errorMessage */.gJ)(error))})`;
    }
    return firstLine((0,errors/* errorMessage */.gJ)(error));
}
function firstLine(text) {
    return text.split('\n')[0]?.trim() ?? '';
}


/***/ })

};
