export const id = 586;
export const ids = [586];
export const modules = {

/***/ 6586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   appSpecFor: () => (/* binding */ appSpecFor),
/* harmony export */   startCodeDeployDeployment: () => (/* binding */ startCodeDeployDeployment)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7507);
/* harmony import */ var _shared_constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5444);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6001);
/* harmony import */ var _appspec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5346);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4290);
/* harmony import */ var _start_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4461);
// Starts the CodeDeploy deployment of a CODE_DEPLOY service: which application and deployment group (the
// inputs, or the ECS console's names when both exist), checked to deploy this service, then CreateDeployment
// with the AppSpec carrying the new revision.






// As awsErrorCode gives them, without the SDK's `Exception` suffix.
const MISSING = new Set(['ApplicationDoesNotExist', 'DeploymentGroupDoesNotExist']);
/** The AppSpec of the inputs, else one from the service's load balancer; an error saying which input is needed when it has none. */
function appSpecFor(request) {
    if (request.config.appspec !== undefined)
        return request.config.appspec.document;
    const balancer = request.controller.loadBalancer;
    if (balancer === undefined)
        throw new _start_error_js__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployStartError */ .F('refused', `${request.service} uses the CODE_DEPLOY deployment controller but has no load balancer with a container name and port to generate an AppSpec from: give \`${_shared_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.codedeployAppspec}\`.`);
    return (0,_appspec_js__WEBPACK_IMPORTED_MODULE_3__/* .defaultAppSpec */ .Us)(balancer.containerName, balancer.containerPort);
}
/** The deployment group, checked to exist and to deploy this service; an error naming the inputs that fix it. */
async function checkedNames(client, request) {
    const names = (0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .codeDeployNames */ .z)(request.config, request.cluster, request.service);
    const where = `CodeDeploy application "${names.application}" with deployment group "${names.deploymentGroup}"`;
    let group;
    try {
        group = (await client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_5__/* .GetDeploymentGroupCommand */ .WOp({ applicationName: names.application, deploymentGroupName: names.deploymentGroup }))).deploymentGroupInfo;
    }
    catch (error) {
        if (!MISSING.has((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorCode */ .J6)(error)))
            throw new _start_error_js__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployStartError */ .F('codedeploy:GetDeploymentGroup', `${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeAwsError */ .Pp)(error)} (${where})`, { cause: error });
        throw new _start_error_js__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployStartError */ .F('codedeploy:GetDeploymentGroup', names.byConvention
            ? `${request.service} uses the CODE_DEPLOY deployment controller and there is no ${where} (the names the ECS console gives, ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}): give \`${_shared_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.codedeployApplication}\` and \`${_shared_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.codedeployDeploymentGroup}\`.`
            : `There is no ${where} (${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}): check \`${_shared_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.codedeployApplication}\` and \`${_shared_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.codedeployDeploymentGroup}\` and that aws-region is where they live.`, { cause: error });
    }
    const deploys = group?.ecsServices ?? [];
    const ours = deploys.some((target) => (0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .nameOf */ .V)(target.serviceName ?? '') === (0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .nameOf */ .V)(request.service) && (0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .nameOf */ .V)(target.clusterName ?? '') === (0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .nameOf */ .V)(request.cluster));
    if (deploys.length > 0 && !ours) {
        const listed = deploys.map((target) => `${target.clusterName ?? '?'}/${target.serviceName ?? '?'}`).join(', ');
        throw new _start_error_js__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployStartError */ .F('refused', `The ${where} deploys ${listed}, not ${(0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .nameOf */ .V)(request.cluster)}/${(0,_names_js__WEBPACK_IMPORTED_MODULE_4__/* .nameOf */ .V)(request.service)}: check \`${_shared_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.codedeployDeploymentGroup}\`.`);
    }
    return names;
}
async function startCodeDeployDeployment(client, request) {
    const appspec = appSpecFor(request);
    const names = await checkedNames(client, request);
    const where = `CodeDeploy application "${names.application}" with deployment group "${names.deploymentGroup}"`;
    let created;
    try {
        created = await client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_5__/* .CreateDeploymentCommand */ .ttP({
            applicationName: names.application,
            deploymentGroupName: names.deploymentGroup,
            ...(request.config.deploymentConfig === undefined ? {} : { deploymentConfigName: request.config.deploymentConfig }),
            revision: { revisionType: 'AppSpecContent', appSpecContent: { content: (0,_appspec_js__WEBPACK_IMPORTED_MODULE_3__/* .appSpecContent */ .uo)(appspec, request.taskDefinitionArn) } },
            description: `oidc-ecs-deploy: ${request.taskDefinitionArn}`,
        }));
    }
    catch (error) {
        throw new _start_error_js__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployStartError */ .F('codedeploy:CreateDeployment', `${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeAwsError */ .Pp)(error)} (${where})`, { cause: error });
    }
    if (created.deploymentId === undefined)
        throw new _start_error_js__WEBPACK_IMPORTED_MODULE_2__/* .CodeDeployStartError */ .F('codedeploy:CreateDeployment', `CodeDeploy answered without a deployment id (${where}).`);
    return { ...names, deploymentId: created.deploymentId };
}


/***/ })

};
