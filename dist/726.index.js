export const id = 726;
export const ids = [726];
export const modules = {

/***/ 3564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BV: () => (/* binding */ hostOfEndpoint),
/* harmony export */   _V: () => (/* binding */ isEcrRepositoryName),
/* harmony export */   mM: () => (/* binding */ repositoryUriOf),
/* harmony export */   my: () => (/* binding */ formatImageReference),
/* harmony export */   o_: () => (/* binding */ parseImageReference),
/* harmony export */   r_: () => (/* binding */ isValidTag),
/* harmony export */   tj: () => (/* binding */ tryParseImageReference),
/* harmony export */   wl: () => (/* binding */ parseEcrHost)
/* harmony export */ });
/* unused harmony export isValidDigest */
// Image references as container engines read them (`[host[:port]/]path[:tag][@digest]`), ECR's
// repository names and registry hosts. The one parser of them: input validation, container selection
// and the ECR lookups all read references here, so none accepts what another refuses. Pure.
const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// The OCI digest grammar; the algorithms the spec registers must also have their exact encoding, and any
// other algorithm the hex of at least 32 digits that container engines' reference grammar asks for.
const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
const REGISTERED_DIGEST_ENCODINGS = new Map([
    ['sha256', /^[a-f0-9]{64}$/],
    ['sha512', /^[a-f0-9]{128}$/],
]);
const ENGINE_DIGEST_ENCODING = /^[a-fA-F0-9]{32,}$/;
// ECR's repository name rule (stricter than an image path: no `__` or `--`), 2 to 256 characters.
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
// Standard, FIPS and dual-stack registry endpoints of every partition: ACCOUNT.dkr.ecr[-fips].REGION.DOMAIN
// or ACCOUNT.dkr-ecr[-fips].REGION.DOMAIN, the domains being the partitions' DNS suffixes (and the
// dual-stack ones). Regions have two letters before the first `-`, four in the European Sovereign Cloud.
const ECR_HOST = /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z]{2}(?:[a-z]{2})?(?:-[a-z]+)+-\d{1,2})\.(?:amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;
/** Splits a reference into its parts; throws when an engine would refuse it. */
function parseImageReference(reference) {
    const invalid = (why) => new Error(`"${reference}" is not a valid image reference (${why}); expected [host[:port]/]path[:tag][@sha256:<64 hex>].`);
    const at = reference.indexOf('@');
    const named = at === -1 ? reference : reference.slice(0, at);
    const digest = at === -1 ? undefined : reference.slice(at + 1);
    if (digest !== undefined && !isValidDigest(digest))
        throw invalid(`digest "${digest}"`);
    // A colon after the last slash starts the tag; one before it belongs to the host's port.
    const lastColon = named.lastIndexOf(':');
    const hasTag = lastColon > named.lastIndexOf('/');
    const name = hasTag ? named.slice(0, lastColon) : named;
    const tag = hasTag ? named.slice(lastColon + 1) : undefined;
    if (tag !== undefined && !isValidTag(tag))
        throw invalid(`tag "${tag}"`);
    // Engines read the first component as a host only when it could not be a path component.
    const firstSlash = name.indexOf('/');
    const first = firstSlash === -1 ? undefined : name.slice(0, firstSlash);
    const isHost = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
    const host = isHost ? first : undefined;
    const repository = isHost ? name.slice(firstSlash + 1) : name;
    if (host !== undefined && !HOST.test(host))
        throw invalid(`registry host "${host}"`);
    if (repository === '' || !repository.split('/').every((component) => PATH_COMPONENT.test(component))) {
        throw invalid(`repository path "${repository}"`);
    }
    return { host, repository, tag, digest };
}
/** The reference's parts, or undefined when an engine would refuse it (for images we only compare). */
function tryParseImageReference(reference) {
    try {
        return parseImageReference(reference);
    }
    catch {
        return undefined;
    }
}
/** Docker's tag rule (ECR accepts more, but engines refuse anything else). */
function isValidTag(tag) {
    return TAG.test(tag);
}
function isValidDigest(digest) {
    const [, algorithm, encoded] = DIGEST.exec(digest) ?? [];
    if (algorithm === undefined || encoded === undefined)
        return false;
    return (REGISTERED_DIGEST_ENCODINGS.get(algorithm) ?? ENGINE_DIGEST_ENCODING).test(encoded);
}
function isEcrRepositoryName(name) {
    return name.length >= 2 && name.length <= 256 && ECR_REPOSITORY_NAME.test(name);
}
/** `host/path` without tag or digest (just the path for a reference written without a host). */
function repositoryUriOf(reference) {
    return reference.host === undefined ? reference.repository : `${reference.host}/${reference.repository}`;
}
function formatImageReference(reference) {
    return `${repositoryUriOf(reference)}${reference.tag === undefined ? '' : `:${reference.tag}`}${reference.digest === undefined ? '' : `@${reference.digest}`}`;
}
/** The account and region of an ECR registry host, or undefined for any other registry. */
function parseEcrHost(host) {
    const [, registryId, region] = ECR_HOST.exec(host.toLowerCase()) ?? [];
    return registryId === undefined || region === undefined ? undefined : { registryId, region };
}
/** `host[:port]` of a registry endpoint URL such as ECR's `proxyEndpoint` (`https://HOST`). */
function hostOfEndpoint(endpoint) {
    return endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
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
    'wrong-revision',
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
    if (reason.includes(' ended on another revision: '))
        return 'wrong-revision';
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
    const directory = _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_shared_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.dockerConfigDir);
    if (!directory)
        return;
    const engine = _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_shared_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.containerEngine) === 'podman' ? 'podman' : 'docker';
    await (0,_image_registry_login_js__WEBPACK_IMPORTED_MODULE_2__/* .cleanupPrivateDockerConfig */ .q6)(engine, directory, _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_shared_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.registry));
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
