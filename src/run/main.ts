// Reads the inputs, starts the OIDC token request, then loads the later phases (only now, since they
// bring the AWS SDK: most of the bundle's parse time) while the request is under way. Composes the
// phases' results into the run's final result, which report/finish.ts turns into outputs, annotations,
// the one failure sentence and the job summary.
import { readFileSync, statSync } from 'node:fs';
import * as core from '@actions/core';
import type { Config } from '../inputs/config.js';
import { readInputs, type InputSources } from '../inputs/read-inputs.js';
import { getOidcToken, type OidcToken } from '../auth/oidc-token.js';
import { asPhaseError, runPhase } from './phases.js';
import { afterPhase, failed } from './run-record.js';
import { nextRequestSent } from './request-sent.js';
import { EMPTY_RECORD, type RunRecord, type RunResult } from '../report/report.js';
import { finish } from '../report/finish.js';
import { failureSentence } from '../report/outputs.js';
import { errorMessage } from '../shared/errors.js';
import { Input } from '../shared/constants.js';
import { describeProxy, handProxyInputToEnvironment, proxySecrets } from '../shared/proxy-settings.js';
import { describeEdits } from '../task-definition/edits/describe-edits.js';

export async function run(): Promise<void> {
  const started = Date.now();
  // Masked before anything is read or printed, an input error included.
  const token = core.getInput(Input.githubToken);
  if (token) core.setSecret(token);
  for (const secret of proxySecrets(core.getInput(Input.httpProxy), process.env)) core.setSecret(secret);
  const { result, config } = await deployment();
  if (result.ending.kind === 'deployed') core.info(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  try {
    await finish(result);
  } catch (error) {
    // Writing an output failed (the runner's file is gone or full): still fail the step, once, as ours.
    core.setFailed(failureSentence({ phase: 'Internal', message: errorMessage(error) }));
  }
  // Loaded only with a token: it brings @actions/github, which the other runs never parse.
  if (config?.posting.token !== undefined) await (await import('../github/post-to-github.js')).postToGitHub(config, result);
}

/** Every phase, in order, and the config when the inputs were valid; never throws. */
async function deployment(): Promise<{ result: RunResult; config?: Config }> {
  const inputs = await runPhase('Inputs', async () =>
    readInputs({
      getInput: (name) => core.getInput(name),
      env: process.env,
      isFile: (file) => isKind(file, 'file'),
      isDirectory: (directory) => isKind(directory, 'directory'),
      readFile: (file) => readFileSync(file, 'utf8'),
      ...(await yamlParserFor(core.getInput(Input.codedeployAppspec))),
    }),
  );
  const afterInputs = afterPhase(EMPTY_RECORD, inputs, ({ config }) => ({
    edits: describeEdits(config.taskDefinition.edits, config.taskDefinition.containerNames),
  }));
  if (!inputs.ok) return { result: failed(afterInputs, inputs.error) };
  const { config, notices } = inputs.value;
  for (const notice of notices) {
    if (notice.level === 'warning') core.warning(notice.message, { title: `Input ${notice.input}` });
    else core.info(notice.message);
  }
  for (const edit of afterInputs.edits ?? []) core.info(`Task definition edit: ${edit}`);
  handProxyInputToEnvironment(config.proxy, process.env);
  const proxy = describeProxy(config.proxy);
  if (proxy !== undefined) core.info(proxy);
  return { result: await afterValidInputs(config, afterInputs), config };
}

/**
 * The yaml package, loaded only for a run that gives an AppSpec file: it is a chunk of its own that every
 * other run would parse for nothing (~7 ms). Still before any network call, so the file is checked with the
 * other inputs.
 */
async function yamlParserFor(appspec: string): Promise<Pick<InputSources, 'parseYaml'>> {
  if (appspec.trim() === '') return {};
  const { parse } = await import('yaml');
  return { parseYaml: (text) => parse(text) as unknown };
}

async function afterValidInputs(config: Config, afterInputs: RunRecord): Promise<RunResult> {
  const credentials = await runPhase('Credentials', async () => {
    const { firstToken } = await requestTokenEarly(config);
    const laterPhases = await import('./after-credentials.js');
    return { laterPhases, session: await laterPhases.establish(config, firstToken) };
  });
  const afterCredentials = afterPhase(afterInputs, credentials, ({ session }) => ({ identity: session.assumedRoleArn }));
  if (!credentials.ok) return failed(afterCredentials, credentials.error);
  const { laterPhases, session } = credentials.value;
  try {
    return await laterPhases.deploy(config, session, afterCredentials);
  } catch (error) {
    // Every phase returns its own failure; anything else is ours, and is said so rather than blamed on a phase.
    return failed(afterCredentials, asPhaseError(error));
  }
}

/** How long to wait for the token request to leave before loading the SDK anyway. */
const REQUEST_SENT_LIMIT_MS = 250;

/**
 * Starts the token request and waits until it has been written out, so that it travels while the SDK
 * loads. Returned in an object: a bare promise would be awaited here. Its failure is reported by the
 * Credentials phase, which awaits it; the no-op handler only keeps Node from calling it unhandled
 * while the later phases' module loads.
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

function isKind(path: string, kind: 'file' | 'directory'): boolean {
  try {
    const stats = statSync(path);
    return kind === 'file' ? stats.isFile() : stats.isDirectory();
  } catch {
    return false;
  }
}
