// Writes the IAM documents users deploy or copy from setup/permissions.ts:
// docs/iam-policy.json (formatted as Prettier would) and the two CloudFormation templates in setup/. `--check` only reports, and exits 1
// when one is stale (for CI). `npm run docs` runs it before scripts/readme-tables.ts embeds the policy.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { Document, isCollection, isMap, isNode, isScalar, isSeq, Scalar, visit } from 'yaml';
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

/** Functions CloudFormation also takes in YAML short form (`!Sub …` for `Fn::Sub: …`). */
const SHORT_FORMS = new Set([
  'Ref',
  'Condition',
  'Fn::And',
  'Fn::Equals',
  'Fn::GetAtt',
  'Fn::If',
  'Fn::Join',
  'Fn::Not',
  'Fn::Or',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
]);

/** The function a `{ Fn::X: … }` mapping calls, or undefined when it is not a call. */
function intrinsicName(node: unknown): string | undefined {
  if (!isMap(node) || node.items.length !== 1) return undefined;
  const key = node.items[0]?.key;
  const name = isScalar(key) ? String(key.value) : '';
  return name === 'Ref' || name === 'Condition' || name.startsWith('Fn::') ? name : undefined;
}

/**
 * Intrinsic functions in their YAML short form and flow style (`!Sub [" … ", {…}]`), as people write them
 * by hand: the long form in block style took a line per element and the long form alone a fifth more bytes,
 * and the deploy role template must stay under the 51,200 bytes `aws cloudformation deploy` accepts without
 * a bucket. CloudFormation refuses a short form applied directly to another one (`!Base64 !Sub …`, which a
 * YAML node cannot even carry), so a call whose argument is itself a call keeps its long form.
 */
export function compactYaml(template: object): string {
  const document = new Document(template, { aliasDuplicateObjects: false });
  visit(document, {
    // YAML 1.2 reads `:*` as plain text in a flow sequence, YAML 1.1 (CloudFormation, cfn-lint) does not.
    Scalar(_key, node) {
      if (typeof node.value === 'string' && /^[-?:,[\]{}#&*!|>'"%@`]/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
    Map(_key, node) {
      const name = intrinsicName(node);
      if (name === undefined) return undefined;
      node.flow = true;
      const argument = node.items[0]?.value;
      if (!SHORT_FORMS.has(name) || !isNode(argument) || intrinsicName(argument) !== undefined) return undefined;
      const tagged =
        name === 'Fn::GetAtt' && isSeq(argument)
          ? new Scalar(argument.items.map((part) => String(isScalar(part) ? part.value : part)).join('.'))
          : argument;
      tagged.tag = `!${name.replace(/^Fn::/, '')}`;
      if (isCollection(tagged)) tagged.flow = true;
      return tagged;
    },
  });
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
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
