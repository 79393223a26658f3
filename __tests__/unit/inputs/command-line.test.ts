import { describe, expect, test } from '@jest/globals';
import { CommandLineError, parseCommandLine } from '../../../src/inputs/command-line.js';

describe('parseCommandLine splits a command as a shell splits words', () => {
  test.each<[string, string, string[]]>([
    ['an empty line', '', []],
    ['only spaces', '   \n ', []],
    ['plain words', 'npm run migrate', ['npm', 'run', 'migrate']],
    ['runs of spaces, tabs and line breaks', '  npm\trun \n migrate  ', ['npm', 'run', 'migrate']],
    ['double quotes keep spaces together', 'sh -c "npm run migrate && echo done"', ['sh', '-c', 'npm run migrate && echo done']],
    ['single quotes keep everything literally', `echo 'a "b" \\n $HOME'`, ['echo', 'a "b" \\n $HOME']],
    ['quotes inside a word join it', '--name="my app" x', ['--name=my app', 'x']],
    ['adjacent quoted parts are one word', `'a b'"c d"e`, ['a bc de']],
    ['an empty pair of quotes is an empty word', `prog "" ''`, ['prog', '', '']],
    ['a backslash escapes a space outside quotes', 'touch my\\ file', ['touch', 'my file']],
    ['a backslash escapes a quote outside quotes', `echo \\"hi\\"`, ['echo', '"hi"']],
    ['in double quotes a backslash escapes only " \\ $ and `', `echo "a\\"b \\\\ \\$x \\n"`, ['echo', 'a"b \\ $x \\n']],
    ['a backslash before a line break joins the lines', 'npm run \\\nmigrate', ['npm', 'run', 'migrate']],
    ['`=` and `$` are left as written', 'env A=b=c $HOME', ['env', 'A=b=c', '$HOME']],
    ['a JSON array is taken as it is', '["sh", "-c", "npm run migrate"]', ['sh', '-c', 'npm run migrate']],
    ['a JSON array with spaces around it', '  ["./migrate", "--to", "latest"]\n', ['./migrate', '--to', 'latest']],
    ['an empty JSON array', '[]', []],
  ])('%s', (_name, text, words) => {
    expect(parseCommandLine(text)).toEqual(words);
  });
});

describe('parseCommandLine refuses what it cannot split, saying why', () => {
  test.each<[string, string, string]>([
    ['an unclosed double quote', 'sh -c "npm run migrate', 'the double quote at character 7 is never closed'],
    ['an unclosed single quote', "echo 'oops", 'the single quote at character 6 is never closed'],
    ['a lone backslash at the end', 'echo \\', 'it ends with a backslash that escapes nothing'],
    ['broken JSON', '["sh", "-c"', 'it starts with `[` and is not valid JSON'],
    ['a JSON array of numbers', '["sleep", 5]', 'its JSON array holds something other than strings'],
    ['a JSON object in an array', '[{"cmd": "x"}]', 'its JSON array holds something other than strings'],
  ])('%s', (_name, text, problem) => {
    expect(() => parseCommandLine(text)).toThrow(new CommandLineError(problem));
  });
});
