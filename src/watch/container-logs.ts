// The tail of a stopped task's awslogs stream, printed under it: the line that says why a container
// exited is usually there. A courtesy within the call budget, for the first few tasks only.
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { describeError } from '../shared/errors.js';
import { POLL_POLICY } from './poll-policy.js';
import { awslogsLocation, containersToShowLogsFor, essentialContainers, type StoppedTaskReport } from './stopped-tasks.js';
import { asFailedCall } from './watch-calls.js';
import type { WatchCalls } from './watch-calls.js';
import type { WatchPrinter } from './watch-printer.js';
import type { WatchRequest } from './watch-request.js';

/** What reading logs needs of a watch: also built by the one-off task (src/migration/), which is no service's watch. */
export interface LogsContext {
  readonly request: Pick<WatchRequest, 'logs' | 'taskDefinition'>;
  readonly calls: Pick<WatchCalls, 'call' | 'fits'>;
  readonly print: Pick<WatchPrinter, 'info' | 'debug'>;
}

/** The lines printed for one container, oldest first. */
export interface ShownLogLines {
  readonly container: string;
  readonly lines: readonly string[];
}

export class ContainerLogs {
  private tasksWithLogs = 0;

  private constructor(
    private readonly context: LogsContext,
    private readonly logs: CloudWatchLogsClient | undefined,
    /** The Logs client's region, to skip containers that log to another one. */
    private readonly region: string | undefined,
  ) {}

  static async open(context: LogsContext): Promise<ContainerLogs> {
    const { logs } = context.request;
    return new ContainerLogs(context, logs, await clientRegion(logs));
  }

  /** Prints the last lines of the containers that explain `report` (at most two), and returns them. */
  async show(report: StoppedTaskReport): Promise<ShownLogLines[]> {
    const { context, logs, region } = this;
    const { taskDefinition } = context.request;
    const shown: ShownLogLines[] = [];
    if (logs === undefined || !this.takeSlot()) return shown;
    const essentials = essentialContainers(taskDefinition);
    for (const container of containersToShowLogsFor(report, essentials).slice(0, 2)) {
      const location = awslogsLocation(taskDefinition, container, report.taskId);
      if (location === undefined || (location.region !== undefined && region !== undefined && location.region !== region)) continue;
      if (!context.calls.fits(1)) return shown;
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
        shown.push({ container, lines });
      } catch (error) {
        // Logs are a courtesy: a missing stream or a role without logs:GetLogEvents must not change the verdict.
        context.print.debug(`No logs for ${container} in task ${report.taskId}: ${describeError(asFailedCall(error).cause)}`);
      }
    }
    return shown;
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
