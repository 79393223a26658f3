// The build secrets' I/O: every value masked before the engine runs, and each inline value written to a
// file of mode 0600 in the step's private directory (0700, removed by the post step too), deleted as
// soon as the build ends, failed or not.
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import type { BuildSecret } from '../inputs/config.js';
import { stagedSecrets, type StagedSecret } from './build-secrets.js';

const MASKED_FILE_BYTES = 64 * 1024;

export interface SecretFiles {
  readonly secrets: readonly StagedSecret[];
  /** Deletes the files written for inline values; safe to call twice. */
  remove(): Promise<void>;
}

export async function writeSecretFiles(
  secrets: readonly BuildSecret[],
  privateDirectory: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SecretFiles> {
  await maskValues(secrets, env);
  const run = randomUUID();
  const staged = stagedSecrets(secrets, (index) => path.join(privateDirectory, `build-secret-${run}-${index}`));
  const written: string[] = [];
  const remove = async (): Promise<void> => {
    await Promise.all(written.map((file) => rm(file, { force: true })));
  };
  try {
    for (const [index, secret] of secrets.entries()) {
      const target = staged[index];
      if (secret.source.kind !== 'value' || target === undefined || !('file' in target)) continue;
      written.push(target.file);
      await writeFile(target.file, secret.source.value, { mode: 0o600, flag: 'wx' });
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { secrets: staged, remove };
}

/** The runner masks each line of a multi-line secret only when each line is registered. */
async function maskValues(secrets: readonly BuildSecret[], env: NodeJS.ProcessEnv): Promise<void> {
  for (const secret of secrets) {
    const { source } = secret;
    let value: string | undefined;
    if (source.kind === 'value') value = source.value;
    else if (source.kind === 'env') value = env[source.name];
    else value = (await readFile(source.path)).subarray(0, MASKED_FILE_BYTES).toString('utf8');
    if (value === undefined) continue;
    const parts = [value.trim(), ...value.split('\n').map((line) => line.trim())];
    for (const part of new Set(parts)) if (part !== '') core.setSecret(part);
  }
}
