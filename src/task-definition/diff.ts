// What registering a rendered definition would change, line by line, for the dry run. Pure.
import { isRecord, type JsonRecord } from './model.js';
import { registrableCopy } from './registrable.js';

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
