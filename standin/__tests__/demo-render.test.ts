// The demo's renderings of what Actions shows: the step log (workflow commands, masks, groups) and the
// job summary's Markdown for a terminal, plus its choice of tools and scenarios.
import { describe, expect, test } from '@jest/globals';
import { createCleanup } from '../demo/cleanup.js';
import { displayWidth, renderMarkdown, splitRow } from '../demo/markdown-terminal.js';
import { parseDemoArguments, SCENARIOS } from '../demo/options.js';
import { createStyle, stripAnsi } from '../demo/style.js';
import { planTools, type ToolFacts } from '../demo/tools.js';
import { createMasker, createWorkflowLog, parseWorkflowCommand } from '../demo/workflow-log.js';

const plain = createStyle(false);

function renderLog(chunks: readonly (readonly [string, 'stdout' | 'stderr'])[], showDebug = false, colour = false): string {
  let printed = '';
  const log = createWorkflowLog({ style: createStyle(colour), masker: createMasker(), showDebug, write: (text) => (printed += text) });
  for (const [chunk, stream] of chunks) log.write(chunk, stream);
  log.endStep();
  return printed;
}

describe('workflow log', () => {
  test('a group becomes a header with its lines indented, and ends at ::endgroup::', () => {
    const printed = renderLog([['before\n::group::Image\nbuilding\n::endgroup::\nafter\n', 'stdout']]);
    expect(printed).toBe('before\n▶ Image\n  building\nafter\n');
  });

  test('a value registered with ::add-mask:: is printed as *** from then on, and the command itself is hidden', () => {
    const printed = renderLog([['::add-mask::s3cr%25t\nkey s3cr%t in use\n::group::Token s3cr%t\n', 'stdout']]);
    expect(printed).toBe('key *** in use\n▶ Token ***\n');
  });

  test('a secret containing another secret is masked whole', () => {
    const masker = createMasker();
    masker.add('abc');
    masker.add('xxabcxx');
    expect(masker.apply('1 xxabcxx 2 abc')).toBe('1 *** 2 ***');
  });

  test('errors and warnings become Error:/Warning: lines with escapes undone; titles and properties are not printed', () => {
    const printed = renderLog([['::error title=my-service%3A task 1 stopped::first%0Asecond 100%25\n::warning::careful\n', 'stdout']]);
    expect(printed).toBe('Error: first\n       second 100%\nWarning: careful\n');
  });

  test('errors are red only when colour is on', () => {
    const coloured = renderLog([['::error::boom\n', 'stdout']], false, true);
    expect(coloured).toContain('\u001b[31m');
    expect(stripAnsi(coloured)).toBe('Error: boom\n');
  });

  test('debug lines are hidden unless asked for', () => {
    expect(renderLog([['::debug::url\nshown\n', 'stdout']])).toBe('shown\n');
    expect(renderLog([['::debug::url\n', 'stdout']], true)).toBe('Debug: url\n');
  });

  test('a line split across chunks is rendered once, whole, and streams do not mix their partial lines', () => {
    const printed = renderLog([
      ['::gro', 'stdout'],
      ['warn', 'stderr'],
      ['up::Build\nout\n', 'stdout'],
      ['ing\n', 'stderr'],
    ]);
    expect(printed).toBe('▶ Build\n  out\n  warning\n');
  });

  test('an unfinished last line is printed when the step ends', () => {
    expect(renderLog([['Deployed in 7.8 s.', 'stdout']])).toBe('Deployed in 7.8 s.\n');
  });

  test('[command] lines lose their prefix, and commands after ::stop-commands:: print verbatim until resumed', () => {
    const printed = renderLog([
      ['[command]/usr/bin/podman push x\n::stop-commands::tok\n::error::not one\n::tok::\n::error::one\n', 'stdout'],
    ]);
    expect(printed).toBe('/usr/bin/podman push x\n::error::not one\nError: one\n');
  });

  test('unknown commands print as text, runner-internal ones do not print', () => {
    expect(renderLog([['::frobnicate::x\n::save-state name=a::b\n::echo::on\n', 'stdout']])).toBe('::frobnicate::x\n');
  });

  test('parseWorkflowCommand reads properties and leaves plain text alone', () => {
    expect(parseWorkflowCommand('::error file=a.ts,line=3::bad')).toEqual({
      name: 'error',
      properties: { file: 'a.ts', line: '3' },
      message: 'bad',
    });
    expect(parseWorkflowCommand('event 05:50:28 (service my-service) has reached a steady state.')).toBeUndefined();
  });
});

describe('job summary for a terminal', () => {
  test('a key/value table with an empty header becomes aligned columns without a header', () => {
    const rendered = renderMarkdown(
      ['| | |', '|---|---|', '| AWS identity | `arn:aws:sts::1:x` |', '| Tag | `abc` (built) |'].join('\n'),
      plain,
    );
    expect(rendered.split('\n')).toEqual(['AWS identity  arn:aws:sts::1:x', 'Tag           abc (built)']);
  });

  test('a table with a header keeps it, ruled, and aligns columns by display width (emoji are two columns)', () => {
    const markdown = ['| Service | Outcome | Time |', '|---|---|---:|', '| `a` | ✅ ok | 6.1 s |', '| `bb` | failed | 11.2 s |'].join('\n');
    expect(renderMarkdown(markdown, plain).split('\n')).toEqual([
      'Service  Outcome    Time',
      '────────────────────────',
      'a        ✅ ok     6.1 s',
      'bb       failed   11.2 s',
    ]);
  });

  test('headings lose their marks and level-2 headings are underlined to their width', () => {
    expect(renderMarkdown('## oidc-ecs-deploy: ✅ Deployed', plain).split('\n')).toEqual([
      'oidc-ecs-deploy: ✅ Deployed',
      '─'.repeat(displayWidth('oidc-ecs-deploy: ✅ Deployed')),
    ]);
  });

  test('<details> is flattened: its summary becomes a line and its content follows, with single blank lines', () => {
    const markdown = [
      'Rollback: requested',
      '',
      '<details><summary>Stopped tasks</summary>',
      '',
      '- task 1 stopped',
      '',
      '</details>',
      '',
      '| Phase |',
    ].join('\n');
    expect(renderMarkdown(markdown, plain)).toBe('Rollback: requested\n\nStopped tasks\n\n• task 1 stopped\n\nPhase');
  });

  test('inline markup is reduced to text: bold, links, entities, escapes; code spans keep their content verbatim', () => {
    expect(renderMarkdown('> **Watch**: see [the docs](https://example.com) &amp; `a **b** \\|`', plain)).toBe(
      '│ Watch: see the docs (https://example.com) & a **b** \\|',
    );
  });

  test('escaped pipes stay inside their cell', () => {
    expect(splitRow('| a \\| b | c |')).toEqual(['a | b', 'c']);
  });

  test('displayWidth counts emoji as two columns and ANSI codes and variation selectors as none', () => {
    expect(displayWidth('✅ ok')).toBe(5);
    expect(displayWidth('⚠️ x')).toBe(4);
    expect(displayWidth('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(displayWidth('my-app:1 → my-app:2')).toBe(19);
  });
});

describe('tools', () => {
  const facts = (overrides: Partial<ToolFacts>): ToolFacts => ({
    debian: false,
    root: false,
    podman: false,
    registry: true,
    docker: 'absent',
    ...overrides,
  });

  test('on Debian as root, what is missing is installed and podman is the engine', () => {
    expect(planTools(facts({ debian: true, root: true, registry: false }))).toEqual({
      kind: 'ready',
      engine: 'podman',
      install: ['podman', 'docker-registry'],
    });
    expect(planTools(facts({ debian: true, root: true, podman: true }))).toEqual({ kind: 'ready', engine: 'podman', install: [] });
  });

  test('elsewhere docker is used when its daemon answers', () => {
    expect(planTools(facts({ docker: 'answers' }))).toEqual({ kind: 'ready', engine: 'docker', install: [] });
  });

  test('elsewhere, without an answering docker, every missing piece is named', () => {
    const plan = planTools(facts({ registry: false, docker: 'no-daemon', podman: true }));
    expect(plan.kind).toBe('missing');
    const missing = plan.kind === 'missing' ? plan.missing.join('\n') : '';
    expect(missing).toContain('docker-registry');
    expect(missing).toContain('`docker info` did not answer');
    expect(missing).toContain('podman is installed but the demo runs it only as root');
  });
});

describe('demo arguments and clean-up', () => {
  test('the default scenario is healthy and --scenario picks another', () => {
    const healthy = parseDemoArguments([]);
    expect(healthy.kind === 'run' && healthy.options.named).toBe(SCENARIOS['healthy']);
    const crash = parseDemoArguments(['--scenario', 'crash-loop']);
    expect(crash.kind === 'run' && crash.options.named.scenario.rollout).toBe('crash-loop');
  });

  test('an unknown scenario or option is refused with the usage', () => {
    expect(() => parseDemoArguments(['--scenario', 'nope'])).toThrow(/unknown scenario "nope"[\s\S]*crash-loop/);
    expect(() => parseDemoArguments(['--nope'])).toThrow(/Usage: npm run demo/);
  });

  test('clean-up runs newest first, once, and goes on past a failure', async () => {
    const order: string[] = [];
    const reports: string[] = [];
    const cleanup = createCleanup((message) => reports.push(message));
    cleanup.add('temp folder', () => void order.push('temp'));
    cleanup.add('the registry', () => {
      throw new Error('already gone');
    });
    cleanup.add('the stand-in', async () => void order.push('stand-in'));
    expect(await cleanup.run()).toEqual(['the stand-in', 'temp folder']);
    expect(await cleanup.run()).toEqual(['the stand-in', 'temp folder']);
    expect(order).toEqual(['stand-in', 'temp']);
    expect(reports).toEqual(['could not clean up the registry: already gone']);
  });
});
