// A command given as one input: a JSON array of strings, or a shell-like line split the way a shell
// splits words (quotes keep spaces, a backslash escapes), never on every plain space inside quotes, so
// `sh -c "npm run migrate"` is three words. No variables, globs or operators are expanded: ECS runs the
// words as the container's command, exactly as written here. Pure.

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

// In double quotes a backslash escapes only these, as in a POSIX shell; elsewhere it is kept.
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['"', '\\', '$', '`']);

function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  // A word exists once anything was written to it, even an empty pair of quotes ("" is one empty word).
  let inWord = false;
  let index = 0;
  const next = (): string | undefined => text[index++];
  while (index < text.length) {
    const char = next() ?? '';
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    // A backslash before a line break joins the lines, as in a shell.
    if (char === '\\' && text[index] === '\n') {
      index += 1;
      continue;
    }
    inWord = true;
    if (char === "'") {
      const end = text.indexOf("'", index);
      if (end < 0) throw new CommandLineError('a single quote is never closed');
      word += text.slice(index, end);
      index = end + 1;
    } else if (char === '"') {
      for (;;) {
        const inner = next();
        if (inner === undefined) throw new CommandLineError('a double quote is never closed');
        if (inner === '"') break;
        const escaped = text[index];
        if (inner === '\\' && escaped !== undefined && ESCAPABLE_IN_DOUBLE_QUOTES.has(escaped)) {
          word += escaped;
          index += 1;
        } else {
          word += inner;
        }
      }
    } else if (char === '\\') {
      const escaped = next();
      if (escaped === undefined) throw new CommandLineError('it ends with a lone backslash');
      word += escaped;
    } else {
      word += char;
    }
  }
  if (inWord) words.push(word);
  return words;
}
