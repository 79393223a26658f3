// What of a described revision can be registered again: everything but the fields ECS sets itself.
// Pure.
import type { JsonRecord } from './model.js';

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

/** A deep copy of the definition without the read-only fields. */
export function registrableCopy(definition: object): JsonRecord {
  const copy: JsonRecord = {};
  for (const [key, value] of Object.entries(definition)) {
    if (READ_ONLY_FIELDS.includes(key) || value === undefined) continue;
    copy[key] = structuredClone(value);
  }
  return copy;
}
