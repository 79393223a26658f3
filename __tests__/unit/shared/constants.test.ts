// action.yml is the published contract: the names and defaults the code uses must be the ones it declares.
// Every expected value here is read from action.yml, never from src.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { Input, InputDefault, Output } from '../../../src/shared/constants.js';

interface ActionSpec {
  readonly required?: boolean;
  readonly default?: string | number | boolean;
}

interface ActionYaml {
  readonly inputs: Readonly<Record<string, ActionSpec>>;
  readonly outputs: Readonly<Record<string, ActionSpec>>;
}

const action = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'action.yml'), 'utf8')) as ActionYaml;

/**
 * The runner hands every input over as text; the code reads `true`/`false` as booleans and digits as whole
 * numbers, so that is the form its default must have.
 */
function asTheCodeReadsIt(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  return /^\d+$/.test(text) ? Number(text) : text;
}

const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe('constants.ts against action.yml', () => {
  test('Input names every input action.yml declares, and no other', () => {
    expect(sorted(Object.values(Input))).toEqual(sorted(Object.keys(action.inputs)));
  });

  test('Output names every output action.yml declares, and no other', () => {
    expect(sorted(Object.values(Output))).toEqual(sorted(Object.keys(action.outputs)));
  });

  test('InputDefault gives exactly the inputs with a default in action.yml that default, in the type the code reads', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs).flatMap(([name, spec]) =>
        spec.default === undefined ? [] : [[name, asTheCodeReadsIt(String(spec.default))] as const],
      ),
    );
    expect(Object.keys(declared)).not.toHaveLength(0);
    expect(InputDefault).toEqual(declared);
  });

  test('required inputs have a default neither in action.yml nor in the code', () => {
    const required = Object.entries(action.inputs).flatMap(([name, spec]) => (spec.required === true ? [name] : []));
    expect(required).not.toHaveLength(0);
    const requiredWithDefault = required.filter((name) => action.inputs[name]?.default !== undefined || Object.hasOwn(InputDefault, name));
    expect(requiredWithDefault).toEqual([]);
  });
});
