import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { AppSpecError, appSpecContent, defaultAppSpec, parseAppSpec } from '../../../src/codedeploy/appspec.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';

describe('appSpecContent', () => {
  test('a generated AppSpec routes the load balancer’s container and port to the new revision', () => {
    expect(JSON.parse(appSpecContent(defaultAppSpec('app', 8080), ARN))).toEqual({
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: ARN, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } },
          },
        },
      ],
    });
  });

  test('a file’s AppSpec keeps everything but the TaskDefinition, hooks and network settings included', () => {
    const document = parseAppSpec(
      JSON.stringify({
        version: 0.0,
        Resources: [
          {
            Web: {
              Type: 'AWS::ECS::Service',
              Properties: {
                TaskDefinition: '<TASK_DEFINITION>',
                LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 },
                PlatformVersion: 'LATEST',
              },
            },
          },
        ],
        Hooks: [{ BeforeAllowTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:check' }],
      }),
      parse,
    );
    expect(JSON.parse(appSpecContent(document, ARN))).toEqual({
      version: 0,
      Resources: [
        {
          Web: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: ARN, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 }, PlatformVersion: 'LATEST' },
          },
        },
      ],
      Hooks: [{ BeforeAllowTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:check' }],
    });
  });
});

describe('parseAppSpec refuses what is not an AppSpec for ECS', () => {
  test.each([
    ['not YAML', 'Resources: [', /^not YAML or JSON/],
    ['a list', '- a\n- b', /^not a mapping with `version` and `Resources`$/],
    ['no Resources', 'version: 0.0', /^`Resources` is not a list/],
    [
      'a port out of range',
      'Resources:\n  - S:\n      Type: AWS::ECS::Service\n      Properties:\n        LoadBalancerInfo:\n          ContainerName: app\n          ContainerPort: 70000',
      /^resource `S` has no `Properties.LoadBalancerInfo.ContainerPort` between 1 and 65535$/,
    ],
  ])('%s', (_name, text, message) => {
    expect(() => parseAppSpec(text, parse)).toThrow(AppSpecError);
    expect(() => parseAppSpec(text, parse)).toThrow(message);
  });
});
