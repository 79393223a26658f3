// Bundle load: `node dist/index.js` with no INPUT_* at all, from spawn to exit. The action reads its
// inputs before anything else, so this is Node's start plus parsing and evaluating what the bundle
// loads eagerly. Node's own start (`node -e ''`) is measured the same way, for reference.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeBinary, ROOT } from '../standin/harness/run-action.js';

export interface BundleLoadSamples {
  readonly bundle: number[];
  readonly bareNode: number[];
}

export async function measureBundleLoad(repetitions: number): Promise<BundleLoadSamples> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-bench-bare-'));
  try {
    const bundle: number[] = [];
    const bareNode: number[] = [];
    // One unmeasured run of each warms the page cache, as on a runner that has just fetched the action.
    await timeProcess([path.join(ROOT, 'dist', 'index.js')], cwd, 1);
    await timeProcess(['-e', ''], cwd, 0);
    for (let index = 0; index < repetitions; index++) {
      bundle.push(await timeProcess([path.join(ROOT, 'dist', 'index.js')], cwd, 1));
      bareNode.push(await timeProcess(['-e', ''], cwd, 0));
    }
    return { bundle, bareNode };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Milliseconds from spawn to exit; rejects when the exit code is not the expected one. */
function timeProcess(argv: readonly string[], cwd: string, expectedExitCode: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(nodeBinary(), argv, { cwd, env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsed = performance.now() - started;
      if (code === expectedExitCode) resolve(elapsed);
      else reject(new Error(`node ${argv.join(' ')} exited ${code}, expected ${expectedExitCode}:\n${output}`));
    });
  });
}
