// The post step: the main step removes its private docker config itself, but if it died first
// (cancelled, timed out, crashed) the directory would stay on a self-hosted runner. This removes it.
import * as core from '@actions/core';
import { State } from '../shared/constants.js';
import { cleanupPrivateDockerConfig } from '../image/registry-login.js';
import type { ContainerEngineName } from '../inputs/config.js';

export async function cleanup(): Promise<void> {
  const directory = core.getState(State.dockerConfigDir);
  if (!directory) return;
  const engine = core.getState(State.containerEngine) === 'podman' ? 'podman' : ('docker' satisfies ContainerEngineName);
  await cleanupPrivateDockerConfig(engine, directory, core.getState(State.registry));
}
