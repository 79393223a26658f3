// Reads the inputs, starts the OIDC token request, then loads the pipeline (only now, since it brings
// the AWS SDK: most of the bundle's parse time) while the request is under way. Catches everything
// and fails the step once, naming the phase.
import { readFileSync, statSync } from 'node:fs';
import * as core from '@actions/core';
import type { Config } from '../inputs/config.js';
import { readInputs } from '../inputs/read-inputs.js';
import { getOidcToken, type OidcToken } from '../auth/oidc-token.js';
import { PhaseError, runPhase } from './phases.js';
import { nextRequestSent } from './request-sent.js';
import { emptyReport, type PhaseName, type RunReport } from '../report/report.js';
import { writeSummary } from '../report/summary.js';

const NEXT_STEP: Partial<Record<PhaseName, string>> = {
  Image: 'check the build output above',
  'Task definition': 'check the task definition and the role permissions',
  'Service update': 'check the service and the role permissions',
  'Deployment watch': 'see the stopped tasks and service events above',
  Internal: 'this is a bug in oidc-ecs-deploy; please report it with the log',
};

export async function run(): Promise<void> {
  const started = Date.now();
  const report: RunReport = emptyReport(false);
  try {
    const config = await runPhase(report, 'Inputs', () =>
      readInputs({
        getInput: (name) => core.getInput(name),
        env: process.env,
        isFile: (file) => isKind(file, 'file'),
        isDirectory: (directory) => isKind(directory, 'directory'),
        readFile: (file) => readFileSync(file, 'utf8'),
      }),
    );
    report.dryRun = config.deploy.dryRun;
    const { pipeline, session } = await runPhase(report, 'Credentials', async () => {
      const { firstToken } = await requestTokenEarly(config);
      const loaded = await import('./after-credentials.js');
      return { pipeline: loaded, session: await loaded.establish(config, firstToken) };
    });
    await pipeline.deploy(config, report, session);
    if (!report.dryRun) core.info(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    // Every phase wraps its own errors; anything else is ours, and is said so rather than blamed on a phase.
    const phaseError = error instanceof PhaseError ? error : new PhaseError('Internal', error);
    // A diagnosis (claims, a trust policy to paste) follows the first line; it reads best as a block in
    // the log, while the failure annotation stays one sentence.
    const [headline = '', ...details] = phaseError.message.trim().split('\n');
    report.failure = { phase: phaseError.phase, message: headline, details };
    if (details.length > 0) for (const line of details) core.info(line);
    core.setFailed(failureSentence(phaseError.phase, headline));
  } finally {
    try {
      await writeSummary(report);
    } catch (error) {
      core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** How long to wait for the token request to leave before loading the SDK anyway. */
const REQUEST_SENT_LIMIT_MS = 250;

/**
 * Starts the token request and waits until it has been written out, so that it travels while the SDK
 * loads. Returned in an object: a bare promise would be awaited here. Its failure is reported by the
 * Credentials phase, which awaits it; the no-op handler only keeps Node from calling it unhandled
 * while the pipeline module loads.
 */
async function requestTokenEarly(config: Config): Promise<{ firstToken: Promise<OidcToken> | undefined }> {
  if (config.auth.roleToAssume === undefined) return { firstToken: undefined };
  const sent = nextRequestSent(REQUEST_SENT_LIMIT_MS);
  const token = getOidcToken(config.auth.audience);
  token.catch(() => undefined);
  await Promise.race([sent, token.then(noop, noop)]);
  return { firstToken: token };
}

function noop(): void {
  // Only the moment matters here, not the value.
}

function failureSentence(phase: PhaseName, headline: string): string {
  const message = headline.trim();
  const next = NEXT_STEP[phase];
  return `${phase} failed: ${message}${/[.!?]$/.test(message) ? '' : '.'}${next ? ` Next: ${next}.` : ''}`;
}

function isKind(path: string, kind: 'file' | 'directory'): boolean {
  try {
    const stats = statSync(path);
    return kind === 'file' ? stats.isFile() : stats.isDirectory();
  } catch {
    return false;
  }
}
