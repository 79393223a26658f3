export const id = 100;
export const ids = [100,331];
export const modules = {

/***/ 1331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   codeDeployClientLike: () => (/* binding */ codeDeployClientLike)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7507);
/* harmony import */ var _shared_aws_clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9085);
// The CodeDeploy client, built like the others (aws-clients.ts) from the region and credentials the ECS
// client already has. Only the CodeDeploy modules import it, and they are loaded with `await import()`
// only for a CODE_DEPLOY service, so ncc keeps the CodeDeploy SDK in a chunk of its own that an ECS-only
// deploy never parses.


async function codeDeployClientLike(ecs) {
    const region = await ecs.config.region();
    return new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__/* .CodeDeployClient */ .cHd({
        region,
        credentials: ecs.config.credentials,
        customUserAgent: _shared_aws_clients_js__WEBPACK_IMPORTED_MODULE_0__/* .USER_AGENT */ ._O,
        maxAttempts: _shared_aws_clients_js__WEBPACK_IMPORTED_MODULE_0__/* .ONE_SHOT_MAX_ATTEMPTS */ .yQ,
    });
}


/***/ }),

/***/ 8100:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  watchCodeDeploy: () => (/* binding */ watchCodeDeploy),
  watchCodeDeployments: () => (/* binding */ watchCodeDeployments)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(3360);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-codedeploy/dist-cjs/index.js
var dist_cjs = __webpack_require__(7507);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/shared/retry.ts
var retry = __webpack_require__(3091);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(6001);
// EXTERNAL MODULE: ./src/watch/poll-policy.ts
var poll_policy = __webpack_require__(9301);
// EXTERNAL MODULE: ./src/codedeploy/client.ts
var codedeploy_client = __webpack_require__(1331);
;// CONCATENATED MODULE: ./src/codedeploy/verdict.ts
const ENDED = new Set(['Succeeded', 'Failed', 'Stopped']);
const hasEnded = (status) => status !== undefined && ENDED.has(status);
/** The revision the service serves: its PRIMARY task set's, else (no task sets shown) the service's own. */
function liveRevision(service) {
    const primary = service?.taskSets?.find((taskSet) => taskSet.status === 'PRIMARY');
    return primary?.taskDefinition ?? service?.taskDefinition ?? '';
}
/** `my-app:7` from its ARN, for sentences. */
const revisionName = (arn) => arn.split('/').at(-1) ?? arn;
/** One line per lifecycle event state, printed once when first seen: `AfterAllowTraffic: Failed (ScriptFailed: …)`. */
function lifecycleLine(event) {
    const diagnostics = event.diagnostics;
    const detail = event.status === 'Failed' && diagnostics !== undefined
        ? ` (${[diagnostics.errorCode, diagnostics.message].filter(Boolean).join(': ')}${diagnostics.logTail ? `; log: ${diagnostics.logTail.trim().split('\n').at(-1) ?? ''}` : ''})`
        : '';
    return `${event.lifecycleEventName ?? '?'}: ${event.status ?? '?'}${detail}`;
}
function failedEvent(events) {
    return events.find((event) => event.status === 'Failed');
}
function codeDeployVerdict(end) {
    const status = end.info?.status ?? 'unknown';
    const running = `the service runs ${end.live ? revisionName(end.live) : 'no revision ECS names'}`;
    const where = `CodeDeploy deployment ${end.deploymentId}`;
    if (end.timedOutAfterMinutes !== undefined) {
        const current = end.events.find((event) => event.status === 'InProgress')?.lifecycleEventName;
        return {
            status: 'timed-out',
            reason: `${where} was still ${status}${current ? ` at lifecycle event ${current}` : ''} after ${String(end.timedOutAfterMinutes)} minutes (wait-for-minutes); ${running}.`,
        };
    }
    if (status === 'Succeeded') {
        if (end.live === end.ours)
            return { status: 'succeeded', reason: '' };
        return {
            status: 'failed',
            reason: `${where} Succeeded, but ${running}, not ${revisionName(end.ours)}: the PRIMARY task set is not ours.`,
        };
    }
    const failed = failedEvent(end.events);
    const diagnostics = failed?.diagnostics;
    const cause = failed !== undefined
        ? `lifecycle event ${failed.lifecycleEventName ?? '?'} failed${diagnostics?.message ? `: ${diagnostics.message}` : ''}${diagnostics?.errorCode && diagnostics.errorCode !== 'Success' ? ` (${diagnostics.errorCode})` : ''}`
        : (end.info?.errorInformation?.message ?? 'no lifecycle event says why');
    const code = end.info?.errorInformation?.code;
    return { status: 'failed', reason: `${where} ${status}: ${cause}${code ? ` [${code}]` : ''}; ${running}.` };
}

;// CONCATENATED MODULE: ./src/codedeploy/watch.ts
// Follows a CodeDeploy deployment of an ECS service to its end: GetDeployment each poll, the service's
// target and its lifecycle events (ListDeploymentTargets once, then BatchGetDeploymentTargets), each event
// printed once per state with its diagnostics, then DescribeServices to check which revision the service
// serves. Loaded only for CODE_DEPLOY services (see by-controller.ts).








/** Every CODE_DEPLOY service's deployment, watched side by side with one CodeDeploy client. */
async function watchCodeDeployments(ecs, requests, deps = {}) {
    const client = await (0,codedeploy_client.codeDeployClientLike)(ecs);
    try {
        return await Promise.all(requests.map((request) => watchCodeDeploy(client, ecs, request, deps)));
    }
    finally {
        client.destroy();
    }
}
async function watchCodeDeploy(client, ecs, request, deps = {}) {
    const sleep = deps.sleep ?? retry/* defaultSleep */.JG;
    const now = deps.now ?? Date.now;
    const started = now();
    const deadline = started + request.waitMinutes * 60_000;
    const { deploymentId, service } = request;
    let apiCalls = 0;
    const printed = new Set();
    const lines = [];
    let targetId;
    let info;
    let events = [];
    let timedOut = false;
    const outcome = (status, reason) => ({
        service,
        status,
        rolloutState: info?.status ?? '',
        deploymentId,
        reason,
        stoppedTasks: [],
        events: lines,
        durationMs: now() - started,
        apiCalls,
    });
    try {
        for (;;) {
            apiCalls += 1;
            info = (await client.send(new dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId }))).deploymentInfo;
            if (targetId === undefined) {
                apiCalls += 1;
                targetId = (await client.send(new dist_cjs/* ListDeploymentTargetsCommand */.$9V({ deploymentId }))).targetIds?.[0];
            }
            if (targetId !== undefined) {
                apiCalls += 1;
                const targets = await client.send(new dist_cjs/* BatchGetDeploymentTargetsCommand */.Bsg({ deploymentId, targetIds: [targetId] }));
                events = targets.deploymentTargets?.[0]?.ecsTarget?.lifecycleEvents ?? events;
            }
            for (const event of events) {
                const line = lifecycleLine(event);
                if (event.status === 'Pending' || printed.has(line))
                    continue;
                printed.add(line);
                lines.push(line);
                core.info(`${service}: CodeDeploy ${deploymentId} ${line}`);
            }
            if (hasEnded(info?.status))
                break;
            if (now() >= deadline) {
                timedOut = true;
                break;
            }
            await sleep(Math.min(poll_policy/* POLL_POLICY */.RR.intervalMs, Math.max(deadline - now(), 0)));
        }
        apiCalls += 1;
        const described = await ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster: request.cluster, services: [service] }));
        const verdict = codeDeployVerdict({
            deploymentId,
            info,
            events,
            ours: request.taskDefinitionArn,
            live: liveRevision(described.services?.[0]),
            ...(timedOut ? { timedOutAfterMinutes: request.waitMinutes } : {}),
        });
        return outcome(verdict.status, verdict.reason);
    }
    catch (error) {
        return outcome('failed', `The watch could not read CodeDeploy deployment ${deploymentId}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}


/***/ })

};
