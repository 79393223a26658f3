import { beforeEach, describe, expect, jest, test } from '@jest/globals';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const cleanupPrivateDockerConfig = jest.fn<(engine: string, directory: string, registry: string) => Promise<void>>();
jest.unstable_mockModule('../../../src/image/registry-login.js', () => ({ cleanupPrivateDockerConfig }));
const core = await import('../../../__fixtures__/core.js');
const { cleanup } = await import('../../../src/run/post-step.js');

const DIRECTORY = '/home/runner/work/_temp/oidc-ecs-deploy-a1b2c3';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function savedState(state: Record<string, string>): void {
  core.getState.mockImplementation((name) => state[name] ?? '');
}

describe('cleanup', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    cleanupPrivateDockerConfig.mockResolvedValue();
  });

  test.each([
    ['podman', 'podman'],
    ['docker', 'docker'],
    ['', 'docker'],
  ])('removes the private docker config the main step saved (engine %j → %s)', async (saved, engine) => {
    savedState({ dockerConfigDir: DIRECTORY, containerEngine: saved, registry: REGISTRY });
    await cleanup();
    expect(cleanupPrivateDockerConfig.mock.calls).toEqual([[engine, DIRECTORY, REGISTRY]]);
  });

  test('does nothing when the main step saved no private docker config', async () => {
    savedState({ containerEngine: 'docker', registry: REGISTRY });
    await cleanup();
    expect(cleanupPrivateDockerConfig).not.toHaveBeenCalled();
  });
});
