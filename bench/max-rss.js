// Preloaded into the action's process (NODE_OPTIONS=--import=…) by the bench: at exit, appends the
// process's peak resident set size to BENCH_MAX_RSS_FILE. getrusage's maxRSS is the kernel's high-water
// mark (VmHWM) of this process alone, so podman and other children are not counted.
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const line = JSON.stringify({ script: process.argv[1] ?? '', maxRssKiB: process.resourceUsage().maxRSS });
    appendFileSync(file, `${line}\n`);
  });
}
