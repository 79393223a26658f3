// Runs each phase in its own log group, times it, and remembers which phase failed so the one
// `setFailed` sentence can name it.
import * as core from '@actions/core';
import type { PhaseName, RunReport } from '../report/report.js';

/** An error that already knows the phase it happened in. */
export class PhaseError extends Error {
  constructor(
    readonly phase: PhaseName,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
    this.name = 'PhaseError';
  }
}

export type Clock = () => number;

export async function runPhase<T>(report: RunReport, phase: PhaseName, work: () => Promise<T> | T, now: Clock = Date.now): Promise<T> {
  const started = now();
  core.startGroup(phase);
  try {
    const result = await work();
    report.phases.push({ phase, milliseconds: now() - started, status: 'succeeded' });
    return result;
  } catch (error) {
    report.phases.push({ phase, milliseconds: now() - started, status: 'failed' });
    throw error instanceof PhaseError ? error : new PhaseError(phase, error);
  } finally {
    core.endGroup();
  }
}
