// A complete, valid Config for tests of the phases that read one: the values a minimal workflow gives
// (one service, an existing image, every input at its action.yml default), with any part overridden.
import type { BuildConfig, Config } from '../src/inputs/config.js';
import { NO_EDITS } from '../src/task-definition/edits/model.js';
import { DIRECT } from '../src/shared/proxy-settings.js';

/** A build with every build input at its default: the context alone, the engine docker or podman as found. */
export const SAMPLE_BUILD: BuildConfig = {
  context: '/work/app',
  dockerfile: undefined,
  buildArgs: [],
  target: undefined,
  platforms: [],
  provenance: false,
  labels: [],
  engine: undefined,
  cache: undefined,
  secrets: [],
};

/** `run-task-command: npm run migrate` and nothing else: every placement from the service. */
export const SAMPLE_RUN_TASK: NonNullable<Config['runTask']> = {
  command: ['npm', 'run', 'migrate'],
  subnets: undefined,
  securityGroups: undefined,
  assignPublicIp: undefined,
  launchType: undefined,
  capacityProviderStrategy: undefined,
  timeoutMinutes: 15,
  startedBy: 'oidc-ecs-deploy/run-1-1',
};

export interface ConfigParts {
  readonly auth?: Partial<Config['auth']>;
  readonly image?: Config['image'];
  readonly taskDefinition?: Partial<Config['taskDefinition']>;
  readonly deploy?: Partial<Config['deploy']>;
  readonly github?: Partial<Config['github']>;
  readonly runTask?: Config['runTask'];
  readonly posting?: Partial<Config['posting']>;
  readonly codeDeploy?: Partial<Config['codeDeploy']>;
  readonly scan?: Config['scan'];
  readonly proxy?: Config['proxy'];
}

export function sampleConfig(parts: ConfigParts = {}): Config {
  return {
    auth: {
      region: 'us-east-1',
      roleToAssume: 'arn:aws:iam::123456789012:role/my-deploy-role',
      audience: 'sts.amazonaws.com',
      roleSessionName: 'oidc-ecs-deploy',
      roleDurationSeconds: 3600,
      roleChain: [],
      exportCredentials: false,
      ...parts.auth,
    },
    image: parts.image ?? { kind: 'existing', reference: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app:v1', repository: undefined },
    scan: parts.scan ?? { threshold: undefined },
    taskDefinition: { file: undefined, fromFile: undefined, containerNames: [], edits: NO_EDITS, ...parts.taskDefinition },
    deploy: {
      cluster: 'default',
      services: ['my-service'],
      waitForStability: true,
      waitMinutes: 30,
      noProgressMinutes: 10,
      maxFailedTasks: 3,
      rollbackOnFailure: true,
      failFast: false,
      forceNewDeployment: false,
      keepRevisions: 0,
      settings: { desiredCount: undefined, enableEcsManagedTags: undefined, propagateTags: undefined, enableExecuteCommand: undefined },
      dryRun: false,
      ...parts.deploy,
    },
    runTask: parts.runTask,
    codeDeploy: {
      application: undefined,
      deploymentGroup: undefined,
      deploymentConfig: undefined,
      appspec: undefined,
      ...parts.codeDeploy,
    },
    github: {
      repository: 'my-org/my-app',
      sha: 'f'.repeat(40),
      runId: '1',
      runAttempt: '1',
      serverUrl: 'https://github.com',
      eventName: 'push',
      workspace: '/home/runner/work/my-app',
      runnerTemp: '/home/runner/work/_temp',
      ...parts.github,
    },
    posting: { token: undefined, ...parts.posting },
    proxy: parts.proxy ?? DIRECT,
  };
}
