// One run of the bundled action, as the runner runs it (runAction), with the wall instants the bench
// needs around it: when the process was spawned, when it exited, and its peak RSS.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction, type ActionRun } from '../standin/harness/run-action.js';

const MAX_RSS_PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'max-rss.js');

export interface TimedRun {
  readonly run: ActionRun;
  /** Wall epoch ms just before runAction; it spawns the main step after creating five empty files (well under 1 ms). */
  readonly spawnedAt: number;
  /** Wall epoch ms when the main step's process closed. */
  readonly exitedAt: number;
  /** Peak RSS of the main step's process in bytes, when measured. */
  readonly maxRssBytes: number | undefined;
}

export interface TimedRunOptions {
  readonly inputs: Record<string, string>;
  readonly env: Record<string, string>;
  readonly workspace: string;
  readonly sha?: string;
  /** Preload max-rss.js; left off where start-up time is measured, so the preload cannot add to it. */
  readonly measureRss: boolean;
}

export async function timedRun(options: TimedRunOptions): Promise<TimedRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-bench-'));
  const rssFile = path.join(scratch, 'max-rss.jsonl');
  const rssEnv: Record<string, string> = options.measureRss
    ? { NODE_OPTIONS: `--import=${MAX_RSS_PRELOAD}`, BENCH_MAX_RSS_FILE: rssFile }
    : {};
  try {
    const spawnedAt = Date.now();
    // The post step only removes the private docker config; it is not part of any figure.
    const run = await runAction({
      inputs: options.inputs,
      env: { ...options.env, ...rssEnv },
      workspace: options.workspace,
      skipPost: true,
      ...(options.sha === undefined ? {} : { sha: options.sha }),
    });
    const exitedAt = spawnedAt + run.milliseconds;
    // runAction leaves its job directory (runner temp, home, command files) behind; hundreds of runs add up.
    rmSync(path.dirname(run.runnerTemp), { recursive: true, force: true });
    return { run, spawnedAt, exitedAt, maxRssBytes: readMaxRss(rssFile) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readMaxRss(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const kibibytes = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => JSON.parse(line))
    .filter(
      (entry): entry is { script: string; maxRssKiB: number } => isRssEntry(entry) && entry.script.endsWith(path.join('dist', 'index.js')),
    )
    .map((entry) => entry.maxRssKiB);
  return kibibytes.length === 0 ? undefined : Math.max(...kibibytes) * 1024;
}

function isRssEntry(value: unknown): value is { script: string; maxRssKiB: number } {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry['script'] === 'string' && typeof entry['maxRssKiB'] === 'number';
}

/** Fails loudly when a run that should have worked did not, so no figure is computed from a broken run. */
export function expectExit(timed: TimedRun, exitCode: number, what: string): void {
  if (timed.run.exitCode === exitCode) return;
  const errors = timed.run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error'))
    .join('\n');
  throw new Error(`${what}: the action exited ${timed.run.exitCode}, expected ${exitCode}.\n${errors}\n${timed.run.stderr}`);
}
