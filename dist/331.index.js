export const id = 331;
export const ids = [331];
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


/***/ })

};
