// Running the container engine: which one answers, build, push. Argument vectors come from
// engine-args.ts; this module only runs them and turns failures into sentences.
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { exec, getExecOutput } from '@actions/exec';
import type { ContainerEngineName } from '../inputs/config.js';
import { withFailureCause } from '../report/failure-cause.js';
import { Input } from '../shared/constants.js';
import {
  buildxProbeArguments,
  digestFromPushOutput,
  manifestPushArguments,
  manifestRemoveArguments,
  probeArguments,
  pushArguments,
} from './engine-args.js';

export { buildArguments, type BuildArgumentOptions } from './engine-args.js';

const TAIL_LINES = 5;

interface Answer {
  readonly ok: boolean;
  /** Why not, in the engine's words (its first line of stderr), when it did not answer. */
  readonly detail: string;
}

/**
 * The engine to build with. With a preference, only that one, and it must answer. Without, docker
 * when its daemon answers (a docker CLI with no daemon behind it cannot build), else podman.
 */
export async function detectEngine(preferred?: ContainerEngineName): Promise<ContainerEngineName> {
  if (preferred !== undefined) {
    const answer = await probe(preferred, probeArguments(preferred, 'preferred'));
    if (answer.ok) return preferred;
    const other: ContainerEngineName = preferred === 'docker' ? 'podman' : 'docker';
    throw withFailureCause(
      new Error(
        `\`${Input.containerEngine}\` is ${preferred}, but ${preferred} does not answer (${answer.detail}): it is not installed or not running. Start it, or set \`${Input.containerEngine}\` to ${other} or leave it empty.`,
      ),
      'engine-missing',
    );
  }
  const docker = await probe('docker', probeArguments('docker', 'automatic'));
  if (docker.ok) return 'docker';
  const podman = await probe('podman', probeArguments('podman', 'automatic'));
  if (podman.ok) {
    core.info(`docker does not answer (${docker.detail}); building with podman.`);
    return 'podman';
  }
  throw withFailureCause(
    new Error(
      `Neither docker (${docker.detail}) nor podman (${podman.detail}) can build here: install or start one of them, or set \`${Input.image}\` to deploy an existing image.`,
    ),
    'engine-missing',
  );
}

/**
 * Whether docker builds with BuildKit, which alone knows (and needs) `--provenance=false`. Checked
 * through the private config the build uses, since docker looks up CLI plugins relative to it.
 */
export async function supportsAttestationFlags(
  engine: ContainerEngineName,
  authDirectory: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  if (engine !== 'docker' || env['DOCKER_BUILDKIT'] === '0') return false;
  return (await probe('docker', buildxProbeArguments(authDirectory))).ok;
}

/** Runs `engine argv` with its output streamed into the log. */
export async function buildImage(engine: ContainerEngineName, argv: readonly string[]): Promise<void> {
  const tail = lastLines();
  const exitCode = await exec(engine, [...argv], { ignoreReturnCode: true, listeners: { stdline: tail.add, errline: tail.add } });
  if (exitCode !== 0) throw withFailureCause(new Error(`${engine} build failed with exit code ${exitCode}${tail.describe()}`), 'build');
}

/**
 * Pushes one reference and returns the digest the engine reports, when it reports one. The caller
 * should still trust ECR's own answer (DescribeImages) over this. `fromList` (podman): the local
 * manifest list to push, with every image it lists, as the index `reference` names.
 */
export async function pushImage(
  engine: ContainerEngineName,
  reference: string,
  authDirectory: string,
  fromList?: string,
): Promise<string | undefined> {
  const digestFile = engine === 'podman' ? path.join(authDirectory, `pushed-${randomUUID()}.digest`) : undefined;
  const argv =
    fromList !== undefined && digestFile !== undefined
      ? manifestPushArguments(fromList, reference, authDirectory, digestFile)
      : pushArguments(engine, reference, authDirectory, digestFile);
  const tail = lastLines();
  try {
    const result = await getExecOutput(engine, argv, {
      ignoreReturnCode: true,
      listeners: { errline: tail.add },
    });
    if (result.exitCode !== 0) {
      const advice = pushAdvice(`${result.stderr}\n${result.stdout}`);
      throw withFailureCause(
        new Error(
          `${engine} push of ${reference} failed with exit code ${result.exitCode}${tail.describe()}${advice === '' ? '' : ` ${advice}`}`,
        ),
        'push',
      );
    }
    if (digestFile === undefined) return digestFromPushOutput(result.stdout);
    return (await readFile(digestFile, 'utf8').catch(() => '')).trim() || undefined;
  } finally {
    if (digestFile !== undefined) await rm(digestFile, { force: true });
  }
}

/** podman: removes a local manifest list of that name, if there is one (a build would add to it). */
export async function removeManifestList(list: string): Promise<void> {
  await getExecOutput('podman', manifestRemoveArguments(list), { silent: true, ignoreReturnCode: true });
}

/** What to do about a failed push, judged from the registry's words; empty when they say enough. */
export function pushAdvice(output: string): string {
  if (/already exists.*immutable|cannot be overwritten/is.test(output)) {
    return 'The tag already exists in an IMMUTABLE repository and cannot be overwritten: push a new tag, or make the repository MUTABLE.';
  }
  if (/denied|not authorized|unauthorized|\b403\b/i.test(output)) {
    return 'The role needs ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage on the repository.';
  }
  return '';
}

async function probe(engine: ContainerEngineName, argv: string[]): Promise<Answer> {
  try {
    const result = await getExecOutput(engine, argv, { silent: true, ignoreReturnCode: true });
    if (result.exitCode === 0) return { ok: true, detail: '' };
    const firstLine = `${result.stderr}\n${result.stdout}`
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim();
    return { ok: false, detail: firstLine ?? `exit code ${result.exitCode}` };
  } catch {
    // @actions/exec throws when the executable is not on PATH.
    return { ok: false, detail: 'not found on PATH' };
  }
}

/** Keeps the last few output lines so a failure message can quote the engine's reason. */
function lastLines(): { add: (line: string) => void; describe: () => string } {
  const lines: string[] = [];
  return {
    add: (line: string): void => {
      if (line.trim() === '') return;
      lines.push(line.trim());
      if (lines.length > TAIL_LINES) lines.shift();
    },
    describe: (): string => (lines.length === 0 ? '.' : `: ${lines.join(' / ')}`),
  };
}
