// Runs each phase in its own log group and times it. A phase returns its value and its timing, and a
// failure is returned too (not thrown), already naming its phase, so the orchestration composes the
// run from returned values instead of writing into shared state.
import * as core from '@actions/core';
import type { PhaseName, PhaseTiming } from '../report/report.js';

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

/** The phase's own error, or ours (Internal) when it came from outside every phase. */
export function asPhaseError(error: unknown): PhaseError {
  return error instanceof PhaseError ? error : new PhaseError('Internal', error);
}

export type PhaseResult<T> =
  | { readonly ok: true; readonly value: T; readonly timing: PhaseTiming }
  | {
      readonly ok: false;
      readonly error: PhaseError;
      readonly timing: PhaseTiming;
      /** What the work returned when it finished but `failureOf` judged it a failure (a deployment that failed). */
      readonly value: T | undefined;
    };

export type Clock = () => number;

export interface PhaseOptions<T> {
  /** The failure a finished phase's value stands for, if any. */
  readonly failureOf?: (value: T) => Error | undefined;
  readonly now?: Clock;
}

export async function runPhase<T>(phase: PhaseName, work: () => Promise<T> | T, options: PhaseOptions<T> = {}): Promise<PhaseResult<T>> {
  const now = options.now ?? Date.now;
  const started = now();
  const timing = (status: PhaseTiming['status']): PhaseTiming => ({ phase, milliseconds: now() - started, status });
  core.startGroup(phase);
  try {
    const value = await work();
    const failure = options.failureOf?.(value);
    if (failure !== undefined) return { ok: false, error: new PhaseError(phase, failure), timing: timing('failed'), value };
    return { ok: true, value, timing: timing('succeeded') };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof PhaseError ? error : new PhaseError(phase, error),
      timing: timing('failed'),
      value: undefined,
    };
  } finally {
    core.endGroup();
  }
}
