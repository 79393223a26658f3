// What the demo needs on the machine: the registry binary the stand-in runs and a container engine
// the action can build and push with. On Debian as root it installs what is missing (as .ci/run does);
// anywhere else it names what is missing rather than guessing at a package manager.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import * as path from 'node:path';
import { REGISTRY_BINARY } from '../registry.js';

export type Engine = 'podman' | 'docker';

export interface ToolFacts {
  /** apt-get is there to install with (Debian and its derivatives). */
  readonly debian: boolean;
  readonly root: boolean;
  readonly podman: boolean;
  readonly registry: boolean;
  readonly docker: 'answers' | 'no-daemon' | 'absent';
}

export type ToolPlan =
  | { readonly kind: 'ready'; readonly engine: Engine; readonly install: readonly string[] }
  | { readonly kind: 'missing'; readonly missing: readonly string[] };

/** Decides the engine and what to install; pure so that every machine's case can be tested here. */
export function planTools(facts: ToolFacts): ToolPlan {
  if (facts.debian && facts.root) {
    const install = [...(facts.podman ? [] : ['podman']), ...(facts.registry ? [] : ['docker-registry'])];
    return { kind: 'ready', engine: 'podman', install };
  }
  const missing: string[] = [];
  if (!facts.registry) {
    missing.push(
      `docker-registry: the CNCF distribution registry the stand-in runs, expected at ${REGISTRY_BINARY} (Debian package docker-registry)`,
    );
  }
  // The stand-in configures podman for root (vfs storage, chroot isolation); without root only docker is known to work.
  const engine: Engine | undefined = facts.podman && facts.root ? 'podman' : facts.docker === 'answers' ? 'docker' : undefined;
  if (!engine) missing.push(`a container engine: ${describeMissingEngine(facts)}`);
  return engine && missing.length === 0 ? { kind: 'ready', engine, install: [] } : { kind: 'missing', missing };
}

function describeMissingEngine(facts: ToolFacts): string {
  const docker =
    facts.docker === 'absent'
      ? 'docker is not installed'
      : '`docker info` did not answer (start the Docker daemon, or give this user access to its socket)';
  const podman = facts.podman ? 'podman is installed but the demo runs it only as root' : 'podman is not installed';
  return `${docker}, and ${podman}`;
}

export function onPath(command: string, searchPath = process.env['PATH'] ?? ''): boolean {
  return searchPath
    .split(path.delimiter)
    .filter((directory) => directory !== '')
    .some((directory) => {
      try {
        accessSync(path.join(directory, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** Runs a command to completion; resolves its exit code (127 when it cannot start). */
export function run(
  command: string,
  args: readonly string[],
  options: { readonly quiet?: boolean; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number } = {},
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
      env: options.env ?? process.env,
      timeout: options.timeoutMs,
    });
    child.once('error', () => resolve(127));
    child.once('close', (code) => resolve(code ?? 1));
  });
}

export async function gatherToolFacts(): Promise<ToolFacts> {
  const dockerInstalled = onPath('docker');
  // `docker info` talks to the daemon: the client alone cannot build or push.
  const dockerAnswers = dockerInstalled && (await run('docker', ['info'], { quiet: true, timeoutMs: 15_000 })) === 0;
  return {
    debian: existsSync('/etc/debian_version') && onPath('apt-get'),
    root: process.getuid?.() === 0,
    podman: onPath('podman'),
    registry: existsSync(REGISTRY_BINARY),
    docker: dockerAnswers ? 'answers' : dockerInstalled ? 'no-daemon' : 'absent',
  };
}

export async function aptInstall(packages: readonly string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update', '-qq'], { env })) !== 0) throw new Error('apt-get update failed (see above)');
  if ((await run('apt-get', ['install', '-y', '-qq', ...packages], { env })) !== 0) {
    throw new Error(`apt-get install ${packages.join(' ')} failed (see above)`);
  }
}

export interface ToolsReady {
  readonly engine: Engine;
  readonly installed: readonly string[];
}

/** Checks (and on Debian as root installs) the tools; throws with every missing piece named. */
export async function ensureTools(say: (line: string) => void): Promise<ToolsReady> {
  const plan = planTools(await gatherToolFacts());
  if (plan.kind === 'missing') {
    throw new ToolsMissingError(plan.missing);
  }
  if (plan.install.length > 0) {
    say(`Installing ${plan.install.join(' and ')} with apt-get (Debian, running as root)…`);
    await aptInstall(plan.install);
    const after = planTools(await gatherToolFacts());
    if (after.kind === 'missing' || after.install.length > 0) {
      throw new ToolsMissingError(
        after.kind === 'missing' ? after.missing : after.install.map((name) => `${name} (still missing after apt-get)`),
      );
    }
  }
  return { engine: plan.engine, installed: plan.install };
}

export class ToolsMissingError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`the demo needs:\n${missing.map((line) => `  - ${line}`).join('\n')}`);
    this.name = 'ToolsMissingError';
  }
}
