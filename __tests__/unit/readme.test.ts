// The README is the contract users read: its inputs and outputs tables must say what action.yml says,
// the IAM policy it shows must be the one the policy test checks, and every action it or our workflows
// use must be pinned by commit SHA.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import {
  MARKERS,
  main,
  parseActionYaml,
  renderInputsTable,
  renderOutputsTable,
  tableCell,
  updateReadme,
} from '../../scripts/readme-tables.js';
import { FAILURE_CAUSES } from '../../src/report/failure-cause.js';
import { nextStep } from '../../src/report/outputs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (...path: string[]): string => readFileSync(join(ROOT, ...path), 'utf8');

interface RawSpec {
  readonly description: string;
  readonly required?: boolean;
  readonly default?: string | number | boolean;
}

interface RawAction {
  readonly inputs: Readonly<Record<string, RawSpec>>;
  readonly outputs: Readonly<Record<string, RawSpec>>;
}

/** action.yml read directly, not through the generator, so the check does not share its mistakes. */
function rawAction(): RawAction {
  return parse(read('action.yml')) as RawAction;
}

function section(readme: string, marker: { readonly start: string; readonly end: string }): string {
  const start = readme.indexOf(marker.start);
  const end = readme.indexOf(marker.end);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return readme.slice(start + marker.start.length, end);
}

/** Table rows as cells, without the header and separator rows; `\|` stays inside its cell. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|')),
    );
}

const unquote = (cell: string): string => cell.replace(/^`+ ?/, '').replace(/ ?`+$/, '');

describe('README inputs and outputs tables', () => {
  const readme = read('README.md');
  const action = rawAction();

  test('list every input of action.yml once, in its order, with its required flag, default and description', () => {
    const rows = tableRows(section(readme, MARKERS.inputs));
    expect(rows.map(([name]) => unquote(name ?? ''))).toEqual(Object.keys(action.inputs));
    for (const [name = '', required, defaultCell = '', description] of rows) {
      const spec = action.inputs[unquote(name)];
      expect(spec).toBeDefined();
      expect(required).toBe(spec?.required === true ? 'yes' : 'no');
      expect(unquote(defaultCell)).toBe(spec?.default === undefined ? '' : String(spec.default));
      expect(description).toBe(spec?.description.trim().replace(/\s*\n\s*/g, ' '));
    }
  });

  test('list every output of action.yml once, in its order, with its description', () => {
    const rows = tableRows(section(readme, MARKERS.outputs));
    expect(rows.map(([name]) => unquote(name ?? ''))).toEqual(Object.keys(action.outputs));
    for (const [name = '', description] of rows) {
      expect(description).toBe(action.outputs[unquote(name)]?.description.trim().replace(/\s*\n\s*/g, ' '));
    }
  });

  test('are exactly what scripts/readme-tables.ts generates (so `--check` passes in CI)', () => {
    expect(updateReadme(readme, parseActionYaml(read('action.yml')), read('docs', 'iam-policy.json'))).toBe(readme);
  });

  test('the README shows the same IAM policy as docs/iam-policy.json', () => {
    const block = /```json\n([\s\S]*?)```/.exec(section(readme, MARKERS.iamPolicy))?.[1] ?? '';
    expect(JSON.parse(block)).toEqual(JSON.parse(read('docs', 'iam-policy.json')));
  });
});

describe('the table generator', () => {
  const action = parseActionYaml(
    [
      'inputs:',
      '  mode:',
      '    description: "One of `a|b`,\n      or empty."',
      '    required: true',
      '  count:',
      '    description: How many.',
      '    default: 3',
      '  flag:',
      '    description: On or off.',
      "    default: 'false'",
      'outputs:',
      '  result:',
      '    description: The result.',
    ].join('\n'),
  );

  test('reads required flags and turns YAML defaults into the strings the runner passes', () => {
    expect(action.inputs).toEqual([
      { name: 'mode', description: 'One of `a|b`, or empty.', required: true, default: undefined },
      { name: 'count', description: 'How many.', required: false, default: '3' },
      { name: 'flag', description: 'On or off.', required: false, default: 'false' },
    ]);
  });

  test('escapes pipes so a description cannot split its row', () => {
    expect(renderInputsTable(action.inputs).split('\n')[2]).toBe('| `mode` | yes |  | One of `a\\|b`, or empty. |');
    expect(tableCell('a\n  b|c')).toBe('a b\\|c');
  });

  test('renders outputs as a two-column table', () => {
    expect(renderOutputsTable(action.outputs)).toBe('| Output | Description |\n| --- | --- |\n| `result` | The result. |');
  });

  test('refuses an input without a description rather than documenting it empty', () => {
    expect(() => parseActionYaml('inputs:\n  bare:\n    required: false\n')).toThrow(/inputs.bare has no description/);
  });

  test('refuses a README whose markers are missing', () => {
    expect(() => updateReadme('# no markers here\n', action, '{}')).toThrow(/markers .* are missing/);
  });
});

describe('scripts/readme-tables.ts as a command', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  function staleCopy(): string {
    directory = mkdtempSync(join(tmpdir(), 'readme-tables-'));
    mkdirSync(join(directory, 'docs'));
    writeFileSync(join(directory, 'action.yml'), 'inputs:\n  fresh:\n    description: A new input.\noutputs: {}\n');
    writeFileSync(join(directory, 'docs', 'iam-policy.json'), '{ "Version": "2012-10-17", "Statement": [] }\n');
    const markers = Object.values(MARKERS).map((marker) => `${marker.start}\n\nold\n\n${marker.end}`);
    writeFileSync(join(directory, 'README.md'), `# Title\n\n${markers.join('\n\n')}\n`);
    return directory;
  }

  test('with --check exits 1 on a stale README and leaves it untouched', () => {
    const root = staleCopy();
    const before = readFileSync(join(root, 'README.md'), 'utf8');
    const lines: string[] = [];
    expect(main(['--check'], root, (line) => lines.push(line))).toBe(1);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(before);
    expect(lines.join('\n')).toMatch(/stale/);
  });

  test('without --check rewrites only the generated parts, after which --check passes', () => {
    const root = staleCopy();
    expect(main([], root, () => undefined)).toBe(0);
    const written = readFileSync(join(root, 'README.md'), 'utf8');
    expect(written.startsWith('# Title\n\n')).toBe(true);
    expect(written).toContain('| `fresh` | no |  | A new input. |');
    expect(written).not.toContain('old');
    expect(main(['--check'], root, () => undefined)).toBe(0);
  });
});

describe('the Marketplace listing in action.yml', () => {
  const listing = parse(read('action.yml')) as { name?: unknown; description?: unknown; branding?: { icon?: unknown; color?: unknown } };

  test('has a name, a description under 125 characters and branding', () => {
    expect(typeof listing.name).toBe('string');
    expect(typeof listing.description).toBe('string');
    expect(String(listing.description).length).toBeLessThan(125);
    expect(typeof listing.branding?.icon).toBe('string');
    expect(typeof listing.branding?.color).toBe('string');
  });
});

describe('supply chain in the docs and workflows', () => {
  const workflowDirectory = join(ROOT, '.github', 'workflows');
  const workflows = readdirSync(workflowDirectory).filter((name) => name.endsWith('.yml'));
  const usesLines = (text: string): string[] => text.split('\n').filter((line) => /^\s*-?\s*uses:/.test(line));

  test('every workflow pins each action by full commit SHA with its version in a comment', () => {
    expect(workflows.length).toBeGreaterThan(0);
    for (const name of workflows) {
      for (const line of usesLines(readFileSync(join(workflowDirectory, name), 'utf8'))) {
        if (/uses:\s*\.\/?\s*$/.test(line)) continue;
        expect(`${name}: ${line.trim()}`).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
      }
    }
  });

  test('the README pins third-party actions by SHA and this action by a release commit', () => {
    for (const line of usesLines(read('README.md'))) {
      expect(line.trim()).toMatch(/uses: [\w.-]+\/[\w./-]+@([0-9a-f]{40}|<40-hex-commit-sha-of-v\d+\.\d+\.\d+>) # v\d+\.\d+\.\d+$/);
    }
  });

  test('the quick start asks for exactly the token permissions the action needs', () => {
    const quickStart = read('README.md').split('## Quick start')[1]?.split('\n## ')[0] ?? '';
    expect(quickStart).toMatch(/id-token: write/);
    expect(quickStart).toMatch(/contents: read/);
  });

  /** Every file under a directory, as paths relative to the repository. */
  const filesUnder = (directory: string): string[] =>
    readdirSync(join(ROOT, directory), { recursive: true, encoding: 'utf8' })
      .map((name) => join(directory, name))
      .filter((path) => statSync(join(ROOT, path)).isFile());
  const documents = [
    'README.md',
    'SECURITY.md',
    'CONTRIBUTING.md',
    'CHANGELOG.md',
    'action.yml',
    ...filesUnder('docs'),
    ...filesUnder('examples'),
  ];

  test('the documents checked include action.yml and everything under docs/ and examples/', () => {
    expect(documents).toEqual(
      expect.arrayContaining(['action.yml', join('docs', 'iam-policy.json'), join('examples', 'my-app', 'README.md')]),
    );
  });

  test('no document names an image registry host', () => {
    for (const document of documents) {
      expect(`${document}: ${read(document)}`).not.toMatch(/dkr\.ecr|docker\.io|ghcr\.io|quay\.io|public\.ecr\.aws|gcr\.io/);
    }
  });

  test('no document names an AWS account other than the placeholders 123456789012 and 210987654321', () => {
    for (const document of documents) {
      const accounts = [...read(document).matchAll(/(?<![\w-])\d{12}(?![\w-])/g)].map(([account]) => account);
      expect(`${document}: ${accounts.filter((account) => account !== '123456789012' && account !== '210987654321').join(', ')}`).toBe(
        `${document}: `,
      );
    }
  });
});

test.each(FAILURE_CAUSES)("the README's Troubleshooting table gives the Next: advice for %s as the action words it", (cause) => {
  const advice = nextStep({ phase: 'Deployment watch', cause }) ?? '';
  expect(advice).not.toBe('');
  expect(read('README.md').replace(/ +\|/g, ' |')).toContain(`| ${advice} |`);
});
