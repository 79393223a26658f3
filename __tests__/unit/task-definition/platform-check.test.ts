import { describe, expect, test } from '@jest/globals';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { platformRefusal } from '../../../src/task-definition/platform-check.js';
import type { RenderedDefinition } from '../../../src/task-definition/plan.js';

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app@sha256:${'a'.repeat(64)}`;

function render(origin: string, input: Partial<RegisterTaskDefinitionCommandInput>): RenderedDefinition {
  return {
    origin,
    before: {},
    input: { family: 'my-app', containerDefinitions: [{ name: 'app', image: IMAGE }], ...input },
    containerNames: ['app'],
  };
}

describe('platformRefusal', () => {
  const arm = render('arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:4', {
    family: 'my-app-arm',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  });
  const fargate = render('arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:3', { requiresCompatibilities: ['FARGATE'] });

  test('names the definition, its architecture and the image platforms when one of them cannot run the image', () => {
    expect(platformRefusal([fargate, arm], { uri: IMAGE, platforms: ['linux/amd64'] })).toBe(
      `The task definition my-app-arm (from arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:4) cannot run ${IMAGE}: its runtimePlatform.cpuArchitecture ARM64 and operatingSystemFamily LINUX needs linux/arm64, but the image holds linux/amd64 only. Build for the platform it needs (\`platform\`, several comma separated), or change its runtimePlatform; nothing was registered.`,
    );
  });

  test.each([
    ['an index of both platforms', ['linux/amd64', 'linux/arm64']],
    ['platforms not known (a single image reused)', undefined],
  ])('nothing to refuse: %s', (_name, platforms) => {
    expect(platformRefusal([fargate, arm], { uri: IMAGE, ...(platforms ? { platforms } : {}) })).toBeUndefined();
  });
});
