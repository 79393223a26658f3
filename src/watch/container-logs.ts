// The tail of a stopped task's awslogs stream, printed under it: the line that says why a container
// exited is usually there. A courtesy within the call budget, for the first few tasks only.
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { describeError } from '../shared/errors.js';
import { POLL_POLICY } from './poll-policy.js';
import { awslogsLocation, containersToShowLogsFor, essentialContainers, type StoppedTaskReport } from './stopped-tasks.js';
import { asFailedCall } from './watch-calls.js';
import type { WatchContext } from './watch-request.js';

/** The line of a stopped task's container log that says why it exited, as far as we can tell. */
export interface LastLogLine {
  readonly container: string;
  readonly line: string;
  /** `error`: the last line that names an error (a stack trace may follow it); `last`: the log's last line. */
  readonly kind: 'error' | 'last';
}

const ERROR_LINE = /\b(error|exception|fatal|panic|traceback)\b/i;

/** The last line naming an error (the cause, above its stack trace and exit message), else the last line. Pure. */
export function explainingLine(container: string, lines: readonly string[]): LastLogLine {
  const error = lines.findLast((line) => ERROR_LINE.test(line));
  return error === undefined ? { container, line: lines.at(-1) ?? '', kind: 'last' } : { container, line: error, kind: 'error' };
}

export class ContainerLogs {
  private tasksWithLogs = 0;

  private constructor(
    private readonly context: WatchContext,
    private readonly logs: CloudWatchLogsClient | undefined,
    /** The Logs client's region, to skip containers that log to another one. */
    private readonly region: string | undefined,
  ) {}

  static async open(context: WatchContext): Promise<ContainerLogs> {
    const { logs } = context.request;
    return new ContainerLogs(context, logs, await clientRegion(logs));
  }

  /**
   * Prints the last lines of the containers that explain `report` (at most two), and returns the very
   * last line of the first of them, for the task's annotation.
   */
  async show(report: StoppedTaskReport): Promise<LastLogLine | undefined> {
    const { context, logs, region } = this;
    const { taskDefinition } = context.request;
    if (logs === undefined || !this.takeSlot()) return undefined;
    let last: LastLogLine | undefined;
    const essentials = essentialContainers(taskDefinition);
    for (const container of containersToShowLogsFor(report, essentials).slice(0, 2)) {
      const location = awslogsLocation(taskDefinition, container, report.taskId);
      if (location === undefined || (location.region !== undefined && region !== undefined && location.region !== region)) continue;
      if (!context.calls.fits(1)) return last;
      try {
        const answer = await context.calls.call('GetLogEvents', () =>
          logs.send(
            new GetLogEventsCommand({
              logGroupName: location.group,
              logStreamName: location.stream,
              startFromHead: false,
              limit: POLL_POLICY.logLinesPerContainer,
            }),
          ),
        );
        const lines = (answer.events ?? []).map((event) => event.message?.trimEnd() ?? '').filter((line) => line !== '');
        if (lines.length === 0) continue;
        context.print.info(
          `last ${String(lines.length)} log lines of ${container} in task ${report.taskId} (${location.group} ${location.stream}):`,
        );
        for (const line of lines) context.print.info(`  | ${line}`);
        last ??= explainingLine(container, lines);
      } catch (error) {
        // Logs are a courtesy: a missing stream or a role without logs:GetLogEvents must not change the verdict.
        context.print.debug(`No logs for ${container} in task ${report.taskId}: ${describeError(asFailedCall(error).cause)}`);
      }
    }
    return last;
  }

  private takeSlot(): boolean {
    if (this.tasksWithLogs >= POLL_POLICY.maxTasksWithLogs) return false;
    this.tasksWithLogs += 1;
    return true;
  }
}

async function clientRegion(logs: CloudWatchLogsClient | undefined): Promise<string | undefined> {
  if (logs === undefined) return undefined;
  try {
    const region: unknown = await logs.config.region();
    return typeof region === 'string' ? region : undefined;
  } catch {
    return undefined;
  }
}
