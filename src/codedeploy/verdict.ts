// How a CodeDeploy deployment of an ECS service ended, from GetDeployment, its target's lifecycle events
// and the service as DescribeServices shows it afterwards. Success needs both CodeDeploy's Succeeded and
// the service's PRIMARY task set on our revision: the deployment's status alone is never trusted. Pure.
import type { DeploymentInfo, LifecycleEvent } from '@aws-sdk/client-codedeploy';
import type { Service } from '@aws-sdk/client-ecs';

export type CodeDeployVerdict =
  { readonly status: 'succeeded'; readonly reason: '' } | { readonly status: 'failed' | 'timed-out'; readonly reason: string };

const ENDED = new Set(['Succeeded', 'Failed', 'Stopped']);

export const hasEnded = (status: string | undefined): boolean => status !== undefined && ENDED.has(status);

/** The revision the service serves: its PRIMARY task set's, else (no task sets shown) the service's own. */
export function liveRevision(service: Pick<Service, 'taskSets' | 'taskDefinition'> | undefined): string {
  const primary = service?.taskSets?.find((taskSet) => taskSet.status === 'PRIMARY');
  return primary?.taskDefinition ?? service?.taskDefinition ?? '';
}

/** `my-app:7` from its ARN, for sentences. */
export const revisionName = (arn: string): string => arn.split('/').at(-1) ?? arn;

/** One line per lifecycle event state, printed once when first seen: `AfterAllowTraffic: Failed (ScriptFailed: …)`. */
export function lifecycleLine(event: LifecycleEvent): string {
  const diagnostics = event.diagnostics;
  const detail =
    event.status === 'Failed' && diagnostics !== undefined
      ? ` (${[diagnostics.errorCode, diagnostics.message].filter(Boolean).join(': ')}${diagnostics.logTail ? `; log: ${diagnostics.logTail.trim().split('\n').at(-1) ?? ''}` : ''})`
      : '';
  return `${event.lifecycleEventName ?? '?'}: ${event.status ?? '?'}${detail}`;
}

export function failedEvent(events: readonly LifecycleEvent[]): LifecycleEvent | undefined {
  return events.find((event) => event.status === 'Failed');
}

export interface CodeDeployEnd {
  readonly deploymentId: string;
  readonly info: Pick<DeploymentInfo, 'status' | 'errorInformation'> | undefined;
  readonly events: readonly LifecycleEvent[];
  /** The revision this deploy rolled out. */
  readonly ours: string;
  /** What the service runs when the watch stopped (liveRevision). */
  readonly live: string;
  /** The watch ran out of `wait-for-minutes` before CodeDeploy ended. */
  readonly timedOutAfterMinutes?: number;
}

export function codeDeployVerdict(end: CodeDeployEnd): CodeDeployVerdict {
  const status = end.info?.status ?? 'unknown';
  const running = `the service runs ${end.live ? revisionName(end.live) : 'no revision ECS names'}`;
  const where = `CodeDeploy deployment ${end.deploymentId}`;
  if (end.timedOutAfterMinutes !== undefined) {
    const current = end.events.find((event) => event.status === 'InProgress')?.lifecycleEventName;
    return {
      status: 'timed-out',
      reason: `${where} was still ${status}${current ? ` at lifecycle event ${current}` : ''} after ${String(end.timedOutAfterMinutes)} minutes (wait-for-minutes); ${running}.`,
    };
  }
  if (status === 'Succeeded') {
    if (end.live === end.ours) return { status: 'succeeded', reason: '' };
    return {
      status: 'failed',
      reason: `${where} Succeeded, but ${running}, not ${revisionName(end.ours)}: the PRIMARY task set is not ours.`,
    };
  }
  const failed = failedEvent(end.events);
  const diagnostics = failed?.diagnostics;
  const cause =
    failed !== undefined
      ? `lifecycle event ${failed.lifecycleEventName ?? '?'} failed${diagnostics?.message ? `: ${diagnostics.message}` : ''}${diagnostics?.errorCode && diagnostics.errorCode !== 'Success' ? ` (${diagnostics.errorCode})` : ''}`
      : (end.info?.errorInformation?.message ?? 'no lifecycle event says why');
  const code = end.info?.errorInformation?.code;
  return { status: 'failed', reason: `${where} ${status}: ${cause}${code ? ` [${code}]` : ''}; ${running}.` };
}
