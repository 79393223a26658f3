// Writes docs/iam-policy.json from setup/permissions.ts, formatted as Prettier would, so the JSON users copy
// cannot drift from the statements the template and the tests use. `--check` only reports, and exits 1
// when the file is stale (for CI). `npm run docs` runs it before scripts/readme-tables.ts embeds the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { DOCUMENTED_CAPABILITIES, EXAMPLE_SCOPE, renderPolicy } from '../setup/permissions.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const POLICY_PATH = join(ROOT, 'docs', 'iam-policy.json');

export async function renderedPolicyFile(): Promise<string> {
  const options = (await resolveConfig(POLICY_PATH)) ?? {};
  return format(JSON.stringify(renderPolicy(EXAMPLE_SCOPE, DOCUMENTED_CAPABILITIES)), { ...options, filepath: POLICY_PATH });
}

async function main(argv: readonly string[]): Promise<number> {
  const expected = await renderedPolicyFile();
  if (readFileSync(POLICY_PATH, 'utf8') === expected) return 0;
  if (argv.includes('--check')) {
    console.log('docs/iam-policy.json is stale (setup/permissions.ts changed): run `npm run docs` and commit the result.');
    return 1;
  }
  writeFileSync(POLICY_PATH, expected);
  console.log('docs/iam-policy.json regenerated from setup/permissions.ts.');
  return 0;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = await main(process.argv.slice(2));
}
