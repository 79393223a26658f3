// How inputs combine. Inputs that contradict each other, where the user's intent is unclear, are errors:
// `image` with an input that describes a build (did they mean to build?). An input that merely has no
// effect in this run (a shared workflow's `container-engine` when a caller deploys a prebuilt `image`) is
// a warning naming it and why, never a failure. Only values other than the default are warned about: the
// runner fills in action.yml's defaults, so a default cannot be told from a value the user wrote. Pure.
import type { Config } from './config.js';
import { Input, InputDefault, PULL_REQUEST_EVENTS } from '../shared/constants.js';
import { boolean, InputError, type InputName, type ReadInput } from './field-readers.js';
import { RUN_TASK_SETTINGS } from './run-task-inputs.js';

/** Something the log should say about the inputs before the run starts; never a failure. */
export interface InputNotice {
  readonly level: 'warning' | 'info';
  /** The input it is about. */
  readonly input: InputName;
  readonly message: string;
}

/** Inputs that describe the image to build: given with `image`, which image to deploy is unclear. */
export const BUILD_INPUTS: readonly InputName[] = [
  Input.imageTag,
  Input.extraTags,
  Input.context,
  Input.dockerfile,
  Input.buildArgs,
  Input.target,
  Input.platform,
  Input.labels,
  Input.registries,
  Input.cacheRepository,
  Input.buildSecrets,
];

/** Throws for the first build input given with `image`. */
export function refuseBuildInputsWithImage(read: ReadInput): void {
  refuseGiven(
    read,
    BUILD_INPUTS,
    (name) => `\`${Input.image}\` is set (\`${Input.image}\` deploys an existing image; \`${name}\` belongs to a build)`,
  );
}

/**
 * Throws for the first of `names` given a value, saying when it must be empty. `context` at its default
 * (`.`) counts as not given: the runner fills the default in, so it cannot be told from the user's.
 */
function refuseGiven(read: ReadInput, names: readonly InputName[], when: (name: InputName) => string): void {
  for (const name of names) {
    const value = read(name);
    if (value !== '' && !(name === Input.context && value === InputDefault[Input.context])) {
      throw new InputError(name, value, `to be empty when ${when(name)}`);
    }
  }
}

export const CONTRADICT_REVISION: readonly InputName[] = [
  Input.image,
  ...BUILD_INPUTS.filter((name) => name !== Input.context),
  Input.containerName,
  // The edits change the revision, which is deployed as it is.
  Input.images,
  Input.environmentVariables,
  Input.envFiles,
  Input.secrets,
  Input.command,
  Input.entryPoint,
  Input.dockerLabels,
  Input.logConfigurationLogDriver,
  Input.logConfigurationOptions,
  Input.taskRoleArn,
  Input.executionRoleArn,
  Input.cpu,
  Input.memory,
];

/** Throws for the first input that contradicts deploying the existing revision `task-definition` names. */
export function refuseInputsWithRevision(read: ReadInput): void {
  refuseGiven(
    read,
    CONTRADICT_REVISION,
    (name) =>
      `\`${Input.taskDefinition}\` names an existing revision (${read(Input.taskDefinition)} is deployed as it is, with the images it names; \`${name}\` would change it)`,
  );
}

/** A warning for each input given a value that this run never uses, in the order of action.yml. */
export function noEffectWarnings(read: ReadInput, config: Config): InputNotice[] {
  const { auth, image, deploy } = config;
  const warnings: InputNotice[] = [];
  const warn = (input: InputName, why: string): void => {
    warnings.push({ level: 'warning', input, message: `Input \`${input}\` has no effect in this run: ${why}.` });
  };

  if (auth.roleToAssume === undefined) {
    const noToken = `without \`${Input.roleToAssume}\` no OIDC token is requested`;
    if (auth.audience !== InputDefault[Input.audience]) warn(Input.audience, noToken);
    if (auth.roleChain.length === 0) {
      const noRole = `without \`${Input.roleToAssume}\` or \`${Input.roleChain}\` no role is assumed`;
      if (read(Input.roleSessionName) !== '') warn(Input.roleSessionName, noRole);
      if (auth.roleDurationSeconds !== InputDefault[Input.roleDurationSeconds]) warn(Input.roleDurationSeconds, noRole);
    }
  }

  if (image.kind === 'existing') {
    if (image.repository !== undefined && config.taskDefinition.containerNames.length > 0) {
      warn(
        Input.repository,
        `with \`${Input.image}\` it only picks the container to change, and \`${Input.containerName}\` already names it`,
      );
    }
    if (read(Input.containerEngine) !== '')
      warn(Input.containerEngine, `\`${Input.image}\` deploys an existing image, so nothing is built`);
  }

  if (image.kind === 'build' && image.build.provenance && image.build.engine === 'podman') {
    warn(Input.provenance, `\`${Input.containerEngine}\` is podman, which attaches no build attestations`);
  }
  if (image.kind !== 'build' && read(Input.provenance) !== '' && boolean(read, Input.provenance, false)) {
    warn(Input.provenance, 'nothing is built in this run, so no attestations are attached');
  }

  if (image.kind === 'revision') {
    const asItIs = `\`${Input.taskDefinition}\` names an existing revision, deployed as it is, so nothing is built`;
    if (read(Input.repository) !== '') warn(Input.repository, asItIs);
    const context = read(Input.context);
    if (context !== '' && context !== InputDefault[Input.context]) warn(Input.context, asItIs);
    if (read(Input.containerEngine) !== '') warn(Input.containerEngine, asItIs);
    if (config.scan.threshold !== undefined) warn(Input.scanSeverityThreshold, asItIs);
  }

  const cacheTag = read(Input.cacheTag);
  if (cacheTag !== '' && cacheTag !== InputDefault[Input.cacheTag] && (image.kind !== 'build' || image.build.cache === undefined))
    warn(Input.cacheTag, `without \`${Input.cacheRepository}\` the build uses no layer cache`);

  const noProgressGiven = deploy.noProgressMinutes !== InputDefault[Input.noProgressMinutes];
  const watchInputs: readonly [InputName, boolean][] = [
    // With the scan gate it also bounds the wait for the scan, which runs in a dry run and without a watch.
    [Input.waitForMinutes, deploy.waitMinutes !== InputDefault[Input.waitForMinutes] && config.scan.threshold === undefined],
    [Input.noProgressMinutes, noProgressGiven],
    [Input.maxFailedTasks, deploy.maxFailedTasks !== InputDefault[Input.maxFailedTasks]],
    [Input.rollbackOnFailure, deploy.rollbackOnFailure !== InputDefault[Input.rollbackOnFailure]],
    [Input.failFast, deploy.failFast !== InputDefault[Input.failFast]],
  ];
  if (deploy.dryRun) {
    const dryRun = `\`${Input.dryRun}\` is true, so no service is updated`;
    if (deploy.waitForStability !== InputDefault[Input.waitForServiceStability]) warn(Input.waitForServiceStability, dryRun);
    for (const [input, given] of watchInputs) if (given) warn(input, dryRun);
    if (deploy.forceNewDeployment !== InputDefault[Input.forceNewDeployment]) warn(Input.forceNewDeployment, dryRun);
  } else if (!deploy.waitForStability) {
    for (const [input, given] of watchInputs) {
      if (given) warn(input, `\`${Input.waitForServiceStability}\` is false, so the deployment is not watched`);
    }
    // Old revisions are deregistered only after a deploy known to have succeeded.
    if (deploy.keepRevisions > 0) {
      warn(
        Input.keepRevisions,
        `\`${Input.waitForServiceStability}\` is false, so the deploy is not known to succeed and no revision is deregistered`,
      );
    }
  } else if (deploy.failFast && deploy.services.length < 2) {
    warn(Input.failFast, 'only one service is deployed, so there are no others to stop waiting for');
  }
  if (config.posting.token !== undefined && deploy.dryRun && !PULL_REQUEST_EVENTS.includes(config.github.eventName)) {
    warn(
      Input.githubToken,
      `a dry run posts its plan only on a \`pull_request\` or \`pull_request_target\` event, and this run's event is \`${config.github.eventName || 'unknown'}\``,
    );
  }
  if (!deploy.dryRun && deploy.waitForStability && noProgressGiven && deploy.noProgressMinutes >= deploy.waitMinutes) {
    warn(
      Input.noProgressMinutes,
      `${deploy.noProgressMinutes} minutes is not shorter than \`${Input.waitForMinutes}\` (${deploy.waitMinutes}), so the whole wait ends first`,
    );
  }
  if (config.runTask === undefined) {
    for (const input of RUN_TASK_SETTINGS) {
      const value = read(input);
      const isDefault = input === Input.runTaskTimeoutMinutes && value === String(InputDefault[Input.runTaskTimeoutMinutes]);
      if (value !== '' && !isDefault) warn(input, `\`${Input.runTaskCommand}\` is empty, so no one-off task is run`);
    }
  }
  return warnings;
}
