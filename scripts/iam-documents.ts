// Writes the IAM documents users deploy or copy from setup/permissions.ts:
// docs/iam-policy.json (formatted as Prettier would) and the two CloudFormation templates in setup/. `--check` only reports, and exits 1
// when one is stale (for CI). `npm run docs` runs it before scripts/readme-tables.ts embeds the policy.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { Document, visit } from 'yaml';
import { DOCUMENTED_CAPABILITIES, EXAMPLE_SCOPE, renderPolicy } from '../setup/permissions.js';
import { chainTargetTemplate, deployRoleTemplate } from '../setup/templates.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TEMPLATE_HEADER = [
  '# Generated from setup/permissions.ts by scripts/iam-documents.ts (`npm run docs`): edit those, not this file.',
  '# Deploy it as the README says under "One-time AWS setup"; cfn-lint checks it in CI.',
  '',
].join('\n');

async function prettified(path: string, text: string): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(text, { ...options, filepath: path });
}

/**
 * Intrinsic functions in flow style (`{ Ref: X }`, `{ Fn::Sub: … }`): block style would take a line per
 * element and push the template past the 51,200 bytes `aws cloudformation deploy` accepts without a bucket.
 */
function compactYaml(template: object): string {
  const document = new Document(template, { aliasDuplicateObjects: false });
  visit(document, {
    Map(_key, node) {
      const [only, ...others] = node.items;
      const key = only?.key;
      const name = typeof key === 'object' && key !== null && 'value' in key ? String(key.value) : '';
      if (others.length === 0 && (name === 'Ref' || name === 'Condition' || name.startsWith('Fn::'))) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}

/** Each generated file with the text it must have. */
export async function generatedDocuments(): Promise<Map<string, string>> {
  const yaml = (template: object): string => TEMPLATE_HEADER + compactYaml(template);
  const sources: [string, string][] = [['docs/iam-policy.json', JSON.stringify(renderPolicy(EXAMPLE_SCOPE, DOCUMENTED_CAPABILITIES))]];
  const documents = new Map<string, string>();
  for (const [path, text] of sources) documents.set(path, await prettified(join(ROOT, path), text));
  // Prettier would spread each flow mapping over many lines; .prettierignore leaves the templates as written.
  documents.set('setup/oidc-ecs-deploy-role.yaml', yaml(deployRoleTemplate()));
  documents.set('setup/chain-target-role.yaml', yaml(chainTargetTemplate()));
  return documents;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let stale = 0;
  for (const [path, expected] of await generatedDocuments()) {
    const absolute = join(ROOT, path);
    if (readOrEmpty(absolute) === expected) continue;
    if (argv.includes('--check')) {
      console.log(`${relative(ROOT, absolute)} is stale (setup/ changed): run \`npm run docs\` and commit the result.`);
      stale = 1;
      continue;
    }
    writeFileSync(absolute, expected);
    console.log(`${path} regenerated from setup/permissions.ts.`);
  }
  return stale;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = await main(process.argv.slice(2));
}
