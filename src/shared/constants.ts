// Every name the runner sees (inputs, outputs, saved state) lives here, so a rename is one edit and
// action.yml can be checked against this file.

export const Input = {
  awsRegion: 'aws-region',
  roleToAssume: 'role-to-assume',
  audience: 'audience',
  roleSessionName: 'role-session-name',
  roleDurationSeconds: 'role-duration-seconds',
  roleChain: 'role-chain',
  exportCredentials: 'export-credentials',
  repository: 'repository',
  imageTag: 'image-tag',
  extraTags: 'extra-tags',
  context: 'context',
  dockerfile: 'dockerfile',
  buildArgs: 'build-args',
  target: 'target',
  platform: 'platform',
  labels: 'labels',
  containerEngine: 'container-engine',
  image: 'image',
  taskDefinition: 'task-definition',
  containerName: 'container-name',
  cluster: 'cluster',
  service: 'service',
  waitForServiceStability: 'wait-for-service-stability',
  waitForMinutes: 'wait-for-minutes',
  noProgressMinutes: 'no-progress-minutes',
  maxFailedTasks: 'max-failed-tasks',
  rollbackOnFailure: 'rollback-on-failure',
  forceNewDeployment: 'force-new-deployment',
  dryRun: 'dry-run',
} as const;

export const Output = {
  imageUri: 'image-uri',
  imageDigest: 'image-digest',
  imageTag: 'image-tag',
  registry: 'registry',
  taskDefinitionArn: 'task-definition-arn',
  previousTaskDefinitionArn: 'previous-task-definition-arn',
  deploymentId: 'deployment-id',
  assumedRoleArn: 'assumed-role-arn',
  rolloutState: 'rollout-state',
  failureReason: 'failure-reason',
} as const;

/** Values the main step saves for the post step (core.saveState / core.getState). */
export const State = {
  isPost: 'isPost',
  dockerConfigDir: 'dockerConfigDir',
  containerEngine: 'containerEngine',
  registry: 'registry',
} as const;

export const DEFAULT_AUDIENCE = 'sts.amazonaws.com';
