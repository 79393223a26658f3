// The pure readers of one input field each: the error every bad input raises, and the readers of
// optional values, lists, booleans, whole numbers, `NAME=value` pairs and names matching a pattern.
import type { InputName } from '../shared/constants.js';

export type { InputName };

/** Raw input by name, trimmed. */
export type ReadInput = (name: InputName) => string;

/** A bad input: the message names the input, what was given and the form expected, on one line. */
export class InputError extends Error {
  constructor(
    readonly input: InputName,
    given: string,
    expected: string,
  ) {
    super(`Input \`${input}\` ${given === '' ? 'is empty' : `was ${JSON.stringify(given)}`}; expected ${expected}.`);
    this.name = 'InputError';
  }
}

const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];

export function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/** Non-empty lines (or `separator`-separated items), trimmed, without `#` comments. */
export function lines(value: string, separator = /\n/): string[] {
  return value
    .split(separator)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function matching(read: ReadInput, name: InputName, pattern: RegExp, expected: string): string | undefined {
  const value = optional(read(name));
  if (value !== undefined && !pattern.test(value)) throw new InputError(name, value, expected);
  return value;
}

export function boolean(read: ReadInput, name: InputName, fallback: boolean): boolean {
  const value = read(name);
  if (value === '') return fallback;
  if (TRUE_WORDS.includes(value)) return true;
  if (FALSE_WORDS.includes(value)) return false;
  throw new InputError(name, value, '`true` or `false`');
}

export function wholeNumber(read: ReadInput, name: InputName, fallback: number, min: number, max: number, unit: string): number {
  const value = read(name);
  if (value === '') return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new InputError(name, value, `a whole number from ${min} to ${max} (${unit})`);
  }
  return number;
}

/** `NAME=value` lines split at the first `=` only, so values may hold `=` and spaces. */
export function pairs(read: ReadInput, name: InputName, keyPattern: RegExp, expected: string): [string, string][] {
  return lines(read(name)).map((line) => {
    const equals = line.indexOf('=');
    const key = equals < 0 ? line : line.slice(0, equals).trim();
    if (equals < 0 || !keyPattern.test(key)) throw new InputError(name, line, expected);
    return [key, line.slice(equals + 1)];
  });
}
