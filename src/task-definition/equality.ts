// Whether registering a rendered definition would give ECS anything new, compared with the revision a
// service runs now. Both sides are brought to the form ECS stores: its defaults filled in, the lists it
// treats as sets sorted, images named by digest. Pure.
//
// When unsure, this errs towards "changed": a false "changed" costs one needless rollout, a false
// "unchanged" would skip a deploy the user asked for.
import type { RegisterTaskDefinitionCommandInput, Tag } from '@aws-sdk/client-ecs';
import { tryParseImageReference } from '../image/reference.js';
import { diffTaskDefinitions } from './diff.js';
import { isRecord, type JsonRecord, type TaskDefinitionLike } from './model.js';
import { registrableCopy } from './registrable.js';

/** A registered revision as DescribeTaskDefinition (include TAGS) answers it. */
export interface DescribedRevision {
  readonly taskDefinition: TaskDefinitionLike;
  readonly tags: readonly Tag[];
}

/** Container fields ECS fills in on registration when they are absent (DescribeTaskDefinition shows them). */
const CONTAINER_DEFAULTS: Readonly<JsonRecord> = { essential: true, cpu: 0 };
/** A health check's interval, timeout and retries as ECS stores them when left out. */
const HEALTH_CHECK_DEFAULTS: Readonly<JsonRecord> = { interval: 30, timeout: 5, retries: 3 };
/** Task fields ECS answers with a value that means "not set". */
const TASK_DEFAULTS: Readonly<JsonRecord> = { enableFaultInjection: false };

/**
 * What registering `wanted` would change compared with the `current` revision, one line per difference
 * as the dry-run diff writes them; empty when ECS would store the same definition.
 */
export function taskDefinitionChanges(current: DescribedRevision, wanted: RegisterTaskDefinitionCommandInput): string[] {
  const before = asStored({ ...current.taskDefinition, tags: [...current.tags] });
  const after = asStored(wanted);
  return diffTaskDefinitions(before, after);
}

/**
 * A definition (described, or the input of RegisterTaskDefinition with its tags inside) in the form ECS
 * stores it, for comparison only: read-only fields dropped, defaults filled, sets sorted, images by digest.
 */
export function asStored(definition: object): JsonRecord {
  const copy = Object.fromEntries(Object.entries(registrableCopy(definition)).filter(([key, value]) => TASK_DEFAULTS[key] !== value));
  if (Array.isArray(copy['tags'])) copy['tags'] = sortedBy(copy['tags'], 'key', 'value');
  const networkMode = copy['networkMode'];
  if (Array.isArray(copy['containerDefinitions'])) {
    copy['containerDefinitions'] = copy['containerDefinitions'].map((container: unknown) =>
      isRecord(container) ? containerAsStored(container, networkMode) : container,
    );
  }
  return withoutEmpty(copy) as JsonRecord;
}

function containerAsStored(container: JsonRecord, networkMode: unknown): JsonRecord {
  const stored: JsonRecord = { ...CONTAINER_DEFAULTS, ...definedOnly(container) };
  if (typeof stored['image'] === 'string') stored['image'] = imageByDigest(stored['image']);
  if (Array.isArray(stored['environment'])) stored['environment'] = sortedBy(stored['environment'], 'name', 'value');
  if (Array.isArray(stored['secrets'])) stored['secrets'] = sortedBy(stored['secrets'], 'name', 'valueFrom');
  if (Array.isArray(stored['portMappings'])) {
    stored['portMappings'] = stored['portMappings'].map((mapping: unknown) =>
      isRecord(mapping) ? portMappingAsStored(mapping, networkMode) : mapping,
    );
  }
  if (isRecord(stored['healthCheck'])) stored['healthCheck'] = { ...HEALTH_CHECK_DEFAULTS, ...definedOnly(stored['healthCheck']) };
  return stored;
}

/** ECS stores `protocol: tcp` when none is given, and in awsvpc mode the host port is the container port. */
function portMappingAsStored(mapping: JsonRecord, networkMode: unknown): JsonRecord {
  const stored: JsonRecord = { protocol: 'tcp', ...definedOnly(mapping) };
  if (networkMode === 'awsvpc' && stored['hostPort'] === undefined && typeof stored['containerPort'] === 'number') {
    stored['hostPort'] = stored['containerPort'];
  }
  return stored;
}

/**
 * An image pinned by digest is that digest in that repository, whatever tag is written beside it; the
 * registry host is a DNS name, so its case does not matter. An image named only by tag is left as
 * written: what the tag pointed to when the service deployed it is not in the definition.
 */
export function imageByDigest(image: string): string {
  const reference = tryParseImageReference(image);
  if (reference?.digest === undefined) return image;
  const host = reference.host === undefined ? '' : `${reference.host.toLowerCase()}/`;
  return `${host}${reference.repository}@${reference.digest}`;
}

/** ECS keeps these lists in any order and means the same: sort by their keys so order never counts. */
function sortedBy(list: readonly unknown[], key: string, then: string): unknown[] {
  const text = (element: unknown, field: string): string => {
    const value = isRecord(element) ? element[field] : undefined;
    return typeof value === 'string' ? value : JSON.stringify(value ?? null);
  };
  return [...list].sort((a, b) => compare(text(a, key), text(b, key)) || compare(text(a, then), text(b, then)));
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function definedOnly(record: JsonRecord): JsonRecord {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
}

/** ECS answers an absent list or structure as an empty one (`environment: []`, `volumes: []`, …): both mean nothing set. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (!isRecord(value)) return value;
  const kept: JsonRecord = {};
  for (const [key, element] of Object.entries(value)) {
    const cleaned = withoutEmpty(element);
    if (cleaned === undefined || cleaned === null) continue;
    if (Array.isArray(cleaned) && cleaned.length === 0) continue;
    if (isRecord(cleaned) && Object.keys(cleaned).length === 0) continue;
    kept[key] = cleaned;
  }
  return kept;
}
