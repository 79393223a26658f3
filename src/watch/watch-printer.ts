// The watch's printing: every line prefixed with the service's name when several are watched, and one
// error annotation per service for the first task that stopped.
import * as core from '@actions/core';
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

  /** The first stopped task becomes an annotation on the run; the rest are in the log. */
  annotateOnce(report: StoppedTaskReport): void {
    if (this.annotated) return;
    this.annotated = true;
    core.error(describeStoppedTask(report), { title: `${this.service}: task ${report.taskId} stopped` });
  }
}
