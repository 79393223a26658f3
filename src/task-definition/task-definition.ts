// Turns a described (or hand-written) task definition into the input of RegisterTaskDefinition. Pure.
// The official render action rebuilds the definition from the fields it knows, so every field it does
// not know (service-managed EBS, newer settings) and the revision's tags are silently lost (see
// docs/anchors.md). Here the definition is copied generically: only the read-only fields ECS adds are
// dropped, only the chosen container's image changes, and nothing that was absent gets added.
import type { ContainerDefinition, RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs';

/**
 * A task definition as described or written by hand. At run time it may carry fields newer than the
 * SDK's model; they are kept because every function here works on the object's own keys.
 */
export type TaskDefinitionLike = TaskDefinition;

/** A definition and the tags of its revision (DescribeTaskDefinition with include TAGS). */
export interface TaskDefinitionSource {
  readonly taskDefinition: TaskDefinitionLike;
  readonly tags: Tag[];
}

export type NamedContainer = ContainerDefinition & { readonly name: string };

/** Fields ECS sets on a registered revision; RegisterTaskDefinition rejects or ignores them. */
export const READ_ONLY_FIELDS: readonly string[] = Object.freeze([
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  // Set while a deregistered revision awaits deletion; as read-only as the others.
  'deleteRequestedAt',
]);

type JsonRecord = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// Reading a file

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

// ---------------------------------------------------------------------------------------------------
// Choosing the container

export interface ContainerSelector {
  readonly containerName?: string | undefined;
  /** `host/path` or just the repository path (`my-org/my-app`); a tag or digest on it is ignored. */
  readonly repositoryUri?: string | undefined;
}

/**
 * The name of the container whose image we replace: the named one, else the only one whose image comes
 * from the repository; with no repository to match (none known), the only container there is. Anything
 * ambiguous is an error asking for `container-name`.
 */
export function selectContainer(definition: TaskDefinitionLike, selector: ContainerSelector): string {
  const containers = namedContainers(definition);
  const { containerName, repositoryUri } = selector;

  if (containerName !== undefined && containerName !== '') {
    const found = containers.find((container) => container.name === containerName);
    if (found === undefined) {
      throw new Error(
        `The task definition ${familyOf(definition)} has no container named "${containerName}"; its containers are ${listNames(containers)}. Set container-name to one of them.`,
      );
    }
    return found.name;
  }

  if (repositoryUri === undefined || repositoryUri === '') {
    const only = containers.length === 1 ? containers[0] : undefined;
    if (only !== undefined) return only.name;
    throw new Error(
      `The task definition ${familyOf(definition)} has ${containers.length} containers (${listImages(containers)}); set container-name to the one whose image should change.`,
    );
  }

  const wanted = parseRepository(repositoryUri);
  const matching = containers.filter(
    (container) => container.image !== undefined && sameRepository(parseRepository(container.image), wanted),
  );
  const [first, ...others] = matching;
  if (first !== undefined && others.length === 0) return first.name;
  const problem =
    first === undefined
      ? `no container of the task definition ${familyOf(definition)} uses an image from ${repositoryUri}`
      : `${matching.length} containers of the task definition ${familyOf(definition)} use images from ${repositoryUri}`;
  throw new Error(
    `${capitalise(problem)} (containers: ${listImages(containers)}); set container-name to the one whose image should change.`,
  );
}

function namedContainers(definition: TaskDefinitionLike): NamedContainer[] {
  return (definition.containerDefinitions ?? []).filter(
    (container): container is NamedContainer => typeof container.name === 'string' && container.name !== '',
  );
}

interface RepositoryReference {
  /** Lower-cased registry host (with port), or undefined when the reference names none. */
  readonly host: string | undefined;
  readonly path: string;
}

/** Splits `host:port/path:tag@digest` the way image references are read: the first part is a host when it has a `.` or `:` or is localhost. */
function parseRepository(reference: string): RepositoryReference {
  const withoutDigest = reference.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const tagColon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = tagColon === -1 ? withoutDigest : withoutDigest.slice(0, tagColon);
  const firstSlash = name.indexOf('/');
  const first = firstSlash === -1 ? '' : name.slice(0, firstSlash);
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { host: first.toLowerCase(), path: name.slice(firstSlash + 1) };
  }
  return { host: undefined, path: name };
}

function sameRepository(image: RepositoryReference, wanted: RepositoryReference): boolean {
  if (image.path !== wanted.path) return false;
  return wanted.host === undefined || image.host === wanted.host;
}

function listNames(containers: readonly NamedContainer[]): string {
  return containers.map((container) => container.name).join(', ');
}

function listImages(containers: readonly NamedContainer[]): string {
  return containers.map((container) => `${container.name} → ${container.image ?? '(no image)'}`).join(', ');
}

function familyOf(definition: TaskDefinitionLike): string {
  return definition.family ?? '(without family)';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------------
// Rendering

export interface ImageChange {
  readonly containerName: string;
  readonly image: string;
}

/**
 * The RegisterTaskDefinition input for `source` with one container's image replaced. Every field of the
 * definition is kept, known to this code or not, except the read-only ones; tags are passed back when
 * there are any. The input is never modified.
 */
export function renderTaskDefinition(
  source: { readonly taskDefinition: TaskDefinitionLike; readonly tags?: readonly Tag[] | undefined },
  change: ImageChange,
): RegisterTaskDefinitionCommandInput {
  const rendered = registrableCopy(source.taskDefinition);

  const containers = rendered['containerDefinitions'];
  if (!Array.isArray(containers)) throw new Error(`The task definition ${familyOf(source.taskDefinition)} has no containerDefinitions.`);
  if (typeof rendered['family'] !== 'string' || rendered['family'] === '') throw new Error('The task definition has no family.');
  const index = containers.findIndex((container: unknown) => isRecord(container) && container['name'] === change.containerName);
  if (index === -1) {
    throw new Error(
      `The task definition ${familyOf(source.taskDefinition)} has no container named "${change.containerName}"; its containers are ${listNames(namedContainers(source.taskDefinition))}.`,
    );
  }
  containers[index] = { ...(containers[index] as JsonRecord), image: change.image };

  const tags = source.tags !== undefined && source.tags.length > 0 ? structuredClone([...source.tags]) : rendered['tags'];
  delete rendered['tags'];
  if (Array.isArray(tags) && tags.length > 0) rendered['tags'] = tags;

  // Checked above: family is a string and containerDefinitions an array; the rest is carried as it came.
  return rendered as unknown as RegisterTaskDefinitionCommandInput;
}

/** A deep copy of the definition without the read-only fields. */
function registrableCopy(definition: object): JsonRecord {
  const copy: JsonRecord = {};
  for (const [key, value] of Object.entries(definition)) {
    if (READ_ONLY_FIELDS.includes(key) || value === undefined) continue;
    copy[key] = structuredClone(value);
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------------
// Diff for dry runs

/** Keys that identify an element of a list of objects, in order of preference. */
const IDENTITY_KEYS = ['name', 'key', 'containerName', 'deviceName', 'sourceVolume', 'containerPath'];

/**
 * What registering `after` would change compared with `before`, one readable line per difference:
 * `~ containerDefinitions[app].image: old → new`, `+ path: value`, `- path: value`. Read-only fields
 * are ignored, so a described revision can be compared with a rendered input.
 */
export function diffTaskDefinitions(before: object, after: object): string[] {
  const lines: string[] = [];
  diffValue('', registrableCopy(before), registrableCopy(after), lines);
  return lines;
}

function diffValue(path: string, before: unknown, after: unknown, lines: string[]): void {
  if (deepEqual(before, after)) return;
  if (before === undefined) {
    lines.push(`+ ${path}: ${formatValue(after)}`);
    return;
  }
  if (after === undefined) {
    lines.push(`- ${path}: ${formatValue(before)}`);
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !(key in before))];
    for (const key of keys) diffValue(path === '' ? key : `${path}.${key}`, before[key], after[key], lines);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffArray(path, before, after, lines);
    return;
  }
  lines.push(`~ ${path}: ${formatValue(before)} → ${formatValue(after)}`);
}

function diffArray(path: string, before: readonly unknown[], after: readonly unknown[], lines: string[]): void {
  const identity = IDENTITY_KEYS.find((key) => identifiesAll(before, key) && identifiesAll(after, key));
  if (identity !== undefined) {
    const id = (element: unknown): string => String((element as JsonRecord)[identity]);
    const beforeIds = before.map(id);
    const afterIds = after.map(id);
    const countBefore = lines.length;
    for (const element of before) {
      diffValue(
        `${path}[${id(element)}]`,
        element,
        after.find((candidate) => id(candidate) === id(element)),
        lines,
      );
    }
    for (const element of after) {
      if (!beforeIds.includes(id(element))) diffValue(`${path}[${id(element)}]`, undefined, element, lines);
    }
    if (lines.length === countBefore) lines.push(`~ ${path}: order ${beforeIds.join(', ')} → ${afterIds.join(', ')}`);
    return;
  }
  const allObjects = [...before, ...after].every(isRecord);
  if (allObjects && before.length === after.length) {
    before.forEach((element, index) => diffValue(`${path}[${index}]`, element, after[index], lines));
    return;
  }
  lines.push(`~ ${path}: ${formatValue(before)} → ${formatValue(after)}`);
}

function identifiesAll(elements: readonly unknown[], key: string): boolean {
  const ids = elements.map((element) => (isRecord(element) ? element[key] : undefined));
  return ids.every((id) => typeof id === 'string' && id !== '') && new Set(ids).size === ids.length;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string' && value !== '' && value.trim() === value) return value;
  if (value instanceof Date) return value.toISOString();
  // JSON.stringify answers undefined (despite its type) for undefined and functions.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? String(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((element, index) => deepEqual(element, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
    const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
    return keysA.length === keysB.length && keysA.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Naming

/** `my-app:8` from `arn:aws:ecs:…:task-definition/my-app:8` (a `family:revision` is returned as given). */
export function taskDefinitionRevisionLabel(arn: string): string {
  const marker = ':task-definition/';
  const at = arn.indexOf(marker);
  return at === -1 ? arn.slice(arn.lastIndexOf('/') + 1) : arn.slice(at + marker.length);
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
