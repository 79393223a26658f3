// What the pure deployment watch works on: the target it watches for, the snapshots it is fed, the state it
// carries from poll to poll and the verdict it gives. Types and the starting state only.
import type { Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import { LIFECYCLE_START, type LifecycleState } from './lifecycle-stages.js';
import type { StoppedTaskReport } from './stopped-tasks.js';

export type WatchMode =
  /** Our UpdateService: success is our revision deployed. */
  | 'deploy'
  /** Our own rollback after a failure: success is the previous revision back in place. */
  | 'rollback';

export interface WatchTarget {
  readonly service: string;
  readonly mode: WatchMode;
  /** The revision that should end up running. */
  readonly taskDefinitionArn: string;
  /** deploy: what ran before (where ECS would roll back to); rollback: the revision that failed. */
  readonly otherTaskDefinitionArn: string;
  /** `ecs-svc/…` of the deployment when UpdateService answered with it. */
  readonly deploymentId?: string | undefined;
  /** Our service deployment when already known (UpdateService's `currentServiceDeployment`): no need to look it up. */
  readonly serviceDeploymentArn?: string | undefined;
  /** Just before the call that started the deployment (AWS time); older deployments and events are not ours. */
  readonly startedAtMs: number;
  /** The watch's own clock when it began, and when it must end. */
  readonly clockStartMs: number;
  readonly deadlineMs: number;
  /** Fail after this long without any change in what ECS reports (no-progress-minutes allows 1–720 min; 0 here means no check). */
  readonly noProgressMs: number;
  /** Tasks stopped with the same lasting failure before we call the deployment failed; 0 disables. */
  readonly maxFailedTasks: number;
  /** Essential container names from the task definition; empty means "treat every container as essential". */
  readonly essentialContainers: readonly string[];
}

export interface Snapshot {
  readonly nowMs: number;
  readonly service: Service;
  /** Our service deployment when the service deployments API answered. */
  readonly serviceDeployment?: ServiceDeployment | undefined;
  /** Present only when stopped tasks were looked up in this poll (possibly none). */
  readonly stoppedTasks?: readonly Task[] | undefined;
}

/** Who rolls the service back after a failure. */
export type RollbackBy = 'ecs' | 'ours' | 'none';

/** How far ECS's own rollback got when the watch ended: requested (or in progress), or settled either way. */
export type EcsRollbackStatus = 'requested' | 'succeeded' | 'failed';

export type Verdict =
  | { readonly kind: 'continue' }
  | { readonly kind: 'succeeded'; readonly rolloutState: string; readonly summary: string }
  | {
      readonly kind: 'failed' | 'timed-out';
      readonly rolloutState: string;
      readonly reason: string;
      readonly rollbackBy: RollbackBy;
      /** The revision ECS rolls back to, when ECS does it. */
      readonly ecsRollbackTo?: string | undefined;
      /** When ECS does it: whether its rollback is under way, done, or failed ('requested' when absent). */
      readonly ecsRollback?: EcsRollbackStatus | undefined;
    };

export type FinalVerdict = Exclude<Verdict, { readonly kind: 'continue' }>;

export interface WatchState {
  readonly target: WatchTarget;
  readonly deploymentId: string | undefined;
  readonly serviceDeploymentArn: string | undefined;
  readonly seenEventKeys: ReadonlySet<string>;
  readonly seenTaskArns: ReadonlySet<string>;
  readonly failureCounts: ReadonlyMap<string, number>;
  readonly stoppedTasks: readonly StoppedTaskReport[];
  readonly events: readonly string[];
  readonly progressKey: string;
  readonly lastProgressAtMs: number;
  readonly lastStatusLine: string;
  /** failedTasks of our deployment when stopped tasks were last looked up. */
  readonly inspectedFailedTasks: number;
  readonly lastRunningCount: number;
  /** Some task was still stopping at the last look: look again. */
  readonly stoppingTasksPending: boolean;
  readonly rolloutState: string;
  /** Our deployment showed up in DescribeServices at least once (so its absence later means it was replaced). */
  readonly deploymentSeen: boolean;
  /**
   * When our deployment was created, by AWS's clock, once it showed up created since our update: events
   * older than that are the previous deployment's (its "deployment completed", its steady state).
   */
  readonly deploymentCreatedAtMs: number | undefined;
  /** Where a traffic-shifting strategy's lifecycle stands (lifecycle-stages.ts). */
  readonly lifecycle: LifecycleState;
}

export interface StepResult {
  readonly state: WatchState;
  readonly lines: readonly string[];
  /** Printed as warnings (the bake time longer than wait-for-minutes). */
  readonly warnings?: readonly string[] | undefined;
  readonly newStoppedTasks: readonly StoppedTaskReport[];
  readonly verdict: Verdict;
}

/** What a rollback watch inherits so nothing is printed twice. */
export interface Carried {
  readonly seenEventKeys: ReadonlySet<string>;
  readonly seenTaskArns: ReadonlySet<string>;
}

export function startWatch(target: WatchTarget, carried?: Carried): WatchState {
  return {
    target,
    deploymentId: target.deploymentId,
    serviceDeploymentArn: target.serviceDeploymentArn,
    seenEventKeys: carried?.seenEventKeys ?? new Set(),
    seenTaskArns: carried?.seenTaskArns ?? new Set(),
    failureCounts: new Map(),
    stoppedTasks: [],
    events: [],
    progressKey: '',
    lastProgressAtMs: target.clockStartMs,
    lastStatusLine: '',
    inspectedFailedTasks: 0,
    lastRunningCount: 0,
    stoppingTasksPending: false,
    rolloutState: 'IN_PROGRESS',
    deploymentSeen: false,
    deploymentCreatedAtMs: undefined,
    lifecycle: LIFECYCLE_START,
  };
}
