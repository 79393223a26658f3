// How the one-off task ended, judged from the task ECS describes once it stopped (or from RunTask's
// `failures` when it never started), and the words for it. Only exit code 0 of the overridden container
// lets the deploy go on. Pure.
import type { Failure, Task } from '@aws-sdk/client-ecs';
import { taskIdOf } from '../watch/stopped-tasks.js';
import { commandText } from './run-task-request.js';

export type MigrationOutcome =
  | { readonly kind: 'succeeded'; readonly exitCode: 0 }
  /** The container ran and exited non-zero. */
  | { readonly kind: 'exited'; readonly exitCode: number; readonly reason: string }
  /** It never ran to an exit: CannotPullContainerError, ResourceInitializationError, no capacity, … */
  | { readonly kind: 'not-started'; readonly reason: string }
  /** Still running at `run-task-timeout-minutes`: it was stopped. */
  | { readonly kind: 'timed-out'; readonly exitCode: number | undefined; readonly reason: string };

/** The stopped task's verdict: the overridden container's exit code decides. */
export function judgeStoppedTask(task: Task, containerName: string): MigrationOutcome {
  const container = task.containers?.find((candidate) => candidate.name === containerName);
  const reason = stopReason(task, containerName);
  const exitCode = container?.exitCode;
  if (exitCode === undefined) return { kind: 'not-started', reason };
  if (exitCode === 0) return { kind: 'succeeded', exitCode: 0 };
  return { kind: 'exited', exitCode, reason };
}

/** The task ran past the timeout and was stopped: whatever exit code the stop gave it. */
export function timedOut(task: Task | undefined, containerName: string): MigrationOutcome {
  const container = task?.containers?.find((candidate) => candidate.name === containerName);
  return { kind: 'timed-out', exitCode: container?.exitCode, reason: task === undefined ? '' : stopReason(task, containerName) };
}

/** RunTask answered a failure instead of a task (no capacity, a missing attribute, …). */
export function notStarted(failure: Failure | undefined): MigrationOutcome {
  const reason = [failure?.reason, failure?.detail].filter((part) => part !== undefined && part !== '').join(': ');
  return { kind: 'not-started', reason: `RunTask placed no task (${reason || 'no reason given'})` };
}

/** `stopCode: stoppedReason`, with the container's own reason (the pull error) when it adds something. */
function stopReason(task: Task, containerName: string): string {
  const container = task.containers?.find((candidate) => candidate.name === containerName);
  const parts = [task.stopCode, task.stoppedReason].filter((part) => part !== undefined && part !== '');
  const own = container?.reason;
  const text = parts.join(': ');
  return own !== undefined && own !== '' && !text.includes(own) ? [text, own].filter((part) => part !== '').join('; ') : text;
}

export interface OutcomeWords {
  readonly taskArn: string;
  readonly containerName: string;
  readonly command: readonly string[];
  readonly timeoutMinutes: number;
  /** The last log lines of the container, oldest first. */
  readonly logLines: readonly string[];
}

/**
 * The failure, as the step's error: the first line (the annotation) names the task, the exit code or
 * reason, and the last log line; the rest (the log block) lists every log line it got.
 */
export function failureText(outcome: Exclude<MigrationOutcome, { kind: 'succeeded' }>, words: OutcomeWords): string {
  const task = words.taskArn === '' ? 'The one-off task' : `One-off task ${taskIdOf(words.taskArn)}`;
  const what = `(\`${commandText(words.command)}\` in container ${words.containerName})`;
  const lastLine = words.logLines.at(-1);
  const last = lastLine === undefined ? '' : `; last log line: ${lastLine}`;
  const headline = ((): string => {
    switch (outcome.kind) {
      case 'exited':
        return `${task} ${what} exited with code ${String(outcome.exitCode)}${last}`;
      case 'not-started':
        return `${task} ${what} did not start: ${outcome.reason || 'no reason given'}`;
      case 'timed-out':
        return `${task} ${what} was still running after run-task-timeout-minutes (${String(words.timeoutMinutes)}) and was stopped${outcome.exitCode === undefined ? '' : ` (exit code ${String(outcome.exitCode)})`}${last}`;
    }
  })();
  const details = [
    ...('reason' in outcome && outcome.reason !== '' && outcome.kind !== 'not-started' ? [`Stopped: ${outcome.reason}`] : []),
    ...(words.logLines.length > 0
      ? [`Last ${String(words.logLines.length)} log lines of ${words.containerName}:`, ...words.logLines.map((line) => `  | ${line}`)]
      : []),
    'No service was updated: they still run their previous revision.',
  ];
  return [headline, ...details].join('\n');
}
