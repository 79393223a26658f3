// `npm run demo [-- --scenario NAME]`: one deployment of examples/my-app by the bundled action, run as
// GitHub Actions runs it, against the local AWS + GitHub stand-in. It prints what a user would see on
// the run's page (the step's log, then the job summary) and the outputs, and exits with the action's
// exit code. Everything it starts (stand-in, registry process, temp dirs) is stopped on the way out,
// also after an error or Ctrl-C.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, runAction, type ActionRun, type OutputSource } from '../harness/run-action.js';
import { createWorld, REGION, ROLE_ARN, SUBJECT, type World } from '../harness/world.js';
import { createCleanup, type Cleanup } from './cleanup.js';
import { displayWidth, renderMarkdown } from './markdown-terminal.js';
import { parseDemoArguments, type DemoOptions } from './options.js';
import { createStyle, wantsColour, type Style } from './style.js';
import { ensureTools, type Engine } from './tools.js';
import { createMasker, createWorkflowLog, type Masker, type WorkflowLog } from './workflow-log.js';
import type { JsonValue } from '../types.js';

const EXAMPLE_APP = path.join(ROOT, 'examples', 'my-app');
const ACTION_NAME = 'oidc-ecs-deploy';
const WIDTH = 80;

interface Terminal {
  readonly style: Style;
  readonly masker: Masker;
  readonly line: (text?: string) => void;
  readonly section: (title: string) => void;
}

function createTerminal(): Terminal {
  const style = createStyle(wantsColour(process.stdout, process.env));
  const line = (text = ''): void => void process.stdout.write(`${text}\n`);
  return {
    style,
    masker: createMasker(),
    line,
    section(title) {
      line();
      line(style.bold(`── ${title} ${'─'.repeat(Math.max(3, WIDTH - displayWidth(title) - 4))}`));
    },
  };
}

/** action.yml runs dist/index.js for the step and again for the post step. */
function requireBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) throw new Error('dist/index.js not found: run `npm run build` first');
}

/**
 * The stand-in and runAction make their temp dirs under os.tmpdir(); pointing TMPDIR at one folder of
 * the demo's lets it remove everything, even what a step interrupted half-way leaves behind.
 */
function useOwnTempRoot(cleanup: Cleanup): string {
  const root = mkdtempSync(path.join(tmpdir(), 'oidc-ecs-deploy-demo-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = root;
  cleanup.add(`temp folder ${root}`, () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(root, { recursive: true, force: true });
  });
  return root;
}

function printWorld(terminal: Terminal, world: World, engine: Engine): void {
  const { line, style } = terminal;
  const service = world.serviceState();
  terminal.section('Set-up');
  line(`Stand-in for STS, ECR, ECS, CloudWatch Logs and GitHub's OIDC token endpoint on ${world.standin.endpoint}`);
  line(`Registry (docker-registry behind ECR's auth) on ${world.standin.registryHost}; container engine ${engine}`);
  line(`Account ${world.scope.account}, ${REGION}:`);
  const rows: [string, string][] = [
    ['role', `${ROLE_ARN} (trusts ${SUBJECT})`],
    ['repository', `${world.repositoryUri} (IMMUTABLE tags)`],
    [
      'service',
      `${text(service['serviceName'])} in ${clusterName(service)}, ${text(service['runningCount'])} tasks of ${shortName(service['taskDefinition'])}`,
    ],
    ['app', `${path.relative(process.cwd(), EXAMPLE_APP) || '.'} (Dockerfile: FROM scratch + hello.txt)`],
  ];
  for (const [label, value] of rows) line(`  ${style.dim(label.padEnd(11))}${value}`);
}

/** The `with:` block as the step's header shows it in Actions. */
function printStepHeader(terminal: Terminal, inputs: Record<string, string>): void {
  terminal.section(`Run ${ACTION_NAME}`);
  terminal.line(terminal.style.bold(`▶ Run ${ACTION_NAME}`));
  terminal.line('  with:');
  for (const [name, value] of Object.entries(inputs)) terminal.line(`    ${name}: ${value.split('\n').join(' ')}`);
}

async function runStep(terminal: Terminal, world: World, engine: Engine, options: DemoOptions, signal: AbortSignal): Promise<ActionRun> {
  const inputs = world.inputs({ 'container-engine': engine });
  printStepHeader(terminal, inputs);
  const log = createWorkflowLog({
    style: terminal.style,
    masker: terminal.masker,
    showDebug: options.debug,
    write: (text) => void process.stdout.write(text),
  });
  const output = createStepOutput(terminal, log);
  const run = await runAction({ inputs, env: world.env(), workspace: EXAMPLE_APP, signal, onOutput: output.write });
  output.finish();
  return run;
}

/** Routes the two steps' output to the log, with the post step under its own header as Actions shows it. */
function createStepOutput(
  terminal: Terminal,
  log: WorkflowLog,
): { readonly write: (chunk: string, from: OutputSource) => void; readonly finish: () => void } {
  let step: OutputSource['step'] = 'main';
  let postPrinted = false;
  const startPost = (): void => {
    log.endStep();
    step = 'post';
    terminal.section(`Post Run ${ACTION_NAME}`);
  };
  return {
    write(chunk, from) {
      if (from.step !== step) startPost();
      postPrinted ||= from.step === 'post';
      log.write(chunk, from.stream);
    },
    finish() {
      if (step === 'main') startPost();
      log.endStep();
      if (!postPrinted) terminal.line(terminal.style.dim('(no output)'));
    },
  };
}

function printSummary(terminal: Terminal, run: ActionRun): void {
  terminal.section('Job summary');
  const markdown = terminal.masker.apply(run.summary);
  terminal.line(markdown.trim() === '' ? '(the step wrote no summary)' : renderMarkdown(markdown, terminal.style));
}

function printOutputs(terminal: Terminal, run: ActionRun): void {
  terminal.section('Outputs');
  const names = Object.keys(run.outputs);
  if (names.length === 0) terminal.line('(the step set no outputs)');
  const width = Math.max(0, ...names.map((name) => name.length));
  for (const name of names) {
    const value = run.outputs[name] ?? '';
    terminal.line(
      `${terminal.style.dim(name.padEnd(width))}  ${value === '' ? terminal.style.dim('(empty)') : terminal.masker.apply(value)}`,
    );
  }
}

/** What ECS is doing once the step has ended (a rollback, for one, goes on after the action fails). */
function printAftermath(terminal: Terminal, world: World, run: ActionRun): number {
  const { line, style } = terminal;
  terminal.section('Afterwards');
  const service = world.serviceState();
  const deployments = Array.isArray(service['deployments']) ? service['deployments'] : [];
  line(`${text(service['serviceName'])} now runs ${shortName(service['taskDefinition'])}; deployments:`);
  for (const deployment of deployments) {
    const field = (name: string): JsonValue | undefined =>
      deployment !== null && typeof deployment === 'object' && !Array.isArray(deployment) ? deployment[name] : undefined;
    line(
      `  ${shortName(field('taskDefinition'))} ${text(field('status'))} ${text(field('rolloutState'))}: ` +
        `${text(field('runningCount'))}/${text(field('desiredCount'))} running`,
    );
  }
  if (deployments.length > 1) line(style.dim('(ECS carries on with these after the step has ended.)'));
  const exitCode = run.exitCode !== 0 ? run.exitCode : run.post.exitCode;
  const verdict = exitCode === 0 ? style.green('succeeded') : style.red('failed');
  line(`The step ${verdict} (exit code ${run.exitCode}, post step ${run.post.exitCode}) in ${(run.milliseconds / 1000).toFixed(1)} s.`);
  return exitCode;
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
}

/** `arn:aws:ecs:…:task-definition/my-app:2` → `my-app:2`. */
function shortName(arn: JsonValue | undefined): string {
  return text(arn).split('/').pop() ?? '?';
}

function clusterName(service: Record<string, JsonValue>): string {
  return shortName(service['clusterArn']);
}

/** The whole demo; resolves the exit code. Ctrl-C aborts `signal`, which every long wait observes. */
async function demo(terminal: Terminal, options: DemoOptions, cleanup: Cleanup, signal: AbortSignal): Promise<number> {
  const { line, style } = terminal;
  line(style.bold(`${ACTION_NAME} demo · scenario ${options.scenarioName}`));
  line(`What happens: ${options.named.story}`);
  requireBuild();
  const tools = await ensureTools((message) => line(message));
  if (tools.installed.length > 0) line(`Installed ${tools.installed.join(' and ')}.`);
  signal.throwIfAborted();
  useOwnTempRoot(cleanup);
  // timeScale 1: the timeline is real, as a user would wait for it.
  const world = await createWorld({ timeScale: 1, scenario: options.named.scenario, workspace: EXAMPLE_APP });
  cleanup.add('the stand-in and its registry process', () => world.stop());
  signal.throwIfAborted();
  printWorld(terminal, world, tools.engine);
  const run = await runStep(terminal, world, tools.engine, options, signal);
  printSummary(terminal, run);
  printOutputs(terminal, run);
  return printAftermath(terminal, world, run);
}

async function main(): Promise<number> {
  const terminal = createTerminal();
  let parsed: ReturnType<typeof parseDemoArguments>;
  try {
    parsed = parseDemoArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (parsed.kind === 'help') {
    terminal.line(parsed.text);
    return 0;
  }

  const cleanup = createCleanup((message) => console.error(`demo: ${message}`));
  const abort = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const interrupt = (signal: NodeJS.Signals): void => {
    if (interruptedBy) process.exit(130); // a second Ctrl-C: the user would rather not wait for the clean-up
    interruptedBy = signal;
    console.error(`\ndemo: ${signal}: stopping what the demo started…`);
    abort.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  let exitCode: number;
  try {
    exitCode = await demo(terminal, parsed.options, cleanup, abort.signal);
  } catch (error) {
    if (!interruptedBy) console.error(terminal.style.red(`demo: ${describeError(error, parsed.options.debug)}`));
    exitCode = 1;
  }
  const cleaned = await cleanup.run();
  const report = cleaned.length > 0 ? `Stopped and removed: ${cleaned.join('; ')}.` : undefined;
  if (interruptedBy) {
    if (report) console.error(`demo: ${report}`);
    return interruptedBy === 'SIGINT' ? 130 : 143;
  }
  if (report) terminal.line(terminal.style.dim(report));
  return exitCode;
}

/** The message says what to do (build, install); the stack only helps someone debugging the demo. */
function describeError(error: unknown, debug: boolean): string {
  if (!(error instanceof Error)) return String(error);
  return debug ? (error.stack ?? error.message) : error.message;
}

// Exit explicitly: the exit code is the action's, and no handle left by a library should hold the demo open.
process.exit(await main());
