// A registry login that belongs to this step alone: its own config directory under RUNNER_TEMP
// (never ~/.docker/config.json, which self-hosted runners share between jobs), the password on
// stdin, and a cleanup that cannot break anyone else's login.
import { withFailureCause } from '../report/failure-cause.js';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { getExecOutput } from '@actions/exec';
import type { ContainerEngineName } from '../inputs/config.js';
import { AUTH_FILE_NAME, loginArguments, logoutArguments } from './engine-args.js';
import type { RegistryLogin } from './ecr.js';

export const PRIVATE_CONFIG_PREFIX = 'oidc-ecs-deploy-';

/**
 * A new directory, mode 0700, for this step's registry credentials. Its config.json exists from the
 * start (`podman build --authfile` refuses a missing file) and lists the user's docker CLI plugin
 * directory, because docker looks for plugins (buildx) relative to `--config`.
 */
export async function createPrivateDockerConfig(runnerTemp: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  await mkdir(runnerTemp, { recursive: true });
  const directory = await mkdtemp(path.join(runnerTemp, PRIVATE_CONFIG_PREFIX));
  await chmod(directory, 0o700);
  const configured = env['DOCKER_CONFIG'];
  const userConfig = configured !== undefined && configured !== '' ? configured : path.join(os.homedir(), '.docker');
  const pluginDirectory = path.join(userConfig, 'cli-plugins');
  const config = existsSync(pluginDirectory) ? { cliPluginsExtraDirs: [pluginDirectory] } : {};
  await writeFile(path.join(directory, AUTH_FILE_NAME), `${JSON.stringify(config)}\n`, { mode: 0o600 });
  return directory;
}

/** `login` with the password on stdin: never on the command line, never in the environment. */
export async function loginToRegistry(engine: ContainerEngineName, authDirectory: string, login: RegistryLogin): Promise<void> {
  // Masked again here so no caller can reach the subprocess with an unmasked password.
  core.setSecret(login.password);
  const argv = loginArguments(engine, authDirectory, login.registry, login.username);
  const result = await getExecOutput(engine, argv, { input: Buffer.from(login.password, 'utf8'), silent: true, ignoreReturnCode: true });
  if (result.exitCode !== 0) {
    const reason = `${result.stderr}\n${result.stdout}`.split(login.password).join('***').replace(/\s+/g, ' ').trim();
    throw withFailureCause(
      new Error(`${engine} login to ${login.registry} failed with exit code ${result.exitCode}${reason === '' ? '.' : `: ${reason}`}`),
      'push',
    );
  }
  core.info(`Logged in to ${login.registry} with ${engine}; the credentials stay in a private directory for this step only.`);
}

/**
 * Logs out (best effort) and deletes the private directory. Safe to call twice and from the post
 * step; never throws, since a failed cleanup must not fail a deploy that already happened.
 */
export async function cleanupPrivateDockerConfig(
  engine: ContainerEngineName,
  directory: string,
  registry: string | readonly string[],
): Promise<void> {
  if (directory === '') return;
  if (!path.basename(directory).startsWith(PRIVATE_CONFIG_PREFIX)) {
    core.warning(`Not deleting ${directory}: it is not a registry config directory this action created.`);
    return;
  }
  if (!existsSync(directory)) return;
  for (const each of (typeof registry === 'string' ? [registry] : registry).filter((host) => host !== '')) {
    try {
      await getExecOutput(engine, logoutArguments(engine, directory, each), { silent: true, ignoreReturnCode: true });
    } catch (error) {
      core.debug(`${engine} logout from ${each} did not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  try {
    await rm(directory, { recursive: true, force: true });
  } catch (error) {
    core.warning(`Could not delete the registry config directory ${directory}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
