export const id = 266;
export const ids = [266];
export const modules = {

/***/ 1341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ secretArguments),
/* harmony export */   y: () => (/* binding */ stagedSecrets)
/* harmony export */ });
/** `--secret` for each: docker spells a variable `env=NAME`, podman (buildah) `type=env,src=NAME`. */
function secretArguments(engine, secrets) {
    return secrets.flatMap((secret) => {
        if ('file' in secret)
            return ['--secret', `id=${secret.id},src=${secret.file}`];
        return ['--secret', engine === 'docker' ? `id=${secret.id},env=${secret.env}` : `id=${secret.id},type=env,src=${secret.env}`];
    });
}
/** Where an inline value goes: its own file, named by its position so an id needs no escaping. */
function stagedSecrets(secrets, fileFor) {
    return secrets.map((secret, index) => {
        if (secret.source.kind === 'env')
            return { id: secret.id, env: secret.source.name };
        if (secret.source.kind === 'file')
            return { id: secret.id, file: secret.source.path };
        return { id: secret.id, file: fileFor(index) };
    });
}


/***/ }),

/***/ 1189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ cacheRepositoryRefusal),
/* harmony export */   p: () => (/* binding */ cacheArguments)
/* harmony export */ });
/* harmony import */ var _ecr_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2531);

function cacheArguments(engine, cache) {
    if (engine === 'podman')
        return ['--layers', '--cache-from', cache.repositoryUri, '--cache-to', cache.repositoryUri];
    const reference = `${cache.repositoryUri}:${cache.tag}`;
    return [
        '--cache-from',
        `type=registry,ref=${reference}`,
        '--cache-to',
        `type=registry,ref=${reference},mode=max,image-manifest=true,oci-mediatypes=true`,
        '--load',
    ];
}
/**
 * Why the cache repository would refuse the cache push, or undefined when it accepts it. docker moves
 * `tag` on every build, so that tag must be mutable. podman's tags are keys of the layers' content and
 * inputs: a key names the same layer whenever it is pushed again, which an IMMUTABLE repository accepts.
 */
function cacheRepositoryRefusal(engine, name, repository, tag) {
    if (engine === 'podman' || !(0,_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .tagIsImmutable */ .rF)(repository, tag))
        return undefined;
    const mutability = repository.mutableTagFilters.length > 0 ? 'IMMUTABLE_WITH_EXCLUSION (no exclusion filter matches it)' : 'IMMUTABLE';
    return `The cache repository ${name} is ${mutability}, so the build could not move its cache tag ${tag}: make the repository MUTABLE, add an exclusion filter for ${tag} (\`--image-tag-mutability IMMUTABLE_WITH_EXCLUSION --image-tag-mutability-exclusion-filters filterType=WILDCARD,filter=${tag}\`), or use another cache repository.`;
}


/***/ }),

/***/ 2531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F1: () => (/* binding */ findImage),
/* harmony export */   JA: () => (/* binding */ resolveImageReference),
/* harmony export */   MD: () => (/* binding */ describeRepository),
/* harmony export */   RY: () => (/* binding */ getRegistryLogin),
/* harmony export */   bB: () => (/* binding */ ecrFailureAdvice),
/* harmony export */   ek: () => (/* binding */ EcrRequestError),
/* harmony export */   iz: () => (/* binding */ getRegistryLogins),
/* harmony export */   kQ: () => (/* binding */ tagCanBeReused),
/* harmony export */   rF: () => (/* binding */ tagIsImmutable),
/* harmony export */   t3: () => (/* binding */ findImageDigest),
/* harmony export */   wN: () => (/* binding */ RepositoryNotFoundError)
/* harmony export */ });
/* harmony import */ var _report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8382);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3360);
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8249);
/* harmony import */ var _shared_constants_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5444);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3564);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6001);
/* harmony import */ var _shared_aws_request_error_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(67);
// The ECR calls of a deploy: registry login data, the repository, and digests of tags. The registry
// password is masked the moment it exists, before any subprocess or log line can see it.







/** An ECR call that failed, explained; `name` and retry hints are the SDK error's, so classifiers still work. */
class EcrRequestError extends _shared_aws_request_error_js__WEBPACK_IMPORTED_MODULE_5__/* .AwsRequestError */ .nA {
    constructor(operation, resource, cause, advice) {
        super('ECR', operation, resource, cause, advice);
    }
}
/** Thrown when a repository the step needs does not exist; the message says how to create it. */
class RepositoryNotFoundError extends Error {
    repository;
    account;
    region;
    constructor(repository, account, region) {
        const where = `${account === undefined ? 'this account' : `account ${account}`} region ${region}`;
        super(`The ECR repository "${repository}" does not exist in ${where}: create it (\`aws ecr create-repository --repository-name ${repository} --image-tag-mutability IMMUTABLE --region ${region}\`) or fix the \`${_shared_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.repository}\` input.`);
        this.repository = repository;
        this.account = account;
        this.region = region;
        this.name = 'RepositoryNotFoundError';
    }
}
async function getRegistryLogin(ecr, registryId) {
    const resource = registryId === undefined ? 'the default registry' : `registry ${registryId}`;
    const input = registryId === undefined ? {} : { registryIds: [registryId] };
    const response = await call(ecr, 'GetAuthorizationToken', resource, () => ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_6__/* .GetAuthorizationTokenCommand */ .Eu6(input)));
    return registryLoginOf(response.authorizationData?.[0], resource);
}
/**
 * One login per registry, from one GetAuthorizationToken call (`registryIds` takes up to 10, all in the
 * client's region); in the order asked. The same credentials serve every account: the other
 * registry's repository policy decides what they may pull.
 */
async function getRegistryLogins(ecr, registryIds) {
    const logins = [];
    for (let start = 0; start < registryIds.length; start += MAX_REGISTRY_IDS) {
        const batch = registryIds.slice(start, start + MAX_REGISTRY_IDS);
        const resource = `registries ${batch.join(', ')}`;
        // Deprecated, still answered: a token serves every registry the caller may use, but only the ids
        // bring each registry's endpoint (its `docker login` host) without composing host names here.
        const request = { registryIds: [...batch] };
        const response = await call(ecr, 'GetAuthorizationToken', resource, () => ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_6__/* .GetAuthorizationTokenCommand */ .Eu6(request)));
        const data = response.authorizationData ?? [];
        logins.push(...batch.map((registryId, index) => registryLoginOf(data[index], `registry ${registryId}`)));
    }
    return logins;
}
const MAX_REGISTRY_IDS = 10;
/** The password is masked the moment it is decoded, before anything can print it. */
function registryLoginOf(data, resource) {
    const token = data?.authorizationToken;
    if (data === undefined || token === undefined || token === '')
        throw new Error(`ECR GetAuthorizationToken answered without a token for ${resource}.`);
    _actions_core__WEBPACK_IMPORTED_MODULE_1__.setSecret(token);
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    if (password === '')
        throw new Error(`ECR GetAuthorizationToken answered with a token that is not base64 of "user:password" for ${resource}.`);
    _actions_core__WEBPACK_IMPORTED_MODULE_1__.setSecret(password);
    const endpoint = data.proxyEndpoint;
    if (endpoint === undefined || endpoint === '')
        throw new Error(`ECR GetAuthorizationToken answered without the registry endpoint for ${resource}.`);
    return { registry: (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .hostOfEndpoint */ .BV)(endpoint), username: decoded.slice(0, colon), password, expiresAt: data.expiresAt };
}
/** Fails with how to create the repository when it is missing, so a build never runs for nothing. */
async function describeRepository(ecr, name, registryId) {
    const response = await call(ecr, 'DescribeRepositories', `repository "${name}"`, () => ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_6__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [name], ...(registryId === undefined ? {} : { registryId }) })), name);
    const repository = response.repositories?.find((candidate) => candidate.repositoryName === name) ?? response.repositories?.[0];
    if (repository?.repositoryUri === undefined)
        throw new Error(`ECR DescribeRepositories answered without repository "${name}".`);
    return {
        repositoryUri: repository.repositoryUri,
        registryId: repository.registryId ?? registryId ?? '',
        immutable: repository.imageTagMutability === 'IMMUTABLE' || repository.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION',
        mutableTagFilters: repository.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION'
            ? (repository.imageTagMutabilityExclusionFilters ?? []).flatMap((filter) => (filter.filter === undefined ? [] : [filter.filter]))
            : [],
    };
}
/** Whether pushing `tag` again with other content would be refused by the repository. */
function tagIsImmutable(repository, tag) {
    if (!repository.immutable)
        return false;
    return !repository.mutableTagFilters.some((filter) => wildcardPattern(filter).test(tag));
}
/**
 * Whether an existing `tag` can stand for this run's image without a build: it cannot move (so a re-run
 * must reuse it) or it names this very commit. Any other tag (`staging`, `latest` in a MUTABLE
 * repository) is rebuilt, or every later run would deploy whatever it pointed at first.
 */
function tagCanBeReused(repository, tag, commitSha) {
    return tagIsImmutable(repository, tag) || (commitSha !== '' && tag.startsWith(commitSha));
}
function wildcardPattern(filter) {
    const escaped = filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${escaped}$`);
}
/** The digest `repository:tag` points at, or undefined when the tag does not exist. */
async function findImageDigest(ecr, repository, tag, registryId) {
    return (await findImage(ecr, repository, tag, registryId))?.digest;
}
/** The digest and manifest media type (an image index or a single image) of `repository:tag`, or undefined when the tag does not exist. */
async function findImage(ecr, repository, tag, registryId) {
    const request = { repositoryName: repository, imageIds: [{ imageTag: tag }], ...(registryId === undefined ? {} : { registryId }) };
    try {
        const response = await call(ecr, 'DescribeImages', `image "${repository}:${tag}"`, () => ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_6__/* .DescribeImagesCommand */ .ji5(request)), repository);
        const digest = response.imageDetails?.[0]?.imageDigest;
        return digest === undefined || digest === ''
            ? undefined
            : { digest, mediaType: response.imageDetails?.[0]?.imageManifestMediaType ?? '' };
    }
    catch (error) {
        if (error instanceof EcrRequestError && error.awsErrorName === 'ImageNotFoundException')
            return undefined;
        throw error;
    }
}
/**
 * The `image` input as the task definition should name it: pinned by digest when it lives in ECR in
 * this region (so a later push to the same tag cannot change what new tasks run); as given otherwise.
 */
async function resolveImageReference(ecr, reference, input = _shared_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.image) {
    const parsed = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageReference */ .o_)(reference);
    const repositoryUri = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .repositoryUriOf */ .mM)(parsed);
    // A reference without a host names the engine's default registry; the output then stays empty.
    const registry = parsed.host ?? '';
    const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : '');
    const asGiven = { uri: reference, registry, tag, digest: parsed.digest ?? '', repositoryUri };
    if (parsed.digest !== undefined)
        return asGiven;
    const region = await regionOf(ecr);
    const registryId = await ecrRegistryOf(ecr, parsed, region);
    if (registryId === undefined) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__.warning(`The image ${reference} is not in ECR in ${region}, so the task definition names it by tag, not by digest: a later push to that tag changes what new tasks run. Give it as …@sha256:<digest> to pin it.`);
        return asGiven;
    }
    const digest = await findImageDigest(ecr, parsed.repository, tag, registryId).catch((error) => {
        throw explainForImageInput(error, reference, input);
    });
    if (digest === undefined) {
        throw (0,_report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__/* .withFailureCause */ .ms)(new Error(`The image ${reference} does not exist: ECR repository "${parsed.repository}" (account ${registryId}, region ${region}) has no tag "${tag}". Check the \`${input}\` input.`), 'image-missing');
    }
    return { uri: (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatImageReference */ .my)({ ...parsed, tag: undefined, digest }), registry, tag, digest, repositoryUri };
}
/**
 * The registry id when `reference` lives in ECR in `region`, else undefined. A host that is not an
 * ECR hostname may still be ours (a proxy or a test registry): it is when DescribeRepositories names
 * a repository of that path at that host.
 */
async function ecrRegistryOf(ecr, reference, region) {
    if (reference.host === undefined)
        return undefined;
    const ecrHost = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseEcrHost */ .wl)(reference.host);
    if (ecrHost !== undefined)
        return ecrHost.region === region ? ecrHost.registryId : undefined;
    try {
        const repository = await describeRepository(ecr, reference.repository);
        return repository.repositoryUri === (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .repositoryUriOf */ .mM)(reference) ? repository.registryId : undefined;
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__.debug(`${reference.host}/${reference.repository} is not an ECR repository of this account and region: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
        return undefined;
    }
}
// ---------------------------------------------------------------------------------------------------
// Errors
/** The same failure, worded for someone who set `image` rather than `repository`. */
function explainForImageInput(error, reference, input) {
    if (error instanceof RepositoryNotFoundError) {
        const where = `${error.account === undefined ? 'this account' : `account ${error.account}`} region ${error.region}`;
        return (0,_report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__/* .withFailureCause */ .ms)(new Error(`The image ${reference} does not exist: there is no ECR repository "${error.repository}" in ${where}. Check the \`${input}\` input.`), 'image-missing');
    }
    if (error instanceof EcrRequestError && error.awsErrorName.startsWith('AccessDenied')) {
        error.message += ' Or give the image as …@sha256:<digest>, which needs no lookup.';
    }
    return error;
}
async function call(ecr, operation, resource, send, repository) {
    try {
        return await send();
    }
    catch (error) {
        if (repository !== undefined && (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorName */ .Is)(error) === 'RepositoryNotFoundException') {
            throw new RepositoryNotFoundError(repository, accountInMessage((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)), await regionOf(ecr));
        }
        throw new EcrRequestError(operation, resource, error, ecrFailureAdvice(operation, error));
    }
}
/** What to do about a failed ECR call, as a sentence; empty when the service's own message says enough. */
function ecrFailureAdvice(operation, error) {
    switch ((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorName */ .Is)(error)) {
        case 'AccessDeniedException':
        case 'AccessDenied': {
            const action = (0,_shared_aws_request_error_js__WEBPACK_IMPORTED_MODULE_5__/* .refusedAction */ .ff)(error) ?? `ecr:${operation}`;
            return action.toLowerCase() === 'ecr:getauthorizationtoken'
                ? 'The role needs ecr:GetAuthorizationToken on Resource "*" (it cannot be scoped to a repository).'
                : `The role needs ${action} on the repository.`;
        }
        default:
            return (0,_shared_aws_request_error_js__WEBPACK_IMPORTED_MODULE_5__/* .rejectedCredentialsAdvice */ .DQ)(error) ?? '';
    }
}
function accountInMessage(message) {
    return /registry with id '(\d{12})'/.exec(message)?.[1];
}
async function regionOf(ecr) {
    try {
        return await ecr.config.region();
    }
    catch {
        return 'the configured region';
    }
}


/***/ }),

/***/ 4093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J$: () => (/* binding */ buildxProbeArguments),
/* harmony export */   Mp: () => (/* binding */ AUTH_FILE_NAME),
/* harmony export */   T8: () => (/* binding */ pushArguments),
/* harmony export */   TH: () => (/* binding */ logoutArguments),
/* harmony export */   V3: () => (/* binding */ probeArguments),
/* harmony export */   fb: () => (/* binding */ buildArguments),
/* harmony export */   kj: () => (/* binding */ manifestRemoveArguments),
/* harmony export */   mR: () => (/* binding */ loginArguments),
/* harmony export */   o9: () => (/* binding */ digestFromPushOutput),
/* harmony export */   sx: () => (/* binding */ manifestPushArguments)
/* harmony export */ });
/* unused harmony export authFile */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _build_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1341);
/* harmony import */ var _cache_args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1189);
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
    if (build.platforms.length > 0)
        argv.push('--platform', build.platforms.join(','));
    const index = build.platforms.length > 1;
    // podman builds several platforms with --no-cache (below), so a layer cache would be neither read nor written.
    if (options.cache !== undefined && !(index && engine === 'podman'))
        argv.push(...(0,_cache_args_js__WEBPACK_IMPORTED_MODULE_1__/* .cacheArguments */ .p)(engine, options.cache));
    argv.push(...(0,_build_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .secretArguments */ .t)(engine, options.secrets ?? []));
    for (const [key, value] of options.labels)
        argv.push('--label', `${key}=${value}`);
    if (index && engine === 'podman') {
        // One platform's image is a local image; several are a local manifest list, pushed with `manifest push --all`.
        // --no-cache: podman before 5.6 reuses one platform's cached layers for the next (containers/podman#18723).
        argv.push('--manifest', options.tags[0] ?? '', '--no-cache');
    }
    else {
        for (const tag of options.tags)
            argv.push('--tag', tag);
    }
    // docker keeps no multi-platform image locally (without the containerd store): BuildKit pushes the index itself.
    if (index && engine === 'docker')
        argv.push('--push');
    if (engine === 'docker' && options.provenance === true)
        argv.push('--provenance=true');
    else if (engine === 'docker' && options.disableAttestations === true)
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
/** podman: push the manifest list `list` and every image it lists to `reference`, the digest of the index into `digestFile`. */
function manifestPushArguments(list, reference, authDirectory, digestFile) {
    return ['manifest', 'push', '--authfile', authFile(authDirectory), '--all', '--digestfile', digestFile, list, `docker://${reference}`];
}
/** podman: `build --manifest` adds to a list of that name, so one left by an earlier job on this runner goes first. */
function manifestRemoveArguments(list) {
    return ['manifest', 'rm', list];
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
    _actions_core__WEBPACK_IMPORTED_MODULE_5__.setSecret(login.password);
    const argv = (0,_engine_args_js__WEBPACK_IMPORTED_MODULE_7__/* .loginArguments */ .mR)(engine, authDirectory, login.registry, login.username);
    const result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_6__/* .getExecOutput */ .H)(engine, argv, { input: Buffer.from(login.password, 'utf8'), silent: true, ignoreReturnCode: true });
    if (result.exitCode !== 0) {
        const reason = `${result.stderr}\n${result.stdout}`.split(login.password).join('***').replace(/\s+/g, ' ').trim();
        throw (0,_report_failure_cause_js__WEBPACK_IMPORTED_MODULE_0__/* .withFailureCause */ .ms)(new Error(`${engine} login to ${login.registry} failed with exit code ${result.exitCode}${reason === '' ? '.' : `: ${reason}`}`), 'push');
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_5__.info(`Logged in to ${login.registry} with ${engine}; the credentials stay in a private directory for this step only.`);
}
/**
 * Logs out (best effort) and deletes the private directory. Safe to call twice and from the post
 * step; never throws, since a failed cleanup must not fail a deploy that already happened.
 */
async function cleanupPrivateDockerConfig(engine, directory, registry) {
    if (directory === '')
        return;
    if (!node_path__WEBPACK_IMPORTED_MODULE_4___default().basename(directory).startsWith(PRIVATE_CONFIG_PREFIX)) {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__.warning(`Not deleting ${directory}: it is not a registry config directory this action created.`);
        return;
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(directory))
        return;
    for (const each of (typeof registry === 'string' ? [registry] : registry).filter((host) => host !== '')) {
        try {
            await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_6__/* .getExecOutput */ .H)(engine, (0,_engine_args_js__WEBPACK_IMPORTED_MODULE_7__/* .logoutArguments */ .TH)(engine, directory, each), { silent: true, ignoreReturnCode: true });
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_5__.debug(`${engine} logout from ${each} did not run: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(directory, { recursive: true, force: true });
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_5__.warning(`Could not delete the registry config directory ${directory}: ${error instanceof Error ? error.message : String(error)}`);
    }
}


/***/ }),

/***/ 67:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DQ: () => (/* binding */ rejectedCredentialsAdvice),
/* harmony export */   ff: () => (/* binding */ refusedAction),
/* harmony export */   nA: () => (/* binding */ AwsRequestError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6001);
// A failed ECR or ECS call, explained: the message names the operation, the resource and the fix,
// while `name` and the SDK's retry hints stay those of the SDK's error, so every classifier
// (retry, poll policy) treats it exactly like the original.

class AwsRequestError extends Error {
    operation;
    resource;
    cause;
    /** The SDK error's name (`AccessDeniedException`, `ThrottlingException`, …), or `Error` when it had none. */
    awsErrorName;
    $metadata;
    $fault;
    $retryable;
    code;
    constructor(service, operation, resource, cause, advice) {
        const awsErrorName = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(cause) || 'Error';
        const detail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(cause);
        const sentence = advice === '' ? detail : (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .asSentence */ .KG)(detail);
        super(`${awsErrorName} from ${service} ${operation} for ${resource}: ${sentence}${advice === '' ? '' : ` ${advice}`}`);
        this.operation = operation;
        this.resource = resource;
        this.cause = cause;
        this.awsErrorName = awsErrorName;
        this.name = awsErrorName;
        this.$metadata = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(cause, '$metadata');
        this.$fault = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(cause, '$fault');
        this.$retryable = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(cause, '$retryable');
        this.code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(cause, 'code');
    }
}
/** The action IAM refused, from an access error's `... not authorized to perform: ecs:UpdateService on ...`. */
function refusedAction(error) {
    return /perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/i.exec((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error))?.[1];
}
/** The advice for credentials the service rejected, or undefined for any other failure. */
function rejectedCredentialsAdvice(error) {
    switch ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(error)) {
        case 'ExpiredTokenException':
        case 'UnrecognizedClientException':
        case 'InvalidSignatureException':
            return 'The AWS credentials were rejected or expired; check the role and its session duration.';
        default:
            return undefined;
    }
}


/***/ })

};
