// What the deployment watch is asked to do and what it answers, per service; and what the I/O pieces of
// one service's watch share. Types only.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import type { RollbackReport } from './rollback-policy.js';
import type { StoppedTaskReport } from './stopped-tasks.js';
import type { WatchCalls } from './watch-calls.js';
import type { WatchPrinter } from './watch-printer.js';

export interface WatchOptions {
  readonly waitMinutes: number;
  /** Fail after this many minutes without any change in what ECS reports (the no-progress-minutes input: 1–720). */
  readonly noProgressMinutes: number;
  /** 0 disables. */
  readonly maxFailedTasks: number;
  readonly rollbackOnFailure: boolean;
}

/** How the step watches its services together. */
export interface WatchStepOptions {
  /** Stop waiting for the other services once one has failed (the fail-fast input). */
  readonly failFast?: boolean | undefined;
}

export interface WatchRequest {
  readonly ecs: ECSClient;
  readonly logs?: CloudWatchLogsClient | undefined;
  readonly cluster: string;
  readonly service: string;
  /** What we deployed. */
  readonly taskDefinitionArn: string;
  /** What the service ran before, for our own rollback. */
  readonly previousTaskDefinitionArn: string;
  /** What we deployed, for essential containers and awslogs settings (no DescribeTaskDefinition needed). */
  readonly taskDefinition: TaskDefinition;
  /** Just before our UpdateService call. */
  readonly updatedAt: Date;
  /** PRIMARY deployment id from UpdateService's answer. */
  readonly deploymentId?: string | undefined;
  /**
   * UpdateService's `service.currentServiceDeployment`: watched directly, so ListServiceDeployments is not
   * needed (and cannot pick someone else's deployment). Without it the watch looks its deployment up.
   */
  readonly serviceDeploymentArn?: string | undefined;
  readonly options: WatchOptions;
  /** Put before every line; watchDeployments sets it to the service name when it watches several. */
  readonly logPrefix?: string | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
  /** The backoff's random source, in [0, 1) like Math.random (the default). */
  readonly random?: (() => number) | undefined;
}

export interface WatchOutcome {
  readonly service: string;
  /** `not-waited`: fail-fast stopped the step before this service had a verdict. */
  readonly status: 'succeeded' | 'failed' | 'timed-out' | 'not-waited';
  /** COMPLETED, FAILED, ROLLBACK_REQUESTED, ROLLBACK_SUCCESSFUL, IN_PROGRESS, TIMED_OUT, … */
  readonly rolloutState: string;
  /** The service deployment ARN when known, else the `ecs-svc/…` id. */
  readonly deploymentId: string;
  /** Empty on success; otherwise one sentence a user can act on (with what the rollback did). */
  readonly reason: string;
  readonly stoppedTasks: readonly StoppedTaskReport[];
  readonly events: readonly string[];
  readonly rollback?: RollbackReport | undefined;
  readonly durationMs: number;
  /** Calls made for this service: its own, and each batched call that read it among others. */
  readonly apiCalls: number;
}

/** One service's watch: its request, its view of the step's budgeted calls and its printing, shared by the deploy and rollback watches. */
export interface WatchContext {
  readonly request: WatchRequest;
  readonly calls: WatchCalls;
  readonly print: WatchPrinter;
}
