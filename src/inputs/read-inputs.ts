// Reads and validates every input into the one frozen Config, before anything touches the network.
// Pure given its three collaborators, so the tests drive it with tables and no mocks.
import * as path from 'node:path';
import type { Config, GitHubContext, TaskDefinitionConfig } from './config.js';
import { Input, InputDefault } from '../shared/constants.js';
import { parseTaskDefinitionFile, TaskDefinitionFileError } from '../task-definition/parse-file.js';
import { boolean, InputError, lines, optional, wholeNumber, type InputName, type ReadInput } from './field-readers.js';
import { checkRevision, checkRoleArn, checkService, namesRevision, readCluster, type ClusterInput } from './arn-inputs.js';
import { readRepository, repositoryNotice } from './repository-input.js';
import { noEffectWarnings, refuseInputsWithRevision, type InputNotice } from './input-rules.js';
import { readKeepRevisions } from './revision-inputs.js';
import { readServiceSettings } from './service-settings.js';
import { readContainerNames, readEdits } from './edit-inputs.js';
import { checkEdits } from '../task-definition/edits/apply-edits.js';
import { EditError, NO_EDITS } from '../task-definition/edits/model.js';
import { registrableCopy } from '../task-definition/registrable.js';
import { familyOf } from '../task-definition/model.js';
import { readRunTask } from './run-task-inputs.js';
import { readCodeDeploy } from './codedeploy-inputs.js';
import { readEngine, readImageSource, refusePlatformsTheFileCannotRun } from './build-inputs.js';
import { optionalFile, type InputSources } from './input-sources.js';
import { readScanThreshold } from './scan-inputs.js';
import { readProxy } from './proxy-inputs.js';

export { InputError, type InputName } from './field-readers.js';
export type { InputNotice } from './input-rules.js';
export type { InputSources } from './input-sources.js';

/** The checked inputs, and what the log should say about them (inputs without effect, how one was read). */
export interface ReadInputsResult {
  readonly config: Config;
  readonly notices: readonly InputNotice[];
}

// Two letters for most regions, four for the European Sovereign Cloud's (`eusc-de-east-1`).
const REGION = /^[a-z]{2}([a-z]{2})?(-[a-z]+)+-\d{1,2}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Reads every input; throws InputError on the first bad one. The config is deep-frozen. */
export function readInputs(sources: InputSources): ReadInputsResult {
  const read = (name: InputName): string => sources.getInput(name).trim();
  const github = readGitHubContext(sources.env);

  const region = read(Input.awsRegion);
  if (!REGION.test(region)) throw new InputError(Input.awsRegion, region, 'an AWS region such as `us-east-1`');

  const roleToAssume = optional(read(Input.roleToAssume));
  if (roleToAssume !== undefined) {
    checkRoleArn(Input.roleToAssume, roleToAssume, region, 'an IAM role ARN such as `arn:aws:iam::123456789012:role/my-deploy-role`');
  }
  const audience = read(Input.audience) || InputDefault[Input.audience];
  if (/\s/.test(audience)) throw new InputError(Input.audience, audience, 'one audience without spaces, such as `sts.amazonaws.com`');

  const roleChain = lines(read(Input.roleChain));
  for (const arn of roleChain) {
    checkRoleArn(Input.roleChain, arn, region, 'one IAM role ARN per line, such as `arn:aws:iam::210987654321:role/my-target-role`');
  }

  const givenSessionName = read(Input.roleSessionName);
  if (givenSessionName !== '' && !SESSION_NAME.test(givenSessionName)) {
    throw new InputError(Input.roleSessionName, givenSessionName, '2 to 64 characters of letters, digits and `_+=,.@-`');
  }

  const cluster = readCluster(read(Input.cluster) || InputDefault[Input.cluster], region);
  const repository = optional(read(Input.repository));
  const repositoryInput = repository === undefined ? undefined : readRepository(repository, region);
  const givenDefinition = read(Input.taskDefinition);
  const revision = namesRevision(givenDefinition) ? checkRevision(givenDefinition, region, cluster) : undefined;
  if (revision !== undefined) {
    refuseInputsWithRevision(read);
    // Checked although unused (a warning says so), so a typo fails here and not on the next build.
    readEngine(read);
  }

  const config: Config = {
    auth: {
      region,
      roleToAssume,
      audience,
      roleSessionName: givenSessionName || defaultSessionName(github),
      roleDurationSeconds: wholeNumber(read, Input.roleDurationSeconds, InputDefault[Input.roleDurationSeconds], 900, 43200, 'seconds'),
      roleChain,
      exportCredentials: boolean(read, Input.exportCredentials, InputDefault[Input.exportCredentials]),
    },
    image: revision === undefined ? readImageSource(read, sources, github, repositoryInput, region) : { kind: 'revision' },
    scan: { threshold: readScanThreshold(read) },
    taskDefinition:
      revision === undefined
        ? readTaskDefinition(read, sources, region, github.workspace)
        : { file: undefined, fromFile: undefined, containerNames: [], edits: NO_EDITS, revision },
    deploy: {
      cluster: cluster.value,
      services: readServices(read, region, cluster),
      waitForStability: boolean(read, Input.waitForServiceStability, InputDefault[Input.waitForServiceStability]),
      waitMinutes: wholeNumber(read, Input.waitForMinutes, InputDefault[Input.waitForMinutes], 1, 720, 'minutes'),
      noProgressMinutes: wholeNumber(read, Input.noProgressMinutes, InputDefault[Input.noProgressMinutes], 1, 720, 'minutes'),
      maxFailedTasks: wholeNumber(read, Input.maxFailedTasks, InputDefault[Input.maxFailedTasks], 0, 100, 'tasks (0 turns this rule off)'),
      rollbackOnFailure: boolean(read, Input.rollbackOnFailure, InputDefault[Input.rollbackOnFailure]),
      failFast: boolean(read, Input.failFast, InputDefault[Input.failFast]),
      forceNewDeployment: boolean(read, Input.forceNewDeployment, InputDefault[Input.forceNewDeployment]),
      keepRevisions: readKeepRevisions(read),
      settings: readServiceSettings(read),
      dryRun: boolean(read, Input.dryRun, InputDefault[Input.dryRun]),
    },
    runTask: readRunTask(read, github),
    codeDeploy: readCodeDeploy(read, sources, github.workspace),
    github,
    posting: { token: readGitHubToken(read) },
    proxy: readProxy(read, sources.env),
  };
  refusePlatformsTheFileCannotRun(config.image, config.taskDefinition, read);
  const repositoryRead = repositoryInput === undefined ? undefined : repositoryNotice(repositoryInput);
  const notices: InputNotice[] = [...(repositoryRead === undefined ? [] : [repositoryRead]), ...noEffectWarnings(read, config)];
  return deepFreeze({ config, notices });
}

function readGitHubContext(env: InputSources['env']): GitHubContext {
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  return {
    repository: env['GITHUB_REPOSITORY'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    runId: env['GITHUB_RUN_ID'] ?? '',
    runAttempt: env['GITHUB_RUN_ATTEMPT'] || '1',
    serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com',
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    workspace,
    runnerTemp: env['RUNNER_TEMP'] || path.join(workspace, '..', '_temp'),
  };
}

/** The token's value never appears in an error: main.ts masks it, but an error names what was given. */
function readGitHubToken(read: ReadInput): string | undefined {
  const token = optional(read(Input.githubToken));
  if (token !== undefined && /\s/.test(token)) {
    throw new InputError(Input.githubToken, '(a value with spaces or line breaks, not shown)', 'one token such as `${{ github.token }}`');
  }
  return token;
}

function readServices(read: ReadInput, region: string, cluster: ClusterInput): string[] {
  const services = lines(read(Input.service));
  if (services.length === 0) throw new InputError(Input.service, '', 'one or more ECS service names, one per line');
  const seen = new Set<string>();
  for (const service of services) {
    const name = checkService(service, region, cluster);
    // A service named once by name and once by ARN is one service: two UpdateServices would race.
    if (seen.has(name)) throw new InputError(Input.service, service, 'each service listed once (by name or by ARN)');
    seen.add(name);
  }
  return services;
}

/**
 * STS allows 2-64 of `[\w+=,.@-]`. The repository is shortened first so that the run id and attempt,
 * which tell runs apart in CloudTrail, always survive.
 */
export function defaultSessionName(github: Pick<GitHubContext, 'repository' | 'runId' | 'runAttempt'>): string {
  const sanitise = (text: string): string => text.replace(/[^\w+=,.@-]+/g, '-');
  const suffix = sanitise([github.runId || 'local', github.runAttempt || '1'].join('-'));
  const room = 64 - 'oidc-ecs-deploy--'.length - suffix.length;
  const repository = sanitise(github.repository || 'unknown-repository')
    .slice(0, Math.max(room, 0))
    .replace(/^-+|-+$/g, '');
  return `oidc-ecs-deploy-${repository}-${suffix}`.slice(0, 64);
}

/** The file is parsed here, not when the definition is rendered, so a broken one (or a bad edit of it) fails before the build. */
function readTaskDefinition(read: ReadInput, sources: InputSources, region: string, workspace: string): TaskDefinitionConfig {
  const containerNames = readContainerNames(read);
  const edits = readEdits(read, region, containerNames);
  const file = optionalFile(read, Input.taskDefinition, sources, workspace);
  if (file === undefined) return { file, fromFile: undefined, containerNames, edits };

  const given = read(Input.taskDefinition);
  let fromFile;
  try {
    fromFile = parseTaskDefinitionFile(sources.readFile(file), given);
  } catch (error) {
    if (!(error instanceof TaskDefinitionFileError)) throw error;
    throw new InputError(Input.taskDefinition, given, `a task definition in JSON, but the file ${error.problem}`);
  }
  const names = fromFile.taskDefinition.containerDefinitions?.map((container) => container.name ?? '') ?? [];
  const missing = containerNames.find((name) => !names.includes(name));
  if (missing !== undefined) {
    throw new InputError(
      Input.containerName,
      missing,
      `the name of a container in ${given}: ${names.map((name) => `\`${name}\``).join(', ')}`,
    );
  }
  try {
    checkEdits(registrableCopy(fromFile.taskDefinition), familyOf(fromFile.taskDefinition), containerNames, edits);
  } catch (error) {
    if (!(error instanceof EditError)) throw error;
    throw new InputError(error.input, error.given, `${error.expected} (in ${given})`);
  }
  return { file, fromFile, containerNames, edits };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}
