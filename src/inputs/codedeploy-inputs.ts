// The `codedeploy-*` inputs, for services with the CODE_DEPLOY deployment controller. The AppSpec file is
// read and checked here, with the other inputs, so a broken one fails before any network call. Pure given
// the input sources.
import type { CodeDeployConfig } from './config.js';
import { Input } from '../shared/constants.js';
import { InputError, optional, type InputName, type ReadInput } from './field-readers.js';
import { optionalFile, type InputSources } from './input-sources.js';
import { AppSpecError, parseAppSpec } from '../codedeploy/appspec.js';

/** CodeDeploy's application, deployment group and deployment configuration names: 1 to 100 characters. */
const CODEDEPLOY_NAME = /^[^\s/]{1,100}$/;

function codeDeployName(read: ReadInput, name: InputName, example: string): string | undefined {
  const value = optional(read(name));
  if (value !== undefined && !CODEDEPLOY_NAME.test(value))
    throw new InputError(name, value, `a CodeDeploy name of 1 to 100 characters without spaces or slashes, such as \`${example}\``);
  return value;
}

export function readCodeDeploy(read: ReadInput, sources: InputSources, workspace: string): CodeDeployConfig {
  const application = codeDeployName(read, Input.codedeployApplication, 'AppECS-my-cluster-my-app');
  const deploymentGroup = codeDeployName(read, Input.codedeployDeploymentGroup, 'DgpECS-my-cluster-my-app');
  // One without the other names half a target: the convention's default for the other half would be a guess.
  if ((application === undefined) !== (deploymentGroup === undefined)) {
    const [given, missing] =
      application === undefined
        ? [Input.codedeployDeploymentGroup, Input.codedeployApplication]
        : [Input.codedeployApplication, Input.codedeployDeploymentGroup];
    throw new InputError(
      missing,
      '',
      `the CodeDeploy ${missing === Input.codedeployApplication ? 'application' : 'deployment group'} that goes with \`${given}\` (give both, or neither to use the names the ECS console gives)`,
    );
  }
  const deploymentConfig = codeDeployName(read, Input.codedeployDeploymentConfig, 'CodeDeployDefault.ECSAllAtOnce');
  const file = optionalFile(read, Input.codedeployAppspec, sources, workspace);
  let appspec: CodeDeployConfig['appspec'];
  if (file !== undefined) {
    const parseYaml = sources.parseYaml;
    if (parseYaml === undefined) throw new Error(`\`${Input.codedeployAppspec}\` is given, but the YAML parser to read it was not loaded.`);
    try {
      appspec = { file, document: parseAppSpec(sources.readFile(file), parseYaml) };
    } catch (error) {
      if (!(error instanceof AppSpecError)) throw error;
      throw new InputError(
        Input.codedeployAppspec,
        read(Input.codedeployAppspec),
        `an AppSpec for ECS (YAML or JSON) whose first resource is an \`AWS::ECS::Service\` with \`LoadBalancerInfo\`; this file is ${error.message}`,
      );
    }
  }
  return { application, deploymentGroup, deploymentConfig, appspec };
}
