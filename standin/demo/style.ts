// ANSI styling for the demo's terminal output. Colour only when a person is watching (stdout is a TTY
// and NO_COLOR is unset), so piped or redirected output stays plain text.

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const ANSI: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  green: wrap(32, 39),
};

const identity = (text: string): string => text;
const PLAIN: Style = { bold: identity, dim: identity, red: identity, yellow: identity, cyan: identity, green: identity };

export function createStyle(colour: boolean): Style {
  return colour ? ANSI : PLAIN;
}

export function wantsColour(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && env['NO_COLOR'] === undefined;
}

// eslint-disable-next-line no-control-regex -- ESC is what starts the sequences this matches.
const ANSI_SEQUENCE = /\u001b\[[0-9;]*m/g;

/** Removes ANSI escape sequences (to measure styled text, and for tests). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}
