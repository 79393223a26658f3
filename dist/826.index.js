export const id = 826;
export const ids = [826];
export const modules = {

/***/ 7101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v4: () => (/* binding */ getOidcToken)
/* harmony export */ });
/* unused harmony exports REQUEST_URL_VARIABLE, REQUEST_TOKEN_VARIABLE, MissingOidcTokenError, OidcTokenError, assertOidcAvailable, isTransientOidcError, decodeClaims, describeClaims, audiences */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3360);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6001);
/* harmony import */ var _shared_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3091);
// Gets the job's GitHub OIDC token and shows what is inside it, because the claims are exactly what the
// role's trust policy is matched against and users otherwise can't see them. The token is never
// verified here (AWS does that) and never printed.



const REQUEST_URL_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const REQUEST_TOKEN_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';
class MissingOidcTokenError extends Error {
    failureCause = 'token-missing';
    constructor(missingVariable) {
        super(`This workflow has no OIDC token (${missingVariable} is not set): add \`permissions: id-token: write\` ` +
            '(and `contents: read`) to the job or workflow; pull requests from forks never get a token, so use ' +
            '`role-to-assume` only on trusted events, or leave `role-to-assume` empty to use AWS credentials already ' +
            'present in the environment.');
        this.name = 'MissingOidcTokenError';
    }
}
class OidcTokenError extends Error {
    failureCause = 'token-request';
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
        token = await (0,_shared_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L5)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__.getIDToken(audience), {
            ...TOKEN_RETRY,
            isRetryable: isTransientOidcError,
            ...(deps.sleep && { sleep: deps.sleep }),
            ...(deps.now && { now: deps.now }),
            ...(deps.random && { random: deps.random }),
            onRetry: (error, attempt, delayMs) => _actions_core__WEBPACK_IMPORTED_MODULE_0__.info(`GitHub OIDC token request failed (${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${TOKEN_RETRY.maxAttempts}).`),
        });
    }
    catch (error) {
        throw new OidcTokenError(audience, error);
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__.setSecret(token);
    const claims = decodeClaims(token);
    if (deps.showClaims ?? true) {
        // Printed inside the Credentials phase's collapsed group: the runner does not nest groups.
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.info(`GitHub OIDC token claims (what the role's trust policy is matched against):`);
        for (const line of describeClaims(claims))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__.info(`  ${line}`);
    }
    else {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.info(`Got a new GitHub OIDC token (sub ${claims.sub ?? '(none)'}).`);
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
    // core.getIDToken keeps only the message of the socket error; an unwrapped one still has its code.
    return (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isNetworkError */ .TX)(error) || (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .mentionsNetworkError */ .uT)(message);
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

/***/ 5346:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HY: () => (/* binding */ AppSpecError),
/* harmony export */   Us: () => (/* binding */ defaultAppSpec),
/* harmony export */   WS: () => (/* binding */ parseAppSpec),
/* harmony export */   uo: () => (/* binding */ appSpecContent)
/* harmony export */ });
// The AppSpec of a CodeDeploy deployment to ECS: read from `codedeploy-appspec` (YAML or JSON, checked with
// the inputs) or generated from the container name and port of the service's load balancer, and sent with
// the new revision as its TaskDefinition. Pure: the YAML parser is handed in, so the yaml package is loaded
// (by src/run/main.ts) only in a run that gives `codedeploy-appspec`.
/** A file that is not an AppSpec for ECS: the sentence says what is wrong, the input reader names the input. */
class AppSpecError extends Error {
}
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
function parseAppSpec(text, parseYaml) {
    let parsed;
    try {
        parsed = parseYaml(text);
    }
    catch (error) {
        throw new AppSpecError(`not YAML or JSON (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`);
    }
    if (!isRecord(parsed))
        throw new AppSpecError('not a mapping with `version` and `Resources`');
    const resources = parsed.Resources;
    const first = Array.isArray(resources) ? resources[0] : undefined;
    if (!isRecord(first) || Object.keys(first).length !== 1)
        throw new AppSpecError('`Resources` is not a list whose first item is one named `AWS::ECS::Service` resource');
    const [resourceName, resource] = Object.entries(first)[0] ?? ['', undefined];
    if (!isRecord(resource) || resource.Type !== 'AWS::ECS::Service')
        throw new AppSpecError(`resource \`${resourceName}\` is not of Type \`AWS::ECS::Service\``);
    const properties = resource.Properties;
    const loadBalancer = isRecord(properties) ? properties.LoadBalancerInfo : undefined;
    if (!isRecord(loadBalancer) || typeof loadBalancer.ContainerName !== 'string' || loadBalancer.ContainerName === '')
        throw new AppSpecError(`resource \`${resourceName}\` has no \`Properties.LoadBalancerInfo.ContainerName\``);
    const port = loadBalancer.ContainerPort;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
        throw new AppSpecError(`resource \`${resourceName}\` has no \`Properties.LoadBalancerInfo.ContainerPort\` between 1 and 65535`);
    const hooks = Array.isArray(parsed.Hooks) ? parsed.Hooks.filter(isRecord).flatMap((hook) => Object.keys(hook)) : [];
    return { content: parsed, resourceName, containerName: loadBalancer.ContainerName, containerPort: port, hooks };
}
/** What the ECS console's CodeDeploy setup deploys: the service's container and port behind its load balancer. */
function defaultAppSpec(containerName, containerPort) {
    return {
        content: {
            version: '0.0',
            Resources: [
                {
                    TargetService: {
                        Type: 'AWS::ECS::Service',
                        Properties: { TaskDefinition: '', LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort } },
                    },
                },
            ],
        },
        resourceName: 'TargetService',
        containerName,
        containerPort,
        hooks: [],
    };
}
/** The AppSpec content CreateDeployment sends: the document with the revision to deploy as its TaskDefinition. */
function appSpecContent(document, taskDefinitionArn) {
    const resources = document.content.Resources;
    const first = Array.isArray(resources) ? resources[0] : undefined;
    const resource = isRecord(first) ? first[document.resourceName] : undefined;
    const properties = isRecord(resource) ? resource.Properties : undefined;
    const target = {
        [document.resourceName]: {
            ...(isRecord(resource) ? resource : {}),
            Properties: { ...(isRecord(properties) ? properties : {}), TaskDefinition: taskDefinitionArn },
        },
    };
    const others = Array.isArray(resources) ? resources.slice(1) : [];
    return JSON.stringify({ ...document.content, Resources: [target, ...others] });
}


/***/ }),

/***/ 2929:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jm: () => (/* binding */ ACCEPTED_MANIFEST_MEDIA_TYPES),
/* harmony export */   Nc: () => (/* binding */ nativePlatform),
/* harmony export */   aH: () => (/* binding */ isPlatform),
/* harmony export */   kA: () => (/* binding */ INDEX_MEDIA_TYPES),
/* harmony export */   ky: () => (/* binding */ platformMismatch),
/* harmony export */   sw: () => (/* binding */ imagesOfIndex),
/* harmony export */   tM: () => (/* binding */ splitPlatforms),
/* harmony export */   z3: () => (/* binding */ missingPlatforms)
/* harmony export */ });
/* unused harmony exports platformsOfIndex, requiredPlatform */
// Image platforms (`os/architecture[/variant]`): the `platform` input's list, the platforms an image
// index lists, and whether they can run where a task definition's `runtimePlatform` places its tasks.
// Pure.
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
/** ECS's cpuArchitecture as image platforms name it (`GOARCH`). */
const ARCHITECTURE_OF_CPU = { X86_64: 'amd64', ARM64: 'arm64' };
const INDEX_MEDIA_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
/** Every manifest media type ECR may store for an image, so BatchGetImage answers an index as it is. */
const ACCEPTED_MANIFEST_MEDIA_TYPES = [
    ...INDEX_MEDIA_TYPES,
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
function isPlatform(text) {
    return PLATFORM.test(text);
}
/** The `platform` input's items, comma or newline separated, each once in the order given. */
function splitPlatforms(text) {
    const items = text
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    return [...new Set(items)];
}
/** The image platforms an image built for the runner's machine has, when `platform` is empty. */
function nativePlatform(arch) {
    const architecture = { x64: 'amd64', arm64: 'arm64' }[arch];
    return architecture === undefined ? undefined : `linux/${architecture}`;
}
/**
 * The platforms of the images an index lists, or undefined when `manifest` is no index. Attestation
 * entries (`unknown/unknown`, or marked `vnd.docker.reference.type: attestation-manifest`) run nowhere
 * and are left out.
 */
function platformsOfIndex(manifest) {
    const images = imagesOfIndex(manifest);
    return images === undefined ? undefined : [...new Set(images.map((image) => image.platform))];
}
/** The images an index lists, in its order, attestations left out; undefined when `manifest` is no index. */
function imagesOfIndex(manifest) {
    let parsed;
    try {
        parsed = JSON.parse(manifest);
    }
    catch {
        return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null)
        return undefined;
    const { mediaType, manifests } = parsed;
    const isIndex = (typeof mediaType === 'string' && INDEX_MEDIA_TYPES.includes(mediaType)) || Array.isArray(manifests);
    if (!isIndex || !Array.isArray(manifests))
        return undefined;
    const images = [];
    for (const entry of manifests) {
        if (typeof entry !== 'object' || entry === null)
            continue;
        const { platform, annotations, digest } = entry;
        const reference = annotations?.['vnd.docker.reference.type'];
        if (reference === 'attestation-manifest' || typeof platform !== 'object' || platform === null)
            continue;
        const { os, architecture, variant } = platform;
        if (typeof os !== 'string' || typeof architecture !== 'string' || os === 'unknown' || architecture === 'unknown')
            continue;
        const text = typeof variant === 'string' && variant !== '' ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
        images.push({ platform: text, digest: typeof digest === 'string' ? digest : '' });
    }
    return images;
}
/** `platform` items the index does not list (a variant given as `linux/arm64/v8` counts as `linux/arm64`). */
function missingPlatforms(wanted, listed) {
    const listedBase = new Set(listed.map(withoutVariant));
    return wanted.filter((platform) => !listed.includes(platform) && !listedBase.has(withoutVariant(platform)));
}
/** The platform a task definition's tasks need, or undefined when it does not say (EC2 places them on any instance). */
function requiredPlatform(definition) {
    const given = definition.runtimePlatform?.cpuArchitecture;
    // AWS: without runtimePlatform, Fargate runs X86_64; EC2 takes whatever instance the task lands on.
    const cpu = given ?? (definition.requiresCompatibilities?.includes('FARGATE') === true ? 'X86_64' : undefined);
    if (cpu === undefined)
        return undefined;
    const architecture = ARCHITECTURE_OF_CPU[cpu];
    if (architecture === undefined)
        return undefined;
    const family = definition.runtimePlatform?.operatingSystemFamily;
    const os = family === undefined ? undefined : family.startsWith('WINDOWS') ? 'windows' : family === 'LINUX' ? 'linux' : undefined;
    return { cpu, architecture, os };
}
/**
 * Why an image of `platforms` cannot run where `definition` places its tasks, as the middle of a
 * sentence, or undefined when one of them fits (or the definition does not say where).
 */
function platformMismatch(platforms, definition) {
    const required = requiredPlatform(definition);
    if (required === undefined || platforms.length === 0)
        return undefined;
    const fits = platforms.some((platform) => {
        const [os, architecture] = platform.split('/');
        return architecture === required.architecture && (required.os === undefined || os === required.os);
    });
    if (fits)
        return undefined;
    const given = definition.runtimePlatform?.cpuArchitecture === undefined ? ' (absent, which means X86_64 on Fargate)' : '';
    const family = required.os === undefined ? '' : ` and operatingSystemFamily ${definition.runtimePlatform?.operatingSystemFamily ?? ''}`;
    return `runtimePlatform.cpuArchitecture ${required.cpu}${given}${family} needs ${required.os ?? 'linux'}/${required.architecture}, but the image holds ${platforms.join(', ')} only`;
}
function withoutVariant(platform) {
    return platform.split('/').slice(0, 2).join('/');
}


/***/ }),

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

/***/ 8826:
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
// EXTERNAL MODULE: ./src/task-definition/model.ts
var model = __webpack_require__(2452);
;// CONCATENATED MODULE: ./src/task-definition/parse-file.ts

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
    if (!(0,model/* isRecord */.u4)(parsed)) {
        return fail(`must hold a JSON object (a task definition, or the output of aws ecs describe-task-definition), found ${kindOf(parsed)}`);
    }
    const described = (0,model/* isRecord */.u4)(parsed['taskDefinition']);
    const definition = described ? parsed['taskDefinition'] : parsed;
    const where = described ? ' in taskDefinition' : '';
    const rawTags = described ? parsed['tags'] : definition['tags'];
    const containers = definition['containerDefinitions'];
    if (!Array.isArray(containers) || containers.length === 0) {
        return fail(`has no containerDefinitions${where} (a non-empty array of containers is required)`);
    }
    containers.forEach((container, index) => {
        if (!(0,model/* isRecord */.u4)(container))
            fail(`has containerDefinitions[${index}] that is ${kindOf(container)}, not an object`);
        else if (typeof container['name'] !== 'string' || container['name'] === '')
            fail(`has containerDefinitions[${index}] without a name`);
    });
    if (typeof definition['family'] !== 'string' || definition['family'] === '') {
        return fail(`has no family${where} (RegisterTaskDefinition needs one)`);
    }
    const tags = rawTags ?? [];
    if (!Array.isArray(tags) || !tags.every((tag) => (0,model/* isRecord */.u4)(tag) && typeof tag['key'] === 'string')) {
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
function kindOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./src/inputs/field-readers.ts
/** A bad input: the message names the input, what was given and the form expected, on one line. */
class InputError extends Error {
    input;
    constructor(input, given, expected) {
        super(`Input \`${input}\` ${given === '' ? 'is empty' : `was ${JSON.stringify(given)}`}; expected ${expected}.`);
        this.input = input;
        this.name = 'InputError';
    }
}
const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];
function optional(value) {
    return value === '' ? undefined : value;
}
/** Non-empty lines (or `separator`-separated items), trimmed, without `#` comments. */
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
function field_readers_boolean(read, name, fallback) {
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

;// CONCATENATED MODULE: ./src/shared/partitions.ts
// AWS partitions: the closed list of ARN partitions, and the partition a region belongs to. The region
// patterns are the SDK's own (the `regionRegex` of each partition in @aws-sdk/core's endpoint rules), and
// a test checks that they agree with the SDK's `partition()`. Copied rather than imported: the SDK exports
// that table only from @aws-sdk/core, an internal package of the clients, whose import would load the SDK
// before the inputs are read (main.ts loads it only once the token request is under way). Pure.
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
/** The more specific prefixes (`us-gov-`, `us-iso-`) come before the plain `us-` of the `aws` partition. */
const REGION_PARTITIONS = [
    [/^us-gov-\w+-\d+$/, 'aws-us-gov'],
    [/^us-iso-\w+-\d+$/, 'aws-iso'],
    [/^us-isob-\w+-\d+$/, 'aws-iso-b'],
    [/^eu-isoe-\w+-\d+$/, 'aws-iso-e'],
    [/^us-isof-\w+-\d+$/, 'aws-iso-f'],
    [/^eusc-de-\w+-\d+$/, 'aws-eusc'],
    [/^cn-\w+-\d+$/, 'aws-cn'],
    [/^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, 'aws'],
];
/**
 * The partition of `region`. A region of no known form is `aws`, as for the SDK, which sends its
 * requests to the `aws` endpoints: so a region newer than this table still deploys.
 */
function partitionOfRegion(region) {
    return REGION_PARTITIONS.find(([pattern]) => pattern.test(region))?.[1] ?? 'aws';
}
function isPartition(name) {
    return PARTITIONS.includes(name);
}

;// CONCATENATED MODULE: ./src/inputs/arn-inputs.ts
// The ARN inputs checked against `aws-region` and against each other: every ARN is in a partition AWS
// has, and in the partition of `aws-region` (a role of `aws` cannot be assumed through the STS of
// `cn-north-1`); cluster and service ARNs are of `aws-region`, and a service ARN's cluster is `cluster`.
// Each of these would otherwise fail late, at STS or at UpdateService, far from the input. Pure.



const ROLE_ARN = /^arn:([a-z0-9-]+):iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:([a-z0-9-]+):ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;
// Service ARNs name their cluster (`service/CLUSTER/NAME`) unless they are of the older, short form.
const SERVICE_ARN = /^arn:([a-z0-9-]+):ecs:([a-z0-9-]+):(\d{12}):service\/(?:([A-Za-z0-9_-]{1,255})\/)?([A-Za-z0-9_-]{1,255})$/;
/** Throws unless `arn` is a role ARN in the partition of `region`. */
function checkRoleArn(input, arn, region, example) {
    const [, partition] = ROLE_ARN.exec(arn) ?? [];
    if (partition === undefined)
        throw new InputError(input, arn, example);
    checkPartition(input, arn, partition, region);
}
function readCluster(value, region) {
    if (ECS_NAME.test(value))
        return { value, name: value, account: undefined };
    const [, partition, arnRegion, account, name] = CLUSTER_ARN.exec(value) ?? [];
    if (partition === undefined || arnRegion === undefined || name === undefined) {
        throw new InputError(constants/* Input */.pd.cluster, value, 'a cluster name of up to 255 letters, digits, `-` and `_`, or a cluster ARN');
    }
    checkPartition(constants/* Input */.pd.cluster, value, partition, region);
    checkRegion(constants/* Input */.pd.cluster, value, 'a cluster', arnRegion, region);
    return { value, name, account };
}
/** Throws unless `service` is a service name, or a service ARN of `region` and of `cluster`. Returns its name. */
function checkService(service, region, cluster) {
    if (ECS_NAME.test(service))
        return service;
    const [, partition, arnRegion, account, clusterName, name] = SERVICE_ARN.exec(service) ?? [];
    if (partition === undefined || arnRegion === undefined || name === undefined) {
        throw new InputError(constants/* Input */.pd.service, service, 'ECS service names of up to 255 letters, digits, `-` and `_` (or service ARNs), one per line');
    }
    checkPartition(constants/* Input */.pd.service, service, partition, region);
    checkRegion(constants/* Input */.pd.service, service, 'a service', arnRegion, region);
    const otherAccount = cluster.account !== undefined && cluster.account !== account;
    if (clusterName !== undefined && (clusterName !== cluster.name || otherAccount)) {
        const its = otherAccount ? `cluster ${clusterName} of account ${account ?? ''}` : `cluster ${clusterName}`;
        throw new InputError(constants/* Input */.pd.service, service, `a service of the cluster that \`${constants/* Input */.pd.cluster}\` names (${cluster.value}), not of ${its}`);
    }
    return name;
}
const FAMILY_REVISION = /^([A-Za-z0-9_-]{1,255}):([1-9]\d{0,8})$/;
const TASK_DEFINITION_ARN = /^arn:([a-z0-9-]+):ecs:([a-z0-9-]+):(\d{12}):task-definition\/([A-Za-z0-9_-]{1,255}):([1-9]\d{0,8})$/;
/**
 * Whether `task-definition` names an existing revision (`my-app:7`, or an ARN) rather than a file: a
 * family has no `.` or `/`, so no file path such as `deploy/task-definition.json` reads as one.
 */
function namesRevision(value) {
    return FAMILY_REVISION.test(value) || value.startsWith('arn:');
}
/** Throws unless `value` is `family:revision` or a task definition ARN of `region` (and of `cluster`'s account). */
function checkRevision(value, region, cluster) {
    if (FAMILY_REVISION.test(value))
        return value;
    const [, partition, arnRegion, account] = TASK_DEFINITION_ARN.exec(value) ?? [];
    if (partition === undefined || arnRegion === undefined) {
        throw new InputError(constants/* Input */.pd.taskDefinition, value, 'a task definition revision ARN such as `arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7` (with its revision), `my-app:7`, or the path of a JSON file');
    }
    checkPartition(constants/* Input */.pd.taskDefinition, value, partition, region);
    checkRegion(constants/* Input */.pd.taskDefinition, value, 'a task definition', arnRegion, region);
    if (cluster.account !== undefined && account !== cluster.account) {
        throw new InputError(constants/* Input */.pd.taskDefinition, value, `a task definition of account ${cluster.account}, the account of \`${constants/* Input */.pd.cluster}\` (a service runs revisions of its own account only), not of ${account ?? ''}`);
    }
    return value;
}
function checkPartition(input, arn, partition, region) {
    if (!isPartition(partition)) {
        throw new InputError(input, arn, `an ARN whose partition is one of ${PARTITIONS.join(', ')}, not ${partition}`);
    }
    const regionPartition = partitionOfRegion(region);
    if (partition !== regionPartition) {
        throw new InputError(input, arn, `an ARN in partition ${regionPartition}, the partition of \`${constants/* Input */.pd.awsRegion}\` ${region}, not in ${partition}`);
    }
}
function checkRegion(input, arn, what, arnRegion, region) {
    if (arnRegion !== region)
        throw new InputError(input, arn, `${what} in \`${constants/* Input */.pd.awsRegion}\` ${region}, not in ${arnRegion}`);
}

// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/inputs/repository-input.ts
// The `repository` input: an ECR repository name, or the full repository URI that ECR shows and that
// other ECR actions take (`<registry>/my-org/my-app`). A URI is read with the one image-reference
// parser; it is accepted when its registry is an ECR registry of `aws-region`, and then stands for the
// repository of that name in that account's registry. Any other registry is not a place this action
// pushes to, so a first component that is not an ECR registry is read as part of the name. Pure.



const EXPECTED_NAME = 'an ECR repository name such as `my-org/my-app` (lowercase letters, digits, `._-` and `/`), or its URI `<registry>/my-org/my-app`';
function readRepository(value, region) {
    // Only an ECR registry makes the first component a host: `my.org/my-app` is a repository name ECR allows.
    const reference = (0,image_reference/* tryParseImageReference */.tj)(value);
    const registry = reference?.host === undefined ? undefined : (0,image_reference/* parseEcrHost */.wl)(reference.host);
    if (reference === undefined || registry === undefined) {
        if ((0,image_reference/* isEcrRepositoryName */._V)(value))
            return { name: value, registryId: undefined, uri: undefined };
        throw new InputError(constants/* Input */.pd.repository, value, EXPECTED_NAME);
    }
    if (!(0,image_reference/* isEcrRepositoryName */._V)(reference.repository))
        throw new InputError(constants/* Input */.pd.repository, value, EXPECTED_NAME);
    if (reference.tag !== undefined || reference.digest !== undefined) {
        throw new InputError(constants/* Input */.pd.repository, value, `${EXPECTED_NAME}, without a tag or digest (\`${constants/* Input */.pd.imageTag}\` sets the tag)`);
    }
    if (registry.region !== region) {
        throw new InputError(constants/* Input */.pd.repository, value, `a repository in \`${constants/* Input */.pd.awsRegion}\` ${region}, not in ${registry.region} (or set \`${constants/* Input */.pd.awsRegion}\` to ${registry.region})`);
    }
    return { name: reference.repository, registryId: registry.registryId, uri: (0,image_reference/* repositoryUriOf */.mM)(reference) };
}
/** What the log says about a repository given as a URI, so the user sees how it was read. */
function repositoryNotice(repository) {
    if (repository.registryId === undefined)
        return undefined;
    return {
        level: 'info',
        input: constants/* Input */.pd.repository,
        message: `\`${constants/* Input */.pd.repository}\` is a repository URI: using repository ${repository.name} of the ECR registry of account ${repository.registryId}.`,
    };
}

;// CONCATENATED MODULE: ./src/inputs/shell-words.ts
// Splits a command line into words the way a POSIX shell would before running it, without running
// anything: quotes keep words together, nothing is expanded. The render action split `command` on
// every space, so `sh -c "echo hi"` became four words (docs/anchors.md). Pure.
//
// The rules (POSIX "Quoting"): outside quotes, blanks separate words and a backslash keeps the next
// character as it is (a backslash before a newline joins the lines); inside single quotes every
// character is literal; inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a
// newline, and is kept before anything else. Quoted and unquoted parts next to each other make one
// word (`--name="a b"` is `--name=a b`); `""` is an empty word. `$`, `*`, `|`, `;` and the like are
// kept as written: ECS runs the words without a shell, so they mean nothing special there either.
/** Why a command line cannot be split: an unclosed quote or a trailing backslash. */
class ShellWordsError extends Error {
    problem;
    constructor(problem) {
        super(problem);
        this.problem = problem;
        this.name = 'ShellWordsError';
    }
}
const BLANK = /[ \t\n\r]/;
/** What a backslash escapes inside double quotes; before anything else it stays a backslash. */
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['$', '`', '"', '\\', '\n']);
function splitShellWords(line) {
    const words = [];
    let word = '';
    // A word may be empty (`""`) yet exist: track that apart from its text.
    let inWord = false;
    let index = 0;
    const next = () => line[index++];
    while (index < line.length) {
        const char = next() ?? '';
        if (BLANK.test(char)) {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
            continue;
        }
        if (char === '\\') {
            const escaped = next();
            if (escaped === undefined)
                throw new ShellWordsError('it ends with a backslash that escapes nothing');
            // A backslash-newline continues the line: neither character is part of a word, nor starts one.
            if (escaped !== '\n') {
                word += escaped;
                inWord = true;
            }
            continue;
        }
        inWord = true;
        if (char === "'") {
            const end = line.indexOf("'", index);
            if (end < 0)
                throw new ShellWordsError(`the single quote at character ${index} is never closed`);
            word += line.slice(index, end);
            index = end + 1;
            continue;
        }
        if (char === '"') {
            const opened = index;
            for (;;) {
                const inner = next();
                if (inner === undefined)
                    throw new ShellWordsError(`the double quote at character ${opened} is never closed`);
                if (inner === '"')
                    break;
                if (inner === '\\') {
                    const escaped = next();
                    if (escaped === undefined)
                        throw new ShellWordsError(`the double quote at character ${opened} is never closed`);
                    if (escaped === '\n')
                        continue;
                    word += ESCAPABLE_IN_DOUBLE_QUOTES.has(escaped) ? escaped : `\\${escaped}`;
                    continue;
                }
                word += inner;
            }
            continue;
        }
        word += char;
    }
    if (inWord)
        words.push(word);
    return words;
}

;// CONCATENATED MODULE: ./src/inputs/command-line.ts
// A command given as one input: a JSON array of strings, or a shell-like line split the way a shell
// splits words (quotes keep spaces, a backslash escapes), never on every plain space inside quotes, so
// `sh -c "npm run migrate"` is three words. No variables, globs or operators are expanded: ECS runs the
// words as the container's command, exactly as written here. Pure.

/** A command line that cannot be split; `problem` says why, in words that finish "expected …, but …". */
class CommandLineError extends Error {
    problem;
    constructor(problem) {
        super(problem);
        this.problem = problem;
        this.name = 'CommandLineError';
    }
}
/** The words of `text`; [] for an empty line. Throws CommandLineError for an unbalanced quote or a bad JSON array. */
function parseCommandLine(text) {
    const trimmed = text.trim();
    if (trimmed.startsWith('['))
        return parseJsonArray(trimmed);
    return splitWords(trimmed);
}
function parseJsonArray(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new CommandLineError('it starts with `[` and is not valid JSON');
    }
    if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string')) {
        throw new CommandLineError('its JSON array holds something other than strings');
    }
    return parsed;
}
// The one shell-like splitter of the project (also used by `command` and `entry-point`).
function splitWords(text) {
    try {
        return splitShellWords(text);
    }
    catch (error) {
        if (error instanceof ShellWordsError)
            throw new CommandLineError(error.problem);
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/inputs/run-task-inputs.ts



const SUBNET = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/;
const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES'];
const CAPACITY_PROVIDER = /^[A-Za-z0-9_-]{1,255}$/;
/** ECS's limits: 16 subnets and 5 security groups in an awsvpcConfiguration, 20 capacity providers in a strategy. */
const MAX_SUBNETS = 16;
const MAX_SECURITY_GROUPS = 5;
const MAX_CAPACITY_PROVIDERS = 20;
/** The one-off task's settings, or undefined when `run-task-command` is empty. Throws InputError. */
function readRunTask(read, github) {
    const command = readCommand(read);
    const subnets = ids(read, constants/* Input */.pd.runTaskSubnets, SUBNET, MAX_SUBNETS, 'subnet ids such as `subnet-0123456789abcdef0`');
    const securityGroups = ids(read, constants/* Input */.pd.runTaskSecurityGroups, SECURITY_GROUP, MAX_SECURITY_GROUPS, 'security group ids such as `sg-0123456789abcdef0`');
    const assignPublicIp = readAssignPublicIp(read);
    const launchType = readLaunchType(read);
    const capacityProviderStrategy = readCapacityProviderStrategy(read);
    if (launchType !== undefined && capacityProviderStrategy !== undefined) {
        throw new InputError(constants/* Input */.pd.runTaskCapacityProviderStrategy, read(constants/* Input */.pd.runTaskCapacityProviderStrategy), `to be empty when \`${constants/* Input */.pd.runTaskLaunchType}\` is set (ECS takes a launch type or a capacity provider strategy, not both)`);
    }
    const timeoutMinutes = wholeNumber(read, constants/* Input */.pd.runTaskTimeoutMinutes, constants/* InputDefault */.YJ[constants/* Input */.pd.runTaskTimeoutMinutes], 1, 720, 'minutes the one-off task may take before it is stopped');
    if (command === undefined)
        return undefined;
    return {
        command,
        subnets,
        securityGroups,
        assignPublicIp,
        launchType,
        capacityProviderStrategy,
        timeoutMinutes,
        startedBy: startedByOf(github),
    };
}
/** The inputs that shape the one-off task, besides the command itself (no effect without it). */
const RUN_TASK_SETTINGS = [
    constants/* Input */.pd.runTaskSubnets,
    constants/* Input */.pd.runTaskSecurityGroups,
    constants/* Input */.pd.runTaskAssignPublicIp,
    constants/* Input */.pd.runTaskLaunchType,
    constants/* Input */.pd.runTaskCapacityProviderStrategy,
    constants/* Input */.pd.runTaskTimeoutMinutes,
];
function readCommand(read) {
    const given = read(constants/* Input */.pd.runTaskCommand);
    if (given === '')
        return undefined;
    const expected = 'a command as a JSON array of strings (`["npm", "run", "migrate"]`) or a shell-like line (`npm run migrate`)';
    let words;
    try {
        words = parseCommandLine(given);
    }
    catch (error) {
        if (!(error instanceof CommandLineError))
            throw error;
        throw new InputError(constants/* Input */.pd.runTaskCommand, given, `${expected}, but ${error.problem}`);
    }
    if (words.length === 0 || words[0] === '')
        throw new InputError(constants/* Input */.pd.runTaskCommand, given, `${expected}, with a program to run first`);
    return words;
}
function ids(read, name, pattern, max, expected) {
    const values = lines(read(name), /[\n,]/);
    if (values.length === 0)
        return undefined;
    const form = `at most ${String(max)} ${expected}, comma or line separated`;
    for (const value of values)
        if (!pattern.test(value))
            throw new InputError(name, value, form);
    if (values.length > max || new Set(values).size !== values.length)
        throw new InputError(name, read(name), `${form}, each once`);
    return values;
}
function readAssignPublicIp(read) {
    const value = read(constants/* Input */.pd.runTaskAssignPublicIp);
    if (value === '')
        return undefined;
    if (value === 'ENABLED' || value === 'DISABLED')
        return value;
    throw new InputError(constants/* Input */.pd.runTaskAssignPublicIp, value, "`ENABLED` or `DISABLED`, or empty for the service's setting");
}
function readLaunchType(read) {
    const value = read(constants/* Input */.pd.runTaskLaunchType);
    if (value === '')
        return undefined;
    const known = LAUNCH_TYPES.find((launchType) => launchType === value);
    if (known === undefined) {
        throw new InputError(constants/* Input */.pd.runTaskLaunchType, value, `one of ${LAUNCH_TYPES.map((launchType) => `\`${launchType}\``).join(', ')}, or empty for the service's`);
    }
    return known;
}
function readCapacityProviderStrategy(read) {
    const items = lines(read(constants/* Input */.pd.runTaskCapacityProviderStrategy), /[\n,]/);
    if (items.length === 0)
        return undefined;
    const expected = `at most ${String(MAX_CAPACITY_PROVIDERS)} capacity providers, comma or line separated, each \`name\`, \`name:weight\` or \`name:weight:base\` (weight 0-1000, base 0-100000)`;
    const strategy = items.map((item) => {
        const [capacityProvider = '', weight, base, ...rest] = item.split(':').map((part) => part.trim());
        const number = (text, max) => text === undefined ? undefined : /^\d+$/.test(text) && Number(text) <= max ? Number(text) : false;
        const parsedWeight = number(weight, 1000);
        const parsedBase = number(base, 100_000);
        if (!CAPACITY_PROVIDER.test(capacityProvider) || rest.length > 0 || parsedWeight === false || parsedBase === false) {
            throw new InputError(constants/* Input */.pd.runTaskCapacityProviderStrategy, item, expected);
        }
        return { capacityProvider, weight: parsedWeight, base: parsedBase };
    });
    const names = strategy.map((item) => item.capacityProvider);
    if (strategy.length > MAX_CAPACITY_PROVIDERS || new Set(names).size !== names.length) {
        throw new InputError(constants/* Input */.pd.runTaskCapacityProviderStrategy, read(constants/* Input */.pd.runTaskCapacityProviderStrategy), `${expected}, each once`);
    }
    return strategy;
}
/** `oidc-ecs-deploy/run-RUNID-ATTEMPT`: what the task's `startedBy` shows, so a task in the console leads back to its run. */
function startedByOf(github) {
    const safe = (text) => text.replace(/[^A-Za-z0-9_-]+/g, '-');
    return `oidc-ecs-deploy/run-${safe(github.runId || 'local')}-${safe(github.runAttempt || '1')}`.slice(0, 128);
}

;// CONCATENATED MODULE: ./src/inputs/input-rules.ts



/** Inputs that describe the image to build: given with `image`, which image to deploy is unclear. */
const BUILD_INPUTS = [
    constants/* Input */.pd.imageTag,
    constants/* Input */.pd.extraTags,
    constants/* Input */.pd.context,
    constants/* Input */.pd.dockerfile,
    constants/* Input */.pd.buildArgs,
    constants/* Input */.pd.target,
    constants/* Input */.pd.platform,
    constants/* Input */.pd.labels,
    constants/* Input */.pd.registries,
    constants/* Input */.pd.cacheRepository,
    constants/* Input */.pd.buildSecrets,
];
/** Throws for the first build input given with `image`. */
function refuseBuildInputsWithImage(read) {
    refuseGiven(read, BUILD_INPUTS, (name) => `\`${constants/* Input */.pd.image}\` is set (\`${constants/* Input */.pd.image}\` deploys an existing image; \`${name}\` belongs to a build)`);
}
/**
 * Throws for the first of `names` given a value, saying when it must be empty. `context` at its default
 * (`.`) counts as not given: the runner fills the default in, so it cannot be told from the user's.
 */
function refuseGiven(read, names, when) {
    for (const name of names) {
        const value = read(name);
        if (value !== '' && !(name === constants/* Input */.pd.context && value === constants/* InputDefault */.YJ[constants/* Input */.pd.context])) {
            throw new InputError(name, value, `to be empty when ${when(name)}`);
        }
    }
}
const CONTRADICT_REVISION = [
    constants/* Input */.pd.image,
    ...BUILD_INPUTS.filter((name) => name !== constants/* Input */.pd.context),
    constants/* Input */.pd.containerName,
    // The edits change the revision, which is deployed as it is.
    constants/* Input */.pd.images,
    constants/* Input */.pd.environmentVariables,
    constants/* Input */.pd.envFiles,
    constants/* Input */.pd.secrets,
    constants/* Input */.pd.command,
    constants/* Input */.pd.entryPoint,
    constants/* Input */.pd.dockerLabels,
    constants/* Input */.pd.logConfigurationLogDriver,
    constants/* Input */.pd.logConfigurationOptions,
    constants/* Input */.pd.taskRoleArn,
    constants/* Input */.pd.executionRoleArn,
    constants/* Input */.pd.cpu,
    constants/* Input */.pd.memory,
];
/** Throws for the first input that contradicts deploying the existing revision `task-definition` names. */
function refuseInputsWithRevision(read) {
    refuseGiven(read, CONTRADICT_REVISION, (name) => `\`${constants/* Input */.pd.taskDefinition}\` names an existing revision (${read(constants/* Input */.pd.taskDefinition)} is deployed as it is, with the images it names; \`${name}\` would change it)`);
}
/** A warning for each input given a value that this run never uses, in the order of action.yml. */
function noEffectWarnings(read, config) {
    const { auth, image, deploy } = config;
    const warnings = [];
    const warn = (input, why) => {
        warnings.push({ level: 'warning', input, message: `Input \`${input}\` has no effect in this run: ${why}.` });
    };
    if (auth.roleToAssume === undefined) {
        const noToken = `without \`${constants/* Input */.pd.roleToAssume}\` no OIDC token is requested`;
        if (auth.audience !== constants/* InputDefault */.YJ[constants/* Input */.pd.audience])
            warn(constants/* Input */.pd.audience, noToken);
        if (auth.roleChain.length === 0) {
            const noRole = `without \`${constants/* Input */.pd.roleToAssume}\` or \`${constants/* Input */.pd.roleChain}\` no role is assumed`;
            if (read(constants/* Input */.pd.roleSessionName) !== '')
                warn(constants/* Input */.pd.roleSessionName, noRole);
            if (auth.roleDurationSeconds !== constants/* InputDefault */.YJ[constants/* Input */.pd.roleDurationSeconds])
                warn(constants/* Input */.pd.roleDurationSeconds, noRole);
        }
    }
    if (image.kind === 'existing') {
        if (image.repository !== undefined && config.taskDefinition.containerNames.length > 0) {
            warn(constants/* Input */.pd.repository, `with \`${constants/* Input */.pd.image}\` it only picks the container to change, and \`${constants/* Input */.pd.containerName}\` already names it`);
        }
        if (read(constants/* Input */.pd.containerEngine) !== '')
            warn(constants/* Input */.pd.containerEngine, `\`${constants/* Input */.pd.image}\` deploys an existing image, so nothing is built`);
    }
    if (image.kind === 'build' && image.build.provenance && image.build.engine === 'podman') {
        warn(constants/* Input */.pd.provenance, `\`${constants/* Input */.pd.containerEngine}\` is podman, which attaches no build attestations`);
    }
    if (image.kind !== 'build' && read(constants/* Input */.pd.provenance) !== '' && field_readers_boolean(read, constants/* Input */.pd.provenance, false)) {
        warn(constants/* Input */.pd.provenance, 'nothing is built in this run, so no attestations are attached');
    }
    if (image.kind === 'revision') {
        const asItIs = `\`${constants/* Input */.pd.taskDefinition}\` names an existing revision, deployed as it is, so nothing is built`;
        if (read(constants/* Input */.pd.repository) !== '')
            warn(constants/* Input */.pd.repository, asItIs);
        const context = read(constants/* Input */.pd.context);
        if (context !== '' && context !== constants/* InputDefault */.YJ[constants/* Input */.pd.context])
            warn(constants/* Input */.pd.context, asItIs);
        if (read(constants/* Input */.pd.containerEngine) !== '')
            warn(constants/* Input */.pd.containerEngine, asItIs);
        if (config.scan.threshold !== undefined)
            warn(constants/* Input */.pd.scanSeverityThreshold, asItIs);
    }
    const cacheTag = read(constants/* Input */.pd.cacheTag);
    if (cacheTag !== '' && cacheTag !== constants/* InputDefault */.YJ[constants/* Input */.pd.cacheTag] && (image.kind !== 'build' || image.build.cache === undefined))
        warn(constants/* Input */.pd.cacheTag, `without \`${constants/* Input */.pd.cacheRepository}\` the build uses no layer cache`);
    const noProgressGiven = deploy.noProgressMinutes !== constants/* InputDefault */.YJ[constants/* Input */.pd.noProgressMinutes];
    const watchInputs = [
        // With the scan gate it also bounds the wait for the scan, which runs in a dry run and without a watch.
        [constants/* Input */.pd.waitForMinutes, deploy.waitMinutes !== constants/* InputDefault */.YJ[constants/* Input */.pd.waitForMinutes] && config.scan.threshold === undefined],
        [constants/* Input */.pd.noProgressMinutes, noProgressGiven],
        [constants/* Input */.pd.maxFailedTasks, deploy.maxFailedTasks !== constants/* InputDefault */.YJ[constants/* Input */.pd.maxFailedTasks]],
        [constants/* Input */.pd.rollbackOnFailure, deploy.rollbackOnFailure !== constants/* InputDefault */.YJ[constants/* Input */.pd.rollbackOnFailure]],
        [constants/* Input */.pd.failFast, deploy.failFast !== constants/* InputDefault */.YJ[constants/* Input */.pd.failFast]],
    ];
    if (deploy.dryRun) {
        const dryRun = `\`${constants/* Input */.pd.dryRun}\` is true, so no service is updated`;
        if (deploy.waitForStability !== constants/* InputDefault */.YJ[constants/* Input */.pd.waitForServiceStability])
            warn(constants/* Input */.pd.waitForServiceStability, dryRun);
        for (const [input, given] of watchInputs)
            if (given)
                warn(input, dryRun);
        if (deploy.forceNewDeployment !== constants/* InputDefault */.YJ[constants/* Input */.pd.forceNewDeployment])
            warn(constants/* Input */.pd.forceNewDeployment, dryRun);
    }
    else if (!deploy.waitForStability) {
        for (const [input, given] of watchInputs) {
            if (given)
                warn(input, `\`${constants/* Input */.pd.waitForServiceStability}\` is false, so the deployment is not watched`);
        }
        // Old revisions are deregistered only after a deploy known to have succeeded.
        if (deploy.keepRevisions > 0) {
            warn(constants/* Input */.pd.keepRevisions, `\`${constants/* Input */.pd.waitForServiceStability}\` is false, so the deploy is not known to succeed and no revision is deregistered`);
        }
    }
    else if (deploy.failFast && deploy.services.length < 2) {
        warn(constants/* Input */.pd.failFast, 'only one service is deployed, so there are no others to stop waiting for');
    }
    if (config.posting.token !== undefined && deploy.dryRun && !constants/* PULL_REQUEST_EVENTS */.m_.includes(config.github.eventName)) {
        warn(constants/* Input */.pd.githubToken, `a dry run posts its plan only on a \`pull_request\` or \`pull_request_target\` event, and this run's event is \`${config.github.eventName || 'unknown'}\``);
    }
    if (!deploy.dryRun && deploy.waitForStability && noProgressGiven && deploy.noProgressMinutes >= deploy.waitMinutes) {
        warn(constants/* Input */.pd.noProgressMinutes, `${deploy.noProgressMinutes} minutes is not shorter than \`${constants/* Input */.pd.waitForMinutes}\` (${deploy.waitMinutes}), so the whole wait ends first`);
    }
    if (config.runTask === undefined) {
        for (const input of RUN_TASK_SETTINGS) {
            const value = read(input);
            const isDefault = input === constants/* Input */.pd.runTaskTimeoutMinutes && value === String(constants/* InputDefault */.YJ[constants/* Input */.pd.runTaskTimeoutMinutes]);
            if (value !== '' && !isDefault)
                warn(input, `\`${constants/* Input */.pd.runTaskCommand}\` is empty, so no one-off task is run`);
        }
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/inputs/revision-inputs.ts
// `keep-revisions`: how many revisions of each deployed family stay registered after a successful deploy.
// Pure given `read`.


/** ECS keeps up to a million revisions a family; more than a thousand kept is no pruning worth the calls. */
const MAX_KEEP_REVISIONS = 1000;
function readKeepRevisions(read) {
    return wholeNumber(read, constants/* Input */.pd.keepRevisions, constants/* InputDefault */.YJ[constants/* Input */.pd.keepRevisions], 0, MAX_KEEP_REVISIONS, 'revisions of each family to keep; 0 keeps all');
}

;// CONCATENATED MODULE: ./src/inputs/config.ts
const PROPAGATE_TAGS = ['TASK_DEFINITION', 'SERVICE', 'NONE'];

;// CONCATENATED MODULE: ./src/inputs/service-settings.ts
// Reads the service settings a deploy may change (desired count, tag propagation, ECS managed tags, ECS
// Exec). Each is optional: empty leaves the service's own value, so a deploy changes only what it names. Pure.



/** ECS's default quota of tasks per service. */
const MAX_DESIRED_COUNT = 5000;
function readServiceSettings(read) {
    const given = (name) => read(name) !== '';
    const propagateTags = optional(read(constants/* Input */.pd.propagateTags));
    if (propagateTags !== undefined && !isPropagateTags(propagateTags)) {
        throw new InputError(constants/* Input */.pd.propagateTags, propagateTags, '`TASK_DEFINITION`, `SERVICE` or `NONE` (in capitals, as ECS spells them)');
    }
    return {
        desiredCount: given(constants/* Input */.pd.desiredCount)
            ? wholeNumber(read, constants/* Input */.pd.desiredCount, 0, 0, MAX_DESIRED_COUNT, 'tasks; 0 scales the service to zero')
            : undefined,
        enableEcsManagedTags: given(constants/* Input */.pd.enableEcsManagedTags) ? field_readers_boolean(read, constants/* Input */.pd.enableEcsManagedTags, false) : undefined,
        propagateTags,
        enableExecuteCommand: given(constants/* Input */.pd.enableExecuteCommand) ? field_readers_boolean(read, constants/* Input */.pd.enableExecuteCommand, false) : undefined,
    };
}
function isPropagateTags(value) {
    return PROPAGATE_TAGS.includes(value);
}

;// CONCATENATED MODULE: ./src/inputs/edit-inputs.ts
// Reads the inputs that edit the task definition (environment, secrets, command, labels, logging,
// roles, size, other containers' images) into one TaskDefinitionEdits. Each line is checked on its own,
// with the input's name and the form expected, before any network call. Pure.





const VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/;
/** Docker label keys and log option keys: anything but blanks and `=`. */
const KEY = /^[^\s=]+$/;
const edit_inputs_ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** The log drivers ECS takes in `logConfiguration.logDriver`. */
const LOG_DRIVERS = ['awsfirelens', 'awslogs', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog'];
// `secret:NAME-AbCdEf`, then optionally `:json-key:version-stage:version-id`, any of them empty.
const SECRETS_MANAGER_ARN = /^arn:([a-z0-9-]+):secretsmanager:([a-z0-9-]+):\d{12}:secret:[\w/+=.@-]+(:[^:\s]*){0,3}$/;
const SSM_PARAMETER_ARN = /^arn:([a-z0-9-]+):ssm:([a-z0-9-]+):\d{12}:parameter\/[\w./-]+$/;
const S3_ENV_FILE_ARN = /^arn:([a-z0-9-]+):s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+\.env$/;
const CPU = /^(\d+(?:\.\d+)?)\s*vcpu$/i;
const MEMORY = /^(\d+(?:\.\d+)?)\s*gb$/i;
function readEdits(read, region, containerNames) {
    const containers = readContainerEdits(read, region);
    return { containers, task: readTaskEdits(read, region), images: readImages(read, containerNames) };
}
/** The `container-name` input: one container or several (one per line, or comma separated), each once. */
function readContainerNames(read) {
    const names = lines(read(constants/* Input */.pd.containerName), /[\n,]/);
    const expected = 'container names of up to 255 letters, digits, `-` and `_`, one per line, each once';
    names.forEach((name, index) => {
        if (!edit_inputs_ECS_NAME.test(name) || names.indexOf(name) !== index)
            throw new InputError(constants/* Input */.pd.containerName, name, expected);
    });
    return names;
}
function readContainerEdits(read, region) {
    const environment = uniquePairs(read, constants/* Input */.pd.environmentVariables, VARIABLE_NAME, '`NAME=value`, one per line');
    const secrets = readSecrets(read, region);
    const both = secrets.find(([name]) => environment.some(([other]) => other === name));
    if (both !== undefined) {
        throw new InputError(constants/* Input */.pd.secrets, `${both[0]}=${both[1]}`, `names not also set by \`${constants/* Input */.pd.environmentVariables}\``);
    }
    const environmentFiles = lines(read(constants/* Input */.pd.envFiles));
    for (const arn of environmentFiles) {
        const [, partition] = S3_ENV_FILE_ARN.exec(arn) ?? [];
        if (partition === undefined) {
            throw new InputError(constants/* Input */.pd.envFiles, arn, 'S3 object ARNs of `.env` files, one per line, such as `arn:aws:s3:::my-bucket/my-app/prod.env`');
        }
        checkPartition(constants/* Input */.pd.envFiles, arn, partition, region);
    }
    const logDriver = optional(read(constants/* Input */.pd.logConfigurationLogDriver));
    if (logDriver !== undefined && !LOG_DRIVERS.includes(logDriver)) {
        throw new InputError(constants/* Input */.pd.logConfigurationLogDriver, logDriver, `one of ${LOG_DRIVERS.join(', ')}`);
    }
    return {
        environment,
        environmentFiles,
        secrets,
        command: readCommandLine(read, constants/* Input */.pd.command),
        entryPoint: readCommandLine(read, constants/* Input */.pd.entryPoint),
        dockerLabels: uniquePairs(read, constants/* Input */.pd.dockerLabels, KEY, '`key=value`, one per line'),
        logDriver,
        logOptions: uniquePairs(read, constants/* Input */.pd.logConfigurationOptions, KEY, '`key=value`, one per line'),
    };
}
/**
 * `NAME=arn` lines. A value that is not an ARN is never echoed: it may be the secret itself, pasted
 * where its ARN belongs.
 */
function readSecrets(read, region) {
    const expected = '`NAME=arn` per line, the ARN of a Secrets Manager secret (`arn:aws:secretsmanager:us-east-1:123456789012:secret:my-secret-AbCdEf`, optionally with `:json-key:version-stage:version-id`) or of an SSM parameter (`arn:aws:ssm:us-east-1:123456789012:parameter/my-app/db-password`)';
    const secrets = lines(read(constants/* Input */.pd.secrets)).map((line) => {
        const equals = line.indexOf('=');
        const name = equals < 0 ? '' : line.slice(0, equals).trim();
        const arn = line.slice(equals + 1).trim();
        const [, partition] = SECRETS_MANAGER_ARN.exec(arn) ?? SSM_PARAMETER_ARN.exec(arn) ?? [];
        if (!VARIABLE_NAME.test(name) || partition === undefined) {
            throw new InputError(constants/* Input */.pd.secrets, `${VARIABLE_NAME.test(name) ? name : '(no name)'}=<not an ARN, not shown>`, expected);
        }
        checkPartition(constants/* Input */.pd.secrets, `${name}=${arn}`, partition, region);
        return [name, arn];
    });
    refuseRepeatedNames(constants/* Input */.pd.secrets, secrets);
    return secrets;
}
/** A JSON array of strings, or a line split as a shell would; undefined when empty. */
function readCommandLine(read, name) {
    const value = optional(read(name));
    if (value === undefined)
        return undefined;
    if (value.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(value);
        }
        catch {
            parsed = undefined;
        }
        if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((word) => typeof word === 'string')) {
            throw new InputError(name, value, 'a JSON array of strings such as `["node", "server.js"]`, or a command line such as `node server.js`');
        }
        return parsed;
    }
    try {
        return splitShellWords(value);
    }
    catch (error) {
        if (!(error instanceof ShellWordsError))
            throw error;
        throw new InputError(name, value, `a command line whose quotes are closed, but ${error.problem}`);
    }
}
function readTaskEdits(read, region) {
    const role = (name) => {
        const arn = optional(read(name));
        if (arn !== undefined)
            checkRoleArn(name, arn, region, 'an IAM role ARN such as `arn:aws:iam::123456789012:role/my-app-task`');
        return arn;
    };
    return {
        taskRoleArn: role(constants/* Input */.pd.taskRoleArn),
        executionRoleArn: role(constants/* Input */.pd.executionRoleArn),
        cpu: size(read, constants/* Input */.pd.cpu, CPU, 1024, 'CPU units such as `1024`, or vCPUs such as `1 vCPU` or `0.5 vCPU`'),
        memory: size(read, constants/* Input */.pd.memory, MEMORY, 1024, 'MiB such as `2048`, or GB such as `2 GB` or `0.5 GB`'),
    };
}
/** A whole number as given, or `N unit` converted to the whole number ECS stores (`1 vCPU` → `1024`). */
function size(read, name, withUnit, factor, expected) {
    const value = optional(read(name));
    if (value === undefined)
        return undefined;
    const [, count] = withUnit.exec(value) ?? [];
    const number = /^\d+$/.test(value) ? Number(value) : count === undefined ? Number.NaN : Number(count) * factor;
    if (!Number.isSafeInteger(number) || number <= 0)
        throw new InputError(name, value, expected);
    return String(number);
}
function readImages(read, containerNames) {
    const images = uniquePairs(read, constants/* Input */.pd.images, edit_inputs_ECS_NAME, '`container=image` per line, such as `envoy=<registry>/my-org/envoy:1.31`');
    for (const [container, image] of images) {
        if ((0,image_reference/* tryParseImageReference */.tj)(image) === undefined) {
            throw new InputError(constants/* Input */.pd.images, `${container}=${image}`, '`container=image` per line, with an image reference after the `=`');
        }
        if (containerNames.includes(container)) {
            throw new InputError(constants/* Input */.pd.images, `${container}=${image}`, `containers other than those of \`${constants/* Input */.pd.containerName}\`, which get the deployed image`);
        }
    }
    return images;
}
function uniquePairs(read, name, keyPattern, expected) {
    const entries = pairs(read, name, keyPattern, expected);
    refuseRepeatedNames(name, entries);
    return entries;
}
/** A name given twice is a typo or a merge gone wrong: which value was meant is unclear. */
function refuseRepeatedNames(input, entries) {
    const seen = new Set();
    for (const [key] of entries) {
        if (seen.has(key))
            throw new InputError(input, key, 'each name once');
        seen.add(key);
    }
}

// EXTERNAL MODULE: ./src/task-definition/edits/apply-edits.ts + 2 modules
var apply_edits = __webpack_require__(4087);
// EXTERNAL MODULE: ./src/task-definition/edits/model.ts
var edits_model = __webpack_require__(4210);
// EXTERNAL MODULE: ./src/task-definition/registrable.ts
var registrable = __webpack_require__(6474);
;// CONCATENATED MODULE: ./src/inputs/input-sources.ts
// Where the inputs come from: the runner's inputs and environment, and the files they name. Kept apart
// from the readers so the tests drive every reader with tables and no mocks.



/** An optional file input, resolved from the workspace; a path that is not a file is an input error. */
function optionalFile(read, name, sources, workspace) {
    const value = optional(read(name));
    if (value === undefined)
        return undefined;
    const absolute = external_node_path_.resolve(workspace, value);
    if (!sources.isFile(absolute)) {
        const orRevision = name === constants/* Input */.pd.taskDefinition ? ', or an existing revision such as `my-app:7` or its ARN' : '';
        throw new InputError(name, value, `the path of a file that exists (looked for ${absolute})${orRevision}`);
    }
    return absolute;
}

// EXTERNAL MODULE: ./src/codedeploy/appspec.ts
var codedeploy_appspec = __webpack_require__(5346);
;// CONCATENATED MODULE: ./src/inputs/codedeploy-inputs.ts




/** CodeDeploy's application, deployment group and deployment configuration names: 1 to 100 characters. */
const CODEDEPLOY_NAME = /^[^\s/]{1,100}$/;
function codeDeployName(read, name, example) {
    const value = optional(read(name));
    if (value !== undefined && !CODEDEPLOY_NAME.test(value))
        throw new InputError(name, value, `a CodeDeploy name of 1 to 100 characters without spaces or slashes, such as \`${example}\``);
    return value;
}
function readCodeDeploy(read, sources, workspace) {
    const application = codeDeployName(read, constants/* Input */.pd.codedeployApplication, 'AppECS-my-cluster-my-app');
    const deploymentGroup = codeDeployName(read, constants/* Input */.pd.codedeployDeploymentGroup, 'DgpECS-my-cluster-my-app');
    // One without the other names half a target: the convention's default for the other half would be a guess.
    if ((application === undefined) !== (deploymentGroup === undefined)) {
        const [given, missing] = application === undefined
            ? [constants/* Input */.pd.codedeployDeploymentGroup, constants/* Input */.pd.codedeployApplication]
            : [constants/* Input */.pd.codedeployApplication, constants/* Input */.pd.codedeployDeploymentGroup];
        throw new InputError(missing, '', `the CodeDeploy ${missing === constants/* Input */.pd.codedeployApplication ? 'application' : 'deployment group'} that goes with \`${given}\` (give both, or neither to use the names the ECS console gives)`);
    }
    const deploymentConfig = codeDeployName(read, constants/* Input */.pd.codedeployDeploymentConfig, 'CodeDeployDefault.ECSAllAtOnce');
    const file = optionalFile(read, constants/* Input */.pd.codedeployAppspec, sources, workspace);
    let appspec;
    if (file !== undefined) {
        const parseYaml = sources.parseYaml;
        if (parseYaml === undefined)
            throw new Error(`\`${constants/* Input */.pd.codedeployAppspec}\` is given, but the YAML parser to read it was not loaded.`);
        try {
            appspec = { file, document: (0,codedeploy_appspec/* parseAppSpec */.WS)(sources.readFile(file), parseYaml) };
        }
        catch (error) {
            if (!(error instanceof codedeploy_appspec/* AppSpecError */.HY))
                throw error;
            throw new InputError(constants/* Input */.pd.codedeployAppspec, read(constants/* Input */.pd.codedeployAppspec), `an AppSpec for ECS (YAML or JSON) whose first resource is an \`AWS::ECS::Service\` with \`LoadBalancerInfo\`; this file is ${error.message}`);
        }
    }
    return { application, deploymentGroup, deploymentConfig, appspec };
}

// EXTERNAL MODULE: ./src/image/platforms.ts
var image_platforms = __webpack_require__(2929);
;// CONCATENATED MODULE: ./src/inputs/registry-inputs.ts



const ACCOUNT_ID = /^\d{12}$/;
/** Each registry once, in the order given; `region` is `aws-region` for a bare account id. */
function readRegistries(read, region) {
    const registries = [];
    for (const entry of lines(read(constants/* Input */.pd.registries), /[\n,]/)) {
        const registry = ACCOUNT_ID.test(entry) ? { registryId: entry, region } : (0,image_reference/* parseEcrHost */.wl)(entry.replace(/^https:\/\//i, ''));
        if (registry === undefined) {
            throw new InputError(constants/* Input */.pd.registries, entry, 'ECR registries as 12-digit account ids (in `aws-region`) or ECR registry hosts (the `<registry>` of a repository URI), one per line or comma separated');
        }
        if (!registries.some((known) => known.registryId === registry.registryId && known.region === registry.region))
            registries.push(registry);
    }
    return registries;
}

;// CONCATENATED MODULE: ./src/inputs/cache-and-secret-inputs.ts
// The build's registry layer cache (`cache-repository`, `cache-tag`) and its secrets (`build-secrets`).
// A secret's value never appears in an error: a bad line is named by its number and its id. Pure.





const SECRET_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_FORM = '`id=value`, `id=env:NAME` or `id=file:PATH` per line (id of letters, digits and `_.-`)';
/** The layer cache, when `cache-repository` names one; a repository URI must be in `aws-region`. */
function readBuildCache(read) {
    const given = optional(read(constants/* Input */.pd.cacheRepository));
    const tag = read(constants/* Input */.pd.cacheTag) || constants/* InputDefault */.YJ[constants/* Input */.pd.cacheTag];
    if (!(0,image_reference/* isValidTag */.r_)(tag))
        throw new InputError(constants/* Input */.pd.cacheTag, tag, 'a tag of at most 128 of `A-Za-z0-9_.-`, not starting with `.` or `-`');
    if (given === undefined)
        return undefined;
    try {
        const repository = readRepository(given, read(constants/* Input */.pd.awsRegion));
        return { repository: repository.name, registryId: repository.registryId, tag };
    }
    catch (error) {
        if (!(error instanceof InputError))
            throw error;
        // readRepository names `repository`; the same rules, said of this input.
        throw new InputError(constants/* Input */.pd.cacheRepository, given, `an ECR repository name such as \`my-org/my-app-cache\`, or its URI \`<registry>/my-org/my-app-cache\` in \`${constants/* Input */.pd.awsRegion}\`, without a tag (\`${constants/* Input */.pd.cacheTag}\` sets it)`);
    }
}
/** `build-secrets`: each id once; `env:` variables must be set and `file:` paths must be files, checked now. */
function readBuildSecrets(read, sources, workspace) {
    const secrets = [];
    const lines = read(constants/* Input */.pd.buildSecrets).split('\n');
    for (const [index, raw] of lines.entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const equals = line.indexOf('=');
        const id = equals < 0 ? '' : line.slice(0, equals).trim();
        // Never the line itself: it may be a value written without its id.
        const where = `line ${index + 1}${SECRET_ID.test(id) ? ` (id ${id})` : ''}, value hidden`;
        if (!SECRET_ID.test(id))
            throw new InputError(constants/* Input */.pd.buildSecrets, where, SECRET_FORM);
        if (secrets.some((secret) => secret.id === id))
            throw new InputError(constants/* Input */.pd.buildSecrets, where, `${SECRET_FORM}, each id once`);
        secrets.push({ id, source: secretSource(line.slice(equals + 1), where, sources, workspace) });
    }
    return secrets;
}
function secretSource(text, where, sources, workspace) {
    if (text.startsWith('env:')) {
        const name = text.slice('env:'.length);
        if (!ENV_NAME.test(name))
            throw new InputError(constants/* Input */.pd.buildSecrets, where, `${SECRET_FORM}; \`env:\` takes a variable name`);
        const value = sources.env[name];
        if (value === undefined || value === '') {
            throw new InputError(constants/* Input */.pd.buildSecrets, where, `a variable that is set in the step's environment (\`${name}\` is not set or empty)`);
        }
        return { kind: 'env', name };
    }
    if (text.startsWith('file:')) {
        const given = text.slice('file:'.length);
        const absolute = external_node_path_.resolve(workspace, given);
        // The engines read `--secret` as comma-separated fields: a comma would cut the path.
        if (given.includes(','))
            throw new InputError(constants/* Input */.pd.buildSecrets, where, `${SECRET_FORM}; a \`file:\` path without \`,\``);
        if (given === '' || !sources.isFile(absolute)) {
            throw new InputError(constants/* Input */.pd.buildSecrets, where, `the path of a file that exists after \`file:\` (looked for ${absolute})`);
        }
        return { kind: 'file', path: absolute };
    }
    if (text === '')
        throw new InputError(constants/* Input */.pd.buildSecrets, where, `${SECRET_FORM}, with a value`);
    return { kind: 'value', value: text };
}

;// CONCATENATED MODULE: ./src/inputs/build-inputs.ts
// The image inputs: an existing image to deploy, or what to build (context, Dockerfile, tags, build
// arguments, platform, engine) and the repository to push it to.









const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const COMMIT_SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
/** The image to deploy: `image` as given, or the build `repository` asks for. */
function readImageSource(read, sources, github, repository, region) {
    const reference = optional(read(constants/* Input */.pd.image));
    if (reference !== undefined) {
        if ((0,image_reference/* tryParseImageReference */.tj)(reference) === undefined) {
            throw new InputError(constants/* Input */.pd.image, reference, 'an image reference such as `<registry>/my-org/my-app:1.2.3` or `<registry>/my-org/my-app@sha256:<64 hex>`');
        }
        refuseBuildInputsWithImage(read);
        // Checked although unused (a warning says so), so a typo fails here and not on the next build.
        readEngine(read);
        // A URI picks the container more precisely than a name: its registry must match too.
        return { kind: 'existing', reference, repository: repository?.uri ?? repository?.name };
    }
    if (repository === undefined) {
        throw new InputError(constants/* Input */.pd.repository, '', 'an ECR repository name to build and push to, or set `image` to deploy an existing image');
    }
    return readBuild(read, sources, github, repository, region);
}
function readBuild(read, sources, github, repository, region) {
    const givenTag = read(constants/* Input */.pd.imageTag);
    if (givenTag === '' && !COMMIT_SHA.test(github.sha)) {
        throw new InputError(constants/* Input */.pd.imageTag, '', 'a tag, since GITHUB_SHA does not hold a commit SHA to default to');
    }
    const tag = givenTag || github.sha;
    if (!(0,image_reference/* isValidTag */.r_)(tag))
        throw new InputError(constants/* Input */.pd.imageTag, tag, 'at most 128 of `A-Za-z0-9_.-`, not starting with `.` or `-`');
    const extraTags = lines(read(constants/* Input */.pd.extraTags), /[\n,]/);
    for (const extra of extraTags) {
        if (!(0,image_reference/* isValidTag */.r_)(extra))
            throw new InputError(constants/* Input */.pd.extraTags, extra, 'tags of at most 128 of `A-Za-z0-9_.-`, one per line or comma separated');
    }
    const contextInput = read(constants/* Input */.pd.context) || constants/* InputDefault */.YJ[constants/* Input */.pd.context];
    const context = external_node_path_.resolve(github.workspace, contextInput);
    if (!sources.isDirectory(context))
        throw new InputError(constants/* Input */.pd.context, contextInput, `a directory that exists (looked for ${context})`);
    const dockerfile = optionalFile(read, constants/* Input */.pd.dockerfile, sources, github.workspace);
    if (dockerfile === undefined && !sources.isFile(external_node_path_.join(context, 'Dockerfile'))) {
        throw new InputError(constants/* Input */.pd.dockerfile, '', `the path of a Dockerfile, since the context has no \`Dockerfile\` (looked in ${context})`);
    }
    return {
        kind: 'build',
        repository: repository.name,
        registryId: repository.registryId,
        tag,
        extraTags: extraTags.filter((extra) => extra !== tag),
        registries: readRegistries(read, region),
        build: {
            context,
            dockerfile,
            buildArgs: pairs(read, constants/* Input */.pd.buildArgs, BUILD_ARG_NAME, '`NAME=value`, one per line (NAME of letters, digits and `_`)'),
            target: matching(read, constants/* Input */.pd.target, STAGE, 'a build stage name of letters, digits and `_.-`'),
            platforms: readPlatforms(read),
            provenance: field_readers_boolean(read, constants/* Input */.pd.provenance, constants/* InputDefault */.YJ[constants/* Input */.pd.provenance]),
            labels: pairs(read, constants/* Input */.pd.labels, LABEL_KEY, '`key=value`, one per line'),
            engine: readEngine(read),
            cache: readBuildCache(read),
            secrets: readBuildSecrets(read, sources, github.workspace),
        },
    };
}
function readPlatforms(read) {
    const platforms = (0,image_platforms/* splitPlatforms */.tM)(read(constants/* Input */.pd.platform));
    const wrong = platforms.find((platform) => !(0,image_platforms/* isPlatform */.aH)(platform));
    if (wrong !== undefined) {
        throw new InputError(constants/* Input */.pd.platform, wrong, 'platforms of the form `os/architecture[/variant]`, such as `linux/arm64` or `linux/amd64,linux/arm64` (comma or newline separated)');
    }
    return platforms;
}
/**
 * A task definition file is read with the inputs, so `platform` is checked against its `runtimePlatform`
 * here, before anything is built: an image that cannot run there is a contradiction of two inputs.
 */
function refusePlatformsTheFileCannotRun(image, taskDefinition, read) {
    const definition = taskDefinition.fromFile?.taskDefinition;
    if (image.kind !== 'build' || definition === undefined)
        return;
    const mismatch = (0,image_platforms/* platformMismatch */.ky)(image.build.platforms, definition);
    if (mismatch === undefined)
        return;
    throw new InputError(constants/* Input */.pd.platform, read(constants/* Input */.pd.platform), `platforms the task definition ${read(constants/* Input */.pd.taskDefinition)} can run (its ${mismatch})`);
}
/** Checked even when unused (a warning says so), so a typo fails here and not on the next build. */
function readEngine(read) {
    const engine = read(constants/* Input */.pd.containerEngine);
    if (engine !== '' && engine !== 'docker' && engine !== 'podman') {
        throw new InputError(constants/* Input */.pd.containerEngine, engine, '`docker`, `podman`, or empty to use docker when it answers and podman otherwise');
    }
    return engine === '' ? undefined : engine;
}

// EXTERNAL MODULE: ./src/scan/severity.ts
var severity = __webpack_require__(4902);
;// CONCATENATED MODULE: ./src/inputs/scan-inputs.ts
// The scan gate's input: the lowest severity that stops a deploy, or `none`. Pure.



/** undefined for `none`: the step then makes no scan call at all. Case does not matter (`high` is HIGH). */
function readScanThreshold(read) {
    const given = read(constants/* Input */.pd.scanSeverityThreshold);
    const value = (given || constants/* InputDefault */.YJ[constants/* Input */.pd.scanSeverityThreshold]).toUpperCase();
    if (value === 'NONE')
        return undefined;
    const threshold = severity/* SCAN_THRESHOLDS */.bt.find((candidate) => candidate === value);
    if (threshold === undefined) {
        throw new InputError(constants/* Input */.pd.scanSeverityThreshold, given, '`none`, `CRITICAL`, `HIGH`, `MEDIUM` or `LOW` (the lowest severity that stops the deploy)');
    }
    return threshold;
}

// EXTERNAL MODULE: ./src/shared/proxy-settings.ts
var proxy_settings = __webpack_require__(3531);
;// CONCATENATED MODULE: ./src/inputs/proxy-inputs.ts
// The `http-proxy` input, and the proxy settings of the run: the input when given, else the runner's
// proxy variables. A bad input names itself without the credentials it may hold. Pure.



function readProxy(read, env) {
    const given = optional(read(constants/* Input */.pd.httpProxy));
    if (given !== undefined && !isProxyUrl(given)) {
        throw new InputError(constants/* Input */.pd.httpProxy, (0,proxy_settings/* withoutCredentials */.ri)(given), 'a proxy URL such as `http://proxy.example.com:3128` or `http://user:password@proxy.example.com:3128` (http or https, a host, no path)');
    }
    return (0,proxy_settings/* proxySettingsFrom */.Yw)(given, env);
}
function isProxyUrl(value) {
    if (!/^https?:\/\//i.test(value) || /\s/.test(value))
        return false;
    try {
        const url = new URL(value);
        return url.hostname !== '' && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '';
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/inputs/read-inputs.ts
// Reads and validates every input into the one frozen Config, before anything touches the network.
// Pure given its three collaborators, so the tests drive it with tables and no mocks.





















// Two letters for most regions, four for the European Sovereign Cloud's (`eusc-de-east-1`).
const REGION = /^[a-z]{2}([a-z]{2})?(-[a-z]+)+-\d{1,2}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** Reads every input; throws InputError on the first bad one. The config is deep-frozen. */
function readInputs(sources) {
    const read = (name) => sources.getInput(name).trim();
    const github = readGitHubContext(sources.env);
    const region = read(constants/* Input */.pd.awsRegion);
    if (!REGION.test(region))
        throw new InputError(constants/* Input */.pd.awsRegion, region, 'an AWS region such as `us-east-1`');
    const roleToAssume = optional(read(constants/* Input */.pd.roleToAssume));
    if (roleToAssume !== undefined) {
        checkRoleArn(constants/* Input */.pd.roleToAssume, roleToAssume, region, 'an IAM role ARN such as `arn:aws:iam::123456789012:role/my-deploy-role`');
    }
    const audience = read(constants/* Input */.pd.audience) || constants/* InputDefault */.YJ[constants/* Input */.pd.audience];
    if (/\s/.test(audience))
        throw new InputError(constants/* Input */.pd.audience, audience, 'one audience without spaces, such as `sts.amazonaws.com`');
    const roleChain = lines(read(constants/* Input */.pd.roleChain));
    for (const arn of roleChain) {
        checkRoleArn(constants/* Input */.pd.roleChain, arn, region, 'one IAM role ARN per line, such as `arn:aws:iam::210987654321:role/my-target-role`');
    }
    const givenSessionName = read(constants/* Input */.pd.roleSessionName);
    if (givenSessionName !== '' && !SESSION_NAME.test(givenSessionName)) {
        throw new InputError(constants/* Input */.pd.roleSessionName, givenSessionName, '2 to 64 characters of letters, digits and `_+=,.@-`');
    }
    const cluster = readCluster(read(constants/* Input */.pd.cluster) || constants/* InputDefault */.YJ[constants/* Input */.pd.cluster], region);
    const repository = optional(read(constants/* Input */.pd.repository));
    const repositoryInput = repository === undefined ? undefined : readRepository(repository, region);
    const givenDefinition = read(constants/* Input */.pd.taskDefinition);
    const revision = namesRevision(givenDefinition) ? checkRevision(givenDefinition, region, cluster) : undefined;
    if (revision !== undefined) {
        refuseInputsWithRevision(read);
        // Checked although unused (a warning says so), so a typo fails here and not on the next build.
        readEngine(read);
    }
    const config = {
        auth: {
            region,
            roleToAssume,
            audience,
            roleSessionName: givenSessionName || defaultSessionName(github),
            roleDurationSeconds: wholeNumber(read, constants/* Input */.pd.roleDurationSeconds, constants/* InputDefault */.YJ[constants/* Input */.pd.roleDurationSeconds], 900, 43200, 'seconds'),
            roleChain,
            exportCredentials: field_readers_boolean(read, constants/* Input */.pd.exportCredentials, constants/* InputDefault */.YJ[constants/* Input */.pd.exportCredentials]),
        },
        image: revision === undefined ? readImageSource(read, sources, github, repositoryInput, region) : { kind: 'revision' },
        scan: { threshold: readScanThreshold(read) },
        taskDefinition: revision === undefined
            ? readTaskDefinition(read, sources, region, github.workspace)
            : { file: undefined, fromFile: undefined, containerNames: [], edits: edits_model/* NO_EDITS */.qG, revision },
        deploy: {
            cluster: cluster.value,
            services: readServices(read, region, cluster),
            waitForStability: field_readers_boolean(read, constants/* Input */.pd.waitForServiceStability, constants/* InputDefault */.YJ[constants/* Input */.pd.waitForServiceStability]),
            waitMinutes: wholeNumber(read, constants/* Input */.pd.waitForMinutes, constants/* InputDefault */.YJ[constants/* Input */.pd.waitForMinutes], 1, 720, 'minutes'),
            noProgressMinutes: wholeNumber(read, constants/* Input */.pd.noProgressMinutes, constants/* InputDefault */.YJ[constants/* Input */.pd.noProgressMinutes], 1, 720, 'minutes'),
            maxFailedTasks: wholeNumber(read, constants/* Input */.pd.maxFailedTasks, constants/* InputDefault */.YJ[constants/* Input */.pd.maxFailedTasks], 0, 100, 'tasks (0 turns this rule off)'),
            rollbackOnFailure: field_readers_boolean(read, constants/* Input */.pd.rollbackOnFailure, constants/* InputDefault */.YJ[constants/* Input */.pd.rollbackOnFailure]),
            failFast: field_readers_boolean(read, constants/* Input */.pd.failFast, constants/* InputDefault */.YJ[constants/* Input */.pd.failFast]),
            forceNewDeployment: field_readers_boolean(read, constants/* Input */.pd.forceNewDeployment, constants/* InputDefault */.YJ[constants/* Input */.pd.forceNewDeployment]),
            keepRevisions: readKeepRevisions(read),
            settings: readServiceSettings(read),
            dryRun: field_readers_boolean(read, constants/* Input */.pd.dryRun, constants/* InputDefault */.YJ[constants/* Input */.pd.dryRun]),
        },
        runTask: readRunTask(read, github),
        codeDeploy: readCodeDeploy(read, sources, github.workspace),
        github,
        posting: { token: readGitHubToken(read) },
        proxy: readProxy(read, sources.env),
    };
    refusePlatformsTheFileCannotRun(config.image, config.taskDefinition, read);
    const repositoryRead = repositoryInput === undefined ? undefined : repositoryNotice(repositoryInput);
    const notices = [...(repositoryRead === undefined ? [] : [repositoryRead]), ...noEffectWarnings(read, config)];
    return deepFreeze({ config, notices });
}
function readGitHubContext(env) {
    const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
    return {
        repository: env['GITHUB_REPOSITORY'] ?? '',
        sha: env['GITHUB_SHA'] ?? '',
        runId: env['GITHUB_RUN_ID'] ?? '',
        runAttempt: env['GITHUB_RUN_ATTEMPT'] || '1',
        serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com',
        eventName: env['GITHUB_EVENT_NAME'] ?? '',
        workspace,
        runnerTemp: env['RUNNER_TEMP'] || external_node_path_.join(workspace, '..', '_temp'),
    };
}
/** The token's value never appears in an error: main.ts masks it, but an error names what was given. */
function readGitHubToken(read) {
    const token = optional(read(constants/* Input */.pd.githubToken));
    if (token !== undefined && /\s/.test(token)) {
        throw new InputError(constants/* Input */.pd.githubToken, '(a value with spaces or line breaks, not shown)', 'one token such as `${{ github.token }}`');
    }
    return token;
}
function readServices(read, region, cluster) {
    const services = lines(read(constants/* Input */.pd.service));
    if (services.length === 0)
        throw new InputError(constants/* Input */.pd.service, '', 'one or more ECS service names, one per line');
    const seen = new Set();
    for (const service of services) {
        const name = checkService(service, region, cluster);
        // A service named once by name and once by ARN is one service: two UpdateServices would race.
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
/** The file is parsed here, not when the definition is rendered, so a broken one (or a bad edit of it) fails before the build. */
function readTaskDefinition(read, sources, region, workspace) {
    const containerNames = readContainerNames(read);
    const edits = readEdits(read, region, containerNames);
    const file = optionalFile(read, constants/* Input */.pd.taskDefinition, sources, workspace);
    if (file === undefined)
        return { file, fromFile: undefined, containerNames, edits };
    const given = read(constants/* Input */.pd.taskDefinition);
    let fromFile;
    try {
        fromFile = parseTaskDefinitionFile(sources.readFile(file), given);
    }
    catch (error) {
        if (!(error instanceof TaskDefinitionFileError))
            throw error;
        throw new InputError(constants/* Input */.pd.taskDefinition, given, `a task definition in JSON, but the file ${error.problem}`);
    }
    const names = fromFile.taskDefinition.containerDefinitions?.map((container) => container.name ?? '') ?? [];
    const missing = containerNames.find((name) => !names.includes(name));
    if (missing !== undefined) {
        throw new InputError(constants/* Input */.pd.containerName, missing, `the name of a container in ${given}: ${names.map((name) => `\`${name}\``).join(', ')}`);
    }
    try {
        (0,apply_edits/* checkEdits */.G)((0,registrable/* registrableCopy */._)(fromFile.taskDefinition), (0,model/* familyOf */.Ap)(fromFile.taskDefinition), containerNames, edits);
    }
    catch (error) {
        if (!(error instanceof edits_model/* EditError */.F))
            throw error;
        throw new InputError(error.input, error.given, `${error.expected} (in ${given})`);
    }
    return { file, fromFile, containerNames, edits };
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
// EXTERNAL MODULE: ./src/run/run-record.ts
var run_record = __webpack_require__(9784);
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
const EMPTY_RECORD = { phases: [], plan: [], services: [], updateFailures: [] };

// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(6001);
// EXTERNAL MODULE: ./src/shared/access-denied.ts
var access_denied = __webpack_require__(3343);
// EXTERNAL MODULE: ./src/service/start-failure.ts
var start_failure = __webpack_require__(5448);
;// CONCATENATED MODULE: ./src/report/outputs.ts
// Turns the final result of a run into what the runner is told: the step outputs (each at most once,
// only those the run got far enough to know), the annotations, and the one failure sentence. Pure.




// What to do next, by phase: the advice when nothing more precise is known about the failure.
const NEXT_STEP = {
    Image: 'check the build output above',
    'Image scan': "check the image scan output above and the role's ecr:DescribeImageScanFindings permission",
    'Task definition': 'check the task definition and the role permissions',
    'Migration task': 'fix the one-off task from its exit code and log lines above, then run the deploy again; no service was updated',
    'Service update': 'check the service and the role permissions',
    'Deployment watch': 'see the stopped tasks and service events above',
    Internal: 'this is a bug in oidc-ecs-deploy; please report it with the log',
};
// What to do next when the run knows which way the phase failed. Inputs, and Credentials failures of
// no known cause, need none: their message already says what to change.
const NEXT_FOR_CAUSE = {
    'token-missing': 'add `permissions: id-token: write` (and `contents: read`) to the job, or run it on an event that gets a token',
    'token-request': "run the job again; if GitHub's token service keeps failing, check githubstatus.com",
    'trust-policy': "add the statement printed in the log to the role's trust policy, or make its `sub` and `aud` conditions match the token's",
    audience: "add the audience to the IAM OIDC provider's client IDs and to the trust policy's `aud` condition, or set `audience` to the one they list",
    'provider-missing': "create the IAM OIDC provider for the token's issuer in the role's account (README, step 1)",
    thumbprint: "update the IAM OIDC provider's thumbprint list, then run the job again",
    'token-expired': "check the runner's clock (self-hosted runners), then run the job again",
    'token-refused': "check the IAM OIDC provider's URL and audiences against the token's `iss` and `aud` in the log",
    'issuer-unreachable': 'run the job again later',
    'session-length': "lower `role-duration-seconds` or raise the role's maximum session duration",
    'chain-trust': "add the statement printed in the log to the target role's trust policy",
    'no-credentials': 'set `role-to-assume`, or provide AWS credentials in the environment before this step',
    'engine-missing': 'install or start the container engine, set `container-engine`, or set `image` to deploy a prebuilt image',
    build: 'check the build output above',
    push: "check the push output above: the tag, the repository's tag mutability and the role's ECR push permissions",
    'repository-missing': 'create the ECR repository, or fix `repository` (and `aws-region`)',
    'image-missing': 'check that `image` names an image in its registry and that the role may read it',
    'scan-findings': 'update the packages the findings name (the fixed-in versions above) and push again, or raise `scan-severity-threshold` if these are accepted',
    'scan-unusable': "ECR could not scan this image (see the status above): fix the scan (the registry's scanning settings, a supported base image) or set `scan-severity-threshold: none` for this image",
    'scan-timeout': "ECR had not finished scanning the image: run the job again; check the registry's scanning settings if scans stay PENDING",
    'invalid-definition': 'fix the task definition or `container-name` as the message says',
    'registration-refused': 'fix the task definition field ECS refused, as the message says',
    'service-not-found': 'check `service`, `cluster` and `aws-region`: the service must exist and be ACTIVE there',
    throttled: 'run the job again: ECS throttled this account; lower the number of deploys running at once',
    'circuit-breaker': 'see why the new tasks stopped above (stopped tasks, container logs), fix the image or task definition, and deploy again',
    'rolled-back': 'see why the new tasks stopped above (stopped tasks, service events), fix it, and deploy again',
    'hook-or-alarm': "see why in the lifecycle hook's logs or the alarm's metric named above, fix the new revision (or the hook), and deploy again",
    'tasks-failing': "see the stopped tasks and their containers' last log lines above, fix the cause, and deploy again",
    timeout: 'see the service events above; raise `wait-for-minutes` if the deployment was still making progress',
    'no-progress': 'see the service events above (capacity, placement, image pull); raise `no-progress-minutes` if starting tasks takes that long',
    replaced: 'someone else deployed the service meanwhile: see its deployments and events, then deploy again if needed',
    'wrong-revision': "ECS reported the deployment done on another revision than ours: see the service's deployments and task definition, then deploy again",
    'watch-read': 'the deployment may still be going on: check the service in the ECS console, and grant the read the watch was refused (or run the job again if ECS was unavailable)',
};
/** Every output the run has a value for, in the order the phases learn them. */
function outputsOf(result) {
    const outputs = [];
    if (result.identity !== undefined)
        outputs.push([constants/* Output */.k7.assumedRoleArn, result.identity]);
    if (result.image) {
        outputs.push([constants/* Output */.k7.imageUri, result.image.uri], [constants/* Output */.k7.imageDigest, result.image.digest], [constants/* Output */.k7.imageTag, result.image.tag], [constants/* Output */.k7.registry, result.image.registry]);
    }
    const { rolloutStart: start, rolloutEnd: end } = result;
    if (start) {
        outputs.push([constants/* Output */.k7.taskDefinitionArn, start.taskDefinitionArn], [constants/* Output */.k7.previousTaskDefinitionArn, start.previousTaskDefinitionArn], 
        // The watch knows the deployment better than UpdateService's answer did, when it got that far.
        [constants/* Output */.k7.deploymentId, end?.deploymentId ?? start.deploymentId]);
    }
    if (end)
        outputs.push([constants/* Output */.k7.rolloutState, end.rolloutState], [constants/* Output */.k7.failureReason, end.failureReason]);
    if (result.deployed !== undefined)
        outputs.push([constants/* Output */.k7.deployed, String(result.deployed)]);
    const codeDeployed = result.services.find((service) => service.codeDeployDeploymentId !== undefined);
    if (codeDeployed?.codeDeployDeploymentId !== undefined)
        outputs.push([constants/* Output */.k7.codedeployDeploymentId, codeDeployed.codeDeployDeploymentId]);
    const migration = result.migration;
    if (migration !== undefined && migration.taskArn !== '') {
        outputs.push([constants/* Output */.k7.runTaskArn, migration.taskArn]);
        if (migration.exitCode !== undefined)
            outputs.push([constants/* Output */.k7.runTaskExitCode, String(migration.exitCode)]);
    }
    return outputs;
}
/** One error annotation per service whose deployment did not start while others went on, naming what failed. */
function annotationsOf(result) {
    return result.updateFailures.map(({ service, operation, message }) => ({
        message: `${(0,start_failure/* startFailedFor */.L)(service, operation)}: ${message}`,
        title: `${service}: not updated`,
    }));
}
/** The advice after a failure, fitting the path the run took: its cause, else the image source, else its phase. */
function nextStep(failure, imageSource) {
    if (failure.cause !== undefined)
        return NEXT_FOR_CAUSE[failure.cause];
    // Nothing was built when `image` was given: the build output has nothing to say about it.
    if (failure.phase === 'Image' && imageSource === 'existing')
        return NEXT_FOR_CAUSE['image-missing'];
    if (failure.phase === 'Task definition' && imageSource === 'revision')
        return NEXT_FOR_REVISION;
    return NEXT_STEP[failure.phase];
}
// An existing revision is deployed as it is: the only thing to check is that it is there.
const NEXT_FOR_REVISION = 'check that `task-definition` names an ACTIVE revision of this account and `aws-region` (`my-app:7` or its ARN) and that the role may call ecs:DescribeTaskDefinition';
/** "<Phase> failed: <message>. Next: <what to do>", the advice fitting the path the run took. */
function failureSentence(failure, imageSource) {
    const message = failure.message.trim();
    // A call IAM refused: the statement printed in the log is the fix, whichever phase made the call.
    const next = failure.refused !== undefined ? (0,access_denied/* accessDenialNextStep */.Ly)(failure.refused) : nextStep(failure, imageSource);
    return `${failure.phase} failed: ${(0,errors/* asSentence */.KG)(message)}${next ? ` Next: ${next}.` : ''}`;
}

// EXTERNAL MODULE: ./src/task-definition/revision-label.ts
var revision_label = __webpack_require__(7215);
// EXTERNAL MODULE: ./src/scan/render.ts
var render = __webpack_require__(5001);
;// CONCATENATED MODULE: ./src/report/summary.ts
// Renders the final result of a run as the job summary (Markdown). Pure: finish.ts writes it.



const STATUS_WORDS = {
    succeeded: '✅ succeeded',
    failed: '❌ failed',
    'timed-out': '⏱️ timed out',
    updated: '➡️ updated (not waited for)',
    planned: '📝 planned (dry run)',
    unchanged: '✅ unchanged',
    scaled: '✅ scaled (no new deployment)',
};
const VERDICTS = {
    failed: '❌ Deployment failed',
    'dry-run': '📝 Dry run: nothing changed',
    deployed: '✅ Deployed',
};
function renderSummary(report) {
    const lines = [];
    const ending = report.ending;
    const nothingToDo = ending.kind === 'deployed' && report.services.length > 0 && report.services.every((service) => service.status === 'unchanged');
    lines.push(`## oidc-ecs-deploy: ${nothingToDo ? '✅ No change: already deployed' : VERDICTS[ending.kind]}`, '');
    if (ending.kind === 'failed') {
        lines.push(`> **${ending.phase}**: ${escapeText(ending.message)}`);
        const next = nextStep(ending, report.imageSource);
        if (next !== undefined)
            lines.push('>', `> **Next**: ${escapeText(next)}`);
        lines.push('');
        if (ending.details.length > 0)
            lines.push('```text', ...ending.details, '```', '');
    }
    const facts = [];
    if (report.identity)
        facts.push(['AWS identity', code(report.identity)]);
    if (report.image?.origin === 'revision') {
        facts.push(['Image', 'none built: `task-definition` names an existing revision, deployed as it is']);
    }
    else if (report.image) {
        facts.push(['Image', code(report.image.uri)]);
        facts.push(['Tag', `${code(report.image.tag)} (${report.image.origin})`]);
        if (report.image.digest)
            facts.push(['Digest', code(report.image.digest)]);
    }
    if (facts.length > 0)
        lines.push('| | |', '|---|---|', ...facts.map(([name, value]) => `| ${name} | ${value} |`), '');
    if (report.scan !== undefined)
        lines.push(...(0,render/* scanSummaryLines */.$Y)(report.scan));
    if (report.migration !== undefined)
        lines.push(...migrationLines(report.migration));
    if (report.services.length > 0) {
        lines.push('| Service | Task definition | Deployment | Outcome | Time |', '|---|---|---|---|---|');
        for (const service of report.services) {
            const revisions = `${code(revisionLabel(service.previousTaskDefinitionArn))} → ${code(revisionLabel(service.taskDefinitionArn))}`;
            const outcome = [STATUS_WORDS[service.status], service.rolloutState ? `(${service.rolloutState})` : ''].join(' ').trim();
            lines.push(`| ${code(service.service)} | ${revisions} | ${service.deploymentId ? code(shortDeployment(service.deploymentId)) : '—'} | ${outcome} | ${seconds(service.milliseconds)} |`);
        }
        lines.push('');
        for (const service of report.services) {
            if (service.status === 'unchanged') {
                lines.push(`**${escapeText(service.service)}** already runs this image and settings (${code(revisionLabel(service.taskDefinitionArn))}): nothing was registered or deployed.`, '');
            }
            if (service.note)
                lines.push(`**${escapeText(service.service)}**: ${escapeText(service.note)}`, '');
            if (service.reason)
                lines.push(`**${escapeText(service.service)}**: ${escapeText(service.reason)}`, '');
            if (service.rollback)
                lines.push(`Rollback: ${escapeText(service.rollback)}`, '');
            if (service.stoppedTaskReasons.length > 0) {
                lines.push('<details><summary>Stopped tasks</summary>', '', ...service.stoppedTaskReasons.map((reason) => `- ${escapeText(reason)}`), '', '</details>', '');
            }
        }
    }
    if (report.revisions !== undefined)
        lines.push(...revisionsLines(report.revisions));
    if (report.edits !== undefined && report.edits.length > 0)
        lines.push('<details open><summary>Task definition edits</summary>', '', '```text', ...report.edits, '```', '', '</details>', '');
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
function revisionsLines(revisions) {
    const heading = `**Old revisions** (\`keep-revisions: ${String(revisions.keep)}\`)`;
    if (revisions.skipped !== undefined)
        return [`${heading}: ${escapeText(revisions.skipped)}.`, ''];
    const names = revisions.deregistered.map((arn) => code(revisionLabel(arn)));
    const verb = revisions.dryRun ? 'would deregister' : 'deregistered';
    const lines = [`${heading}: ${verb} ${names.length === 0 ? 'none' : names.join(', ')}.`, ''];
    for (const failure of revisions.failures) {
        lines.push(`Could not deregister ${code(revisionLabel(failure.arn))}: ${escapeText(failure.message)}`, '');
    }
    return lines;
}
const MIGRATION_WORDS = {
    succeeded: '✅ exited 0',
    failed: '❌ failed',
    'timed-out': '⏱️ timed out, stopped',
    skipped: '⏭️ skipped (no new revision)',
};
function migrationLines(migration) {
    const task = migration.taskArn === '' ? '—' : code(migration.taskArn.split('/').pop() ?? migration.taskArn);
    const exit = migration.exitCode === undefined ? '—' : String(migration.exitCode);
    const lines = [
        '| One-off task | Command | Exit code | Outcome | Time |',
        '|---|---|---|---|---|',
        `| ${task} | ${code(migration.command)} | ${exit} | ${MIGRATION_WORDS[migration.status]} | ${seconds(migration.milliseconds)} |`,
        '',
    ];
    if (migration.reason)
        lines.push(`**One-off task**: ${escapeText(migration.reason)}`, '');
    if (migration.logLines.length > 0) {
        lines.push('<details><summary>Its last log lines</summary>', '', '```text', ...migration.logLines, '```', '', '</details>', '');
    }
    return lines;
}
function revisionLabel(taskDefinitionArn) {
    return taskDefinitionArn ? (0,revision_label/* taskDefinitionRevisionLabel */.I)(taskDefinitionArn) : '—';
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

;// CONCATENATED MODULE: ./src/report/finish.ts
// The one place a run's final result reaches the runner: outputs, annotations, the failure, the job
// summary. Everything it writes comes from the pure mappings in outputs.ts and summary.ts.





/**
 * `env` is where the runner says the summary file is: @actions/core itself reads it there when it
 * writes, and a Config cannot carry it because the summary is also written when the inputs failed
 * (and so no Config exists), which is when the summary's headline helps most.
 */
async function finish(result, env = process.env) {
    for (const [name, value] of outputsOf(result))
        core.setOutput(name, value);
    for (const { message, title } of annotationsOf(result))
        core.error(message, { title });
    const ending = result.ending;
    for (const line of refusedUpdateDetails(result))
        core.info(line);
    if (ending.kind === 'failed') {
        // A diagnosis reads best as a block in the log, while the failure annotation stays one sentence.
        for (const line of ending.details)
            core.info(line);
        core.setFailed(failureSentence(ending, result.imageSource));
    }
    try {
        // Outside a runner there is nowhere to write; that is not a failure.
        if (env['GITHUB_STEP_SUMMARY'])
            await core.summary.addRaw(renderSummary(result), true).write();
    }
    catch (error) {
        core.warning(`Could not write the job summary: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** The statement to add for each service whose UpdateService IAM refused, unless the failure itself prints it. */
function refusedUpdateDetails(result) {
    const printed = result.ending.kind === 'failed' ? result.ending.refused : undefined;
    return result.updateFailures.flatMap(({ message }) => {
        const denial = (0,access_denied/* parseAccessDenial */.rh)(message);
        if (denial === undefined || (denial.action === printed?.action && denial.resource === printed.resource))
            return [];
        return (0,access_denied/* accessDenialDetails */.Uu)(denial);
    });
}

;// CONCATENATED MODULE: ./src/task-definition/edits/describe-edits.ts
// The edits as the log and the job summary list them, one line per input given: what a reader of the
// run needs to see without diffing revisions. Secrets are listed as the ARNs they were given as: the
// inputs hold nothing else. Pure.

function describeEdits(edits, containerNames) {
    const where = containerNames.length > 0 ? ` (${containerNames.join(', ')})` : ' (the deployed container)';
    const { containers, task } = edits;
    const lines = [];
    const add = (input, value, scope = where) => {
        if (value !== undefined && value !== '')
            lines.push(`${input}${scope}: ${value}`);
    };
    add(constants/* Input */.pd.environmentVariables, describe_edits_pairs(containers.environment));
    add(constants/* Input */.pd.envFiles, containers.environmentFiles.join(', '));
    add(constants/* Input */.pd.secrets, describe_edits_pairs(containers.secrets));
    add(constants/* Input */.pd.command, containers.command && JSON.stringify(containers.command));
    add(constants/* Input */.pd.entryPoint, containers.entryPoint && JSON.stringify(containers.entryPoint));
    add(constants/* Input */.pd.dockerLabels, describe_edits_pairs(containers.dockerLabels));
    add(constants/* Input */.pd.logConfigurationLogDriver, containers.logDriver);
    add(constants/* Input */.pd.logConfigurationOptions, describe_edits_pairs(containers.logOptions));
    add(constants/* Input */.pd.images, describe_edits_pairs(edits.images), '');
    add(constants/* Input */.pd.taskRoleArn, task.taskRoleArn, '');
    add(constants/* Input */.pd.executionRoleArn, task.executionRoleArn, '');
    add(constants/* Input */.pd.cpu, task.cpu, '');
    add(constants/* Input */.pd.memory, task.memory, '');
    return lines;
}
function describe_edits_pairs(entries) {
    return entries.map(([name, value]) => `${name}=${value}`).join(', ');
}

;// CONCATENATED MODULE: ./src/run/main.ts
// Reads the inputs, starts the OIDC token request, then loads the later phases (only now, since they
// bring the AWS SDK: most of the bundle's parse time) while the request is under way. Composes the
// phases' results into the run's final result, which report/finish.ts turns into outputs, annotations,
// the one failure sentence and the job summary.














async function run() {
    const started = Date.now();
    // Masked before anything is read or printed, an input error included.
    const token = core.getInput(constants/* Input */.pd.githubToken);
    if (token)
        core.setSecret(token);
    for (const secret of (0,proxy_settings/* proxySecrets */.Wm)(core.getInput(constants/* Input */.pd.httpProxy), process.env))
        core.setSecret(secret);
    const { result, config } = await deployment();
    if (result.ending.kind === 'deployed')
        core.info(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    try {
        await finish(result);
    }
    catch (error) {
        // Writing an output failed (the runner's file is gone or full): still fail the step, once, as ours.
        core.setFailed(failureSentence({ phase: 'Internal', message: (0,errors/* errorMessage */.gJ)(error) }));
    }
    // Loaded only with a token: it brings @actions/github, which the other runs never parse.
    if (config?.posting.token !== undefined)
        await (await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(785)]).then(__webpack_require__.bind(__webpack_require__, 2785))).postToGitHub(config, result);
}
/** Every phase, in order, and the config when the inputs were valid; never throws. */
async function deployment() {
    const inputs = await (0,phases/* runPhase */.PF)('Inputs', async () => readInputs({
        getInput: (name) => core.getInput(name),
        env: process.env,
        isFile: (file) => isKind(file, 'file'),
        isDirectory: (directory) => isKind(directory, 'directory'),
        readFile: (file) => (0,external_node_fs_.readFileSync)(file, 'utf8'),
        ...(await yamlParserFor(core.getInput(constants/* Input */.pd.codedeployAppspec))),
    }));
    const afterInputs = (0,run_record/* afterPhase */.m0)(EMPTY_RECORD, inputs, ({ config }) => ({
        edits: describeEdits(config.taskDefinition.edits, config.taskDefinition.containerNames),
    }));
    if (!inputs.ok)
        return { result: (0,run_record/* failed */.gz)(afterInputs, inputs.error) };
    const { config, notices } = inputs.value;
    for (const notice of notices) {
        if (notice.level === 'warning')
            core.warning(notice.message, { title: `Input ${notice.input}` });
        else
            core.info(notice.message);
    }
    for (const edit of afterInputs.edits ?? [])
        core.info(`Task definition edit: ${edit}`);
    (0,proxy_settings/* handProxyInputToEnvironment */.AQ)(config.proxy, process.env);
    const proxy = (0,proxy_settings/* describeProxy */.GK)(config.proxy);
    if (proxy !== undefined)
        core.info(proxy);
    return { result: await afterValidInputs(config, afterInputs), config };
}
/**
 * The yaml package, loaded only for a run that gives an AppSpec file: it is a chunk of its own that every
 * other run would parse for nothing (~7 ms). Still before any network call, so the file is checked with the
 * other inputs.
 */
async function yamlParserFor(appspec) {
    if (appspec.trim() === '')
        return {};
    const { parse } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    return { parseYaml: (text) => parse(text) };
}
async function afterValidInputs(config, afterInputs) {
    const credentials = await (0,phases/* runPhase */.PF)('Credentials', async () => {
        const { firstToken } = await requestTokenEarly(config);
        const laterPhases = await Promise.all(/* import() */[__webpack_require__.e(249), __webpack_require__.e(804), __webpack_require__.e(266), __webpack_require__.e(981)]).then(__webpack_require__.bind(__webpack_require__, 1981));
        return { laterPhases, session: await laterPhases.establish(config, firstToken) };
    });
    const afterCredentials = (0,run_record/* afterPhase */.m0)(afterInputs, credentials, ({ session }) => ({ identity: session.assumedRoleArn }));
    if (!credentials.ok)
        return (0,run_record/* failed */.gz)(afterCredentials, credentials.error);
    const { laterPhases, session } = credentials.value;
    try {
        return await laterPhases.deploy(config, session, afterCredentials);
    }
    catch (error) {
        // Every phase returns its own failure; anything else is ours, and is said so rather than blamed on a phase.
        return (0,run_record/* failed */.gz)(afterCredentials, (0,phases/* asPhaseError */.at)(error));
    }
}
/** How long to wait for the token request to leave before loading the SDK anyway. */
const REQUEST_SENT_LIMIT_MS = 250;
/**
 * Starts the token request and waits until it has been written out, so that it travels while the SDK
 * loads. Returned in an object: a bare promise would be awaited here. Its failure is reported by the
 * Credentials phase, which awaits it; the no-op handler only keeps Node from calling it unhandled
 * while the later phases' module loads.
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
/* harmony export */   PF: () => (/* binding */ runPhase),
/* harmony export */   at: () => (/* binding */ asPhaseError),
/* harmony export */   wo: () => (/* binding */ PhaseError)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3360);
// Runs each phase in its own log group and times it. A phase returns its value and its timing, and a
// failure is returned too (not thrown), already naming its phase, so the orchestration composes the
// run from returned values instead of writing into shared state.

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
/** The phase's own error, or ours (Internal) when it came from outside every phase. */
function asPhaseError(error) {
    return error instanceof PhaseError ? error : new PhaseError('Internal', error);
}
async function runPhase(phase, work, options = {}) {
    const now = options.now ?? Date.now;
    const started = now();
    const timing = (status) => ({ phase, milliseconds: now() - started, status });
    _actions_core__WEBPACK_IMPORTED_MODULE_0__.startGroup(phase);
    try {
        const value = await work();
        const failure = options.failureOf?.(value);
        if (failure !== undefined)
            return { ok: false, error: new PhaseError(phase, failure), timing: timing('failed'), value };
        return { ok: true, value, timing: timing('succeeded') };
    }
    catch (error) {
        return {
            ok: false,
            error: error instanceof PhaseError ? error : new PhaseError(phase, error),
            timing: timing('failed'),
            value: undefined,
        };
    }
    finally {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.endGroup();
    }
}


/***/ }),

/***/ 9784:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $8: () => (/* binding */ deployed),
/* harmony export */   LM: () => (/* binding */ dryRunDone),
/* harmony export */   gz: () => (/* binding */ failed),
/* harmony export */   m0: () => (/* binding */ afterPhase)
/* harmony export */ });
/* harmony import */ var _report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8382);
/* harmony import */ var _shared_access_denied_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3343);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6001);



/** The record after a phase: its timing, and the facts its value gives (when it returned one). */
function afterPhase(record, result, facts) {
    const learned = result.value !== undefined && facts ? facts(result.value) : {};
    return { ...record, ...learned, phases: [...record.phases, result.timing] };
}
function deployed(record) {
    return { ...record, ending: { kind: 'deployed' } };
}
function dryRunDone(record) {
    return { ...record, ending: { kind: 'dry-run' } };
}
/**
 * The failure's first line is its message; the rest of a multi-line diagnosis becomes its details. A call
 * IAM refused adds what to paste: the statement for the role's policy (or the Deny to narrow).
 */
function failed(record, error) {
    const [firstLine = '', ...details] = error.message.trim().split('\n');
    const cause = (0,_report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__/* .failureCauseOf */ .vp)(error.phase, error.original, record);
    const ending = { kind: 'failed', phase: error.phase, details, ...(cause === undefined ? {} : { cause }) };
    const denial = (0,_shared_access_denied_js__WEBPACK_IMPORTED_MODULE_1__/* .accessDenialIn */ .Vt)(error);
    const denialDetails = denial === undefined ? [] : (0,_shared_access_denied_js__WEBPACK_IMPORTED_MODULE_1__/* .accessDenialDetails */ .Uu)(denial);
    if (denial === undefined || denialDetails.length === 0)
        return { ...record, ending: { ...ending, message: firstLine } };
    // The annotation names the refused action and resource even when a diagnosis reworded AWS's message.
    const named = firstLine.includes(denial.action) && firstLine.includes(denial.resource);
    const message = named ? firstLine : `${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .asSentence */ .KG)(firstLine)} Refused: ${denial.action} on ${denial.resource}`;
    return { ...record, ending: { ...ending, message, details: [...details, ...denialDetails], refused: denial } };
}


/***/ }),

/***/ 5001:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Y: () => (/* binding */ scanSummaryLines),
/* harmony export */   B0: () => (/* binding */ scanFailureMessage),
/* harmony export */   J4: () => (/* binding */ scanLogLines),
/* harmony export */   Zn: () => (/* binding */ TOP_FINDINGS)
/* harmony export */ });
/* unused harmony exports describeCounts, describeFinding, describeScannedImage */
/** How many findings the log, the failure and the summary list (worst first); the counts cover all. */
const TOP_FINDINGS = 10;
/** `1 CRITICAL, 2 HIGH`, or `no findings`. */
function describeCounts(counts) {
    return counts.length === 0 ? 'no findings' : counts.map(([severity, count]) => `${count} ${severity}`).join(', ');
}
/** `CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1` (`, on linux/arm64` for an image index's). */
function describeFinding(finding) {
    const where = finding.packageName === undefined ? '' : ` in ${finding.packageName}`;
    const fix = finding.fixedIn === undefined ? '' : `, fixed in ${finding.fixedIn}`;
    const platforms = finding.platforms === undefined ? '' : `, on ${finding.platforms.join(' and ')}`;
    return `${finding.id} (${finding.severity})${where}${fix}${platforms}`;
}
/** `my-org/my-app@sha256:…`, and for an image index the platforms whose images were read. */
function describeScannedImage(report) {
    return report.platforms === undefined ? report.image : `${report.image} (image index: ${report.platforms.join(', ')})`;
}
/** What the log says once the scan is read, whether or not it stops the deploy. */
function scanLogLines(report) {
    if (report.note !== undefined)
        return [report.note];
    const lines = [
        `Image scan of ${describeScannedImage(report)} (${report.status}): ${describeCounts(report.counts)}; ${report.blocking} at or above ${report.threshold}.`,
    ];
    const shown = report.top.map((finding) => `  ${describeFinding(finding)}`);
    const more = report.total > report.top.length ? [`  … and ${report.total - report.top.length} more (the counts above cover all)`] : [];
    return [...lines, ...shown, ...more];
}
/**
 * The failure when findings at or above the threshold exist: one line naming the counts and the worst
 * finding (the annotation), then the top findings for the log's and the summary's details.
 */
function scanFailureMessage(report) {
    const worst = report.top[0];
    const first = `The image scan of ${describeScannedImage(report)} found ${report.blocking} finding${report.blocking === 1 ? '' : 's'} at or above ` +
        `${report.threshold} (${describeCounts(report.counts)}), so nothing was registered or deployed` +
        (worst === undefined ? '.' : `; the worst: ${describeFinding(worst)}.`);
    return [first, ...report.top.map(describeFinding)].join('\n');
}
/** The job summary's section: the counts per severity and the top findings. */
function scanSummaryLines(report) {
    if (report.note !== undefined)
        return [`**Image scan** (threshold ${report.threshold}): ${escapeCell(report.note)}`, ''];
    const verdict = report.blocking > 0 ? `❌ ${report.blocking} at or above ${report.threshold}` : `✅ none at or above ${report.threshold}`;
    const lines = [
        `**Image scan** of \`${report.image}\`${report.platforms === undefined ? '' : ` (image index: ${report.platforms.join(', ')})`} (${report.status}): ${verdict}`,
        '',
        '| Severity | Findings |',
        '|---|---|',
        ...(report.counts.length === 0 ? ['| — | 0 |'] : report.counts.map(([severity, count]) => `| ${severity} | ${count} |`)),
        '',
    ];
    if (report.top.length === 0)
        return lines;
    return [
        ...lines,
        `<details${report.blocking > 0 ? ' open' : ''}><summary>Top findings</summary>`,
        '',
        ...findingRows(report),
        '',
        '</details>',
        '',
    ];
}
/** The top findings' table; an image index's has a Platforms column. */
function findingRows(report) {
    const index = report.platforms !== undefined;
    return [
        index ? '| Id | Severity | Package | Fixed in | Platforms |' : '| Id | Severity | Package | Fixed in |',
        index ? '|---|---|---|---|---|' : '|---|---|---|---|',
        ...report.top.map((finding) => {
            const cells = `| ${escapeCell(finding.id)} | ${finding.severity} | ${escapeCell(finding.packageName ?? '—')} | ${escapeCell(finding.fixedIn ?? '—')} |`;
            return index ? `${cells} ${(finding.platforms ?? []).join(', ')} |` : cells;
        }),
    ];
}
function escapeCell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}


/***/ }),

/***/ 4902:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lf: () => (/* binding */ countAtOrAbove),
/* harmony export */   bt: () => (/* binding */ SCAN_THRESHOLDS),
/* harmony export */   qs: () => (/* binding */ severityRank),
/* harmony export */   ur: () => (/* binding */ severityCounts)
/* harmony export */ });
/* unused harmony exports SEVERITIES_WORST_FIRST, failsThreshold */
// Severities as ECR names them (basic scanning's and Amazon Inspector's), their order, and what a
// `scan-severity-threshold` lets through. Pure.
/** The thresholds `scan-severity-threshold` takes, besides `none`. */
const SCAN_THRESHOLDS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
/** Every severity ECR reports, worst first: the order of the counts in the log and the summary. */
const SEVERITIES_WORST_FIRST = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED', 'UNTRIAGED'];
// INFORMATIONAL, UNDEFINED (basic) and UNTRIAGED (Inspector) rank below every threshold: they never fail a deploy.
const RANK = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };
/** Higher is worse; any severity that is not a threshold ranks 0. */
function severityRank(severity) {
    return RANK[severity] ?? 0;
}
/** Whether a finding of `severity` stops a deploy at `threshold` (`HIGH` stops HIGH and CRITICAL). */
function failsThreshold(severity, threshold) {
    return severityRank(severity) >= severityRank(threshold);
}
/** How many of the counted findings stop a deploy at `threshold`. */
function countAtOrAbove(counts, threshold) {
    return counts.reduce((sum, [severity, count]) => sum + (failsThreshold(severity, threshold) ? count : 0), 0);
}
/** ECR's `findingSeverityCounts` as pairs, worst first, without zeros; severities ECR adds later go last. */
function severityCounts(counts) {
    const entries = Object.entries(counts ?? {}).filter((entry) => typeof entry[1] === 'number' && entry[1] > 0);
    const known = SEVERITIES_WORST_FIRST;
    const order = (severity) => (known.includes(severity) ? known.indexOf(severity) : known.length);
    return entries.sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
}


/***/ }),

/***/ 5448:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ startFailedFor)
/* harmony export */ });
// What failed to start a service's deployment, as data: the call (ECS UpdateService, or CodeDeploy's for a
// CODE_DEPLOY service) or a refusal before any call, so the sentence that reports it names what failed.
// Pure: the one wording of that sentence's head, for the failure reason, the annotations and fail-fast.
const HEADS = {
    'ecs:UpdateService': (service) => `UpdateService failed for ${service}`,
    'codedeploy:GetDeploymentGroup': (service) => `CodeDeploy GetDeploymentGroup failed for ${service}`,
    'codedeploy:CreateDeployment': (service) => `CodeDeploy CreateDeployment failed for ${service}`,
    refused: (service) => `The deployment of ${service} was not started`,
};
/** `UpdateService failed for web`, `CodeDeploy CreateDeployment failed for web`, …: the failure's reason follows a colon. */
function startFailedFor(service, operation) {
    return HEADS[operation](service);
}


/***/ }),

/***/ 3343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ly: () => (/* binding */ accessDenialNextStep),
/* harmony export */   Uu: () => (/* binding */ accessDenialDetails),
/* harmony export */   Vt: () => (/* binding */ accessDenialIn),
/* harmony export */   rh: () => (/* binding */ parseAccessDenial),
/* harmony export */   ro: () => (/* binding */ refusalDetails)
/* harmony export */ });
/* unused harmony exports roleOfPrincipal, roleName, statementResource, permissionStatementHelps, allowStatement */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6001);
// An IAM refusal made one paste away: AWS's "User: … is not authorized to perform: ACTION on resource:
// ARN because …" read into its parts, and the statement that would allow exactly that call. Pure: text in,
// text out, so every service's wording (ECS, ECR and its registry, CloudWatch Logs, STS) is read the same.

// `… because no identity-based policy allows the X action` or `… with an explicit deny in a service control
// policy`; the resource may be left out (actions without a resource type) and a sentence may follow.
const DENIAL = /User: (\S+) is not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9]+)(?: on resource: (\S+?))?(?=[.,;)]?(?:\s|$))(?:[.,;)]?\s+(?:because no ((?:[\w-]+ )*?(?:policy|boundary)) allows|with an explicit deny in (?:an? )?((?:[\w-]+ )*?(?:policy|boundary))))?/;
/** The refusal in an AWS error message, wherever it stands in the text; undefined when there is none. */
function parseAccessDenial(text) {
    const match = DENIAL.exec(text.replace(/\s+/g, ' '));
    if (!match)
        return undefined;
    const [, principal = '', action = '', resource = '*', notAllowedBy, deniedBy] = match;
    const reason = notAllowedBy !== undefined
        ? { kind: 'not-allowed', policy: notAllowedBy }
        : deniedBy !== undefined
            ? { kind: 'explicit-deny', policy: deniedBy }
            : { kind: 'unspecified' };
    return { principal, action, resource, reason };
}
/** The first refusal in an error, its message or any of its causes (wrapped errors keep the SDK's below). */
function accessDenialIn(error) {
    const seen = new Set();
    for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(current, 'cause')) {
        seen.add(current);
        const found = parseAccessDenial((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(current));
        if (found)
            return found;
    }
    return undefined;
}
/** `arn:aws:sts::A:assumed-role/NAME/SESSION` → `arn:aws:iam::A:role/NAME`; other principals as they are. */
function roleOfPrincipal(principal) {
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(principal);
    return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : principal;
}
/** The last part of a role ARN: what the IAM console lists the role as. */
function roleName(roleArn) {
    return roleArn.split('/').at(-1) ?? roleArn;
}
/**
 * The resource a statement should name so that the next run is allowed too: the exact resource, except the
 * ids each run makes anew (a task definition revision, a service deployment or revision, a task, a log
 * stream), which become `*` within their family, service, cluster or log group.
 */
function statementResource(resource) {
    return resource
        .replace(/(:task-definition\/[^:/]+):\d+$/, '$1:*')
        .replace(/(:service-(?:deployment|revision)\/[^/]+\/[^/]+)\/[^/]+$/, '$1/*')
        .replace(/(:(?:task|container-instance)\/[^/]+)\/[^/]+$/, '$1/*')
        .replace(/(:log-group:[^:]+:log-stream:).+$/, '$1*');
}
/** Whether adding an Allow to the caller's own permission policy is the fix. */
function permissionStatementHelps(denial) {
    if (denial.reason.kind === 'explicit-deny')
        return false;
    if (denial.reason.kind === 'not-allowed')
        return /identity-based|permissions boundary|session policy/i.test(denial.reason.policy);
    // STS words a trust policy's refusal of AssumeRole without a reason: the trust diagnosis covers it.
    return !/^sts:(AssumeRole|TagSession)/i.test(denial.action);
}
/** The IAM statement that allows exactly this call, as JSON to paste into the role's permission policy. */
function allowStatement(denial) {
    const statement = { Effect: 'Allow', Action: denial.action, Resource: statementResource(denial.resource) };
    return JSON.stringify(statement, null, 2);
}
/** The log lines after the failure: what was refused, and the statement to add (or the Deny to remove). */
function accessDenialDetails(denial) {
    const role = roleOfPrincipal(denial.principal);
    const refused = `${role} may not perform ${denial.action} on ${denial.resource}`;
    if (denial.reason.kind === 'explicit-deny') {
        return [`${refused}: an explicit Deny in ${denial.reason.policy} refuses it, and no Allow can override a Deny; narrow that Deny.`];
    }
    if (!permissionStatementHelps(denial))
        return [];
    const where = denial.reason.kind === 'not-allowed' && !/identity-based/i.test(denial.reason.policy) ? ` (and to the ${denial.reason.policy})` : '';
    return [`${refused}. Add this statement to the permission policy of ${roleName(role)}${where}:`, allowStatement(denial)];
}
/** What the `Next:` line says for a refusal. */
function accessDenialNextStep(denial) {
    const role = roleName(roleOfPrincipal(denial.principal));
    if (denial.reason.kind === 'explicit-deny')
        return `narrow the explicit Deny of ${denial.action} in ${denial.reason.policy}`;
    return (`add the statement printed in the log (${denial.action} on ${statementResource(denial.resource)}) to the permission policy of ${role}, ` +
        'or redeploy the setup template with the capability that grants it');
}
/** The lines to print for an error when it is a refusal a statement fixes; none otherwise. */
function refusalDetails(error) {
    const denial = accessDenialIn(error);
    return denial === undefined ? [] : accessDenialDetails(denial);
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


/***/ }),

/***/ 3531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AQ: () => (/* binding */ handProxyInputToEnvironment),
/* harmony export */   GK: () => (/* binding */ describeProxy),
/* harmony export */   Pr: () => (/* binding */ parseProxyUrl),
/* harmony export */   Wm: () => (/* binding */ proxySecrets),
/* harmony export */   Yw: () => (/* binding */ proxySettingsFrom),
/* harmony export */   iJ: () => (/* binding */ proxyFor),
/* harmony export */   ri: () => (/* binding */ withoutCredentials),
/* harmony export */   yc: () => (/* binding */ DIRECT)
/* harmony export */ });
/* unused harmony exports PROXY_VARIABLES, bypassesProxy */
// Which proxy a request takes: the `http-proxy` input, else the runner's HTTPS_PROXY / HTTP_PROXY (lower
// case first), with NO_PROXY and loopback hosts going direct. The rules are @actions/http-client's, which
// makes the OIDC token request, so the AWS calls and the token request never disagree about a host. Pure.
const DIRECT = { httpsProxy: undefined, httpProxy: undefined, noProxy: [], fromInput: false };
/** The variables a proxy is read from, in the order they are tried. */
const PROXY_VARIABLES = {
    https: ['https_proxy', 'HTTPS_PROXY'],
    http: ['http_proxy', 'HTTP_PROXY'],
    noProxy: ['no_proxy', 'NO_PROXY'],
};
function proxySettingsFrom(input, env) {
    const first = (names) => names.map((name) => env[name]?.trim()).find((value) => value !== undefined && value !== '');
    const noProxy = (first(PROXY_VARIABLES.noProxy) ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    if (input !== undefined)
        return { httpsProxy: input, httpProxy: input, noProxy, fromInput: true };
    return { httpsProxy: first(PROXY_VARIABLES.https), httpProxy: first(PROXY_VARIABLES.http), noProxy, fromInput: false };
}
/**
 * A proxy URL as @actions/http-client reads one: as written, or with `http://` in front when it has no
 * scheme. undefined when it is no URL even then.
 */
function parseProxyUrl(value) {
    for (const candidate of [value, `http://${value}`]) {
        try {
            const url = new URL(candidate);
            if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '')
                return url;
        }
        catch {
            // try the next form
        }
    }
    return undefined;
}
/** The proxy for a request to `protocol//host:port`, or undefined to go direct. */
function proxyFor(settings, protocol, host, port) {
    const configured = protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
    if (configured === undefined || bypassesProxy(settings.noProxy, protocol, host, port))
        return undefined;
    return parseProxyUrl(configured);
}
/** http-client's rules: loopback always goes direct; NO_PROXY matches a host, `host:port`, a domain suffix or `*`. */
function bypassesProxy(noProxy, protocol, host, port) {
    const name = host.toLowerCase().replace(/^\[|\]$/g, '');
    if (name === 'localhost' || name.startsWith('127.') || name === '::1' || name === '0:0:0:0:0:0:0:1')
        return true;
    const effectivePort = port ?? (protocol === 'https:' ? 443 : 80);
    const candidates = [name, `${name}:${effectivePort}`];
    return noProxy.some((raw) => {
        const entry = raw.toLowerCase();
        if (entry === '*')
            return true;
        return candidates.some((candidate) => candidate === entry || candidate.endsWith(`.${entry}`) || (entry.startsWith('.') && candidate.endsWith(entry)));
    });
}
/** `http://***@host:port/`: the URL as logs and errors may show it, credentials replaced. */
function withoutCredentials(value) {
    const at = value.lastIndexOf('@');
    if (at === -1)
        return value;
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
    return `${scheme}***@${value.slice(at + 1)}`;
}
/**
 * What to mask of the proxy URLs in the input and the environment: each URL with credentials, and its
 * password and user information as written and decoded, before anything can print them.
 */
function proxySecrets(input, env) {
    const values = [input, ...[...PROXY_VARIABLES.https, ...PROXY_VARIABLES.http].map((name) => env[name] ?? '')];
    const secrets = new Set();
    for (const value of values.map((text) => text.trim())) {
        const at = value.lastIndexOf('@');
        if (at === -1)
            continue;
        secrets.add(value);
        const schemeEnd = value.indexOf('://');
        const userInfo = value.slice(schemeEnd === -1 || schemeEnd > at ? 0 : schemeEnd + 3, at);
        const password = userInfo.includes(':') ? userInfo.slice(userInfo.indexOf(':') + 1) : userInfo;
        for (const secret of [userInfo, password]) {
            if (secret === '')
                continue;
            secrets.add(secret);
            try {
                secrets.add(decodeURIComponent(secret));
            }
            catch {
                // not percent-encoded: the raw form is masked already
            }
        }
    }
    return [...secrets];
}
/**
 * The `http-proxy` input written over the proxy variables of `env` (the step's own process.env): the OIDC
 * request (@actions/http-client) and the container engine read a proxy only from there. NO_PROXY stays.
 */
function handProxyInputToEnvironment(settings, env) {
    if (!settings.fromInput || settings.httpsProxy === undefined)
        return;
    for (const name of [...PROXY_VARIABLES.https, ...PROXY_VARIABLES.http])
        env[name] = settings.httpsProxy;
}
/** One line for the log: where requests go, credentials hidden. undefined when no proxy is set. */
function describeProxy(settings) {
    if (settings.httpsProxy === undefined && settings.httpProxy === undefined)
        return undefined;
    const source = settings.fromInput ? 'the `http-proxy` input' : 'HTTPS_PROXY / HTTP_PROXY';
    const targets = settings.httpsProxy === settings.httpProxy
        ? `through ${withoutCredentials(settings.httpsProxy ?? '')}`
        : `through ${settings.httpsProxy === undefined ? 'no proxy' : withoutCredentials(settings.httpsProxy)} (https) and ${settings.httpProxy === undefined ? 'no proxy' : withoutCredentials(settings.httpProxy)} (http)`;
    const except = settings.noProxy.length === 0 ? 'loopback hosts' : `loopback hosts and NO_PROXY (${settings.noProxy.join(', ')})`;
    return `AWS calls and the OIDC token request go ${targets}, from ${source}, except ${except}.`;
}


/***/ }),

/***/ 3091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ SdkRetryStrategy),
/* harmony export */   JG: () => (/* binding */ defaultSleep),
/* harmony export */   L5: () => (/* binding */ retry),
/* harmony export */   aB: () => (/* binding */ RetryExhaustedError),
/* harmony export */   hs: () => (/* binding */ rootError),
/* harmony export */   rM: () => (/* binding */ nextDelay)
/* harmony export */ });
/* unused harmony export decideRetry */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6001);

/** Thrown when retryable failures outlast the attempts or the time budget; `cause` is the last error. */
class RetryExhaustedError extends Error {
    cause;
    attempts;
    elapsedMs;
    constructor(cause, attempts, elapsedMs) {
        super(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(cause)} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${formatSeconds(elapsedMs)})`);
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
/** The one decision both drivers take; `elapsedMs` runs from the start of the first attempt. */
function decideRetry(policy, error, attempt, elapsedMs, previousDelay, random) {
    if (!policy.isRetryable(error))
        return { action: 'rethrow' };
    if (attempt >= policy.maxAttempts)
        return { action: 'give-up' };
    const delayMs = nextDelay(policy, attempt, previousDelay, random);
    if (elapsedMs + delayMs > policy.totalBudgetMs)
        return { action: 'give-up' };
    return { action: 'wait', delayMs };
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
            const elapsed = now() - started;
            const decision = decideRetry(policy, error, attempt, elapsed, previousDelay, random);
            if (decision.action === 'rethrow')
                throw error;
            if (decision.action === 'give-up')
                throw new RetryExhaustedError(error, attempt, elapsed);
            previousDelay = decision.delayMs;
            policy.onRetry?.(error, attempt, decision.delayMs);
            await sleep(decision.delayMs);
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
/** One SDK call's progress: how many retries so far, since when, and the last wait (for decorrelated jitter). */
class AttemptToken {
    retries;
    startedAt;
    previousDelay;
    constructor(retries, startedAt, previousDelay) {
        this.retries = retries;
        this.startedAt = startedAt;
        this.previousDelay = previousDelay;
    }
    getRetryCount() {
        return this.retries;
    }
    /** Zero: the strategy has already waited (with the injected sleep), as the SDK's own strategies do. */
    getRetryDelay() {
        return 0;
    }
}
/**
 * The policy as an SDK client's `retryStrategy`: the SDK's retry middleware resends the request,
 * this decides and waits exactly as `retry()` would. A client that uses it should make its calls
 * through `call()`, so that running out of retries reads the same as from `retry()`.
 */
class SdkRetryStrategy {
    policy;
    now;
    sleep;
    random;
    /** Errors the retries ran out on, with the facts for the message; the middleware rethrows the error itself. */
    exhausted = new WeakMap();
    constructor(policy) {
        this.policy = policy;
        this.now = policy.now ?? Date.now;
        this.sleep = policy.sleep ?? defaultSleep;
        this.random = policy.random ?? Math.random;
    }
    acquireInitialRetryToken() {
        return Promise.resolve(new AttemptToken(0, this.now(), this.policy.baseDelayMs));
    }
    async refreshRetryTokenForRetry(token, errorInfo) {
        const progress = token instanceof AttemptToken ? token : new AttemptToken(token.getRetryCount(), this.now(), this.policy.baseDelayMs);
        const { error } = errorInfo;
        const attempt = progress.retries + 1;
        const elapsed = this.now() - progress.startedAt;
        const decision = decideRetry(this.policy, error, attempt, elapsed, progress.previousDelay, this.random);
        if (decision.action !== 'wait') {
            if (decision.action === 'give-up' && error)
                this.exhausted.set(error, new RetryExhaustedError(error, attempt, elapsed));
            // The middleware answers any refusal by rethrowing the call's own error.
            throw new Error('No retry');
        }
        this.policy.onRetry?.(error, attempt, decision.delayMs);
        await this.sleep(decision.delayMs);
        return new AttemptToken(attempt, progress.startedAt, decision.delayMs);
    }
    recordSuccess() {
        // No retry quota to refill: each call stands on its own budget.
    }
    /** Runs one call of a client using this strategy; a failure the retries ran out on becomes a RetryExhaustedError. */
    async call(send) {
        try {
            return await send();
        }
        catch (error) {
            const exhausted = typeof error === 'object' && error !== null ? this.exhausted.get(error) : undefined;
            throw exhausted ?? error;
        }
    }
}
function formatSeconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}


/***/ }),

/***/ 4087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Y: () => (/* binding */ applyChanges),
  G: () => (/* binding */ checkEdits)
});

// EXTERNAL MODULE: ./src/shared/constants.ts
var constants = __webpack_require__(5444);
// EXTERNAL MODULE: ./src/task-definition/model.ts
var model = __webpack_require__(2452);
// EXTERNAL MODULE: ./src/task-definition/edits/model.ts
var edits_model = __webpack_require__(4210);
;// CONCATENATED MODULE: ./src/task-definition/edits/container-edits.ts
// The edits made to each container that gets the deployed image: environment, environment files,
// secrets, command, entry point, Docker labels and logging. Lists ECS keys by name are merged by that
// name (an existing entry keeps its place and gets the new value; a new one is added at the end), so
// everything the definition had and the inputs do not mention stays as it was. Pure.



/** A copy of `container` with the edits made; the argument is not modified. */
function applyContainerEdits(container, edits) {
    const edited = { ...container };
    const name = String(container['name']);
    if (edits.environment.length > 0) {
        edited['environment'] = mergeByKey(container['environment'], 'name', 'value', edits.environment);
    }
    if (edits.secrets.length > 0) {
        edited['secrets'] = mergeByKey(container['secrets'], 'name', 'valueFrom', edits.secrets);
    }
    if (edits.environmentFiles.length > 0) {
        const files = Array.isArray(container['environmentFiles']) ? [...container['environmentFiles']] : [];
        const listed = new Set(files.map((file) => ((0,model/* isRecord */.u4)(file) ? file['value'] : undefined)));
        for (const arn of edits.environmentFiles)
            if (!listed.has(arn))
                files.push({ value: arn, type: 's3' });
        edited['environmentFiles'] = files;
    }
    if (edits.command !== undefined)
        edited['command'] = [...edits.command];
    if (edits.entryPoint !== undefined)
        edited['entryPoint'] = [...edits.entryPoint];
    if (edits.dockerLabels.length > 0) {
        const labels = (0,model/* isRecord */.u4)(container['dockerLabels']) ? { ...container['dockerLabels'] } : {};
        for (const [key, value] of edits.dockerLabels)
            labels[key] = value;
        edited['dockerLabels'] = labels;
    }
    if (edits.logDriver !== undefined || edits.logOptions.length > 0) {
        edited['logConfiguration'] = editedLogConfiguration(name, container['logConfiguration'], edits);
    }
    return edited;
}
/**
 * The driver replaces the container's; the options are merged into its options. A new driver starts
 * from no options: those of the old driver (`awslogs-group` for a `splunk` driver) would make ECS or
 * the new driver refuse the container.
 */
function editedLogConfiguration(container, current, edits) {
    const before = (0,model/* isRecord */.u4)(current) ? current : {};
    const currentDriver = typeof before['logDriver'] === 'string' ? before['logDriver'] : undefined;
    const driver = edits.logDriver ?? currentDriver;
    if (driver === undefined) {
        throw new edits_model/* EditError */.F(constants/* Input */.pd.logConfigurationOptions, edits.logOptions.map(([key, value]) => `${key}=${value}`).join('\n'), `\`${constants/* Input */.pd.logConfigurationLogDriver}\` as well, since container ${container} has no log configuration to add options to`);
    }
    const keepOptions = driver === currentDriver && (0,model/* isRecord */.u4)(before['options']);
    const options = keepOptions ? { ...before['options'] } : {};
    for (const [key, value] of edits.logOptions)
        options[key] = value;
    const configuration = { ...(driver === currentDriver ? before : {}), logDriver: driver };
    if (Object.keys(options).length > 0)
        configuration['options'] = options;
    else
        delete configuration['options'];
    return configuration;
}
/** `list` with each edit's entry replaced in place or added at the end. */
function mergeByKey(list, key, valueKey, edits) {
    const merged = Array.isArray(list) ? [...list] : [];
    for (const [name, value] of edits) {
        const index = merged.findIndex((entry) => (0,model/* isRecord */.u4)(entry) && entry[key] === name);
        const entry = { [key]: name, [valueKey]: value };
        if (index < 0)
            merged.push(entry);
        else
            merged[index] = { ...merged[index], ...entry };
    }
    return merged;
}

;// CONCATENATED MODULE: ./src/task-definition/edits/task-edits.ts
// The task-level edits (task role, execution role, CPU, memory), and the CPU and memory pairs Fargate
// offers, checked when the definition requires FARGATE so a wrong pair fails here with the allowed
// values rather than at RegisterTaskDefinition with ECS's generic refusal. Pure.


/** Fargate's task sizes (Linux), from the ECS developer guide's table of task CPU and memory. */
const FARGATE_SIZES = [
    { cpu: 256, min: 512, max: 2048, step: 512, only: [512, 1024, 2048] },
    { cpu: 512, min: 1024, max: 4096, step: 1024 },
    { cpu: 1024, min: 2048, max: 8192, step: 1024 },
    { cpu: 2048, min: 4096, max: 16384, step: 1024 },
    { cpu: 4096, min: 8192, max: 30720, step: 1024 },
    { cpu: 8192, min: 16384, max: 61440, step: 4096 },
    { cpu: 16384, min: 32768, max: 122880, step: 8192 },
];
/** A copy of the definition with the task-level edits made; the argument is not modified. */
function applyTaskEdits(definition, edits) {
    const edited = { ...definition };
    if (edits.taskRoleArn !== undefined)
        edited['taskRoleArn'] = edits.taskRoleArn;
    if (edits.executionRoleArn !== undefined)
        edited['executionRoleArn'] = edits.executionRoleArn;
    if (edits.cpu !== undefined)
        edited['cpu'] = edits.cpu;
    if (edits.memory !== undefined)
        edited['memory'] = edits.memory;
    if ((edits.cpu !== undefined || edits.memory !== undefined) && requiresFargate(edited))
        checkFargateSize(edited, edits);
    return edited;
}
function requiresFargate(definition) {
    const required = definition['requiresCompatibilities'];
    return Array.isArray(required) && required.includes('FARGATE');
}
function checkFargateSize(definition, edits) {
    const cpu = Number(definition['cpu']);
    const memory = Number(definition['memory']);
    const blamed = edits.memory !== undefined ? constants/* Input */.pd.memory : constants/* Input */.pd.cpu;
    const shown = (value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '(none)');
    const given = `cpu ${shown(definition['cpu'])}, memory ${shown(definition['memory'])}`;
    const size = FARGATE_SIZES.find((candidate) => candidate.cpu === cpu);
    if (size === undefined) {
        throw new edits_model/* EditError */.F(constants/* Input */.pd.cpu, given, `a Fargate task size: \`${constants/* Input */.pd.cpu}\` one of ${FARGATE_SIZES.map((candidate) => candidate.cpu).join(', ')} (the definition requires FARGATE)`);
    }
    const fits = size.only?.includes(memory) ??
        (Number.isInteger(memory) && memory >= size.min && memory <= size.max && (memory - size.min) % size.step === 0);
    if (!fits) {
        const allowed = size.only === undefined
            ? `from ${size.min} to ${size.max} MiB in steps of ${size.step}`
            : `${size.only.slice(0, -1).join(', ')} or ${String(size.only.at(-1))} MiB`;
        throw new edits_model/* EditError */.F(blamed, given, `a Fargate task size: with cpu ${size.cpu}, \`${constants/* Input */.pd.memory}\` ${allowed} (the definition requires FARGATE)`);
    }
}

;// CONCATENATED MODULE: ./src/task-definition/edits/apply-edits.ts
// Everything a deploy changes in a definition, in one place: the deployed image in each of its
// containers, other containers' images, the container edits on the deployed containers, and the
// task-level edits. Pure.





/**
 * A copy of a registrable definition with the changes made; the argument is not modified. A deployed
 * container it lacks is an Error (the container was chosen from this definition, so that is a bug or a
 * changed definition); a container of `images` it lacks is an EditError naming that input.
 */
function applyChanges(definition, family, changes) {
    const edits = changes.edits ?? edits_model/* NO_EDITS */.qG;
    const containers = Array.isArray(definition['containerDefinitions']) ? [...definition['containerDefinitions']] : [];
    const names = containers.map((container) => ((0,model/* isRecord */.u4)(container) ? String(container['name']) : ''));
    const indexOf = (name) => names.indexOf(name);
    const listed = names.map((name) => `\`${name}\``).join(', ');
    for (const name of changes.containerNames) {
        const index = indexOf(name);
        if (index < 0)
            throw new Error(`The task definition ${family} has no container named "${name}"; its containers are ${names.join(', ')}.`);
        containers[index] = applyContainerEdits({ ...containers[index], image: changes.image }, edits.containers);
    }
    for (const [name, image] of changes.otherImages ?? edits.images) {
        const index = indexOf(name);
        if (index < 0)
            throw new edits_model/* EditError */.F(constants/* Input */.pd.images, `${name}=${image}`, `a container of the task definition ${family}: ${listed}`);
        // Picked by its repository (no `container-name`), the deployed container may be one `images` names too.
        if (changes.containerNames.includes(name)) {
            throw new edits_model/* EditError */.F(constants/* Input */.pd.images, `${name}=${image}`, `a container other than ${name}, which gets the deployed image`);
        }
        containers[index] = { ...containers[index], image };
    }
    return applyTaskEdits({ ...definition, containerDefinitions: containers }, edits.task);
}
/**
 * Throws the EditError the edits would raise on this definition, before any network call when the
 * definition is a file. `containerNames` may be empty when the deployed container is picked later (by
 * the repository its image comes from): the container edits are then checked when it is.
 */
function checkEdits(definition, family, containerNames, edits) {
    applyChanges(definition, family, { containerNames, image: 'placeholder', edits });
}


/***/ }),

/***/ 4210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ EditError),
/* harmony export */   qG: () => (/* binding */ NO_EDITS)
/* harmony export */ });
/* unused harmony export NO_CONTAINER_EDITS */
const NO_CONTAINER_EDITS = {
    environment: [],
    environmentFiles: [],
    secrets: [],
    command: undefined,
    entryPoint: undefined,
    dockerLabels: [],
    logDriver: undefined,
    logOptions: [],
};
const NO_EDITS = {
    containers: NO_CONTAINER_EDITS,
    task: { taskRoleArn: undefined, executionRoleArn: undefined, cpu: undefined, memory: undefined },
    images: [],
};
/**
 * An edit the definition cannot take (a container it lacks, options for a log driver it has not, a size
 * Fargate does not offer). Worded like an input error, since an input asked for it: read-inputs.ts turns
 * it into one when the definition is a file; otherwise it fails the Task definition phase before
 * anything is registered.
 */
class EditError extends Error {
    input;
    given;
    expected;
    constructor(input, given, expected) {
        super(`Input \`${input}\` ${given === '' ? 'is empty' : `was ${JSON.stringify(given)}`}; expected ${expected}.`);
        this.input = input;
        this.given = given;
        this.expected = expected;
        this.name = 'EditError';
    }
}


/***/ }),

/***/ 2452:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ap: () => (/* binding */ familyOf),
/* harmony export */   Ch: () => (/* binding */ namedContainers),
/* harmony export */   Zv: () => (/* binding */ listNames),
/* harmony export */   u4: () => (/* binding */ isRecord)
/* harmony export */ });
function namedContainers(definition) {
    return (definition.containerDefinitions ?? []).filter((container) => typeof container.name === 'string' && container.name !== '');
}
function listNames(containers) {
    return containers.map((container) => container.name).join(', ');
}
function familyOf(definition) {
    return definition.family ?? '(without family)';
}
/** A JSON object: not null, an array or a Date. */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}


/***/ }),

/***/ 6474:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ registrableCopy)
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


/***/ }),

/***/ 7215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ taskDefinitionRevisionLabel)
/* harmony export */ });
// The short name of a revision, as people say it. Pure.
/** `my-app:8` from `arn:aws:ecs:…:task-definition/my-app:8` (a `family:revision` is returned as given). */
function taskDefinitionRevisionLabel(arn) {
    const marker = ':task-definition/';
    const at = arn.indexOf(marker);
    return at === -1 ? arn.slice(arn.lastIndexOf('/') + 1) : arn.slice(at + marker.length);
}


/***/ })

};
