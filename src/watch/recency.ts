// Whether something ECS lists (a deployment, a service deployment, an event) came after our update, and
// their order by creation time. Pure.
import { POLL_POLICY } from './poll-policy.js';

export function createdMs(value: { createdAt?: Date | undefined }): number | undefined {
  return value.createdAt?.getTime();
}

/** Created since `sinceMs`, give or take the clock skew between us and AWS; an unknown time counts as recent. */
export function isRecent(createdAtMs: number | undefined, sinceMs: number): boolean {
  return createdAtMs === undefined || createdAtMs >= sinceMs - POLL_POLICY.clockSkewMs;
}

interface Created {
  readonly createdAt?: Date | undefined;
}

// An unknown time compares as NaN, which leaves such an entry where the sort found it.
const timeOf = (value: Created): number => createdMs(value) ?? Number.NaN;

export function oldestFirst(a: Created, b: Created): number {
  return timeOf(a) - timeOf(b);
}

export function newestFirst(a: Created, b: Created): number {
  return timeOf(b) - timeOf(a);
}
