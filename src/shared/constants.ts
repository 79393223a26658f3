// Every name the runner sees (inputs, outputs, saved state) and every input default lives here, so a
// rename or a new default is one edit here and one in action.yml, and a test checks the two agree.

export const Input = {
  awsRegion: 'aws-region',
  roleToAssume: 'role-to-assume',
  audience: 'audience',
  roleSessionName: 'role-session-name',
  roleDurationSeconds: 'role-duration-seconds',
  roleChain: 'role-chain',
  exportCredentials: 'export-credentials',
  httpProxy: 'http-proxy',
  repository: 'repository',
  imageTag: 'image-tag',
  extraTags: 'extra-tags',
  context: 'context',
  dockerfile: 'dockerfile',
  buildArgs: 'build-args',
  target: 'target',
  platform: 'platform',
  provenance: 'provenance',
  labels: 'labels',
  scanSeverityThreshold: 'scan-severity-threshold',
  cacheRepository: 'cache-repository',
  cacheTag: 'cache-tag',
  buildSecrets: 'build-secrets',
  containerEngine: 'container-engine',
  registries: 'registries',
  image: 'image',
  taskDefinition: 'task-definition',
  containerName: 'container-name',
  images: 'images',
  environmentVariables: 'environment-variables',
  envFiles: 'env-files',
  secrets: 'secrets',
  command: 'command',
  entryPoint: 'entry-point',
  dockerLabels: 'docker-labels',
  logConfigurationLogDriver: 'log-configuration-log-driver',
  logConfigurationOptions: 'log-configuration-options',
  taskRoleArn: 'task-role-arn',
  executionRoleArn: 'execution-role-arn',
  cpu: 'cpu',
  memory: 'memory',
  cluster: 'cluster',
  service: 'service',
  waitForServiceStability: 'wait-for-service-stability',
  waitForMinutes: 'wait-for-minutes',
  noProgressMinutes: 'no-progress-minutes',
  maxFailedTasks: 'max-failed-tasks',
  rollbackOnFailure: 'rollback-on-failure',
  failFast: 'fail-fast',
  forceNewDeployment: 'force-new-deployment',
  keepRevisions: 'keep-revisions',
  desiredCount: 'desired-count',
  enableEcsManagedTags: 'enable-ecs-managed-tags',
  propagateTags: 'propagate-tags',
  enableExecuteCommand: 'enable-execute-command',
  dryRun: 'dry-run',
  runTaskCommand: 'run-task-command',
  runTaskSubnets: 'run-task-subnets',
  runTaskSecurityGroups: 'run-task-security-groups',
  runTaskAssignPublicIp: 'run-task-assign-public-ip',
  runTaskLaunchType: 'run-task-launch-type',
  runTaskCapacityProviderStrategy: 'run-task-capacity-provider-strategy',
  runTaskTimeoutMinutes: 'run-task-timeout-minutes',
  githubToken: 'github-token',
  codedeployApplication: 'codedeploy-application',
  codedeployDeploymentGroup: 'codedeploy-deployment-group',
  codedeployAppspec: 'codedeploy-appspec',
  codedeployDeploymentConfig: 'codedeploy-deployment-config',
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
  deployed: 'deployed',
  runTaskArn: 'run-task-arn',
  runTaskExitCode: 'run-task-exit-code',
  codedeployDeploymentId: 'codedeploy-deployment-id',
} as const;

/** Values the main step saves for the post step (core.saveState / core.getState). */
export const State = {
  isPost: 'isPost',
  dockerConfigDir: 'dockerConfigDir',
  containerEngine: 'containerEngine',
  registry: 'registry',
} as const;

export type InputName = (typeof Input)[keyof typeof Input];

/** The events whose runs belong to a pull request: where a dry run posts its plan (with `github-token`). */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'];

/**
 * The default of every input that action.yml gives one, as the code reads it (number, boolean or text).
 * The runner fills in action.yml's defaults itself; these cover an input given as an empty string and runs
 * outside the runner. Inputs whose default is worked out at run time (session name, image tag, Dockerfile,
 * container engine) have none here and none in action.yml.
 */
export const InputDefault = {
  [Input.audience]: 'sts.amazonaws.com',
  [Input.roleDurationSeconds]: 3600,
  [Input.exportCredentials]: false,
  [Input.context]: '.',
  [Input.scanSeverityThreshold]: 'none',
  [Input.cacheTag]: 'buildcache',
  [Input.provenance]: false,
  [Input.cluster]: 'default',
  [Input.waitForServiceStability]: true,
  [Input.waitForMinutes]: 30,
  [Input.noProgressMinutes]: 10,
  [Input.maxFailedTasks]: 3,
  [Input.rollbackOnFailure]: true,
  [Input.failFast]: false,
  [Input.forceNewDeployment]: false,
  [Input.keepRevisions]: 0,
  [Input.dryRun]: false,
  [Input.runTaskTimeoutMinutes]: 15,
} as const satisfies Partial<Record<InputName, string | number | boolean>>;
