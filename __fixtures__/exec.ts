// Typed stand-ins for @actions/exec, loaded with jest.unstable_mockModule before the module under test
// is imported. Each test decides what the "engine" answers with mockResolvedValue / mockImplementation.
import { jest } from '@jest/globals';
import type * as execModule from '@actions/exec';

export const exec = jest.fn<typeof execModule.exec>().mockResolvedValue(0);
export const getExecOutput = jest.fn<typeof execModule.getExecOutput>().mockResolvedValue({ exitCode: 0, stdout: '', stderr: '' });

/** An ExecOutput with defaults, for mockResolvedValue. */
export function output(exitCode: number, stdout = '', stderr = ''): execModule.ExecOutput {
  return { exitCode, stdout, stderr };
}
