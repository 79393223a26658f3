// A command given as one input: a JSON array of strings, or a shell-like line split the way a shell
// splits words (quotes keep spaces, a backslash escapes), never on every plain space inside quotes, so
// `sh -c "npm run migrate"` is three words. No variables, globs or operators are expanded: ECS runs the
// words as the container's command, exactly as written here. Pure.

import { ShellWordsError, splitShellWords } from './shell-words.js';

/** A command line that cannot be split; `problem` says why, in words that finish "expected …, but …". */
export class CommandLineError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'CommandLineError';
  }
}

/** The words of `text`; [] for an empty line. Throws CommandLineError for an unbalanced quote or a bad JSON array. */
export function parseCommandLine(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return parseJsonArray(trimmed);
  return splitWords(trimmed);
}

function parseJsonArray(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CommandLineError('it starts with `[` and is not valid JSON');
  }
  if (!Array.isArray(parsed) || !parsed.every((word): word is string => typeof word === 'string')) {
    throw new CommandLineError('its JSON array holds something other than strings');
  }
  return parsed;
}

// The one shell-like splitter of the project (also used by `command` and `entry-point`).
function splitWords(text: string): string[] {
  try {
    return splitShellWords(text);
  } catch (error) {
    if (error instanceof ShellWordsError) throw new CommandLineError(error.problem);
    throw error;
  }
}
