// The example app with a shell, so its Dockerfile can RUN: the host's dash and the two libraries it
// links, copied into the context. The tests' images start FROM scratch since nothing is pulled from the
// internet. Shared by the end-to-end tests and the bench.
import { copyFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const SHELL_FILES: readonly [string, string][] = [
  ['/bin/sh', 'bin/sh'],
  ['/lib/x86_64-linux-gnu/libc.so.6', 'lib/x86_64-linux-gnu/libc.so.6'],
  ['/lib64/ld-linux-x86-64.so.2', 'lib64/ld-linux-x86-64.so.2'],
];

/** A busy loop standing for a slow build step (an `npm ci`): a cache hit skips it, a miss runs it again. */
export const SLOW_STEP = 'RUN ["/bin/sh", "-c", "i=0; while [ $i -lt 1500000 ]; do i=$((i+1)); done; echo built > /built.txt"]';

/** Writes `rootfs/` (the shell) and a Dockerfile: FROM scratch, the shell, `hello.txt`, then `lines`. */
export function writeAppWithShell(workspace: string, lines: readonly string[]): void {
  for (const [from, to] of SHELL_FILES) {
    const target = path.join(workspace, 'rootfs', to);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(realpathSync(from), target);
  }
  writeFileSync(
    path.join(workspace, 'Dockerfile'),
    ['FROM scratch', 'COPY rootfs /', 'COPY hello.txt /hello.txt', ...lines, ''].join('\n'),
  );
}
