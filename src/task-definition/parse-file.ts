// Reads a task definition file (plain, or the output of describe-task-definition) into a definition
// and its tags, with one-line errors naming the file. Pure.
import type { Tag } from '@aws-sdk/client-ecs';
import { isRecord, type JsonRecord, type TaskDefinitionSource } from './model.js';

/** A task definition file that cannot be registered as it is; `problem` completes "the file …". */
export class TaskDefinitionFileError extends Error {
  constructor(
    path: string,
    readonly problem: string,
  ) {
    super(`Task definition file ${path} ${problem}.`);
    this.name = 'TaskDefinitionFileError';
  }
}

/**
 * Reads a task definition file: either a plain definition (as `register-task-definition
 * --cli-input-json` takes it, `tags` included) or the output of `aws ecs describe-task-definition`
 * (`{ "taskDefinition": {...}, "tags": [...] }`). Errors are one line naming the file.
 */
export function parseTaskDefinitionFile(text: string, path: string): TaskDefinitionSource {
  const fail = (problem: string): never => {
    throw new TaskDefinitionFileError(path, problem);
  };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`is not valid JSON: ${jsonErrorWithLocation(error, text)}`);
  }
  if (!isRecord(parsed)) {
    return fail(`must hold a JSON object (a task definition, or the output of aws ecs describe-task-definition), found ${kindOf(parsed)}`);
  }

  const described = isRecord(parsed['taskDefinition']);
  const definition: JsonRecord = described ? (parsed['taskDefinition'] as JsonRecord) : parsed;
  const where = described ? ' in taskDefinition' : '';
  const rawTags = described ? parsed['tags'] : definition['tags'];

  const containers = definition['containerDefinitions'];
  if (!Array.isArray(containers) || containers.length === 0) {
    return fail(`has no containerDefinitions${where} (a non-empty array of containers is required)`);
  }
  containers.forEach((container: unknown, index) => {
    if (!isRecord(container)) fail(`has containerDefinitions[${index}] that is ${kindOf(container)}, not an object`);
    else if (typeof container['name'] !== 'string' || container['name'] === '') fail(`has containerDefinitions[${index}] without a name`);
  });
  if (typeof definition['family'] !== 'string' || definition['family'] === '') {
    return fail(`has no family${where} (RegisterTaskDefinition needs one)`);
  }

  const tags = rawTags ?? [];
  if (!Array.isArray(tags) || !tags.every((tag: unknown) => isRecord(tag) && typeof tag['key'] === 'string')) {
    return fail('has tags that are not a list of {"key": ..., "value": ...} objects');
  }

  const { tags: _tagsInsideDefinition, ...withoutTags } = definition;
  // Shape checked above for the fields this module relies on; the rest is carried as it came.
  return { taskDefinition: withoutTags, tags: tags as Tag[] };
}

function jsonErrorWithLocation(error: unknown, text: string): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || /\(line \d+/.test(message)) return message;
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(position));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
