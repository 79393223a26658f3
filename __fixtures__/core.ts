// Typed stand-ins for @actions/core, loaded with jest.unstable_mockModule before the module under
// test is imported. `logged()` gathers every string the code tried to print, for secret checks.
import { jest } from '@jest/globals';
import type * as core from '@actions/core';

export const debug = jest.fn<typeof core.debug>();
export const info = jest.fn<typeof core.info>();
export const notice = jest.fn<typeof core.notice>();
export const warning = jest.fn<typeof core.warning>();
export const error = jest.fn<typeof core.error>();
export const setFailed = jest.fn<typeof core.setFailed>();
export const setOutput = jest.fn<typeof core.setOutput>();
export const setSecret = jest.fn<typeof core.setSecret>();
export const exportVariable = jest.fn<typeof core.exportVariable>();
export const saveState = jest.fn<typeof core.saveState>();
export const getState = jest.fn<typeof core.getState>().mockReturnValue('');
export const getInput = jest.fn<typeof core.getInput>().mockReturnValue('');
export const getIDToken = jest.fn<typeof core.getIDToken>();
export const startGroup = jest.fn<typeof core.startGroup>();
export const endGroup = jest.fn<typeof core.endGroup>();
export const group = jest.fn(async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn());
export const isDebug = jest.fn<typeof core.isDebug>().mockReturnValue(false);

/** An argument as text; annotation properties as JSON, so a secret in an annotation's title is still seen. */
function loggedText(argument: string | Error | core.AnnotationProperties | undefined): string {
  if (argument instanceof Error) return argument.message;
  if (typeof argument === 'object') return JSON.stringify(argument);
  return String(argument);
}

/** Every string passed to a logging function so far, one entry per call. */
export function logged(): string[] {
  const calls = [debug, info, notice, warning, error, setFailed, startGroup].flatMap((fn) =>
    fn.mock.calls.map((call) => call.map(loggedText).join(' ')),
  );
  return calls;
}
