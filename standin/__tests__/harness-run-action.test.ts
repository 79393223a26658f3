import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeBinary, parseCommandFile } from '../harness/run-action.js';

describe('nodeBinary', () => {
  test('without OIDC_ECS_DEPLOY_TEST_NODE, the Node running the tests', () => {
    expect(nodeBinary({})).toBe(process.execPath);
    expect(nodeBinary({ OIDC_ECS_DEPLOY_TEST_NODE: '' })).toBe(process.execPath);
  });

  test('the binary OIDC_ECS_DEPLOY_TEST_NODE names', () => {
    const binary = path.join(mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-node-')), 'node');
    writeFileSync(binary, '');
    expect(nodeBinary({ OIDC_ECS_DEPLOY_TEST_NODE: binary })).toBe(binary);
  });

  test('a path that does not exist is an error naming the variable, not a silent fallback', () => {
    expect(() => nodeBinary({ OIDC_ECS_DEPLOY_TEST_NODE: '/nonexistent/bin/node' })).toThrow(
      'OIDC_ECS_DEPLOY_TEST_NODE=/nonexistent/bin/node: no such file',
    );
  });
});

describe('parseCommandFile', () => {
  test('reads heredoc values, several lines long, and plain name=value lines', () => {
    const text = 'summary<<ghadelimiter_1\nline one\nline=two\nghadelimiter_1\nrollout-state=COMPLETED\nempty=\n';
    expect(parseCommandFile(text)).toEqual({ summary: 'line one\nline=two', 'rollout-state': 'COMPLETED', empty: '' });
  });
});
