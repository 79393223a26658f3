// Reads what happened, and when, from the stand-in's side: its call record (wall and simulated arrival
// times of every request) and the ECS timestamps it renders (epoch seconds in wall time, because the
// stand-in converts simulated instants for clients). Pure functions over that data.
import type { RecordedCall } from '../standin/index.js';
import type { JsonObject, JsonValue } from '../standin/types.js';

/** A window of wall time, in epoch ms, both ends included. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

export function callsWithin(calls: readonly RecordedCall[], window: Window): RecordedCall[] {
  return calls.filter((call) => call.wallTime >= window.from && call.wallTime <= window.to);
}

export function firstCall(calls: readonly RecordedCall[], service: RecordedCall['service'], operation?: string): RecordedCall | undefined {
  return calls.find((call) => call.service === service && (operation === undefined || call.operation === operation));
}

/** `service:Operation` → how many requests arrived (answered errors included: they are round trips too). */
export function countByOperation(calls: readonly RecordedCall[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const key = `${call.service}:${call.operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The most requests in any `widthMs` of the window (sliding, anchored at each request). */
export function busiestWindow(calls: readonly RecordedCall[], widthMs: number): number {
  const times = calls.map((call) => call.wallTime).sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= widthMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

export function stringField(value: JsonValue | undefined, key: string): string | undefined {
  const field = objectOf(value)?.[key];
  return typeof field === 'string' ? field : undefined;
}

export function secondsField(value: JsonValue | undefined, key: string): number | undefined {
  const field = objectOf(value)?.[key];
  return typeof field === 'number' ? field * 1000 : undefined;
}

function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/**
 * When ECS says our deployment completed: the `finishedAt` of our service deployment (the one the action
 * named as `deployment-id`, else the one that started inside the run) as DescribeServiceDeployments shows it.
 */
export function completedAt(serviceDeployments: readonly JsonObject[], deploymentId: string, run: Window): number | undefined {
  const ours =
    serviceDeployments.find((entry) => entry['serviceDeploymentArn'] === deploymentId) ??
    serviceDeployments.find((entry) => within(secondsField(entry, 'startedAt'), run));
  return ours?.['status'] === 'SUCCESSFUL' ? secondsField(ours, 'finishedAt') : undefined;
}

/**
 * When ECS first said our rollout failed: the service event ECS writes as the circuit breaker turns the
 * deployment FAILED (and the service deployment ROLLBACK_REQUESTED), at that simulated instant.
 */
export function failedAt(service: JsonObject, run: Window): number | undefined {
  const events = Array.isArray(service['events']) ? service['events'] : [];
  const failures = events
    .filter((event) => (stringField(event, 'message') ?? '').includes('deployment failed'))
    .map((event) => secondsField(event, 'createdAt'))
    .filter((at): at is number => within(at, run));
  return failures.length === 0 ? undefined : Math.min(...failures);
}

function within(at: number | undefined, window: Window): boolean {
  return at !== undefined && at >= window.from && at <= window.to;
}
