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
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3360);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2876);
/* harmony import */ var _engine_args_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4093);
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
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(runnerTemp, { recursive: true });
    const directory = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(runnerTemp, PRIVATE_CONFIG_PREFIX));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(directory, 0o700);
    const configured = env['DOCKER_CONFIG'];
    const userConfig = configured !== undefined && configured !== '' ? configured : node_path__WEBPACK_IMPORTED_MODULE_3___default().join(node_os__WEBPACK_IMPORTED_MODULE_2___default().homedir(), '.docker');
    const pluginDirectory = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(userConfig, 'cli-plugins');
    const config = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(pluginDirectory) ? { cliPluginsExtraDirs: [pluginDirectory] } : {};
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(directory, _engine_args_js__WEBPACK_IMPORTED_MODULE_6__/* .AUTH_FILE_NAME */ .Mp), `${JSON.stringify(config)}\n`, { mode: 0o600 });
    return directory;
}
/** `login` with the password on stdin: never on the command line, never in the environment. */
async function loginToRegistry(engine, authDirectory, login) {
    // Masked again here so no caller can reach the subprocess with an unmasked password.
    _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .setSecret */ .Pq(login.password);
    const argv = (0,_engine_args_js__WEBPACK_IMPORTED_MODULE_6__/* .loginArguments */ .mR)(engine, authDirectory, login.registry, login.username);
    const result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_5__/* .getExecOutput */ .H)(engine, argv, { input: Buffer.from(login.password, 'utf8'), silent: true, ignoreReturnCode: true });
    if (result.exitCode !== 0) {
        const reason = `${result.stderr}\n${result.stdout}`.split(login.password).join('***').replace(/\s+/g, ' ').trim();
        throw new Error(`${engine} login to ${login.registry} failed with exit code ${result.exitCode}${reason === '' ? '.' : `: ${reason}`}`);
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq(`Logged in to ${login.registry} with ${engine}; the credentials stay in a private directory for this step only.`);
}
/**
 * Logs out (best effort) and deletes the private directory. Safe to call twice and from the post
 * step; never throws, since a failed cleanup must not fail a deploy that already happened.
 */
async function cleanupPrivateDockerConfig(engine, directory, registry) {
    if (directory === '')
        return;
    if (!node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(directory).startsWith(PRIVATE_CONFIG_PREFIX)) {
        _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .warning */ .$e(`Not deleting ${directory}: it is not a registry config directory this action created.`);
        return;
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(directory))
        return;
    if (registry !== '') {
        try {
            await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_5__/* .getExecOutput */ .H)(engine, (0,_engine_args_js__WEBPACK_IMPORTED_MODULE_6__/* .logoutArguments */ .TH)(engine, directory, registry), { silent: true, ignoreReturnCode: true });
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .debug */ .Yz(`${engine} logout from ${registry} did not run: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(directory, { recursive: true, force: true });
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .warning */ .$e(`Could not delete the registry config directory ${directory}: ${error instanceof Error ? error.message : String(error)}`);
    }
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


/***/ })

};
