// The `codedeploy-*` inputs given to a run none of whose services has the CODE_DEPLOY deployment controller:
// they have no effect, which only DescribeServices can tell (the controller is the service's, not an input),
// so this is decided once the services are described, in the words of the inputs' own no-effect warnings
// (src/inputs/input-rules.ts). Pure.
import type { CodeDeployConfig } from '../inputs/config.js';
import { Input, type InputName } from '../shared/constants.js';
import type { ServiceController } from './controller.js';

export interface UnusedInputWarning {
  readonly input: InputName;
  readonly message: string;
}

/** One warning per `codedeploy-*` input given, in action.yml's order, when no service is deployed through CodeDeploy. */
export function unusedCodeDeployInputs(
  config: CodeDeployConfig,
  targets: readonly { readonly service: string; readonly controller?: ServiceController }[],
): UnusedInputWarning[] {
  if (targets.length === 0 || targets.some((target) => target.controller?.type === 'CODE_DEPLOY')) return [];
  const given: InputName[] = [
    ...(config.application === undefined ? [] : [Input.codedeployApplication]),
    ...(config.deploymentGroup === undefined ? [] : [Input.codedeployDeploymentGroup]),
    ...(config.appspec === undefined ? [] : [Input.codedeployAppspec]),
    ...(config.deploymentConfig === undefined ? [] : [Input.codedeployDeploymentConfig]),
  ];
  const controllers = targets.map((target) => `${target.service}: ${target.controller?.type ?? 'ECS'}`).join(', ');
  const why =
    targets.length === 1
      ? `the service has no CODE_DEPLOY deployment controller (${controllers})`
      : `no service of this deploy has the CODE_DEPLOY deployment controller (${controllers})`;
  return given.map((input) => ({ input, message: `Input \`${input}\` has no effect in this run: ${why}.` }));
}
