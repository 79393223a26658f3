// Renders a step's raw output the way the Actions log page shows it: workflow commands
// (`::group::`, `::error::`, …) become headers and annotations instead of text, registered secrets
// are masked, and the runner-internal commands disappear. Lines are handled whole, per stream, as the
// runner does, because a chunk can end in the middle of a line (or of a command).
import type { Style } from './style.js';

/** Values registered with `::add-mask::`, replaced by `***` in everything printed afterwards. */
export interface Masker {
  add(value: string): void;
  apply(text: string): string;
}

export function createMasker(): Masker {
  const values = new Set<string>();
  return {
    add(value) {
      if (value.trim() !== '') values.add(value);
    },
    apply(text) {
      // Longest first, so a secret containing another is not left half-visible.
      let masked = text;
      for (const value of [...values].sort((a, b) => b.length - a.length)) masked = masked.split(value).join('***');
      return masked;
    },
  };
}

export interface WorkflowCommand {
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly message: string;
}

/** `::name key=value,key=value::message` with the runner's escaping undone; undefined for plain text. */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const match = /^\s*::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) return undefined;
  const [, name = '', rawProperties = '', message = ''] = match;
  const properties: Record<string, string> = {};
  for (const pair of rawProperties.split(',')) {
    const equals = pair.indexOf('=');
    if (equals > 0) properties[pair.slice(0, equals).trim()] = unescapeProperty(pair.slice(equals + 1));
  }
  return { name: name.toLowerCase(), properties, message: unescapeData(message) };
}

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
}

/** Commands the runner consumes without printing anything (files replaced most of them). */
const SILENT = new Set([
  'endgroup',
  'add-mask',
  'echo',
  'save-state',
  'set-output',
  'set-env',
  'add-path',
  'add-matcher',
  'remove-matcher',
]);

const ANNOTATIONS: Readonly<Record<string, { label: string; colour: keyof Pick<Style, 'red' | 'yellow' | 'cyan'> }>> = {
  error: { label: 'Error', colour: 'red' },
  warning: { label: 'Warning', colour: 'yellow' },
  notice: { label: 'Notice', colour: 'cyan' },
};

export interface WorkflowLogOptions {
  readonly style: Style;
  readonly masker: Masker;
  /** Actions hides `::debug::` lines unless step debug logging is on. */
  readonly showDebug: boolean;
  readonly write: (text: string) => void;
}

export interface WorkflowLog {
  /** Feeds a chunk of one stream of the step; complete lines are printed at once. */
  write(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** Prints unfinished lines and closes the open group: the step is over. */
  endStep(): void;
}

export function createWorkflowLog(options: WorkflowLogOptions): WorkflowLog {
  const { style, masker } = options;
  const pending = { stdout: '', stderr: '' };
  let inGroup = false;
  // `::stop-commands::TOKEN` prints everything verbatim until `::TOKEN::`.
  let resumeToken: string | undefined;

  const print = (text: string, indentable = true): void => {
    const indent = indentable && inGroup ? '  ' : '';
    for (const line of masker.apply(text).split('\n')) options.write(`${indent}${line}\n`);
  };

  const renderLine = (line: string): void => {
    if (resumeToken !== undefined) {
      if (line.trim() === `::${resumeToken}::`) resumeToken = undefined;
      else print(line);
      return;
    }
    const command = parseWorkflowCommand(line);
    if (!command) {
      print(line.startsWith('[command]') ? style.cyan(line.slice('[command]'.length)) : line);
      return;
    }
    renderCommand(command, line);
  };

  const renderCommand = (command: WorkflowCommand, line: string): void => {
    const annotation = ANNOTATIONS[command.name];
    if (annotation) {
      const [first = '', ...rest] = command.message.split('\n');
      const continuation = ' '.repeat(annotation.label.length + 2);
      const text = [`${annotation.label}: ${first}`, ...rest.map((part) => `${continuation}${part}`)].join('\n');
      print(style[annotation.colour](text));
    } else if (command.name === 'group') {
      inGroup = false;
      print(style.bold(`▶ ${command.message}`));
      inGroup = true;
    } else if (command.name === 'endgroup') {
      inGroup = false;
    } else if (command.name === 'add-mask') {
      masker.add(command.message);
    } else if (command.name === 'debug') {
      if (options.showDebug) print(style.dim(`Debug: ${command.message}`));
    } else if (command.name === 'stop-commands') {
      resumeToken = command.message;
    } else if (!SILENT.has(command.name)) {
      // The runner prints what it does not know as text.
      print(line);
    }
  };

  return {
    write(chunk, stream) {
      const lines = (pending[stream] + chunk).split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) renderLine(line.replace(/\r$/, ''));
    },
    endStep() {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (pending[stream] !== '') renderLine(pending[stream]);
        pending[stream] = '';
      }
      inGroup = false;
      resumeToken = undefined;
    },
  };
}
