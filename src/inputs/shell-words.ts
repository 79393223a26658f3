// Splits a command line into words the way a POSIX shell would before running it, without running
// anything: quotes keep words together, nothing is expanded. The render action split `command` on
// every space, so `sh -c "echo hi"` became four words (docs/anchors.md). Pure.
//
// The rules (POSIX "Quoting"): outside quotes, blanks separate words and a backslash keeps the next
// character as it is (a backslash before a newline joins the lines); inside single quotes every
// character is literal; inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a
// newline, and is kept before anything else. Quoted and unquoted parts next to each other make one
// word (`--name="a b"` is `--name=a b`); `""` is an empty word. `$`, `*`, `|`, `;` and the like are
// kept as written: ECS runs the words without a shell, so they mean nothing special there either.

/** Why a command line cannot be split: an unclosed quote or a trailing backslash. */
export class ShellWordsError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'ShellWordsError';
  }
}

const BLANK = /[ \t\n\r]/;
/** What a backslash escapes inside double quotes; before anything else it stays a backslash. */
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['$', '`', '"', '\\', '\n']);

export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  // A word may be empty (`""`) yet exist: track that apart from its text.
  let inWord = false;
  let index = 0;
  const next = (): string | undefined => line[index++];

  while (index < line.length) {
    const char = next() ?? '';
    if (BLANK.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (char === '\\') {
      const escaped = next();
      if (escaped === undefined) throw new ShellWordsError('it ends with a backslash that escapes nothing');
      // A backslash-newline continues the line: neither character is part of a word, nor starts one.
      if (escaped !== '\n') {
        word += escaped;
        inWord = true;
      }
      continue;
    }
    inWord = true;
    if (char === "'") {
      const end = line.indexOf("'", index);
      if (end < 0) throw new ShellWordsError(`the single quote at character ${index} is never closed`);
      word += line.slice(index, end);
      index = end + 1;
      continue;
    }
    if (char === '"') {
      const opened = index;
      for (;;) {
        const inner = next();
        if (inner === undefined) throw new ShellWordsError(`the double quote at character ${opened} is never closed`);
        if (inner === '"') break;
        if (inner === '\\') {
          const escaped = next();
          if (escaped === undefined) throw new ShellWordsError(`the double quote at character ${opened} is never closed`);
          if (escaped === '\n') continue;
          word += ESCAPABLE_IN_DOUBLE_QUOTES.has(escaped) ? escaped : `\\${escaped}`;
          continue;
        }
        word += inner;
      }
      continue;
    }
    word += char;
  }
  if (inWord) words.push(word);
  return words;
}
