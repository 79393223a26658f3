// ncc can produce a bundle that builds fine and fails only when run: run the committed bundles bare.
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeBinary, ROOT } from '../../standin/harness/run-action.js';

function runBare(script: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const cwd = mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-bare-'));
  const result = spawnSync(nodeBinary(), [path.join(ROOT, script)], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the committed bundles', () => {
  test('dist/index.js without inputs exits 1 naming the missing input and nothing else', () => {
    const result = runBare('dist/index.js');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::error'))).toEqual([
      '::error::Inputs failed: Input `aws-region` is empty; expected an AWS region such as `us-east-1`.',
    ]);
  });

  test('the post step (the same bundle with the saved isPost state) without a docker config does nothing and exits 0', () => {
    const result = runBare('dist/index.js', { STATE_isPost: 'true' });
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});
