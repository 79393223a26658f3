// Composes the run from what each phase returned: a new RunRecord per phase, and the one RunResult
// that ends it. Pure.
import type { RunRecord, RunResult } from '../report/report.js';
import { failureCauseOf } from '../report/failure-cause.js';
import type { PhaseError, PhaseResult } from './phases.js';
import { accessDenialDetails, accessDenialIn } from '../shared/access-denied.js';
import { asSentence } from '../shared/errors.js';

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

/**
 * The failure's first line is its message; the rest of a multi-line diagnosis becomes its details. A call
 * IAM refused adds what to paste: the statement for the role's policy (or the Deny to narrow).
 */
export function failed(record: RunRecord, error: PhaseError): RunResult {
  const [firstLine = '', ...details] = error.message.trim().split('\n');
  const cause = failureCauseOf(error.phase, error.original, record);
  const ending = { kind: 'failed', phase: error.phase, details, ...(cause === undefined ? {} : { cause }) } as const;
  const denial = accessDenialIn(error);
  const denialDetails = denial === undefined ? [] : accessDenialDetails(denial);
  if (denial === undefined || denialDetails.length === 0) return { ...record, ending: { ...ending, message: firstLine } };
  // The annotation names the refused action and resource even when a diagnosis reworded AWS's message.
  const named = firstLine.includes(denial.action) && firstLine.includes(denial.resource);
  const message = named ? firstLine : `${asSentence(firstLine)} Refused: ${denial.action} on ${denial.resource}`;
  return { ...record, ending: { ...ending, message, details: [...details, ...denialDetails], refused: denial } };
}
