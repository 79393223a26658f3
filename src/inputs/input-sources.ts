// Where the inputs come from: the runner's inputs and environment, and the files they name. Kept apart
// from the readers so the tests drive every reader with tables and no mocks.
import * as path from 'node:path';
import { Input } from '../shared/constants.js';
import { InputError, optional, type InputName, type ReadInput } from './field-readers.js';

export interface InputSources {
  /** Raw input as the runner gives it (trimmed by the caller or not; this module trims). */
  getInput(name: InputName): string;
  /** The runner's environment (GITHUB_*, RUNNER_TEMP). */
  env: Readonly<Record<string, string | undefined>>;
  isFile(absolutePath: string): boolean;
  isDirectory(absolutePath: string): boolean;
  /** Text of a file that `isFile` confirmed (the task definition). */
  readFile(absolutePath: string): string;
  /**
   * The YAML parser for `codedeploy-appspec`, given only when that input is: the caller loads the yaml package
   * for it (`await import('yaml')`), so a run without an AppSpec file never parses the package.
   */
  parseYaml?: (text: string) => unknown;
}

/** An optional file input, resolved from the workspace; a path that is not a file is an input error. */
export function optionalFile(read: ReadInput, name: InputName, sources: InputSources, workspace: string): string | undefined {
  const value = optional(read(name));
  if (value === undefined) return undefined;
  const absolute = path.resolve(workspace, value);
  if (!sources.isFile(absolute)) {
    const orRevision = name === Input.taskDefinition ? ', or an existing revision such as `my-app:7` or its ARN' : '';
    throw new InputError(name, value, `the path of a file that exists (looked for ${absolute})${orRevision}`);
  }
  return absolute;
}
