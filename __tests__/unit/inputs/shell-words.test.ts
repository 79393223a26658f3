import { describe, expect, test } from '@jest/globals';
import { ShellWordsError, splitShellWords } from '../../../src/inputs/shell-words.js';

describe('splitShellWords splits as a POSIX shell would, expanding nothing', () => {
  test.each<[string, string, string[]]>([
    ['plain words on blanks', 'node server.js --port 8080', ['node', 'server.js', '--port', '8080']],
    ['runs of blanks, tabs and newlines as one separator', '  a \t b\n c  ', ['a', 'b', 'c']],
    ['double quotes keep a word together', 'sh -c "echo hello world"', ['sh', '-c', 'echo hello world']],
    ['single quotes keep a word together', "sh -c 'echo $HOME'", ['sh', '-c', 'echo $HOME']],
    ['quoted and unquoted parts next to each other as one word', '--name="a b"c', ['--name=a bc']],
    ['an empty pair of quotes as an empty word', 'printf "" x', ['printf', '', 'x']],
    ['an empty single-quoted word at the end', "a ''", ['a', '']],
    ['a single quote inside double quotes', `echo "it's"`, ['echo', "it's"]],
    ['a double quote inside single quotes', `echo 'say "hi"'`, ['echo', 'say "hi"']],
    ['backslash-escaped blanks outside quotes', 'ls my\\ file', ['ls', 'my file']],
    ['backslash-escaped quote outside quotes', 'echo \\"x\\"', ['echo', '"x"']],
    ['in double quotes, a backslash escapes only $ ` " \\', 'echo "a\\"b \\$c \\\\ \\n"', ['echo', 'a"b $c \\ \\n']],
    ['in single quotes, a backslash is literal', "echo 'a\\b'", ['echo', 'a\\b']],
    ['a backslash-newline joins the lines', 'node \\\nserver.js', ['node', 'server.js']],
    ['a backslash-newline inside a word joins it', 'ser\\\nver', ['server']],
    ['an empty quoted word before a backslash-newline stays', "'' \\\nx", ['', 'x']],
    ['shell operators and variables kept as written', 'a && b | c $X *', ['a', '&&', 'b', '|', 'c', '$X', '*']],
    ['= inside words kept', 'env A=1 B==2', ['env', 'A=1', 'B==2']],
    ['nothing but blanks', '   ', []],
    ['unicode kept', 'echo "héllo wörld"', ['echo', 'héllo wörld']],
  ])('%s', (_name, line, words) => {
    expect(splitShellWords(line)).toEqual(words);
  });

  test.each<[string, string, RegExp]>([
    ['an unclosed double quote', 'sh -c "echo hi', /double quote at character 7 is never closed/],
    ['an unclosed single quote', "echo 'hi", /single quote at character 6 is never closed/],
    ['a double quote whose last character is an escaping backslash', 'echo "hi\\', /double quote at character 6 is never closed/],
    ['a trailing backslash', 'echo hi\\', /ends with a backslash that escapes nothing/],
  ])('refuses %s', (_name, line, problem) => {
    expect(() => splitShellWords(line)).toThrow(ShellWordsError);
    expect(() => splitShellWords(line)).toThrow(problem);
  });
});
