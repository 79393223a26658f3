// scripts/release.sh in a throwaway git repository with a bare "origin", and npm, npx and gh replaced by
// stubs that only log: a mistyped flag must never release, and the major tag must never move backwards.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'release.sh');
let root = '';

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...extra,
  PATH: `${join(root, 'bin')}:${process.env['PATH'] ?? ''}`,
  HOME: root,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.invalid',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.invalid',
  GITHUB_REPOSITORY: 'my-org/oidc-ecs-deploy',
});

function git(...args: string[]): string {
  const result = spawnSync('git', args, { cwd: join(root, 'repo'), env: env(), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function release(...args: string[]): { status: number | null; output: string; calls: string } {
  const options = { env: env({ RELEASE_TOKEN: 'release-token' }), encoding: 'utf8' } as const;
  const result = spawnSync('bash', [join(root, 'repo', 'scripts', 'release.sh'), ...args], options);
  const log = join(root, 'calls.log');
  return { status: result.status, output: result.stdout + result.stderr, calls: existsSync(log) ? readFileSync(log, 'utf8') : '' };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'release-script-'));
  mkdirSync(join(root, 'bin'));
  for (const tool of ['npm', 'npx', 'gh']) {
    const line = `${tool} $* [\${RELEASE_TOKEN:-}\${GH_TOKEN:-}]`; // which token, if any, the tool could read
    writeFileSync(join(root, 'bin', tool), `#!/bin/sh\necho "${line}" >> "${join(root, 'calls.log')}"\n`);
    chmodSync(join(root, 'bin', tool), 0o755);
  }
  spawnSync('git', ['init', '-q', '--bare', join(root, 'origin.git')], { env: env() });
  mkdirSync(join(root, 'repo', 'scripts'), { recursive: true });
  copyFileSync(SCRIPT, join(root, 'repo', 'scripts', 'release.sh'));
  writeFileSync(join(root, 'repo', 'CHANGELOG.md'), '# Changelog\n\n## [1.3.0]\n\n- New.\n\n## [1.2.4]\n\n- A fix.\n');
  git('init', '-q');
  git('remote', 'add', 'origin', join(root, 'origin.git'));
  git('add', '.');
  git('commit', '-q', '-m', 'v1.3.0');
  git('tag', '-a', 'v1.3.0', '-m', 'v1.3.0');
  git('tag', '-a', 'v1', '-m', 'v1 -> v1.3.0');
  git('commit', '-q', '--allow-empty', '-m', 'a fix for v1.2');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('scripts/release.sh', () => {
  test.each(
    [['v1.4.0', '--dryrun'], ['v1.4.0', '-n'], ['v1.4.0', '--dry-run', '--force'], ['v1.4.0', 'v1.5.0'], ['1.4.0'], []].map((args) => ({
      args,
      shown: args.join(' ') || '(none)',
    })),
  )('prints the usage and does nothing for the arguments $shown', ({ args }) => {
    const result = release(...args);
    expect(result.status).toBe(2);
    expect(result.output).toMatch(/^usage: scripts\/release\.sh vMAJOR\.MINOR\.PATCH \[--dry-run\]/);
    expect(result.calls).toBe('');
  });

  test('a dry run of an older version than the newest v1.x.y leaves v1 where it is', () => {
    const result = release('v1.2.4', '--dry-run');
    expect(result.status).toBe(0);
    expect(result.output).toContain('v1.3.0 is newer than v1.2.4, so v1 stays where it is');
    expect(result.output).toContain('would run: git tag -a v1.2.4');
    expect(result.output).not.toMatch(/would run: git (tag -fa|push --force) .*v1\b/);
    expect(result.output).toMatch(/would run: gh release create v1\.2\.4 .* --latest=false/);
    expect(git('tag', '--list')).toBe('v1\nv1.3.0');
  });

  test('a real release of an older version pushes its tag but not v1, and only gh gets the token', () => {
    const result = release('v1.2.4');
    expect(result.status).toBe(0);
    expect(git('ls-remote', '--tags', '--refs', 'origin')).toMatch(/refs\/tags\/v1\.2\.4$/);
    expect(git('ls-remote', '--tags', '--refs', 'origin')).not.toMatch(/refs\/tags\/v1$/m);
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'v1.3.0^{commit}'));
    expect(result.calls).toMatch(/^gh release create v1\.2\.4 .*--latest=false \[release-token\]$/m);
    expect(result.calls).toMatch(/^npm run build --silent \[\]$/m);
    expect(result.calls.match(/release-token/g)).toHaveLength(1);
  });

  test('a dry run of the newest version would move v1 to it (10 sorts after 9)', () => {
    git('tag', '-a', 'v1.9.0', '-m', 'v1.9.0', 'v1.3.0');
    const result = release('--dry-run', 'v1.10.0');
    expect(result.output).toContain("CHANGELOG.md has no '## [1.10.0]' section");
    writeFileSync(join(root, 'repo', 'CHANGELOG.md'), '# Changelog\n\n## [1.10.0]\n\n- Newest.\n');
    git('commit', '-q', '-am', 'changelog');
    const moved = release('--dry-run', 'v1.10.0');
    expect(moved.status).toBe(0);
    expect(moved.output).toContain('would run: git tag -fa v1 -m');
    expect(moved.output).toContain('would run: git push --force origin refs/tags/v1');
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'v1.3.0^{commit}'));
  });
});
