import { expect, test } from '@jest/globals';
import { unusedCodeDeployInputs } from '../../../src/codedeploy/unused-inputs.js';
import type { CodeDeployConfig } from '../../../src/inputs/config.js';
import type { ServiceController } from '../../../src/codedeploy/controller.js';

const NONE: CodeDeployConfig = { application: undefined, deploymentGroup: undefined, deploymentConfig: undefined, appspec: undefined };
const EVERY: CodeDeployConfig = {
  application: 'my-app',
  deploymentGroup: 'my-app-bg',
  deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce',
  appspec: {
    file: '/work/appspec.yaml',
    document: { version: 0, Resources: [] } as unknown as NonNullable<CodeDeployConfig['appspec']>['document'],
  },
};
const CODE_DEPLOY: ServiceController = { type: 'CODE_DEPLOY', loadBalancer: { containerName: 'app', containerPort: 8080 } };
const ecs = (service: string) => ({ service });

test.each<[string, CodeDeployConfig, { service: string; controller?: ServiceController }[], string[]]>([
  ['no codedeploy input given: nothing to say', NONE, [ecs('my-app'), ecs('worker')], []],
  [
    'every input given and one CODE_DEPLOY service among ECS ones: all have an effect',
    EVERY,
    [ecs('api'), { service: 'web', controller: CODE_DEPLOY }],
    [],
  ],
  [
    'one ECS service: each given input named, with the service’s controller',
    { ...NONE, deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce' },
    [ecs('my-app')],
    ['Input `codedeploy-deployment-config` has no effect in this run: the service has no CODE_DEPLOY deployment controller (my-app: ECS).'],
  ],
  [
    'every input, ECS and EXTERNAL services: one warning per input in action.yml’s order, naming each controller',
    EVERY,
    [ecs('my-app'), { service: 'legacy', controller: { type: 'EXTERNAL' } }],
    [
      'Input `codedeploy-application` has no effect in this run: no service of this deploy has the CODE_DEPLOY deployment controller (my-app: ECS, legacy: EXTERNAL).',
      'Input `codedeploy-deployment-group` has no effect in this run: no service of this deploy has the CODE_DEPLOY deployment controller (my-app: ECS, legacy: EXTERNAL).',
      'Input `codedeploy-appspec` has no effect in this run: no service of this deploy has the CODE_DEPLOY deployment controller (my-app: ECS, legacy: EXTERNAL).',
      'Input `codedeploy-deployment-config` has no effect in this run: no service of this deploy has the CODE_DEPLOY deployment controller (my-app: ECS, legacy: EXTERNAL).',
    ],
  ],
])('%s', (_name, config, targets, expected) => {
  expect(unusedCodeDeployInputs(config, targets).map((warning) => warning.message)).toEqual(expected);
});

test('each warning names its input, for the annotation’s title', () => {
  expect(
    unusedCodeDeployInputs({ ...NONE, application: 'my-app', deploymentGroup: 'my-app-bg' }, [ecs('my-app')]).map(
      (warning) => warning.input,
    ),
  ).toEqual(['codedeploy-application', 'codedeploy-deployment-group']);
});
