// Runs the one-off task and waits for it to stop: RunTask (with an idempotency token, so the SDK's retry
// never starts a second task), DescribeTasks polls on the watch's cadence, budget and error
// classification, StopTask once `run-task-timeout-minutes` has passed, then the container's last log
// lines as the watch shows them for stopped tasks. Judging and wording are pure (outcome.ts).
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import type { RunTaskConfig } from '../inputs/config.js';
import { AwsRequestError, refusedAction } from '../shared/aws-request-error.js';
import { describeError, errorName } from '../shared/errors.js';
import { ContainerLogs } from '../watch/container-logs.js';
import { nextPollDelay, POLL_POLICY } from '../watch/poll-policy.js';
import { classifyStoppedTask, essentialContainers, taskIdOf } from '../watch/stopped-tasks.js';
import { asFailedCall, WatchCalls, type WatchClock } from '../watch/watch-calls.js';
import { WatchPrinter } from '../watch/watch-printer.js';
import { judgeStoppedTask, notStarted, timedOut, type MigrationOutcome } from './outcome.js';
import { describeRunTask, runTaskRequest } from './run-task-request.js';
import type { MigrationTarget } from './target.js';

export interface MigrationClients {
  /** One-shot calls (RunTask) with the SDK's retries. */
  readonly ecs: ECSClient;
  /** Polled calls, one attempt each, counted and classified by WatchCalls. */
  readonly watchEcs: ECSClient;
  readonly logs?: CloudWatchLogsClient | undefined;
}

export interface MigrationRun {
  readonly target: MigrationTarget;
  readonly command: readonly string[];
  /** Empty when RunTask started nothing. */
  readonly taskArn: string;
  readonly outcome: MigrationOutcome;
  readonly logLines: readonly string[];
  readonly milliseconds: number;
}

/** After StopTask, how long the task may take to reach STOPPED before the step stops waiting. */
const STOP_GRACE_MS = 120_000;
/** DescribeTasks may not know a task RunTask just started: that many MISSING answers are waited out. */
const MAX_MISSING_ANSWERS = 3;

export async function runMigration(
  cluster: string,
  runTask: RunTaskConfig,
  target: MigrationTarget,
  clients: MigrationClients,
  clock: WatchClock = {},
): Promise<MigrationRun> {
  const calls = new WatchCalls(clock);
  const started = calls.now();
  const request = runTaskRequest({ cluster, runTask, target, clientToken: randomUUID() });
  core.info(describeRunTask(request, target));
  const answer = await sendRunTask(clients.ecs, request);
  const first = answer.tasks?.[0];
  const done = (taskArn: string, outcome: MigrationOutcome, logLines: readonly string[] = []): MigrationRun => ({
    target,
    command: runTask.command,
    taskArn,
    outcome,
    logLines,
    milliseconds: calls.now() - started,
  });
  if (first?.taskArn === undefined) return done('', notStarted(answer.failures?.[0]));

  const taskArn = first.taskArn;
  core.info(`Started one-off task ${taskArn}; waiting up to ${String(runTask.timeoutMinutes)} min for it to stop.`);
  const { task, stoppedByUs } = await waitUntilStopped(calls, clients.watchEcs, cluster, first, runTask.timeoutMinutes * 60_000);
  const logLines = await lastLogLines(calls, clients.logs, target, task);
  const outcome =
    stoppedByUs || task.lastStatus !== 'STOPPED' ? timedOut(task, target.containerName) : judgeStoppedTask(task, target.containerName);
  return done(taskArn, outcome, logLines);
}

async function sendRunTask(ecs: ECSClient, request: RunTaskCommandInput) {
  try {
    return await ecs.send(new RunTaskCommand(request));
  } catch (error) {
    const refused = refusedAction(error);
    const advice =
      errorName(error) === 'AccessDeniedException'
        ? `The role needs ${refused ?? 'ecs:RunTask'}: ecs:RunTask on the family's revisions in this cluster, and iam:PassRole on the task and execution roles (the migration tasks capability of the deploy role's policy).`
        : '';
    throw new AwsRequestError(
      'ECS',
      'RunTask',
      `the one-off task of ${request.taskDefinition ?? ''} in cluster "${request.cluster ?? ''}"`,
      error,
      advice,
    );
  }
}

/** Polls until the task is STOPPED; past the deadline it is stopped, and waited for a little longer. */
async function waitUntilStopped(
  calls: WatchCalls,
  ecs: ECSClient,
  cluster: string,
  first: Task,
  timeoutMs: number,
): Promise<{ task: Task; stoppedByUs: boolean }> {
  const taskArn = first.taskArn ?? '';
  const deadline = calls.now() + timeoutMs;
  let task = first;
  let stoppedByUs = false;
  let lastStatus = first.lastStatus ?? '';
  let delay: number = POLL_POLICY.firstPollDelayMs;
  let errors = 0;
  let missing = 0;
  for (;;) {
    const end = stoppedByUs ? deadline + STOP_GRACE_MS : deadline;
    await calls.sleep(Math.max(0, Math.min(delay, end - calls.now())));
    let outcome: 'ok' | 'throttled' | 'transient' = 'ok';
    try {
      const answer = await calls.call('DescribeTasks', () => ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] })));
      const described = answer.tasks?.find((candidate) => candidate.taskArn === taskArn);
      if (described === undefined) {
        missing += 1;
        if (missing > MAX_MISSING_ANSWERS)
          throw new Error(`ECS DescribeTasks no longer finds the one-off task ${taskArn} (${answer.failures?.[0]?.reason ?? 'MISSING'}).`);
      } else {
        task = described;
        errors = 0;
      }
    } catch (error) {
      const failed = asFailedCall(error, 'DescribeTasks');
      if (!failed.retryable || ++errors >= POLL_POLICY.maxConsecutiveErrors) {
        throw new Error(
          `${failed.message}${failed.kind === 'denied' ? ' The role needs ecs:DescribeTasks on the tasks of this cluster.' : ''} The one-off task ${taskArn} may still be running; no service was updated.`,
          { cause: error },
        );
      }
      outcome = failed.kind === 'throttled' ? 'throttled' : 'transient';
    }
    const status = task.lastStatus ?? '';
    if (status !== lastStatus) core.info(`One-off task ${taskIdOf(taskArn)}: ${status}`);
    lastStatus = status;
    if (status === 'STOPPED') return { task, stoppedByUs };
    if (stoppedByUs && calls.now() >= deadline + STOP_GRACE_MS) return { task, stoppedByUs };
    if (!stoppedByUs && calls.now() >= deadline) {
      const minutes = String(Math.round(timeoutMs / 60_000));
      core.warning(`One-off task ${taskIdOf(taskArn)} is still ${status} after run-task-timeout-minutes (${minutes}): stopping it.`);
      await calls.change('StopTask', () =>
        ecs.send(
          new StopTaskCommand({
            cluster,
            task: taskArn,
            reason: `Stopped by oidc-ecs-deploy: still running after run-task-timeout-minutes (${minutes})`,
          }),
        ),
      );
      stoppedByUs = true;
    }
    delay = nextPollDelay(delay, outcome, calls.random);
  }
}

/** The container's last lines, printed as the watch prints a stopped task's; a courtesy that never fails the step. */
async function lastLogLines(
  calls: WatchCalls,
  logs: CloudWatchLogsClient | undefined,
  target: MigrationTarget,
  task: Task,
): Promise<readonly string[]> {
  try {
    const reader = await ContainerLogs.open({
      request: { logs, taskDefinition: target.taskDefinition },
      calls,
      print: new WatchPrinter('one-off task', undefined),
    });
    const shown = await reader.show(classifyStoppedTask(task, essentialContainers(target.taskDefinition)));
    return (shown.find((entry) => entry.container === target.containerName) ?? shown[0])?.lines ?? [];
  } catch (error) {
    core.debug(`No log lines for the one-off task: ${describeError(error)}`);
    return [];
  }
}
