export const id = 36;
export const ids = [36];
export const modules = {

/***/ 7101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v4: () => (/* binding */ getOidcToken)
/* harmony export */ });
/* unused harmony exports REQUEST_URL_VARIABLE, REQUEST_TOKEN_VARIABLE, MissingOidcTokenError, OidcTokenError, assertOidcAvailable, isTransientOidcError, decodeClaims, describeClaims, audiences */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3360);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8382);
/* harmony import */ var _shared_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3091);
// Gets the job's GitHub OIDC token and shows what is inside it, because the claims are exactly what the
// role's trust policy is matched against and users otherwise can't see them. The token is never
// verified here (AWS does that) and never printed.



const REQUEST_URL_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const REQUEST_TOKEN_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';
class MissingOidcTokenError extends Error {
    constructor(missingVariable) {
        super(`This workflow has no OIDC token (${missingVariable} is not set): add \`permissions: id-token: write\` ` +
            '(and `contents: read`) to the job or workflow; pull requests from forks never get a token, so use ' +
            '`role-to-assume` only on trusted events, or leave `role-to-assume` empty to use AWS credentials already ' +
            'present in the environment.');
        this.name = 'MissingOidcTokenError';
    }
}
class OidcTokenError extends Error {
    constructor(audience, cause) {
        super(`Could not get the GitHub OIDC token for audience "${audience}": ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(cause)}`, { cause });
        this.name = 'OidcTokenError';
    }
}
// core.getIDToken retries only 502/503/504 and only briefly; a 500 or a dropped connection ends the
// job. A few seconds more is cheap next to a failed deploy.
const TOKEN_RETRY = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 3000, totalBudgetMs: 8000 };
/** Throws MissingOidcTokenError when the runner offers no token; before any request is made. */
function assertOidcAvailable(env = process.env) {
    for (const variable of [REQUEST_URL_VARIABLE, REQUEST_TOKEN_VARIABLE]) {
        if (!env[variable])
            throw new MissingOidcTokenError(variable);
    }
}
async function getOidcToken(audience, deps = {}) {
    assertOidcAvailable(deps.env);
    let token;
    try {
        token = await (0,_shared_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L5)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience), {
            ...TOKEN_RETRY,
            isRetryable: isTransientOidcError,
            ...(deps.sleep && { sleep: deps.sleep }),
            ...(deps.now && { now: deps.now }),
            ...(deps.random && { random: deps.random }),
            onRetry: (error, attempt, delayMs) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub OIDC token request failed (${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${TOKEN_RETRY.maxAttempts}).`),
        });
    }
    catch (error) {
        throw new OidcTokenError(audience, error);
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token);
    const claims = decodeClaims(token);
    if (deps.showClaims ?? true) {
        // Printed inside the Credentials phase's collapsed group: the runner does not nest groups.
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub OIDC token claims (what the role's trust policy is matched against):`);
        for (const line of describeClaims(claims))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`  ${line}`);
    }
    else {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Got a new GitHub OIDC token (sub ${claims.sub ?? '(none)'}).`);
    }
    return { token, claims };
}
/** 5xx, 429 and dropped connections, as core.getIDToken words them in its error message. */
function isTransientOidcError(error) {
    const message = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error);
    const status = /Error Code\s*:\s*(\w+)/.exec(message)?.[1];
    if (status !== undefined) {
        if (/^(5\d\d|429)$/.test(status))
            return true;
        // http-client leaves the status undefined when the connection itself failed.
        if (status === 'undefined')
            return true;
        return false;
    }
    return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|socket hang up/i.test(message);
}
/** The payload of a JWT, unverified. Anything unreadable yields no claims rather than an error. */
function decodeClaims(token) {
    const payload = token.split('.')[1];
    if (payload === undefined)
        return {};
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return {};
    const source = parsed;
    const text = (key) => {
        const value = source[key];
        if (typeof value === 'string')
            return value;
        return typeof value === 'number' ? String(value) : undefined;
    };
    const aud = source['aud'];
    const exp = source['exp'];
    return dropUndefined({
        iss: text('iss'),
        sub: text('sub'),
        aud: typeof aud === 'string' ? aud : Array.isArray(aud) ? aud.filter((item) => typeof item === 'string') : undefined,
        repository: text('repository'),
        repository_owner: text('repository_owner'),
        repository_owner_id: text('repository_owner_id'),
        repository_id: text('repository_id'),
        ref: text('ref'),
        environment: text('environment'),
        event_name: text('event_name'),
        job_workflow_ref: text('job_workflow_ref'),
        workflow: text('workflow'),
        run_id: text('run_id'),
        exp: typeof exp === 'number' ? exp : undefined,
    });
}
/** One `name: value` line per claim a trust policy is usually written against. */
function describeClaims(claims) {
    const shown = [
        ['sub', claims.sub],
        ['aud', audiences(claims).join(', ') || undefined],
        ['repository', claims.repository],
        ['repository_owner_id', claims.repository_owner_id],
        ['repository_id', claims.repository_id],
        ['ref', claims.ref],
        ['environment', claims.environment],
        ['event_name', claims.event_name],
        ['job_workflow_ref', claims.job_workflow_ref],
        ['iss', claims.iss],
        ['exp', claims.exp === undefined ? undefined : new Date(claims.exp * 1000).toISOString()],
    ];
    const always = new Set(['sub', 'aud', 'repository', 'ref', 'environment', 'job_workflow_ref']);
    return shown
        .filter(([name, value]) => value !== undefined || always.has(name))
        .map(([name, value]) => `${name}: ${value ?? '(not in token)'}`);
}
function audiences(claims) {
    if (claims.aud === undefined)
        return [];
    return typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
}
function dropUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}


/***/ }),

/***/ 36:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(3360);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/shared/constants.ts
var constants = __webpack_require__(5444);
// EXTERNAL MODULE: ./src/task-definition/task-definition.ts
var task_definition = __webpack_require__(6608);
;// CONCATENATED MODULE: ./src/inputs/read-inputs.ts
// Reads and validates every input into the one frozen Config, before anything touches the network.
// Pure given its three collaborators, so the tests drive it with tables and no mocks.



/** A bad input: the message names the input, what was given and the form expected, on one line. */
class InputError extends Error {
    input;
    constructor(input, given, expected) {
        super(`Input \`${input}\` ${given === '' ? 'is empty' : `was ${JSON.stringify(given)}`}; expected ${expected}.`);
        this.input = input;
        this.name = 'InputError';
    }
}
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
// ECR's repository name rule, with the 256-character limit checked separately.
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
// Docker's tag rule (ECR accepts more, but engines refuse anything else).
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:aws(-[a-z]+)*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;
const SERVICE_ARN = /^arn:aws(-[a-z]+)*:ecs:[a-z0-9-]+:\d{12}:service\/([A-Za-z0-9_-]{1,255}\/)?[A-Za-z0-9_-]{1,255}$/;
// host[:port]/path[:tag][@sha256:hex] — the pieces engines accept; path components as in the OCI spec.
const IMAGE_REFERENCE = /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const COMMIT_SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];
/** Reads every input; throws InputError on the first bad one. The result is deep-frozen. */
function readInputs(sources) {
    const read = (name) => sources.getInput(name).trim();
    const github = readGitHubContext(sources.env);
    const region = read(constants/* Input */.pd.awsRegion);
    if (!REGION.test(region))
        throw new InputError(constants/* Input */.pd.awsRegion, region, 'an AWS region such as `us-east-1`');
    const roleToAssume = optional(read(constants/* Input */.pd.roleToAssume));
    if (roleToAssume !== undefined && !ROLE_ARN.test(roleToAssume)) {
        throw new InputError(constants/* Input */.pd.roleToAssume, roleToAssume, 'an IAM role ARN such as `arn:aws:iam::123456789012:role/my-deploy-role`');
    }
    const audience = read(constants/* Input */.pd.audience) || constants/* DEFAULT_AUDIENCE */.Z4;
    if (/\s/.test(audience))
        throw new InputError(constants/* Input */.pd.audience, audience, 'one audience without spaces, such as `sts.amazonaws.com`');
    const roleChain = lines(read(constants/* Input */.pd.roleChain));
    for (const arn of roleChain) {
        if (!ROLE_ARN.test(arn))
            throw new InputError(constants/* Input */.pd.roleChain, arn, 'one IAM role ARN per line, such as `arn:aws:iam::210987654321:role/my-target-role`');
    }
    const givenSessionName = read(constants/* Input */.pd.roleSessionName);
    if (givenSessionName !== '' && !SESSION_NAME.test(givenSessionName)) {
        throw new InputError(constants/* Input */.pd.roleSessionName, givenSessionName, '2 to 64 characters of letters, digits and `_+=,.@-`');
    }
    const config = {
        auth: {
            region,
            roleToAssume,
            audience,
            roleSessionName: givenSessionName || defaultSessionName(github),
            roleDurationSeconds: wholeNumber(read, constants/* Input */.pd.roleDurationSeconds, 3600, 900, 43200, 'seconds'),
            roleChain,
            exportCredentials: read_inputs_boolean(read, constants/* Input */.pd.exportCredentials, false),
        },
        image: readImageSource(read, sources, github),
        taskDefinition: readTaskDefinition(read, sources, github.workspace),
        deploy: {
            cluster: read(constants/* Input */.pd.cluster) || 'default',
            services: readServices(read),
            waitForStability: read_inputs_boolean(read, constants/* Input */.pd.waitForServiceStability, true),
            waitMinutes: wholeNumber(read, constants/* Input */.pd.waitForMinutes, 30, 1, 720, 'minutes'),
            noProgressMinutes: wholeNumber(read, constants/* Input */.pd.noProgressMinutes, 10, 1, 720, 'minutes'),
            maxFailedTasks: wholeNumber(read, constants/* Input */.pd.maxFailedTasks, 3, 0, 100, 'tasks (0 turns this rule off)'),
            rollbackOnFailure: read_inputs_boolean(read, constants/* Input */.pd.rollbackOnFailure, true),
            forceNewDeployment: read_inputs_boolean(read, constants/* Input */.pd.forceNewDeployment, false),
            dryRun: read_inputs_boolean(read, constants/* Input */.pd.dryRun, false),
        },
        github,
    };
    const cluster = config.deploy.cluster;
    if (!ECS_NAME.test(cluster) && !CLUSTER_ARN.test(cluster)) {
        throw new InputError(constants/* Input */.pd.cluster, cluster, 'a cluster name of up to 255 letters, digits, `-` and `_`, or a cluster ARN');
    }
    return deepFreeze(config);
}
function readGitHubContext(env) {
    const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
    return {
        repository: env['GITHUB_REPOSITORY'] ?? '',
        sha: env['GITHUB_SHA'] ?? '',
        runId: env['GITHUB_RUN_ID'] ?? '',
        runAttempt: env['GITHUB_RUN_ATTEMPT'] || '1',
        serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com',
        workspace,
        runnerTemp: env['RUNNER_TEMP'] || external_node_path_.join(workspace, '..', '_temp'),
    };
}
function readImageSource(read, sources, github) {
    const repository = optional(read(constants/* Input */.pd.repository));
    if (repository !== undefined && (repository.length < 2 || repository.length > 256 || !REPOSITORY.test(repository))) {
        throw new InputError(constants/* Input */.pd.repository, repository, 'an ECR repository name such as `my-org/my-app` (lowercase letters, digits, `._-` and `/`)');
    }
    const reference = optional(read(constants/* Input */.pd.image));
    if (reference !== undefined) {
        if (!IMAGE_REFERENCE.test(reference)) {
            throw new InputError(constants/* Input */.pd.image, reference, 'an image reference such as `<registry>/my-org/my-app:1.2.3` or `<registry>/my-org/my-app@sha256:<64 hex>`');
        }
        const buildOnly = [
            constants/* Input */.pd.imageTag,
            constants/* Input */.pd.extraTags,
            constants/* Input */.pd.dockerfile,
            constants/* Input */.pd.buildArgs,
            constants/* Input */.pd.target,
            constants/* Input */.pd.platform,
            constants/* Input */.pd.labels,
            constants/* Input */.pd.containerEngine,
        ];
        for (const name of [...buildOnly, constants/* Input */.pd.context]) {
            const value = read(name);
            if (value !== '' && !(name === constants/* Input */.pd.context && value === '.')) {
                throw new InputError(name, value, `to be empty when \`image\` is set (\`image\` deploys an existing image; \`${name}\` belongs to a build)`);
            }
        }
        return { kind: 'existing', reference, repository };
    }
    if (repository === undefined) {
        throw new InputError(constants/* Input */.pd.repository, '', 'an ECR repository name to build and push to, or set `image` to deploy an existing image');
    }
    return readBuild(read, sources, github, repository);
}
function readBuild(read, sources, github, repository) {
    const givenTag = read(constants/* Input */.pd.imageTag);
    if (givenTag === '' && !COMMIT_SHA.test(github.sha)) {
        throw new InputError(constants/* Input */.pd.imageTag, '', 'a tag, since GITHUB_SHA does not hold a commit SHA to default to');
    }
    const tag = givenTag || github.sha;
    if (!TAG.test(tag))
        throw new InputError(constants/* Input */.pd.imageTag, tag, 'at most 128 of `A-Za-z0-9_.-`, not starting with `.` or `-`');
    const extraTags = lines(read(constants/* Input */.pd.extraTags), /[\n,]/);
    for (const extra of extraTags) {
        if (!TAG.test(extra))
            throw new InputError(constants/* Input */.pd.extraTags, extra, 'tags of at most 128 of `A-Za-z0-9_.-`, one per line or comma separated');
    }
    const contextInput = read(constants/* Input */.pd.context) || '.';
    const context = external_node_path_.resolve(github.workspace, contextInput);
    if (!sources.isDirectory(context))
        throw new InputError(constants/* Input */.pd.context, contextInput, `a directory that exists (looked for ${context})`);
    const dockerfile = optionalFile(read, constants/* Input */.pd.dockerfile, sources, github.workspace);
    if (dockerfile === undefined && !sources.isFile(external_node_path_.join(context, 'Dockerfile'))) {
        throw new InputError(constants/* Input */.pd.dockerfile, '', `the path of a Dockerfile, since the context has no \`Dockerfile\` (looked in ${context})`);
    }
    const engine = read(constants/* Input */.pd.containerEngine);
    if (engine !== '' && engine !== 'docker' && engine !== 'podman') {
        throw new InputError(constants/* Input */.pd.containerEngine, engine, '`docker`, `podman`, or empty to use docker when it answers and podman otherwise');
    }
    return {
        kind: 'build',
        repository,
        tag,
        extraTags: extraTags.filter((extra) => extra !== tag),
        build: {
            context,
            dockerfile,
            buildArgs: pairs(read, constants/* Input */.pd.buildArgs, BUILD_ARG_NAME, '`NAME=value`, one per line (NAME of letters, digits and `_`)'),
            target: matching(read, constants/* Input */.pd.target, STAGE, 'a build stage name of letters, digits and `_.-`'),
            platform: matching(read, constants/* Input */.pd.platform, PLATFORM, 'one platform such as `linux/amd64` or `linux/arm64`'),
            labels: pairs(read, constants/* Input */.pd.labels, LABEL_KEY, '`key=value`, one per line'),
            engine: engine === '' ? undefined : engine,
        },
    };
}
function readServices(read) {
    const services = lines(read(constants/* Input */.pd.service));
    if (services.length === 0)
        throw new InputError(constants/* Input */.pd.service, '', 'one or more ECS service names, one per line');
    const seen = new Set();
    for (const service of services) {
        if (!ECS_NAME.test(service) && !SERVICE_ARN.test(service)) {
            throw new InputError(constants/* Input */.pd.service, service, 'ECS service names of up to 255 letters, digits, `-` and `_` (or service ARNs), one per line');
        }
        // A service named once by name and once by ARN is one service: two UpdateServices would race.
        const name = service.slice(service.lastIndexOf('/') + 1);
        if (seen.has(name))
            throw new InputError(constants/* Input */.pd.service, service, 'each service listed once (by name or by ARN)');
        seen.add(name);
    }
    return services;
}
/**
 * STS allows 2-64 of `[\w+=,.@-]`. The repository is shortened first so that the run id and attempt,
 * which tell runs apart in CloudTrail, always survive.
 */
function defaultSessionName(github) {
    const sanitise = (text) => text.replace(/[^\w+=,.@-]+/g, '-');
    const suffix = sanitise([github.runId || 'local', github.runAttempt || '1'].join('-'));
    const room = 64 - 'oidc-ecs-deploy--'.length - suffix.length;
    const repository = sanitise(github.repository || 'unknown-repository')
        .slice(0, Math.max(room, 0))
        .replace(/^-+|-+$/g, '');
    return `oidc-ecs-deploy-${repository}-${suffix}`.slice(0, 64);
}
function optional(value) {
    return value === '' ? undefined : value;
}
function lines(value, separator = /\n/) {
    return value
        .split(separator)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}
function matching(read, name, pattern, expected) {
    const value = optional(read(name));
    if (value !== undefined && !pattern.test(value))
        throw new InputError(name, value, expected);
    return value;
}
function read_inputs_boolean(read, name, fallback) {
    const value = read(name);
    if (value === '')
        return fallback;
    if (TRUE_WORDS.includes(value))
        return true;
    if (FALSE_WORDS.includes(value))
        return false;
    throw new InputError(name, value, '`true` or `false`');
}
function wholeNumber(read, name, fallback, min, max, unit) {
    const value = read(name);
    if (value === '')
        return fallback;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
        throw new InputError(name, value, `a whole number from ${min} to ${max} (${unit})`);
    }
    return number;
}
/** `NAME=value` lines split at the first `=` only, so values may hold `=` and spaces. */
function pairs(read, name, keyPattern, expected) {
    return lines(read(name)).map((line) => {
        const equals = line.indexOf('=');
        const key = equals < 0 ? line : line.slice(0, equals).trim();
        if (equals < 0 || !keyPattern.test(key))
            throw new InputError(name, line, expected);
        return [key, line.slice(equals + 1)];
    });
}
/** The file is parsed here, not when the definition is rendered, so a broken one fails before the build. */
function readTaskDefinition(read, sources, workspace) {
    const containerName = matching(read, constants/* Input */.pd.containerName, ECS_NAME, 'a container name of up to 255 letters, digits, `-` and `_`');
    const file = optionalFile(read, constants/* Input */.pd.taskDefinition, sources, workspace);
    if (file === undefined)
        return { file, fromFile: undefined, containerName };
    const given = read(constants/* Input */.pd.taskDefinition);
    let fromFile;
    try {
        fromFile = (0,task_definition/* parseTaskDefinitionFile */.Oz)(sources.readFile(file), given);
    }
    catch (error) {
        if (!(error instanceof task_definition/* TaskDefinitionFileError */.r))
            throw error;
        throw new InputError(constants/* Input */.pd.taskDefinition, given, `a task definition in JSON, but the file ${error.problem}`);
    }
    const names = fromFile.taskDefinition.containerDefinitions?.map((container) => container.name ?? '') ?? [];
    if (containerName !== undefined && !names.includes(containerName)) {
        throw new InputError(constants/* Input */.pd.containerName, containerName, `the name of a container in ${given}: ${names.map((name) => `\`${name}\``).join(', ')}`);
    }
    return { file, fromFile, containerName };
}
function optionalFile(read, name, sources, workspace) {
    const value = optional(read(name));
    if (value === undefined)
        return undefined;
    const absolute = external_node_path_.resolve(workspace, value);
    if (!sources.isFile(absolute))
        throw new InputError(name, value, `the path of a file that exists (looked for ${absolute})`);
    return absolute;
}
function deepFreeze(value) {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
        for (const nested of Object.values(value))
            deepFreeze(nested);
        Object.freeze(value);
    }
    return value;
}

// EXTERNAL MODULE: ./src/auth/oidc-token.ts
var oidc_token = __webpack_require__(7101);
// EXTERNAL MODULE: ./src/run/phases.ts
var phases = __webpack_require__(6681);
// EXTERNAL MODULE: external "node:diagnostics_channel"
var external_node_diagnostics_channel_ = __webpack_require__(3053);
var external_node_diagnostics_channel_default = /*#__PURE__*/__webpack_require__.n(external_node_diagnostics_channel_);
;// CONCATENATED MODULE: ./src/run/request-sent.ts
// Lets the OIDC token request leave the process before main.ts loads the AWS SDK chunk: compiling that
// chunk blocks the event loop for ~100 ms, and without this wait the request would only be written
// after it, so the two would not overlap at all.

const REQUEST_START = 'http.client.request.start';
/** Resolves once the next HTTP request this process starts has been written out, or after `limitMs`. */
function nextRequestSent(limitMs) {
    return new Promise((resolve) => {
        const finish = () => {
            clearTimeout(timer);
            external_node_diagnostics_channel_default().unsubscribe(REQUEST_START, onStart);
            resolve();
        };
        const onStart = (message) => {
            const request = message.request;
            if (request === undefined) {
                finish();
                return;
            }
            request.once('finish', finish).once('error', finish).once('close', finish);
        };
        const timer = setTimeout(finish, limitMs);
        external_node_diagnostics_channel_default().subscribe(REQUEST_START, onStart);
    });
}

;// CONCATENATED MODULE: ./src/report/report.ts
// What a run did, collected phase by phase by main.ts and rendered by summary.ts. Plain data only.
function emptyReport(dryRun) {
    return { dryRun, services: [], phases: [], plan: [] };
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// Renders a RunReport as the job summary (Markdown). Pure apart from `writeSummary`.


const STATUS_WORDS = {
    succeeded: '✅ succeeded',
    failed: '❌ failed',
    'timed-out': '⏱️ timed out',
    updated: '➡️ updated (not waited for)',
    planned: '📝 planned (dry run)',
};
function renderSummary(report) {
    const lines = [];
    const verdict = report.failure ? '❌ Deployment failed' : report.dryRun ? '📝 Dry run: nothing changed' : '✅ Deployed';
    lines.push(`## oidc-ecs-deploy: ${verdict}`, '');
    if (report.failure) {
        lines.push(`> **${report.failure.phase}**: ${escapeText(report.failure.message)}`, '');
        const details = report.failure.details ?? [];
        if (details.length > 0)
            lines.push('```text', ...details, '```', '');
    }
    const facts = [];
    if (report.identity)
        facts.push(['AWS identity', code(report.identity)]);
    if (report.image) {
        facts.push(['Image', code(report.image.uri)]);
        facts.push(['Tag', `${code(report.image.tag)} (${report.image.origin})`]);
        if (report.image.digest)
            facts.push(['Digest', code(report.image.digest)]);
    }
    if (facts.length > 0)
        lines.push('| | |', '|---|---|', ...facts.map(([name, value]) => `| ${name} | ${value} |`), '');
    if (report.services.length > 0) {
        lines.push('| Service | Task definition | Deployment | Outcome | Time |', '|---|---|---|---|---|');
        for (const service of report.services) {
            const revisions = `${code(revisionLabel(service.previousTaskDefinitionArn))} → ${code(revisionLabel(service.taskDefinitionArn))}`;
            const outcome = [STATUS_WORDS[service.status], service.rolloutState ? `(${service.rolloutState})` : ''].join(' ').trim();
            lines.push(`| ${code(service.service)} | ${revisions} | ${service.deploymentId ? code(shortDeployment(service.deploymentId)) : '—'} | ${outcome} | ${seconds(service.milliseconds)} |`);
        }
        lines.push('');
        for (const service of report.services) {
            if (service.reason)
                lines.push(`**${escapeText(service.service)}**: ${escapeText(service.reason)}`, '');
            if (service.rollback)
                lines.push(`Rollback: ${escapeText(service.rollback)}`, '');
            if (service.stoppedTaskReasons.length > 0) {
                lines.push('<details><summary>Stopped tasks</summary>', '', ...service.stoppedTaskReasons.map((reason) => `- ${escapeText(reason)}`), '', '</details>', '');
            }
        }
    }
    if (report.plan.length > 0)
        lines.push('<details open><summary>Plan</summary>', '', '```diff', ...report.plan, '```', '', '</details>', '');
    if (report.phases.length > 0) {
        lines.push('| Phase | Time |', '|---|---|');
        for (const phase of report.phases)
            lines.push(`| ${phase.phase}${phase.status === 'failed' ? ' ❌' : ''} | ${seconds(phase.milliseconds)} |`);
        lines.push('');
    }
    return lines.join('\n');
}
async function writeSummary(report) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write; that is not a failure.
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
    await core/* summary */.z.addRaw(renderSummary(report), true).write();
}
function revisionLabel(taskDefinitionArn) {
    return taskDefinitionArn ? (0,task_definition/* taskDefinitionRevisionLabel */.Ii)(taskDefinitionArn) : '—';
}
function shortDeployment(deploymentId) {
    return deploymentId.split('/').pop() ?? deploymentId;
}
function seconds(milliseconds) {
    return `${(milliseconds / 1000).toFixed(1)} s`;
}
function code(text) {
    return `\`${text.replace(/`/g, "'")}\``;
}
function escapeText(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

;// CONCATENATED MODULE: ./src/run/main.ts
// Reads the inputs, starts the OIDC token request, then loads the pipeline (only now, since it brings
// the AWS SDK: most of the bundle's parse time) while the request is under way. Catches everything
// and fails the step once, naming the phase.








const NEXT_STEP = {
    Image: 'check the build output above',
    'Task definition': 'check the task definition and the role permissions',
    'Service update': 'check the service and the role permissions',
    'Deployment watch': 'see the stopped tasks and service events above',
    Internal: 'this is a bug in oidc-ecs-deploy; please report it with the log',
};
async function run() {
    const started = Date.now();
    const report = emptyReport(false);
    try {
        const config = await (0,phases/* runPhase */.P)(report, 'Inputs', () => readInputs({
            getInput: (name) => core/* getInput */.V4(name),
            env: process.env,
            isFile: (file) => isKind(file, 'file'),
            isDirectory: (directory) => isKind(directory, 'directory'),
            readFile: (file) => (0,external_node_fs_.readFileSync)(file, 'utf8'),
        }));
        report.dryRun = config.deploy.dryRun;
        const { pipeline, session } = await (0,phases/* runPhase */.P)(report, 'Credentials', async () => {
            const { firstToken } = await requestTokenEarly(config);
            const loaded = await Promise.all(/* import() */[__webpack_require__.e(940), __webpack_require__.e(531)]).then(__webpack_require__.bind(__webpack_require__, 8531));
            return { pipeline: loaded, session: await loaded.establish(config, firstToken) };
        });
        await pipeline.deploy(config, report, session);
        if (!report.dryRun)
            core/* info */.pq(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }
    catch (error) {
        // Every phase wraps its own errors; anything else is ours, and is said so rather than blamed on a phase.
        const phaseError = error instanceof phases/* PhaseError */.w ? error : new phases/* PhaseError */.w('Internal', error);
        // A diagnosis (claims, a trust policy to paste) follows the first line; it reads best as a block in
        // the log, while the failure annotation stays one sentence.
        const [headline = '', ...details] = phaseError.message.trim().split('\n');
        report.failure = { phase: phaseError.phase, message: headline, details };
        if (details.length > 0)
            for (const line of details)
                core/* info */.pq(line);
        core/* setFailed */.C1(failureSentence(phaseError.phase, headline));
    }
    finally {
        try {
            await writeSummary(report);
        }
        catch (error) {
            core/* warning */.$e(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
}
/** How long to wait for the token request to leave before loading the SDK anyway. */
const REQUEST_SENT_LIMIT_MS = 250;
/**
 * Starts the token request and waits until it has been written out, so that it travels while the SDK
 * loads. Returned in an object: a bare promise would be awaited here. Its failure is reported by the
 * Credentials phase, which awaits it; the no-op handler only keeps Node from calling it unhandled
 * while the pipeline module loads.
 */
async function requestTokenEarly(config) {
    if (config.auth.roleToAssume === undefined)
        return { firstToken: undefined };
    const sent = nextRequestSent(REQUEST_SENT_LIMIT_MS);
    const token = (0,oidc_token/* getOidcToken */.v4)(config.auth.audience);
    token.catch(() => undefined);
    await Promise.race([sent, token.then(noop, noop)]);
    return { firstToken: token };
}
function noop() {
    // Only the moment matters here, not the value.
}
function failureSentence(phase, headline) {
    const message = headline.trim();
    const next = NEXT_STEP[phase];
    return `${phase} failed: ${message}${/[.!?]$/.test(message) ? '' : '.'}${next ? ` Next: ${next}.` : ''}`;
}
function isKind(path, kind) {
    try {
        const stats = (0,external_node_fs_.statSync)(path);
        return kind === 'file' ? stats.isFile() : stats.isDirectory();
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 6681:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ runPhase),
/* harmony export */   w: () => (/* binding */ PhaseError)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3360);
// Runs each phase in its own log group, times it, and remembers which phase failed so the one
// `setFailed` sentence can name it.

/** An error that already knows the phase it happened in. */
class PhaseError extends Error {
    phase;
    original;
    constructor(phase, original) {
        super(original instanceof Error ? original.message : String(original), { cause: original });
        this.phase = phase;
        this.original = original;
        this.name = 'PhaseError';
    }
}
async function runPhase(report, phase, work, now = Date.now) {
    const started = now();
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(phase);
    try {
        const result = await work();
        report.phases.push({ phase, milliseconds: now() - started, status: 'succeeded' });
        return result;
    }
    catch (error) {
        report.phases.push({ phase, milliseconds: now() - started, status: 'failed' });
        throw error instanceof PhaseError ? error : new PhaseError(phase, error);
    }
    finally {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
    }
}


/***/ }),

/***/ 8382:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   GQ: () => (/* binding */ isServerError),
/* harmony export */   Is: () => (/* binding */ errorName),
/* harmony export */   J6: () => (/* binding */ awsErrorCode),
/* harmony export */   LI: () => (/* binding */ errorField),
/* harmony export */   TX: () => (/* binding */ isNetworkError),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   s_: () => (/* binding */ httpStatusOf)
/* harmony export */ });
// Reading what was thrown: SDK errors, Node system errors, our own, or anything else. One place, so
// every classifier and message reads the same fields the same way, and says the same of a throttled,
// 5xx or network failure whichever service it came from.
function errorField(value, key) {
    return typeof value === 'object' && value !== null ? value[key] : undefined;
}
/** The error's `name` (`AccessDeniedException`, `ThrottlingException`, …), or '' when it has none. */
function errorName(error) {
    const name = errorField(error, 'name');
    return typeof name === 'string' ? name : '';
}
/** The message on one line (AWS messages can carry newlines). */
function errorMessage(error) {
    const message = errorField(error, 'message');
    const text = typeof message === 'string' && message !== '' ? message : String(error);
    return text.replace(/\s+/g, ' ').trim();
}
/** `Name: message` of anything thrown, for a sentence a user can act on. */
function describeError(error) {
    const name = errorName(error);
    const text = errorMessage(error);
    return name !== '' && !text.startsWith(name) ? `${name}: ${text}` : text;
}
/** The HTTP status the SDK recorded for a failed call. */
function httpStatusOf(error) {
    const status = errorField(errorField(error, '$metadata'), 'httpStatusCode');
    return typeof status === 'number' ? status : undefined;
}
/** Node socket errors that say "try again", not "you configured it wrong" (so not ENOTFOUND). */
const TRANSIENT_SOCKET_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError']);
const THROTTLING_CODES = new Set(['Throttling', 'Throttled', 'RequestThrottled', 'RequestLimitExceeded', 'TooManyRequests', 'SlowDown']);
// `Server` is ServerException, ECS's and ECR's modelled 5xx.
const SERVER_CODES = new Set(['Server', 'InternalFailure', 'InternalError', 'ServiceUnavailable', 'InternalServerError']);
/** The AWS error code without the SDK's `Exception` suffix: `InvalidIdentityTokenException` → `InvalidIdentityToken`. */
function awsErrorCode(error) {
    const name = field(error, 'name') ?? field(error, 'Code') ?? '';
    return name.endsWith('Exception') ? name.slice(0, -'Exception'.length) : name;
}
/** A connection that failed or timed out on the way (the cause chain included). */
function isNetworkError(error) {
    const code = field(error, 'code') ?? field(error, 'errno');
    if (code !== undefined && TRANSIENT_SOCKET_CODES.has(code))
        return true;
    const name = field(error, 'name');
    if (name !== undefined && TIMEOUT_NAMES.has(name))
        return true;
    const cause = errorField(error, 'cause');
    return cause !== undefined && cause !== error && isNetworkError(cause);
}
/** AWS asked us to slow down. */
function isThrottling(error) {
    return THROTTLING_CODES.has(awsErrorCode(error)) || httpStatusOf(error) === 429;
}
/** A 5xx, by status, code or the SDK's `$fault`. */
function isServerError(error) {
    const status = httpStatusOf(error);
    if (status !== undefined && status >= 500)
        return true;
    return SERVER_CODES.has(awsErrorCode(error)) || errorField(error, '$fault') === 'server';
}
/** A non-empty string field, or undefined. */
function field(value, key) {
    const found = errorField(value, key);
    return typeof found === 'string' && found !== '' ? found : undefined;
}


/***/ }),

/***/ 3091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JG: () => (/* binding */ defaultSleep),
/* harmony export */   L5: () => (/* binding */ retry),
/* harmony export */   aB: () => (/* binding */ RetryExhaustedError),
/* harmony export */   hs: () => (/* binding */ rootError)
/* harmony export */ });
/* unused harmony export nextDelay */
// One retry helper for every call that can fail for a moment (OIDC token, STS, and whoever else needs it).
// Pure given its injected sleep, clock and random source, so the tests replay exact schedules.
/** Thrown when retryable failures outlast the attempts or the time budget; `cause` is the last error. */
class RetryExhaustedError extends Error {
    cause;
    attempts;
    elapsedMs;
    constructor(cause, attempts, elapsedMs) {
        super(`${messageOf(cause)} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${formatSeconds(elapsedMs)})`);
        this.cause = cause;
        this.attempts = attempts;
        this.elapsedMs = elapsedMs;
        this.name = 'RetryExhaustedError';
    }
}
/** The error that actually happened: the last one when the retries ran out, else the error itself. */
function rootError(error) {
    return error instanceof RetryExhaustedError ? error.cause : error;
}
function defaultSleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
async function retry(operation, policy) {
    const now = policy.now ?? Date.now;
    const sleep = policy.sleep ?? defaultSleep;
    const random = policy.random ?? Math.random;
    const started = now();
    let previousDelay = policy.baseDelayMs;
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            if (!policy.isRetryable(error))
                throw error;
            const elapsed = now() - started;
            if (attempt >= policy.maxAttempts)
                throw new RetryExhaustedError(error, attempt, elapsed);
            const delay = nextDelay(policy, attempt, previousDelay, random);
            if (elapsed + delay > policy.totalBudgetMs)
                throw new RetryExhaustedError(error, attempt, elapsed);
            previousDelay = delay;
            policy.onRetry?.(error, attempt, delay);
            await sleep(delay);
        }
    }
}
/** The wait after failed attempt `attempt` (1-based); exported for the schedule tables. */
function nextDelay(policy, attempt, previousDelay, random) {
    const { baseDelayMs: base, maxDelayMs: max } = policy;
    if ((policy.jitter ?? 'full') === 'decorrelated') {
        const upper = Math.max(base, previousDelay * 3);
        return Math.round(Math.min(max, base + random() * (upper - base)));
    }
    const ceiling = Math.min(max, base * 2 ** (attempt - 1));
    return Math.round(random() * ceiling);
}
function messageOf(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
function formatSeconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}


/***/ }),

/***/ 6608:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ii: () => (/* binding */ taskDefinitionRevisionLabel),
/* harmony export */   Oz: () => (/* binding */ parseTaskDefinitionFile),
/* harmony export */   P9: () => (/* binding */ renderTaskDefinition),
/* harmony export */   e6: () => (/* binding */ selectContainer),
/* harmony export */   n2: () => (/* binding */ diffTaskDefinitions),
/* harmony export */   r: () => (/* binding */ TaskDefinitionFileError)
/* harmony export */ });
/* unused harmony export READ_ONLY_FIELDS */
/** Fields ECS sets on a registered revision; RegisterTaskDefinition rejects or ignores them. */
const READ_ONLY_FIELDS = Object.freeze([
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt',
    // Set while a deregistered revision awaits deletion; as read-only as the others.
    'deleteRequestedAt',
]);
// ---------------------------------------------------------------------------------------------------
// Reading a file
/** A task definition file that cannot be registered as it is; `problem` completes "the file …". */
class TaskDefinitionFileError extends Error {
    problem;
    constructor(path, problem) {
        super(`Task definition file ${path} ${problem}.`);
        this.problem = problem;
        this.name = 'TaskDefinitionFileError';
    }
}
/**
 * Reads a task definition file: either a plain definition (as `register-task-definition
 * --cli-input-json` takes it, `tags` included) or the output of `aws ecs describe-task-definition`
 * (`{ "taskDefinition": {...}, "tags": [...] }`). Errors are one line naming the file.
 */
function parseTaskDefinitionFile(text, path) {
    const fail = (problem) => {
        throw new TaskDefinitionFileError(path, problem);
    };
    let parsed;
    try {
        parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch (error) {
        return fail(`is not valid JSON: ${jsonErrorWithLocation(error, text)}`);
    }
    if (!isRecord(parsed)) {
        return fail(`must hold a JSON object (a task definition, or the output of aws ecs describe-task-definition), found ${kindOf(parsed)}`);
    }
    const described = isRecord(parsed['taskDefinition']);
    const definition = described ? parsed['taskDefinition'] : parsed;
    const where = described ? ' in taskDefinition' : '';
    const rawTags = described ? parsed['tags'] : definition['tags'];
    const containers = definition['containerDefinitions'];
    if (!Array.isArray(containers) || containers.length === 0) {
        return fail(`has no containerDefinitions${where} (a non-empty array of containers is required)`);
    }
    containers.forEach((container, index) => {
        if (!isRecord(container))
            fail(`has containerDefinitions[${index}] that is ${kindOf(container)}, not an object`);
        else if (typeof container['name'] !== 'string' || container['name'] === '')
            fail(`has containerDefinitions[${index}] without a name`);
    });
    if (typeof definition['family'] !== 'string' || definition['family'] === '') {
        return fail(`has no family${where} (RegisterTaskDefinition needs one)`);
    }
    const tags = rawTags ?? [];
    if (!Array.isArray(tags) || !tags.every((tag) => isRecord(tag) && typeof tag['key'] === 'string')) {
        return fail('has tags that are not a list of {"key": ..., "value": ...} objects');
    }
    const { tags: _tagsInsideDefinition, ...withoutTags } = definition;
    // Shape checked above for the fields this module relies on; the rest is carried as it came.
    return { taskDefinition: withoutTags, tags: tags };
}
function jsonErrorWithLocation(error, text) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    const position = /at position (\d+)/.exec(message)?.[1];
    if (position === undefined || /\(line \d+/.test(message))
        return message;
    const before = text.replace(/^\uFEFF/, '').slice(0, Number(position));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `${message} (line ${line}, column ${column})`;
}
/**
 * The name of the container whose image we replace: the named one, else the only one whose image comes
 * from the repository; with no repository to match (none known), the only container there is. Anything
 * ambiguous is an error asking for `container-name`.
 */
function selectContainer(definition, selector) {
    const containers = namedContainers(definition);
    const { containerName, repositoryUri } = selector;
    if (containerName !== undefined && containerName !== '') {
        const found = containers.find((container) => container.name === containerName);
        if (found === undefined) {
            throw new Error(`The task definition ${familyOf(definition)} has no container named "${containerName}"; its containers are ${listNames(containers)}. Set container-name to one of them.`);
        }
        return found.name;
    }
    if (repositoryUri === undefined || repositoryUri === '') {
        const only = containers.length === 1 ? containers[0] : undefined;
        if (only !== undefined)
            return only.name;
        throw new Error(`The task definition ${familyOf(definition)} has ${containers.length} containers (${listImages(containers)}); set container-name to the one whose image should change.`);
    }
    const wanted = parseRepository(repositoryUri);
    const matching = containers.filter((container) => container.image !== undefined && sameRepository(parseRepository(container.image), wanted));
    const [first, ...others] = matching;
    if (first !== undefined && others.length === 0)
        return first.name;
    const problem = first === undefined
        ? `no container of the task definition ${familyOf(definition)} uses an image from ${repositoryUri}`
        : `${matching.length} containers of the task definition ${familyOf(definition)} use images from ${repositoryUri}`;
    throw new Error(`${capitalise(problem)} (containers: ${listImages(containers)}); set container-name to the one whose image should change.`);
}
function namedContainers(definition) {
    return (definition.containerDefinitions ?? []).filter((container) => typeof container.name === 'string' && container.name !== '');
}
/** Splits `host:port/path:tag@digest` the way image references are read: the first part is a host when it has a `.` or `:` or is localhost. */
function parseRepository(reference) {
    const withoutDigest = reference.split('@')[0] ?? '';
    const lastSlash = withoutDigest.lastIndexOf('/');
    const tagColon = withoutDigest.indexOf(':', lastSlash + 1);
    const name = tagColon === -1 ? withoutDigest : withoutDigest.slice(0, tagColon);
    const firstSlash = name.indexOf('/');
    const first = firstSlash === -1 ? '' : name.slice(0, firstSlash);
    if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
        return { host: first.toLowerCase(), path: name.slice(firstSlash + 1) };
    }
    return { host: undefined, path: name };
}
function sameRepository(image, wanted) {
    if (image.path !== wanted.path)
        return false;
    return wanted.host === undefined || image.host === wanted.host;
}
function listNames(containers) {
    return containers.map((container) => container.name).join(', ');
}
function listImages(containers) {
    return containers.map((container) => `${container.name} → ${container.image ?? '(no image)'}`).join(', ');
}
function familyOf(definition) {
    return definition.family ?? '(without family)';
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/**
 * The RegisterTaskDefinition input for `source` with one container's image replaced. Every field of the
 * definition is kept, known to this code or not, except the read-only ones; tags are passed back when
 * there are any. The input is never modified.
 */
function renderTaskDefinition(source, change) {
    const rendered = registrableCopy(source.taskDefinition);
    const containers = rendered['containerDefinitions'];
    if (!Array.isArray(containers))
        throw new Error(`The task definition ${familyOf(source.taskDefinition)} has no containerDefinitions.`);
    if (typeof rendered['family'] !== 'string' || rendered['family'] === '')
        throw new Error('The task definition has no family.');
    const index = containers.findIndex((container) => isRecord(container) && container['name'] === change.containerName);
    if (index === -1) {
        throw new Error(`The task definition ${familyOf(source.taskDefinition)} has no container named "${change.containerName}"; its containers are ${listNames(namedContainers(source.taskDefinition))}.`);
    }
    containers[index] = { ...containers[index], image: change.image };
    const tags = source.tags !== undefined && source.tags.length > 0 ? structuredClone([...source.tags]) : rendered['tags'];
    delete rendered['tags'];
    if (Array.isArray(tags) && tags.length > 0)
        rendered['tags'] = tags;
    // Checked above: family is a string and containerDefinitions an array; the rest is carried as it came.
    return rendered;
}
/** A deep copy of the definition without the read-only fields. */
function registrableCopy(definition) {
    const copy = {};
    for (const [key, value] of Object.entries(definition)) {
        if (READ_ONLY_FIELDS.includes(key) || value === undefined)
            continue;
        copy[key] = structuredClone(value);
    }
    return copy;
}
// ---------------------------------------------------------------------------------------------------
// Diff for dry runs
/** Keys that identify an element of a list of objects, in order of preference. */
const IDENTITY_KEYS = ['name', 'key', 'containerName', 'deviceName', 'sourceVolume', 'containerPath'];
/**
 * What registering `after` would change compared with `before`, one readable line per difference:
 * `~ containerDefinitions[app].image: old → new`, `+ path: value`, `- path: value`. Read-only fields
 * are ignored, so a described revision can be compared with a rendered input.
 */
function diffTaskDefinitions(before, after) {
    const lines = [];
    diffValue('', registrableCopy(before), registrableCopy(after), lines);
    return lines;
}
function diffValue(path, before, after, lines) {
    if (deepEqual(before, after))
        return;
    if (before === undefined) {
        lines.push(`+ ${path}: ${formatValue(after)}`);
        return;
    }
    if (after === undefined) {
        lines.push(`- ${path}: ${formatValue(before)}`);
        return;
    }
    if (isRecord(before) && isRecord(after)) {
        const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !(key in before))];
        for (const key of keys)
            diffValue(path === '' ? key : `${path}.${key}`, before[key], after[key], lines);
        return;
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        diffArray(path, before, after, lines);
        return;
    }
    lines.push(`~ ${path}: ${formatValue(before)} → ${formatValue(after)}`);
}
function diffArray(path, before, after, lines) {
    const identity = IDENTITY_KEYS.find((key) => identifiesAll(before, key) && identifiesAll(after, key));
    if (identity !== undefined) {
        const id = (element) => String(element[identity]);
        const beforeIds = before.map(id);
        const afterIds = after.map(id);
        const countBefore = lines.length;
        for (const element of before) {
            diffValue(`${path}[${id(element)}]`, element, after.find((candidate) => id(candidate) === id(element)), lines);
        }
        for (const element of after) {
            if (!beforeIds.includes(id(element)))
                diffValue(`${path}[${id(element)}]`, undefined, element, lines);
        }
        if (lines.length === countBefore)
            lines.push(`~ ${path}: order ${beforeIds.join(', ')} → ${afterIds.join(', ')}`);
        return;
    }
    const allObjects = [...before, ...after].every(isRecord);
    if (allObjects && before.length === after.length) {
        before.forEach((element, index) => diffValue(`${path}[${index}]`, element, after[index], lines));
        return;
    }
    lines.push(`~ ${path}: ${formatValue(before)} → ${formatValue(after)}`);
}
function identifiesAll(elements, key) {
    const ids = elements.map((element) => (isRecord(element) ? element[key] : undefined));
    return ids.every((id) => typeof id === 'string' && id !== '') && new Set(ids).size === ids.length;
}
function formatValue(value) {
    if (typeof value === 'string' && value !== '' && value.trim() === value)
        return value;
    if (value instanceof Date)
        return value.toISOString();
    // JSON.stringify answers undefined (despite its type) for undefined and functions.
    const json = JSON.stringify(value);
    return json ?? String(value);
}
function deepEqual(a, b) {
    if (Object.is(a, b))
        return true;
    if (a instanceof Date && b instanceof Date)
        return a.getTime() === b.getTime();
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((element, index) => deepEqual(element, b[index]));
    if (isRecord(a) && isRecord(b)) {
        const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
        const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
        return keysA.length === keysB.length && keysA.every((key) => deepEqual(a[key], b[key]));
    }
    return false;
}
// ---------------------------------------------------------------------------------------------------
// Naming
/** `my-app:8` from `arn:aws:ecs:…:task-definition/my-app:8` (a `family:revision` is returned as given). */
function taskDefinitionRevisionLabel(arn) {
    const marker = ':task-definition/';
    const at = arn.indexOf(marker);
    return at === -1 ? arn.slice(arn.lastIndexOf('/') + 1) : arn.slice(at + marker.length);
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
function kindOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return `a ${typeof value}`;
}


/***/ })

};
