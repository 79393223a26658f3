// The watch's printing: every line prefixed with the service's name when several are watched, and one
// error annotation per service for the first task that stopped, with its container's last log line.
import * as core from '@actions/core';
import type { LastLogLine } from './container-logs.js';
import { describeStoppedTask, type StoppedTaskReport } from './stopped-tasks.js';

export class WatchPrinter {
  private annotated = false;

  constructor(
    private readonly service: string,
    private readonly logPrefix: string | undefined,
  ) {}

  get prefix(): string {
    return this.logPrefix === undefined ? '' : `[${this.logPrefix}] `;
  }

  info(line: string): void {
    core.info(`${this.prefix}${line}`);
  }

  debug(line: string): void {
    core.debug(`${this.prefix}${line}`);
  }

  warning(line: string): void {
    core.warning(`${this.prefix}${line}`);
  }

  /** The first stopped task becomes an annotation on the run, with its container's last log line; the rest are in the log. */
  annotateOnce(report: StoppedTaskReport, lastLogLine?: LastLogLine): void {
    if (this.annotated) return;
    this.annotated = true;
    core.error(stoppedTaskAnnotation(report, lastLogLine), { title: `${this.service}: task ${report.taskId} stopped` });
  }
}

/** Longer log lines are cut: the annotation is one line, and the whole line is in the log above it. */
const MAX_LOG_LINE = 300;

export function stoppedTaskAnnotation(report: StoppedTaskReport, lastLogLine?: LastLogLine): string {
  const described = describeStoppedTask(report);
  const line = lastLogLine?.line.replace(/\s+/g, ' ').trim() ?? '';
  if (lastLogLine === undefined || line === '') return described;
  const shown = line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE - 1)}…` : line;
  const what = lastLogLine.kind === 'error' ? `last error logged by ${lastLogLine.container}` : `last log line of ${lastLogLine.container}`;
  return `${described}; ${what}: ${shown}`;
}
