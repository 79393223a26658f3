// Argument vectors for docker and podman, built from typed values only (never a shell string), so
// a value with spaces, quotes or a second `=` reaches the engine whole. No password ever appears
// here: logins read it from stdin.
//
// The registry credentials live in a private directory per step. docker takes it as the global
// `--config DIR` flag (before the subcommand); podman takes the file as `--authfile DIR/config.json`.
import path from 'node:path';
import type { BuildConfig, ContainerEngineName } from '../inputs/config.js';
import { secretArguments, type StagedSecret } from './build-secrets.js';
import { cacheArguments, type CacheLocation } from './cache-args.js';

export interface BuildArgumentOptions {
  /** Full references (`host/repository:tag`) the image is tagged with; the first is the one deployed. */
  readonly tags: readonly string[];
  /** OCI labels first, then the user's; later keys override earlier ones in the engine. */
  readonly labels: readonly (readonly [string, string])[];
  readonly authDirectory: string;
  /**
   * docker only: BuildKit answers, so `--provenance=false --sbom=false` keep ECR from storing an index
   * with `unknown/unknown` attestation entries. The legacy builder rejects these flags.
   */
  readonly disableAttestations?: boolean;
  /** The registry layer cache the build reads and writes (`cache-repository`). */
  readonly cache?: CacheLocation;
  /** `build-secrets`, each as a file or a variable of the engine's environment; never a value. */
  readonly secrets?: readonly StagedSecret[];
  /** docker with BuildKit only: the `provenance` input asks for attestations (`--provenance=true`). */
  readonly provenance?: boolean;
}

export const AUTH_FILE_NAME = 'config.json';

export function authFile(authDirectory: string): string {
  return path.join(authDirectory, AUTH_FILE_NAME);
}

/** `docker --config DIR <subcommand>` or `podman <subcommand> --authfile DIR/config.json`. */
function withAuth(engine: ContainerEngineName, authDirectory: string, subcommand: string): string[] {
  return engine === 'docker' ? ['--config', authDirectory, subcommand] : [subcommand, '--authfile', authFile(authDirectory)];
}

export function buildArguments(engine: ContainerEngineName, build: BuildConfig, options: BuildArgumentOptions): string[] {
  if (options.tags.length === 0) throw new Error('An image build needs at least one tag to push.');
  const argv = withAuth(engine, options.authDirectory, 'build');
  // read-inputs.ts already made the path absolute (from the workspace); engines would read a relative one from the cwd.
  if (build.dockerfile !== undefined) argv.push('--file', build.dockerfile);
  for (const [name, value] of build.buildArgs) argv.push('--build-arg', `${name}=${value}`);
  if (build.target !== undefined) argv.push('--target', build.target);
  if (build.platforms.length > 0) argv.push('--platform', build.platforms.join(','));
  const index = build.platforms.length > 1;
  // podman builds several platforms with --no-cache (below), so a layer cache would be neither read nor written.
  if (options.cache !== undefined && !(index && engine === 'podman')) argv.push(...cacheArguments(engine, options.cache));
  argv.push(...secretArguments(engine, options.secrets ?? []));
  for (const [key, value] of options.labels) argv.push('--label', `${key}=${value}`);
  if (index && engine === 'podman') {
    // One platform's image is a local image; several are a local manifest list, pushed with `manifest push --all`.
    // --no-cache: podman before 5.6 reuses one platform's cached layers for the next (containers/podman#18723).
    argv.push('--manifest', options.tags[0] ?? '', '--no-cache');
  } else {
    for (const tag of options.tags) argv.push('--tag', tag);
  }
  // docker keeps no multi-platform image locally (without the containerd store): BuildKit pushes the index itself.
  if (index && engine === 'docker') argv.push('--push');
  if (engine === 'docker' && options.provenance === true) argv.push('--provenance=true');
  else if (engine === 'docker' && options.disableAttestations === true) argv.push('--provenance=false', '--sbom=false');
  argv.push(build.context);
  return argv;
}

/** `digestFile` (podman only) receives the digest of the manifest the registry stored. */
export function pushArguments(engine: ContainerEngineName, reference: string, authDirectory: string, digestFile?: string): string[] {
  const argv = withAuth(engine, authDirectory, 'push');
  if (engine === 'podman' && digestFile !== undefined) argv.push('--digestfile', digestFile);
  argv.push(reference);
  return argv;
}

/** podman: push the manifest list `list` and every image it lists to `reference`, the digest of the index into `digestFile`. */
export function manifestPushArguments(list: string, reference: string, authDirectory: string, digestFile: string): string[] {
  return ['manifest', 'push', '--authfile', authFile(authDirectory), '--all', '--digestfile', digestFile, list, `docker://${reference}`];
}

/** podman: `build --manifest` adds to a list of that name, so one left by an earlier job on this runner goes first. */
export function manifestRemoveArguments(list: string): string[] {
  return ['manifest', 'rm', list];
}

export function loginArguments(engine: ContainerEngineName, authDirectory: string, registry: string, username: string): string[] {
  return [...withAuth(engine, authDirectory, 'login'), '--username', username, '--password-stdin', registry];
}

export function logoutArguments(engine: ContainerEngineName, authDirectory: string, registry: string): string[] {
  return [...withAuth(engine, authDirectory, 'logout'), registry];
}

/** Exits 0 only when the engine can build: for docker the daemon must answer, not just the CLI. */
export function probeArguments(engine: ContainerEngineName, purpose: 'preferred' | 'automatic'): string[] {
  if (engine === 'podman') return ['version', '--format', '{{.Client.Version}}'];
  return purpose === 'preferred' ? ['version', '--format', '{{.Server.Version}}'] : ['info', '--format', '{{.ServerVersion}}'];
}

/** Exits 0 when `docker build` runs on BuildKit (buildx), seen through the same private config as the build. */
export function buildxProbeArguments(authDirectory: string): string[] {
  return ['--config', authDirectory, 'buildx', 'version'];
}

/** The digest in docker push's last line: `TAG: digest: sha256:… size: N`. */
export function digestFromPushOutput(output: string): string | undefined {
  const matches = [...output.matchAll(/digest: (sha256:[a-f0-9]{64})/g)];
  return matches.at(-1)?.[1];
}
