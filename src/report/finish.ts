// The one place a run's final result reaches the runner: outputs, annotations, the failure, the job
// summary. Everything it writes comes from the pure mappings in outputs.ts and summary.ts.
import * as core from '@actions/core';
import { errorMessage } from '../shared/errors.js';
import { accessDenialDetails, parseAccessDenial } from '../shared/access-denied.js';
import { annotationsOf, failureSentence, outputsOf } from './outputs.js';
import type { RunResult } from './report.js';
import { renderSummary } from './summary.js';

/**
 * `env` is where the runner says the summary file is: @actions/core itself reads it there when it
 * writes, and a Config cannot carry it because the summary is also written when the inputs failed
 * (and so no Config exists), which is when the summary's headline helps most.
 */
export async function finish(result: RunResult, env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  for (const [name, value] of outputsOf(result)) core.setOutput(name, value);
  for (const { message, title } of annotationsOf(result)) core.error(message, { title });
  const ending = result.ending;
  for (const line of refusedUpdateDetails(result)) core.info(line);
  if (ending.kind === 'failed') {
    // A diagnosis reads best as a block in the log, while the failure annotation stays one sentence.
    for (const line of ending.details) core.info(line);
    core.setFailed(failureSentence(ending, result.imageSource));
  }
  try {
    // Outside a runner there is nowhere to write; that is not a failure.
    if (env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(renderSummary(result), true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}

/** The statement to add for each service whose UpdateService IAM refused, unless the failure itself prints it. */
function refusedUpdateDetails(result: RunResult): string[] {
  const printed = result.ending.kind === 'failed' ? result.ending.refused : undefined;
  return result.updateFailures.flatMap(({ message }) => {
    const denial = parseAccessDenial(message);
    if (denial === undefined || (denial.action === printed?.action && denial.resource === printed.resource)) return [];
    return accessDenialDetails(denial);
  });
}
