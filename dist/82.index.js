export const id = 82;
export const ids = [82];
export const modules = {

/***/ 4093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J$: () => (/* binding */ buildxProbeArguments),
/* harmony export */   Mp: () => (/* binding */ AUTH_FILE_NAME),
/* harmony export */   T8: () => (/* binding */ pushArguments),
/* harmony export */   TH: () => (/* binding */ logoutArguments),
/* harmony export */   V3: () => (/* binding */ probeArguments),
/* harmony export */   fb: () => (/* binding */ buildArguments),
/* harmony export */   mR: () => (/* binding */ loginArguments),
/* harmony export */   o9: () => (/* binding */ digestFromPushOutput)
/* harmony export */ });
/* unused harmony export authFile */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
// Argument vectors for docker and podman, built from typed values only (never a shell string), so
// a value with spaces, quotes or a second `=` reaches the engine whole. No password ever appears
// here: logins read it from stdin.
//
// The registry credentials live in a private directory per step. docker takes it as the global
// `--config DIR` flag (before the subcommand); podman takes the file as `--authfile DIR/config.json`.

const AUTH_FILE_NAME = 'config.json';
function authFile(authDirectory) {
    return node_path__WEBPACK_IMPORTED_MODULE_0___default().join(authDirectory, AUTH_FILE_NAME);
}
/** `docker --config DIR <subcommand>` or `podman <subcommand> --authfile DIR/config.json`. */
function withAuth(engine, authDirectory, subcommand) {
    return engine === 'docker' ? ['--config', authDirectory, subcommand] : [subcommand, '--authfile', authFile(authDirectory)];
}
function buildArguments(engine, build, options) {
    if (options.tags.length === 0)
        throw new Error('An image build needs at least one tag to push.');
    const argv = withAuth(engine, options.authDirectory, 'build');
    // read-inputs.ts already made the path absolute (from the workspace); engines would read a relative one from the cwd.
    if (build.dockerfile !== undefined)
        argv.push('--file', build.dockerfile);
    for (const [name, value] of build.buildArgs)
        argv.push('--build-arg', `${name}=${value}`);
    if (build.target !== undefined)
        argv.push('--target', build.target);
    if (build.platform !== undefined)
        argv.push('--platform', build.platform);
    for (const [key, value] of options.labels)
        argv.push('--label', `${key}=${value}`);
    for (const tag of options.tags)
        argv.push('--tag', tag);
    if (engine === 'docker' && options.disableAttestations === true)
        argv.push('--provenance=false', '--sbom=false');
    argv.push(build.context);
    return argv;
}
/** `digestFile` (podman only) receives the digest of the manifest the registry stored. */
function pushArguments(engine, reference, authDirectory, digestFile) {
    const argv = withAuth(engine, authDirectory, 'push');
    if (engine === 'podman' && digestFile !== undefined)
        argv.push('--digestfile', digestFile);
    argv.push(reference);
    return argv;
}
function loginArguments(engine, authDirectory, registry, username) {
    return [...withAuth(engine, authDirectory, 'login'), '--username', username, '--password-stdin', registry];
}
function logoutArguments(engine, authDirectory, registry) {
    return [...withAuth(engine, authDirectory, 'logout'), registry];
}
/** Exits 0 only when the engine can build: for docker the daemon must answer, not just the CLI. */
function probeArguments(engine, purpose) {
    if (engine === 'podman')
        return ['version', '--format', '{{.Client.Version}}'];
    return purpose === 'preferred' ? ['version', '--format', '{{.Server.Version}}'] : ['info', '--format', '{{.ServerVersion}}'];
}
/** Exits 0 when `docker build` runs on BuildKit (buildx), seen through the same private config as the build. */
function buildxProbeArguments(authDirectory) {
    return ['--config', authDirectory, 'buildx', 'version'];
}
/** The digest in docker push's last line: `TAG: digest: sha256:… size: N`. */
function digestFromPushOutput(output) {
    const matches = [...output.matchAll(/digest: (sha256:[a-f0-9]{64})/g)];
    return matches.at(-1)?.[1];
}


/***/ }),

/***/ 6266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M_: () => (/* binding */ createPrivateDockerConfig),
/* harmony export */   ai: () => (/* binding */ loginToRegistry),
/* harmony export */   q6: () => (/* binding */ cleanupPrivateDockerConfig)
/* harmony export */ });
/* unused harmony export PRIVATE_CONFIG_PREFIX */
/* harmony import */ var _report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8382);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3360);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2876);
/* harmony import */ var _engine_args_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4093);
// A registry login that belongs to this step alone: its own config directory under RUNNER_TEMP
// (never ~/.docker/config.json, which self-hosted runners share between jobs), the password on
// stdin, and a cleanup that cannot break anyone else's login.








const PRIVATE_CONFIG_PREFIX = 'oidc-ecs-deploy-';
/**
 * A new directory, mode 0700, for this step's registry credentials. Its config.json exists from the
 * start (`podman build --authfile` refuses a missing file) and lists the user's docker CLI plugin
 * directory, because docker looks for plugins (buildx) relative to `--config`.
 */
async function createPrivateDockerConfig(runnerTemp, env = process.env) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(runnerTemp, { recursive: true });
    const directory = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(runnerTemp, PRIVATE_CONFIG_PREFIX));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(directory, 0o700);
    const configured = env['DOCKER_CONFIG'];
    const userConfig = configured !== undefined && configured !== '' ? configured : node_path__WEBPACK_IMPORTED_MODULE_4___default().join(node_os__WEBPACK_IMPORTED_MODULE_3___default().homedir(), '.docker');
    const pluginDirectory = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(userConfig, 'cli-plugins');
    const config = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(pluginDirectory) ? { cliPluginsExtraDirs: [pluginDirectory] } : {};
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(directory, _engine_args_js__WEBPACK_IMPORTED_MODULE_7__/* .AUTH_FILE_NAME */ .Mp), `${JSON.stringify(config)}\n`, { mode: 0o600 });
    return directory;
}
/** `login` with the password on stdin: never on the command line, never in the environment. */
async function loginToRegistry(engine, authDirectory, login) {
    // Masked again here so no caller can reach the subprocess with an unmasked password.
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .setSecret */ .Pq(login.password);
    const argv = (0,_engine_args_js__WEBPACK_IMPORTED_MODULE_7__/* .loginArguments */ .mR)(engine, authDirectory, login.registry, login.username);
    const result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_6__/* .getExecOutput */ .H)(engine, argv, { input: Buffer.from(login.password, 'utf8'), silent: true, ignoreReturnCode: true });
    if (result.exitCode !== 0) {
        const reason = `${result.stderr}\n${result.stdout}`.split(login.password).join('***').replace(/\s+/g, ' ').trim();
        throw (0,_report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__/* .withFailureCause */ .ms)(new Error(`${engine} login to ${login.registry} failed with exit code ${result.exitCode}${reason === '' ? '.' : `: ${reason}`}`), 'push');
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(`Logged in to ${login.registry} with ${engine}; the credentials stay in a private directory for this step only.`);
}
/**
 * Logs out (best effort) and deletes the private directory. Safe to call twice and from the post
 * step; never throws, since a failed cleanup must not fail a deploy that already happened.
 */
async function cleanupPrivateDockerConfig(engine, directory, registry) {
    if (directory === '')
        return;
    if (!node_path__WEBPACK_IMPORTED_MODULE_4___default().basename(directory).startsWith(PRIVATE_CONFIG_PREFIX)) {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(`Not deleting ${directory}: it is not a registry config directory this action created.`);
        return;
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(directory))
        return;
    for (const each of (typeof registry === 'string' ? [registry] : registry).filter((host) => host !== '')) {
        try {
            await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_6__/* .getExecOutput */ .H)(engine, (0,_engine_args_js__WEBPACK_IMPORTED_MODULE_7__/* .logoutArguments */ .TH)(engine, directory, each), { silent: true, ignoreReturnCode: true });
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .debug */ .Yz(`${engine} logout from ${each} did not run: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(directory, { recursive: true, force: true });
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(`Could not delete the registry config directory ${directory}: ${error instanceof Error ? error.message : String(error)}`);
    }
}


/***/ }),

/***/ 8382:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ms: () => (/* binding */ withFailureCause),
/* harmony export */   vp: () => (/* binding */ failureCauseOf)
/* harmony export */ });
/* unused harmony exports FAILURE_CAUSES, watchCause */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6001);
// Which way a phase failed (FailureCause), from the error it threw and what the run recorded, so the
// `Next:` advice fits the path the run took. Errors may say it themselves (a `failureCause` field);
// ECS's and ECR's request errors and the watch's outcomes are read as they are. Pure.

/** `error` with the cause it stands for, for `failureCauseOf` to find. */
function withFailureCause(error, failureCause) {
    return Object.assign(error, { failureCause });
}
/** Every cause, for the README's table of `Next:` advice and its test. */
const FAILURE_CAUSES = [
    'token-missing',
    'token-request',
    'trust-policy',
    'audience',
    'provider-missing',
    'thumbprint',
    'token-expired',
    'token-refused',
    'issuer-unreachable',
    'session-length',
    'chain-trust',
    'no-credentials',
    'engine-missing',
    'build',
    'push',
    'repository-missing',
    'image-missing',
    'scan-findings',
    'scan-unusable',
    'scan-timeout',
    'invalid-definition',
    'registration-refused',
    'service-not-found',
    'throttled',
    'circuit-breaker',
    'rolled-back',
    'hook-or-alarm',
    'tasks-failing',
    'timeout',
    'no-progress',
    'replaced',
    'watch-read',
];
const CAUSES = new Set(FAILURE_CAUSES);
function isFailureCause(value) {
    return typeof value === 'string' && CAUSES.has(value);
}
/** The cause of a phase's failure, or undefined when nothing more precise than the phase is known. */
function failureCauseOf(phase, error, record) {
    const told = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(error, 'failureCause');
    if (isFailureCause(told))
        return told;
    switch (phase) {
        case 'Image':
            return (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(error, 'name') === 'RepositoryNotFoundError' ? 'repository-missing' : undefined;
        case 'Task definition':
            return taskDefinitionCause(error);
        case 'Service update':
            return serviceUpdateCause(error);
        case 'Deployment watch':
            return watchCause(record.services);
        default:
            return undefined;
    }
}
function taskDefinitionCause(error) {
    const operation = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(error, 'operation');
    // The services to deploy are read in this phase too (DescribeServices).
    if (operation === 'DescribeServices')
        return serviceUpdateCause(error);
    if (operation === 'RegisterTaskDefinition')
        return (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(error) ? 'throttled' : 'registration-refused';
    if (operation !== undefined)
        return (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(error) ? 'throttled' : undefined;
    // Not an ECS call's error: the definition itself does not fit (no such container, no family…).
    return 'invalid-definition';
}
// Several services' UpdateService failures arrive joined into one message ("UpdateService failed for
// web: ServiceNotFoundException from ECS UpdateService for …"), so the message is what is left to read.
function serviceUpdateCause(error) {
    const message = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error);
    // A refused call is its own advice (the permission to grant), whatever else failed with it.
    if (/\bAccessDenied/.test(message))
        return undefined;
    if (/\b(ServiceNotFoundException|ServiceNotActiveException|ClusterNotFoundException)\b/.test(message))
        return 'service-not-found';
    if ((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(error) || /\b(ThrottlingException|Throttling|TooManyRequests)\b/.test(message))
        return 'throttled';
    return undefined;
}
/**
 * How the watched services that failed ended, when they all ended the same way. A service whose
 * UpdateService failed (no rollout state: never watched) is named in the message with its own error.
 */
function watchCause(services) {
    const failed = services.filter((service) => (service.status === 'failed' || service.status === 'timed-out') && service.rolloutState !== '');
    const causes = new Set(failed.map(serviceCause));
    const [only] = causes;
    return causes.size === 1 ? only : undefined;
}
// The reasons are the watch's own sentences (src/watch/wording.ts); the tests build them with it.
function serviceCause({ status, reason, rolloutState, stoppedTaskReasons }) {
    if (status === 'timed-out')
        return reason.includes(' made no progress for ') ? 'no-progress' : 'timeout';
    if (/^(Stopped watching|Watching \S+ stopped unexpectedly)/.test(reason))
        return 'watch-read';
    if (reason.includes(' was replaced by '))
        return 'replaced';
    if (reason.includes('circuit breaker tripped'))
        return 'circuit-breaker';
    if (reason.includes(' tasks stopped with the same failure'))
        return 'tasks-failing';
    if (/ failed: the (lifecycle hook|CloudWatch alarms?) /.test(reason))
        return 'hook-or-alarm';
    if (rolloutState.startsWith('ROLLBACK') || /\brolling back\b|\brolled the service back\b/.test(reason))
        return 'rolled-back';
    return stoppedTaskReasons.length > 0 ? 'tasks-failing' : undefined;
}


/***/ }),

/***/ 1082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cleanup: () => (/* binding */ cleanup)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3360);
/* harmony import */ var _shared_constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5444);
/* harmony import */ var _image_registry_login_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6266);
// The post step: the main step removes its private docker config itself, but if it died first
// (cancelled, timed out, crashed) the directory would stay on a self-hosted runner. This removes it.



async function cleanup() {
    const directory = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(_shared_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.dockerConfigDir);
    if (!directory)
        return;
    const engine = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(_shared_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.containerEngine) === 'podman' ? 'podman' : 'docker';
    await (0,_image_registry_login_js__WEBPACK_IMPORTED_MODULE_2__/* .cleanupPrivateDockerConfig */ .q6)(engine, directory, _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(_shared_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.registry));
}


/***/ }),

/***/ 6001:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   GQ: () => (/* binding */ isServerError),
/* harmony export */   Is: () => (/* binding */ errorName),
/* harmony export */   J6: () => (/* binding */ awsErrorCode),
/* harmony export */   KG: () => (/* binding */ asSentence),
/* harmony export */   LI: () => (/* binding */ errorField),
/* harmony export */   Pp: () => (/* binding */ describeAwsError),
/* harmony export */   TX: () => (/* binding */ isNetworkError),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   s_: () => (/* binding */ httpStatusOf),
/* harmony export */   uT: () => (/* binding */ mentionsNetworkError)
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
/** `Code: message` of an AWS error, its code without the SDK's `Exception` suffix (as AWS documents it). */
function describeAwsError(error) {
    const code = awsErrorCode(error);
    const text = errorMessage(error);
    return code !== '' && !text.startsWith(code) ? `${code}: ${text}` : text;
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
/** Text that names a transient socket failure: for errors flattened into a message (core.getIDToken's). */
function mentionsNetworkError(text) {
    return /socket hang up/i.test(text) || [...TRANSIENT_SOCKET_CODES].some((code) => text.includes(code));
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
/** The text as a finished sentence: a full stop added unless it already ends in one (or in ! or ?). */
function asSentence(text) {
    return /[.!?]$/.test(text) ? text : `${text}.`;
}


/***/ })

};
