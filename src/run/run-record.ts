// Composes the run from what each phase returned: a new RunRecord per phase, and the one RunResult
// that ends it. Pure.
import type { RunRecord, RunResult } from '../report/report.js';
import { failureCauseOf } from '../report/failure-cause.js';
import type { PhaseError, PhaseResult } from './phases.js';

/** The record after a phase: its timing, and the facts its value gives (when it returned one). */
export function afterPhase<T>(record: RunRecord, result: PhaseResult<T>, facts?: (value: T) => Partial<RunRecord>): RunRecord {
  const learned = result.value !== undefined && facts ? facts(result.value) : {};
  return { ...record, ...learned, phases: [...record.phases, result.timing] };
}

export function deployed(record: RunRecord): RunResult {
  return { ...record, ending: { kind: 'deployed' } };
}

export function dryRunDone(record: RunRecord): RunResult {
  return { ...record, ending: { kind: 'dry-run' } };
}

/** The failure's first line is its message; the rest of a multi-line diagnosis becomes its details. */
export function failed(record: RunRecord, error: PhaseError): RunResult {
  const [message = '', ...details] = error.message.trim().split('\n');
  const cause = failureCauseOf(error.phase, error.original, record);
  return { ...record, ending: { kind: 'failed', phase: error.phase, message, details, ...(cause === undefined ? {} : { cause }) } };
}
