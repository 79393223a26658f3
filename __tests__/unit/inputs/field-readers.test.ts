import { describe, expect, test } from '@jest/globals';
import {
  boolean,
  InputError,
  lines,
  matching,
  optional,
  pairs,
  wholeNumber,
  type InputName,
  type ReadInput,
} from '../../../src/inputs/field-readers.js';

/** A reader that gives `value` for every input. */
const given =
  (value: string): ReadInput =>
  () =>
    value;

function errorOf(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('the reader accepted the value');
}

describe('InputError', () => {
  test.each([
    ['dry-run', 'on', '`true` or `false`', 'Input `dry-run` was "on"; expected `true` or `false`.'],
    ['service', '', 'a service', 'Input `service` is empty; expected a service.'],
    ['labels', 'say "hi"', '`key=value`', 'Input `labels` was "say \\"hi\\""; expected `key=value`.'],
  ] as [InputName, string, string, string][])('%s with %j reads %j', (input, value, expected, message) => {
    const error = new InputError(input, value, expected);
    expect(error.message).toBe(message);
    expect(error.input).toBe(input);
    expect(error.name).toBe('InputError');
  });
});

describe('optional', () => {
  test.each([
    ['', undefined],
    ['x', 'x'],
  ])('%j → %j', (value, expected) => {
    expect(optional(value)).toBe(expected);
  });
});

describe('lines', () => {
  test.each([
    ['', /\n/, []],
    ['a\n\n  b  \n# comment\nc', /\n/, ['a', 'b', 'c']],
    ['a, b\nc,,d', /[\n,]/, ['a', 'b', 'c', 'd']],
    ['a, b', /\n/, ['a, b']],
  ])('%j split at %s → %j', (value, separator, expected) => {
    expect(lines(value, separator)).toEqual(expected);
  });
});

describe('boolean', () => {
  test.each([
    ['', true, true],
    ['', false, false],
    ['true', false, true],
    ['True', false, true],
    ['TRUE', false, true],
    ['false', true, false],
    ['False', true, false],
    ['FALSE', true, false],
  ])('%j with fallback %s → %s', (value, fallback, expected) => {
    expect(boolean(given(value), 'dry-run', fallback)).toBe(expected);
  });

  test.each(['yes', '1', 'on', 'tRUE', 'ture'])('refuses %j', (value) => {
    expect(errorOf(() => boolean(given(value), 'dry-run', false)).message).toBe(
      `Input \`dry-run\` was "${value}"; expected \`true\` or \`false\`.`,
    );
  });
});

describe('wholeNumber', () => {
  test.each([
    ['', 30],
    ['1', 1],
    ['720', 720],
    ['007', 7],
  ])('%j → %d', (value, expected) => {
    expect(wholeNumber(given(value), 'wait-for-minutes', 30, 1, 720, 'minutes')).toBe(expected);
  });

  test.each(['0', '721', '1.5', '-1', '1e2', ' 5', 'x', '99999999999999999999'])('refuses %j', (value) => {
    expect(errorOf(() => wholeNumber(given(value), 'wait-for-minutes', 30, 1, 720, 'minutes')).message).toBe(
      `Input \`wait-for-minutes\` was "${value}"; expected a whole number from 1 to 720 (minutes).`,
    );
  });
});

describe('matching', () => {
  test.each([
    ['', undefined],
    ['runtime', 'runtime'],
  ])('%j → %j', (value, expected) => {
    expect(matching(given(value), 'target', /^[a-z]+$/, 'a stage')).toBe(expected);
  });

  test('refuses a value the pattern does not match', () => {
    expect(errorOf(() => matching(given('-x'), 'target', /^[a-z]+$/, 'a stage')).message).toBe(
      'Input `target` was "-x"; expected a stage.',
    );
  });
});

describe('pairs', () => {
  const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

  test.each([
    ['', []],
    ['A=1', [['A', '1']]],
    [
      'QUERY=a=b&c=d e\n# comment\n  SPACED = value ',
      [
        ['QUERY', 'a=b&c=d e'],
        ['SPACED', ' value'],
      ],
    ],
    ['EMPTY=', [['EMPTY', '']]],
  ])('%j → %j', (value, expected) => {
    expect(pairs(given(value), 'build-args', NAME, '`NAME=value`')).toEqual(expected);
  });

  test.each(['JUST_A_NAME', '=value', '1X=2', 'A B=1'])('refuses the line %j', (line) => {
    expect(errorOf(() => pairs(given(line), 'build-args', NAME, '`NAME=value`')).message).toBe(
      `Input \`build-args\` was ${JSON.stringify(line)}; expected \`NAME=value\`.`,
    );
  });
});
