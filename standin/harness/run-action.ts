// Runs the bundled action the way the runner does: a child process with INPUT_* variables, the
// GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE / GITHUB_STEP_SUMMARY files and RUNNER_TEMP, then the post
// step with the saved state as STATE_* variables. Shared by the end-to-end tests, the demo and the bench.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Names the Node binary the action runs on. The runner runs it on Node 24, which contributors need not
 * have: CI points this at a Node 24 kept off PATH, so that every npm script still runs on the Node that runs npm.
 */
export const TEST_NODE_VARIABLE = 'OIDC_ECS_DEPLOY_TEST_NODE';

/** The Node that runs the bundled action: the one `OIDC_ECS_DEPLOY_TEST_NODE` names, else this Node. */
export function nodeBinary(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[TEST_NODE_VARIABLE];
  if (!configured) return process.execPath;
  if (!existsSync(configured)) throw new Error(`${TEST_NODE_VARIABLE}=${configured}: no such file`);
  return configured;
}

export interface ActionRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly exported: Record<string, string>;
  readonly summary: string;
  readonly post: { readonly exitCode: number; readonly stdout: string; readonly stderr: string };
  readonly runnerTemp: string;
  readonly home: string;
  readonly milliseconds: number;
}

export interface RunOptions {
  readonly inputs: Record<string, string>;
  /** The stand-in's variables and anything else the step should see. */
  readonly env: Record<string, string>;
  readonly workspace: string;
  readonly sha?: string;
  readonly repository?: string;
  /** Called with each chunk of the step's stdout and stderr as it arrives (the demo prints it live). */
  readonly onOutput?: (chunk: string, from: OutputSource) => void;
  readonly skipPost?: boolean;
  /** Aborting kills the running step (the demo's Ctrl-C) and rejects. */
  readonly signal?: AbortSignal;
  /** Where the job's folder (RUNNER_TEMP, HOME, command files) is made; the caller removes it. Default: the system temp dir. */
  readonly parentDirectory?: string;
}

/** Which step and stream a chunk of output came from: the runner keeps lines of each apart. */
export interface OutputSource {
  readonly step: 'main' | 'post';
  readonly stream: 'stdout' | 'stderr';
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const job = mkdtempSync(path.join(options.parentDirectory ?? tmpdir(), 'oidc-ecs-deploy-job-'));
  const runnerTemp = path.join(job, 'runner-temp');
  const home = path.join(job, 'home');
  mkdirSync(runnerTemp);
  mkdirSync(home);
  const files = {
    GITHUB_OUTPUT: path.join(job, 'output'),
    GITHUB_ENV: path.join(job, 'env'),
    GITHUB_STATE: path.join(job, 'state'),
    GITHUB_STEP_SUMMARY: path.join(job, 'summary'),
    GITHUB_PATH: path.join(job, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');

  const baseEnv: Record<string, string> = {
    // Only what a runner provides: no AWS_* credentials, so the action can sign only with what OIDC gave it.
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: options.repository ?? 'my-org/my-app',
    GITHUB_SHA: options.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '4242424242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    // The SDK warns on stderr when it runs on a Node older than 22, which the runner's Node 24 never is; this
    // keeps stderr as the runner would see it when the tests run the bundle on an older Node.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...files,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) baseEnv[`INPUT_${name.toUpperCase()}`] = value;

  const started = Date.now();
  const main = await spawnNode(path.join(ROOT, 'dist', 'index.js'), baseEnv, options, 'main');
  const milliseconds = Date.now() - started;
  const state = parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8'));
  let post = { exitCode: 0, stdout: '', stderr: '' };
  if (!options.skipPost) {
    const postEnv = { ...baseEnv };
    for (const [name, value] of Object.entries(state)) postEnv[`STATE_${name}`] = value;
    post = await spawnNode(path.join(ROOT, 'dist', 'index.js'), postEnv, options, 'post');
  }
  return {
    ...main,
    outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    exported: parseCommandFile(readFileSync(files.GITHUB_ENV, 'utf8')),
    state,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    post,
    runnerTemp,
    home,
    milliseconds,
  };
}

function spawnNode(
  script: string,
  env: Record<string, string>,
  { workspace, onOutput, signal }: RunOptions,
  step: OutputSource['step'],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary(), [script], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onOutput?.(chunk, { step, stream: 'stdout' });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onOutput?.(chunk, { step, stream: 'stderr' });
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });
}

/** Reads the runner's `name<<DELIMITER … DELIMITER` file format (and plain `name=value` lines). */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const body: string[] = [];
      while (++index < lines.length && lines[index] !== delimiter) body.push(lines[index] ?? '');
      values[name] = body.join('\n');
    } else if (line.includes('=')) {
      const equals = line.indexOf('=');
      values[line.slice(0, equals)] = line.slice(equals + 1);
    }
  }
  return values;
}
