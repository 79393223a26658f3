// The `codedeploy-*` inputs, read through readInputs as the action reads them.
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { InputError, readInputs, type InputName, type InputSources } from '../../../src/inputs/read-inputs.js';

const MINIMAL: Partial<Record<InputName, string>> = {
  'aws-region': 'us-east-1',
  'role-to-assume': 'arn:aws:iam::123456789012:role/my-deploy-role',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:1.2.3',
  service: 'my-service',
};

const APPSPEC_YAML = [
  'version: 0.0',
  'Resources:',
  '  - TargetService:',
  '      Type: AWS::ECS::Service',
  '      Properties:',
  '        TaskDefinition: <TASK_DEFINITION>',
  '        LoadBalancerInfo:',
  '          ContainerName: app',
  '          ContainerPort: 8080',
  'Hooks:',
  '  - AfterAllowTraffic: arn:aws:lambda:us-east-1:123456789012:function:smoke-test',
].join('\n');

function sources(inputs: Partial<Record<InputName, string>>, files: Record<string, string> = {}): InputSources {
  return {
    getInput: (name) => inputs[name] ?? '',
    env: { GITHUB_WORKSPACE: '/w' },
    isFile: (file) => file in files,
    isDirectory: () => true,
    readFile: (file) => files[file] ?? '',
    // As src/run/main.ts hands it: only when the input is given.
    ...(inputs['codedeploy-appspec'] ? { parseYaml: (text: string): unknown => parse(text) as unknown } : {}),
  };
}

const read = (inputs: Partial<Record<InputName, string>>, files: Record<string, string> = {}) =>
  readInputs(sources({ ...MINIMAL, ...inputs }, files)).config.codeDeploy;

function messageOf(inputs: Partial<Record<InputName, string>>, files: Record<string, string> = {}): string {
  try {
    read(inputs, files);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('readInputs accepted the inputs');
}

describe('readInputs reads the codedeploy-* inputs', () => {
  test('none given: every field undefined (the console’s names, the group’s config, a generated AppSpec)', () => {
    expect(read({})).toEqual({ application: undefined, deploymentGroup: undefined, deploymentConfig: undefined, appspec: undefined });
  });

  test('every input given: the names, and the AppSpec file parsed with its container, port and hooks', () => {
    const config = read(
      {
        'codedeploy-application': 'my-app',
        'codedeploy-deployment-group': 'my-app-blue-green',
        'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
        'codedeploy-appspec': 'deploy/appspec.yaml',
      },
      { '/w/deploy/appspec.yaml': APPSPEC_YAML },
    );
    expect(config).toMatchObject({
      application: 'my-app',
      deploymentGroup: 'my-app-blue-green',
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      appspec: {
        file: '/w/deploy/appspec.yaml',
        document: { resourceName: 'TargetService', containerName: 'app', containerPort: 8080, hooks: ['AfterAllowTraffic'] },
      },
    });
  });

  test.each<[string, Partial<Record<InputName, string>>, Record<string, string>, string]>([
    [
      'an application without its group',
      { 'codedeploy-application': 'my-app' },
      {},
      'Input `codedeploy-deployment-group` is empty; expected the CodeDeploy deployment group that goes with `codedeploy-application` (give both, or neither to use the names the ECS console gives).',
    ],
    [
      'a group without its application',
      { 'codedeploy-deployment-group': 'my-app-blue-green' },
      {},
      'Input `codedeploy-application` is empty; expected the CodeDeploy application that goes with `codedeploy-deployment-group` (give both, or neither to use the names the ECS console gives).',
    ],
    [
      'a name with a space',
      { 'codedeploy-deployment-config': 'ECS All At Once' },
      {},
      'Input `codedeploy-deployment-config` was "ECS All At Once"; expected a CodeDeploy name of 1 to 100 characters without spaces or slashes, such as `CodeDeployDefault.ECSAllAtOnce`.',
    ],
    [
      'an AppSpec file that does not exist',
      { 'codedeploy-appspec': 'appspec.yaml' },
      {},
      'Input `codedeploy-appspec` was "appspec.yaml"; expected the path of a file that exists (looked for /w/appspec.yaml).',
    ],
    [
      'an AppSpec without LoadBalancerInfo',
      { 'codedeploy-appspec': 'appspec.json' },
      {
        '/w/appspec.json':
          '{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"x"}}}]}',
      },
      'Input `codedeploy-appspec` was "appspec.json"; expected an AppSpec for ECS (YAML or JSON) whose first resource is an `AWS::ECS::Service` with `LoadBalancerInfo`; this file is resource `TargetService` has no `Properties.LoadBalancerInfo.ContainerName`.',
    ],
    [
      'an AppSpec for Lambda',
      { 'codedeploy-appspec': 'appspec.yaml' },
      { '/w/appspec.yaml': 'version: 0.0\nResources:\n  - myFunction:\n      Type: AWS::Lambda::Function\n' },
      'Input `codedeploy-appspec` was "appspec.yaml"; expected an AppSpec for ECS (YAML or JSON) whose first resource is an `AWS::ECS::Service` with `LoadBalancerInfo`; this file is resource `myFunction` is not of Type `AWS::ECS::Service`.',
    ],
  ])('%s fails naming the input, the value and the form expected', (_name, inputs, files, message) => {
    expect(messageOf(inputs, files)).toBe(message);
  });

  test('a caller that gives an AppSpec file but no YAML parser is our mistake, said before anything is read from AWS', () => {
    const { parseYaml: _loaded, ...withoutParser } = sources(
      { ...MINIMAL, 'codedeploy-appspec': 'appspec.yaml' },
      { '/w/appspec.yaml': APPSPEC_YAML },
    );
    expect(() => readInputs(withoutParser)).toThrow('`codedeploy-appspec` is given, but the YAML parser to read it was not loaded.');
  });
});
