// The edits as the log and the job summary list them, one line per input given: what a reader of the
// run needs to see without diffing revisions. Secrets are listed as the ARNs they were given as: the
// inputs hold nothing else. Pure.
import { Input } from '../../shared/constants.js';
import type { NameValue, TaskDefinitionEdits } from './model.js';

export function describeEdits(edits: TaskDefinitionEdits, containerNames: readonly string[]): string[] {
  const where = containerNames.length > 0 ? ` (${containerNames.join(', ')})` : ' (the deployed container)';
  const { containers, task } = edits;
  const lines: string[] = [];
  const add = (input: string, value: string | undefined, scope = where): void => {
    if (value !== undefined && value !== '') lines.push(`${input}${scope}: ${value}`);
  };
  add(Input.environmentVariables, pairs(containers.environment));
  add(Input.envFiles, containers.environmentFiles.join(', '));
  add(Input.secrets, pairs(containers.secrets));
  add(Input.command, containers.command && JSON.stringify(containers.command));
  add(Input.entryPoint, containers.entryPoint && JSON.stringify(containers.entryPoint));
  add(Input.dockerLabels, pairs(containers.dockerLabels));
  add(Input.logConfigurationLogDriver, containers.logDriver);
  add(Input.logConfigurationOptions, pairs(containers.logOptions));
  add(Input.images, pairs(edits.images), '');
  add(Input.taskRoleArn, task.taskRoleArn, '');
  add(Input.executionRoleArn, task.executionRoleArn, '');
  add(Input.cpu, task.cpu, '');
  add(Input.memory, task.memory, '');
  return lines;
}

function pairs(entries: readonly NameValue[]): string {
  return entries.map(([name, value]) => `${name}=${value}`).join(', ');
}
