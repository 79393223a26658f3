import { describe, expect, test } from '@jest/globals';
import { defaultSessionName, InputError, readInputs, type InputName, type InputSources } from '../../../src/inputs/read-inputs.js';
import { NO_EDITS } from '../../../src/task-definition/edits/model.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const WORKSPACE = '/home/runner/work/my-app/my-app';
const FILES = new Set([`${WORKSPACE}/Dockerfile`, `${WORKSPACE}/deploy/task-definition.json`, `${WORKSPACE}/docker/Dockerfile.prod`]);
const DIRECTORIES = new Set([WORKSPACE, `${WORKSPACE}/docker`]);
const TASK_DEFINITION = {
  family: 'my-app',
  containerDefinitions: [
    { name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:1' },
    { name: 'log-router', image: 'fluent-bit:3' },
  ],
  tags: [{ key: 'team', value: 'payments' }],
};
/** Contents of the files in FILES that readInputs reads; replaced per test for a broken file. */
let taskDefinitionText = JSON.stringify(TASK_DEFINITION);

const MINIMAL: Partial<Record<InputName, string>> = {
  'aws-region': 'us-east-1',
  'role-to-assume': 'arn:aws:iam::123456789012:role/my-deploy-role',
  repository: 'my-org/my-app',
  service: 'my-service',
};

function sources(inputs: Partial<Record<InputName, string>>, env: Record<string, string> = {}): InputSources {
  return {
    getInput: (name) => inputs[name] ?? '',
    env: {
      GITHUB_WORKSPACE: WORKSPACE,
      GITHUB_REPOSITORY: 'my-org/my-app',
      GITHUB_SHA: SHA,
      GITHUB_RUN_ID: '9876543210',
      GITHUB_RUN_ATTEMPT: '2',
      RUNNER_TEMP: '/home/runner/work/_temp',
      ...env,
    },
    isFile: (file) => FILES.has(file),
    isDirectory: (directory) => DIRECTORIES.has(directory),
    readFile: (file) => {
      if (file !== `${WORKSPACE}/deploy/task-definition.json`) throw new Error(`readInputs read ${file}`);
      return taskDefinitionText;
    },
  };
}

function errorOf(inputs: Partial<Record<InputName, string>>, env?: Record<string, string>): InputError {
  try {
    readInputs(sources(inputs, env));
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('readInputs accepted the inputs');
}

describe('readInputs with good inputs', () => {
  test('fills every default from a minimal set of inputs', () => {
    const { config } = readInputs(sources(MINIMAL));
    expect(config.auth).toEqual({
      region: 'us-east-1',
      roleToAssume: 'arn:aws:iam::123456789012:role/my-deploy-role',
      audience: 'sts.amazonaws.com',
      roleSessionName: 'oidc-ecs-deploy-my-org-my-app-9876543210-2',
      roleDurationSeconds: 3600,
      roleChain: [],
      exportCredentials: false,
    });
    expect(config.image).toEqual({
      kind: 'build',
      repository: 'my-org/my-app',
      tag: SHA,
      extraTags: [],
      registries: [],
      build: {
        context: WORKSPACE,
        dockerfile: undefined,
        buildArgs: [],
        target: undefined,
        platforms: [],
        provenance: false,
        labels: [],
        engine: undefined,
        cache: undefined,
        secrets: [],
      },
    });
    expect(config.taskDefinition).toEqual({ file: undefined, fromFile: undefined, containerNames: [], edits: NO_EDITS });
    expect(config.scan).toEqual({ threshold: undefined });
    expect(config.deploy).toEqual({
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
    });
  });

  test.each([
    [{ 'desired-count': '0' }, { desiredCount: 0 }],
    [{ 'desired-count': '5000' }, { desiredCount: 5000 }],
    [{ 'propagate-tags': 'SERVICE' }, { propagateTags: 'SERVICE' }],
    [{ 'propagate-tags': 'TASK_DEFINITION' }, { propagateTags: 'TASK_DEFINITION' }],
    [
      { 'enable-ecs-managed-tags': 'true', 'enable-execute-command': 'False' },
      { enableEcsManagedTags: true, enableExecuteCommand: false },
    ],
  ] as const)('reads the service settings %j, leaving the others to the service', (given, settings) => {
    const { config } = readInputs(sources({ ...MINIMAL, ...given }));
    expect(config.deploy.settings).toEqual({
      desiredCount: undefined,
      enableEcsManagedTags: undefined,
      propagateTags: undefined,
      enableExecuteCommand: undefined,
      ...settings,
    });
  });

  test('returns a deeply frozen config', () => {
    const { config } = readInputs(sources(MINIMAL));
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.deploy.services)).toBe(true);
    expect(Object.isFrozen(config.auth)).toBe(true);
  });

  test('reads lists, pairs and paths, keeping `=` and spaces inside values', () => {
    const { config } = readInputs(
      sources({
        ...MINIMAL,
        'role-chain': 'arn:aws:iam::210987654321:role/target\n\n# comment\narn:aws:iam::210987654321:role/path/deeper',
        'extra-tags': 'latest, stable\nrelease-1.2',
        context: 'docker',
        dockerfile: 'docker/Dockerfile.prod',
        'build-args': 'NODE_ENV=production\nQUERY=a=b&c=d e',
        labels: 'team=payments\norg.example/owner=Jane Doe',
        'container-engine': 'podman',
        platform: 'linux/arm64/v8',
        target: 'runtime',
        'task-definition': 'deploy/task-definition.json',
        service: 'api\nworker',
        'container-name': 'app',
        cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
        'wait-for-minutes': '120',
        'max-failed-tasks': '0',
        'keep-revisions': '5',
        'dry-run': 'True',
      }),
    );
    expect(config.auth.roleChain).toEqual(['arn:aws:iam::210987654321:role/target', 'arn:aws:iam::210987654321:role/path/deeper']);
    expect(config.image.kind === 'build' && config.image.extraTags).toEqual(['latest', 'stable', 'release-1.2']);
    expect(config.image.kind === 'build' && config.image.build).toEqual({
      context: `${WORKSPACE}/docker`,
      dockerfile: `${WORKSPACE}/docker/Dockerfile.prod`,
      buildArgs: [
        ['NODE_ENV', 'production'],
        ['QUERY', 'a=b&c=d e'],
      ],
      target: 'runtime',
      platforms: ['linux/arm64/v8'],
      provenance: false,
      labels: [
        ['team', 'payments'],
        ['org.example/owner', 'Jane Doe'],
      ],
      engine: 'podman',
      cache: undefined,
      secrets: [],
    });
    expect(config.taskDefinition.file).toBe(`${WORKSPACE}/deploy/task-definition.json`);
    const { tags, ...definition } = TASK_DEFINITION;
    expect(config.taskDefinition.fromFile).toEqual({ taskDefinition: definition, tags });
    expect(config.deploy.services).toEqual(['api', 'worker']);
    expect(config.deploy.waitMinutes).toBe(120);
    expect(config.deploy.maxFailedTasks).toBe(0);
    expect(config.deploy.keepRevisions).toBe(5);
    expect(config.deploy.dryRun).toBe(true);
  });

  test('deploys an existing image without build inputs', () => {
    const { config } = readInputs(
      sources({ 'aws-region': 'eu-west-1', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-org/my-app:1.2.3', service: 'api' }),
    );
    expect(config.image).toEqual({
      kind: 'existing',
      reference: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-org/my-app:1.2.3',
      repository: undefined,
    });
    expect(config.auth.roleToAssume).toBeUndefined();
  });

  test('drops an extra tag equal to the main tag', () => {
    const { config } = readInputs(sources({ ...MINIMAL, 'image-tag': 'v1', 'extra-tags': 'v1,latest' }));
    expect(config.image.kind === 'build' && config.image.extraTags).toEqual(['latest']);
  });
});

const DIGEST = 'a'.repeat(64);
const badInputs: [string, Partial<Record<InputName, string>>, InputName, RegExp][] = [
  ['missing region', { 'aws-region': '' }, 'aws-region', /is empty; expected an AWS region/],
  ['region with upper case', { 'aws-region': 'US-EAST-1' }, 'aws-region', /"US-EAST-1"/],
  ['region typo', { 'aws-region': 'us-east' }, 'aws-region', /expected an AWS region/],
  ['role name instead of ARN', { 'role-to-assume': 'my-deploy-role' }, 'role-to-assume', /expected an IAM role ARN/],
  ['role ARN with short account', { 'role-to-assume': 'arn:aws:iam::12345:role/x' }, 'role-to-assume', /IAM role ARN/],
  ['user ARN as role', { 'role-to-assume': 'arn:aws:iam::123456789012:user/me' }, 'role-to-assume', /IAM role ARN/],
  ['audience with a space', { audience: 'sts amazonaws' }, 'audience', /without spaces/],
  ['chain with a bad line', { 'role-chain': 'arn:aws:iam::210987654321:role/ok\nnot-an-arn' }, 'role-chain', /"not-an-arn"/],
  ['session name too short', { 'role-session-name': 'a' }, 'role-session-name', /2 to 64/],
  ['session name with space', { 'role-session-name': 'my session' }, 'role-session-name', /2 to 64/],
  ['duration below 900', { 'role-duration-seconds': '899' }, 'role-duration-seconds', /from 900 to 43200/],
  ['duration above 12 h', { 'role-duration-seconds': '43201' }, 'role-duration-seconds', /from 900 to 43200/],
  ['proxy without a scheme', { 'http-proxy': 'proxy.example.com:3128' }, 'http-proxy', /"proxy.example.com:3128"; expected a proxy URL/],
  ['proxy of another scheme', { 'http-proxy': 'socks5://proxy.example.com:1080' }, 'http-proxy', /"socks5:\/\/proxy.example.com:1080"/],
  ['proxy with a path', { 'http-proxy': 'http://proxy.example.com:3128/path' }, 'http-proxy', /\(http or https, a host, no path\)/],
  [
    'proxy with a bad port, credentials not shown',
    { 'http-proxy': 'http://me:s3cret@proxy.example.com:99999' },
    'http-proxy',
    /^Input `http-proxy` was "http:\/\/\*\*\*@proxy.example.com:99999"; expected a proxy URL/,
  ],
  ['duration not a number', { 'role-duration-seconds': '1h' }, 'role-duration-seconds', /whole number/],
  ['export not boolean', { 'export-credentials': 'yes' }, 'export-credentials', /`true` or `false`/],
  ['repository with upper case', { repository: 'My-App' }, 'repository', /ECR repository name/],
  ['repository with a tag', { repository: 'my-app:latest' }, 'repository', /ECR repository name/],
  ['neither repository nor image', { repository: '' }, 'repository', /or set `image`/],
  ['tag with a slash', { 'image-tag': 'feature/x' }, 'image-tag', /at most 128/],
  ['tag too long', { 'image-tag': 'x'.repeat(129) }, 'image-tag', /at most 128/],
  ['tag starting with a dot', { 'image-tag': '.hidden' }, 'image-tag', /not starting/],
  ['default tag without a commit SHA', {}, 'image-tag', /GITHUB_SHA/],
  ['bad extra tag', { 'extra-tags': 'ok,not ok' }, 'extra-tags', /"not ok"/],
  ['missing context', { context: 'nowhere' }, 'context', /a directory that exists/],
  ['missing dockerfile', { dockerfile: 'Dockerfile.missing' }, 'dockerfile', /a file that exists/],
  ['context without Dockerfile', { context: 'docker' }, 'dockerfile', /has no `Dockerfile`/],
  ['build arg without =', { 'build-args': 'JUST_A_NAME' }, 'build-args', /`NAME=value`/],
  ['build arg with bad name', { 'build-args': '1X=2' }, 'build-args', /`NAME=value`/],
  ['label without key', { labels: '=value' }, 'labels', /`key=value`/],
  ['registry of 11 digits', { registries: '21098765432' }, 'registries', /"21098765432"; expected ECR registries as 12-digit account ids/],
  ['registry that is not ECR', { registries: '210987654321\nregistry.example.com' }, 'registries', /"registry.example.com"/],
  ['registry as an ARN', { registries: 'arn:aws:ecr:us-east-1:210987654321:repository/base' }, 'registries', /ECR registry hosts/],
  ['platform without an architecture', { platform: 'linux' }, 'platform', /^Input `platform` was "linux"; expected platforms of the form/],
  [
    'one bad platform among good ones',
    { platform: 'linux/amd64,\nlinux/ARM64' },
    'platform',
    /^Input `platform` was "linux\/ARM64"; expected platforms of the form `os\/architecture\[\/variant\]`, such as `linux\/arm64` or `linux\/amd64,linux\/arm64` \(comma or newline separated\)\.$/,
  ],
  ['provenance not boolean', { provenance: 'yes' }, 'provenance', /^Input `provenance` was "yes"; expected `true` or `false`\.$/],
  [
    'provenance not boolean with image',
    { repository: '', image: `my-app@sha256:${DIGEST}`, provenance: 'on' },
    'provenance',
    /^Input `provenance` was "on"; expected `true` or `false`\.$/,
  ],
  ['bad target', { target: '-x' }, 'target', /build stage/],
  [
    'unknown scan threshold',
    { 'scan-severity-threshold': 'SEVERE' },
    'scan-severity-threshold',
    /`none`, `CRITICAL`, `HIGH`, `MEDIUM` or `LOW`/,
  ],
  [
    'INFORMATIONAL as a scan threshold',
    { 'scan-severity-threshold': 'INFORMATIONAL' },
    'scan-severity-threshold',
    /"INFORMATIONAL"; expected `none`/,
  ],
  ['unknown engine', { 'container-engine': 'nerdctl' }, 'container-engine', /`docker`, `podman`/],
  ['image with build input', { repository: '', image: `my-app@sha256:${DIGEST}`, target: 'x' }, 'target', /empty when `image` is set/],
  ['image with image-tag', { image: 'my-app:1', 'image-tag': 'v2' }, 'image-tag', /empty when `image` is set/],
  ['image with context', { image: 'my-app:1', context: 'docker' }, 'context', /empty when `image` is set/],
  ['malformed image', { image: 'my app:1' }, 'image', /an image reference/],
  ['image with short digest', { image: 'my-app@sha256:abc' }, 'image', /an image reference/],
  ['missing task definition file', { 'task-definition': 'task.json' }, 'task-definition', /a file that exists/],
  ['bad container name', { 'container-name': 'my app' }, 'container-name', /container name/],
  [
    'container not in the task definition file',
    { 'task-definition': 'deploy/task-definition.json', 'container-name': 'web' },
    'container-name',
    /a container in deploy\/task-definition.json: `app`, `log-router`/,
  ],
  ['container listed twice', { 'container-name': 'app\napp' }, 'container-name', /"app"; expected container names .* each once/],
  ['environment variable without =', { 'environment-variables': 'STAGE' }, 'environment-variables', /"STAGE"; expected `NAME=value`/],
  ['environment variable with a space in its name', { 'environment-variables': 'MY VAR=1' }, 'environment-variables', /`NAME=value`/],
  ['environment variable set twice', { 'environment-variables': 'A=1\nA=2' }, 'environment-variables', /"A"; expected each name once/],
  ['env file that is not an S3 ARN', { 'env-files': 's3://my-bucket/prod.env' }, 'env-files', /S3 object ARNs of `.env` files/],
  [
    'env file without the .env extension',
    { 'env-files': 'arn:aws:s3:::my-bucket/prod.txt' },
    'env-files',
    /S3 object ARNs of `.env` files/,
  ],
  [
    'env file of another partition',
    { 'env-files': 'arn:aws-cn:s3:::my-bucket/prod.env' },
    'env-files',
    /an ARN in partition aws, the partition of `aws-region` us-east-1, not in aws-cn/,
  ],
  [
    'secret whose value is not an ARN, not shown',
    { secrets: 'DB_PASSWORD=hunter2' },
    'secrets',
    /^Input `secrets` was "DB_PASSWORD=<not an ARN, not shown>"; expected `NAME=arn` per line/,
  ],
  [
    'secret without a name',
    { secrets: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' },
    'secrets',
    /"\(no name\)=<not an ARN, not shown>"/,
  ],
  [
    'secret ARN of another service',
    { secrets: 'DB=arn:aws:s3:::my-bucket/secret' },
    'secrets',
    /"DB=<not an ARN, not shown>"; expected `NAME=arn`/,
  ],
  [
    'secret ARN of another partition',
    { secrets: 'DB=arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db' },
    'secrets',
    /"DB=arn:aws-cn:ssm:cn-north-1:123456789012:parameter\/db"; expected an ARN in partition aws/,
  ],
  [
    'secret named twice',
    { secrets: 'DB=arn:aws:ssm:us-east-1:123456789012:parameter/a\nDB=arn:aws:ssm:us-east-1:123456789012:parameter/b' },
    'secrets',
    /"DB"; expected each name once/,
  ],
  [
    'secret with a name also set as an environment variable',
    { 'environment-variables': 'DB=plain', secrets: 'DB=arn:aws:ssm:us-east-1:123456789012:parameter/db' },
    'secrets',
    /names not also set by `environment-variables`/,
  ],
  [
    'command with an unclosed quote',
    { command: 'sh -c "echo hi' },
    'command',
    /quotes are closed, but the double quote at character 7 is never closed/,
  ],
  ['command as a JSON array of numbers', { command: '[1, 2]' }, 'command', /a JSON array of strings/],
  ['command as broken JSON', { command: '["node", ' }, 'command', /a JSON array of strings/],
  ['entry point as an empty JSON array', { 'entry-point': '[]' }, 'entry-point', /a JSON array of strings/],
  ['docker label without =', { 'docker-labels': 'team' }, 'docker-labels', /`key=value`/],
  ['docker label set twice', { 'docker-labels': 'team=a\nteam=b' }, 'docker-labels', /each name once/],
  ['unknown log driver', { 'log-configuration-log-driver': 'cloudwatch' }, 'log-configuration-log-driver', /one of awsfirelens, awslogs,/],
  ['log option without =', { 'log-configuration-options': 'awslogs-group' }, 'log-configuration-options', /`key=value`/],
  ['task role that is not a role ARN', { 'task-role-arn': 'my-app-task' }, 'task-role-arn', /an IAM role ARN/],
  [
    'execution role of another partition',
    { 'execution-role-arn': 'arn:aws-cn:iam::123456789012:role/x' },
    'execution-role-arn',
    /an ARN in partition aws/,
  ],
  ['cpu with a unit it does not know', { cpu: '1 core' }, 'cpu', /CPU units such as `1024`, or vCPUs such as `1 vCPU`/],
  ['cpu of a fraction of a unit', { cpu: '0.0001 vCPU' }, 'cpu', /CPU units/],
  ['memory in MB', { memory: '512 MB' }, 'memory', /MiB such as `2048`, or GB such as `2 GB`/],
  ['memory zero', { memory: '0' }, 'memory', /MiB such as/],
  ['image of a container without =', { images: 'envoy' }, 'images', /`container=image` per line/],
  [
    'image that is not an image reference',
    { images: 'envoy=not an image' },
    'images',
    /"envoy=not an image"; expected `container=image` per line, with an image reference/,
  ],
  [
    'image for a container that gets the deployed image',
    { 'container-name': 'app', images: 'app=envoy:1.31' },
    'images',
    /containers other than those of `container-name`/,
  ],
  [
    'image for a container the task definition file lacks',
    { 'task-definition': 'deploy/task-definition.json', images: 'envoy=envoy:1.31' },
    'images',
    /^Input `images` was "envoy=envoy:1.31"; expected a container of the task definition my-app: `app`, `log-router` \(in deploy\/task-definition.json\)\.$/,
  ],
  [
    'log options for a container of the file without a log configuration',
    { 'task-definition': 'deploy/task-definition.json', 'container-name': 'app', 'log-configuration-options': 'mode=non-blocking' },
    'log-configuration-options',
    /expected `log-configuration-log-driver` as well, since container app has no log configuration to add options to \(in deploy\/task-definition.json\)/,
  ],
  ['bad cluster', { cluster: 'my cluster' }, 'cluster', /cluster name/],
  ['no service', { service: '' }, 'service', /one or more ECS service names/],
  ['service with a space', { service: 'my service' }, 'service', /ECS service names/],
  ['service listed twice', { service: 'api\napi' }, 'service', /each service listed once/],
  [
    'service listed by name and by ARN',
    { cluster: 'my-cluster', service: 'api\narn:aws:ecs:us-east-1:123456789012:service/my-cluster/api' },
    'service',
    /each service listed once \(by name or by ARN\)/,
  ],
  [
    'role in a partition that does not exist',
    { 'role-to-assume': 'arn:aws-xx:iam::123456789012:role/x' },
    'role-to-assume',
    /an ARN whose partition is one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc, not aws-xx\.$/,
  ],
  [
    'role of aws with a China region',
    { 'aws-region': 'cn-north-1' },
    'role-to-assume',
    /expected an ARN in partition aws-cn, the partition of `aws-region` cn-north-1, not in aws\.$/,
  ],
  [
    'chained role of aws with a GovCloud region',
    {
      'aws-region': 'us-gov-west-1',
      'role-to-assume': 'arn:aws-us-gov:iam::123456789012:role/my-deploy-role',
      'role-chain': 'arn:aws:iam::210987654321:role/target',
    },
    'role-chain',
    /"arn:aws:iam::210987654321:role\/target"; expected an ARN in partition aws-us-gov, the partition of `aws-region` us-gov-west-1, not in aws\.$/,
  ],
  [
    'role of aws with a European Sovereign Cloud region',
    { 'aws-region': 'eusc-de-east-1' },
    'role-to-assume',
    /partition aws-eusc, the partition of `aws-region` eusc-de-east-1, not in aws\.$/,
  ],
  [
    'cluster ARN of another partition',
    { cluster: 'arn:aws-cn:ecs:cn-north-1:123456789012:cluster/my-cluster' },
    'cluster',
    /expected an ARN in partition aws, the partition of `aws-region` us-east-1, not in aws-cn\.$/,
  ],
  [
    'cluster ARN of another region',
    { cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/my-cluster' },
    'cluster',
    /expected a cluster in `aws-region` us-east-1, not in eu-west-1\.$/,
  ],
  [
    'service ARN in a partition that does not exist',
    { service: 'arn:aws-xx:ecs:us-east-1:123456789012:service/default/my-service' },
    'service',
    /partition is one of aws, .*, not aws-xx\.$/,
  ],
  [
    'service ARN of another region',
    { cluster: 'my-cluster', service: 'arn:aws:ecs:eu-west-1:123456789012:service/my-cluster/my-service' },
    'service',
    /^Input `service` was "arn:aws:ecs:eu-west-1:123456789012:service\/my-cluster\/my-service"; expected a service in `aws-region` us-east-1, not in eu-west-1\.$/,
  ],
  [
    'service ARN of another cluster than the cluster name',
    { cluster: 'my-cluster', service: 'arn:aws:ecs:us-east-1:123456789012:service/other-cluster/my-service' },
    'service',
    /expected a service of the cluster that `cluster` names \(my-cluster\), not of cluster other-cluster\.$/,
  ],
  [
    'service ARN of a cluster of the same name in another account than the cluster ARN',
    {
      cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster',
      service: 'arn:aws:ecs:us-east-1:210987654321:service/my-cluster/my-service',
    },
    'service',
    /names \(arn:aws:ecs:us-east-1:123456789012:cluster\/my-cluster\), not of cluster my-cluster of account 210987654321\.$/,
  ],
  [
    'service ARN of another cluster when cluster is left at default',
    { service: 'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-service' },
    'service',
    /names \(default\), not of cluster my-cluster\.$/,
  ],
  [
    'repository URI of another region',
    { repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-org/my-app' },
    'repository',
    /^Input `repository` was "123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/my-org\/my-app"; expected a repository in `aws-region` us-east-1, not in eu-west-1 \(or set `aws-region` to eu-west-1\)\.$/,
  ],
  [
    'repository URI of a registry that is not ECR, with a port',
    { repository: 'registry.example.com:5000/my-org/my-app' },
    'repository',
    /"registry\.example\.com:5000\/my-org\/my-app"; expected an ECR repository name such as `my-org\/my-app` .*, or its URI `<registry>\/my-org\/my-app`\.$/,
  ],
  [
    'repository URI with a tag',
    { repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:v1' },
    'repository',
    /without a tag or digest \(`image-tag` sets the tag\)\.$/,
  ],
  [
    'repository URI whose path ECR refuses',
    { repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my__app' },
    'repository',
    /expected an ECR repository name such as `my-org\/my-app`/,
  ],
  [
    'image with a bad container engine, unused but misspelt',
    { repository: '', image: 'my-app:1', 'container-engine': 'podmn' },
    'container-engine',
    /`docker`, `podman`/,
  ],
  ['wait-for-minutes zero', { 'wait-for-minutes': '0' }, 'wait-for-minutes', /from 1 to 720/],
  ['wait-for-minutes fraction', { 'wait-for-minutes': '1.5' }, 'wait-for-minutes', /whole number/],
  ['no-progress-minutes too large', { 'no-progress-minutes': '721' }, 'no-progress-minutes', /from 1 to 720/],
  ['max-failed-tasks negative', { 'max-failed-tasks': '-1' }, 'max-failed-tasks', /from 0 to 100/],
  [
    'keep-revisions negative',
    { 'keep-revisions': '-2' },
    'keep-revisions',
    /"-2"; expected a whole number from 0 to 1000 \(revisions of each family/,
  ],
  ['keep-revisions a word', { 'keep-revisions': 'all' }, 'keep-revisions', /"all"; expected a whole number from 0 to 1000/],
  ['keep-revisions too many', { 'keep-revisions': '1001' }, 'keep-revisions', /from 0 to 1000/],
  ['wait flag misspelt', { 'wait-for-service-stability': 'ture' }, 'wait-for-service-stability', /`true` or `false`/],
  ['rollback flag as number', { 'rollback-on-failure': '1' }, 'rollback-on-failure', /`true` or `false`/],
  ['fail-fast as a word', { 'fail-fast': 'yes' }, 'fail-fast', /`true` or `false`/],
  ['force flag as yes', { 'force-new-deployment': 'yes' }, 'force-new-deployment', /`true` or `false`/],
  ['dry-run as on', { 'dry-run': 'on' }, 'dry-run', /`true` or `false`/],
  ['desired-count negative', { 'desired-count': '-1' }, 'desired-count', /"-1"; expected a whole number from 0 to 5000 \(tasks; 0 scales/],
  ['desired-count above the quota', { 'desired-count': '5001' }, 'desired-count', /from 0 to 5000/],
  ['desired-count as a word', { 'desired-count': 'two' }, 'desired-count', /whole number/],
  [
    'propagate-tags in lower case',
    { 'propagate-tags': 'service' },
    'propagate-tags',
    /"service"; expected `TASK_DEFINITION`, `SERVICE` or `NONE`/,
  ],
  ['propagate-tags unknown', { 'propagate-tags': 'TASK' }, 'propagate-tags', /`TASK_DEFINITION`, `SERVICE` or `NONE`/],
  ['enable-ecs-managed-tags as yes', { 'enable-ecs-managed-tags': 'yes' }, 'enable-ecs-managed-tags', /"yes"; expected `true` or `false`/],
  ['enable-execute-command as 1', { 'enable-execute-command': '1' }, 'enable-execute-command', /"1"; expected `true` or `false`/],
  [
    'cache repository with upper case',
    { 'cache-repository': 'my-org/My-Cache' },
    'cache-repository',
    /"my-org\/My-Cache"; expected an ECR repository name/,
  ],
  [
    'cache repository with a tag',
    { 'cache-repository': 'my-org/my-app-cache:buildcache' },
    'cache-repository',
    /without a tag \(`cache-tag` sets it\)/,
  ],
  [
    'cache repository URI of another region',
    { 'cache-repository': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-org/my-app-cache' },
    'cache-repository',
    /in `aws-region`/,
  ],
  ['cache tag with a slash', { 'cache-tag': 'cache/main' }, 'cache-tag', /"cache\/main"; expected a tag of at most 128/],
  [
    'build secret without id=',
    { 'build-secrets': 'npm_9f1c2e7a' },
    'build-secrets',
    /^Input `build-secrets` was "line 1, value hidden"; expected `id=value`/,
  ],
  ['build secret with a bad id', { 'build-secrets': 'npm token=abc123' }, 'build-secrets', /"line 1, value hidden"; expected `id=value`/],
  [
    'build secret id given twice',
    { 'build-secrets': 'npm=abc123\n\nnpm=def456' },
    'build-secrets',
    /"line 3 \(id npm\), value hidden"; expected .* each id once/,
  ],
  [
    'build secret with an empty value',
    { 'build-secrets': 'npm=' },
    'build-secrets',
    /"line 1 \(id npm\), value hidden"; expected .*, with a value/,
  ],
  [
    'build secret from an unset variable',
    { 'build-secrets': 'npm=env:NPM_TOKEN' },
    'build-secrets',
    /"line 1 \(id npm\), value hidden"; expected a variable that is set in the step's environment \(`NPM_TOKEN` is not set or empty\)/,
  ],
  ['build secret from a bad variable name', { 'build-secrets': 'npm=env:NPM-TOKEN' }, 'build-secrets', /`env:` takes a variable name/],
  [
    'build secret from a missing file',
    { 'build-secrets': 'pip=file:ci/pip.conf' },
    'build-secrets',
    /"line 1 \(id pip\), value hidden"; expected the path of a file that exists after `file:` \(looked for \/home\/runner\/work\/my-app\/my-app\/ci\/pip.conf\)/,
  ],
  [
    'image with cache repository',
    { image: 'my-app:1', 'cache-repository': 'my-org/my-app-cache' },
    'cache-repository',
    /empty when `image` is set/,
  ],
  ['image with build secrets', { image: 'my-app:1', 'build-secrets': 'npm=env:NPM_TOKEN' }, 'build-secrets', /empty when `image` is set/],
  [
    'revision with build secrets',
    { 'task-definition': 'my-app:7', 'build-secrets': 'npm=abc' },
    'build-secrets',
    /empty when `task-definition` names an existing revision/,
  ],
];

describe('readInputs reads `scan-severity-threshold`', () => {
  test.each([
    ['none', undefined],
    ['NONE', undefined],
    ['CRITICAL', 'CRITICAL'],
    ['high', 'HIGH'],
    ['Medium', 'MEDIUM'],
    ['LOW', 'LOW'],
  ])('%s reads as threshold %s', (given, threshold) => {
    expect(readInputs(sources({ ...MINIMAL, 'scan-severity-threshold': given })).config.scan).toEqual({ threshold });
  });
});

describe('readInputs reads `github-token` and the event', () => {
  test('keeps the token for posting and the event name with the run facts', () => {
    const { config } = readInputs(sources({ ...MINIMAL, 'github-token': 'ghs_abc123' }, { GITHUB_EVENT_NAME: 'pull_request' }));
    expect(config.posting).toEqual({ token: 'ghs_abc123' });
    expect(config.github.eventName).toBe('pull_request');
  });

  test('without the input nothing is posted', () => {
    expect(readInputs(sources(MINIMAL)).config.posting).toEqual({ token: undefined });
  });

  test('a token with a space inside fails naming the input but never shows the value', () => {
    const error = errorOf({ ...MINIMAL, 'github-token': 'ghs_secret part2' });
    expect(error.input).toBe('github-token');
    expect(error.message).toMatch(/^Input `github-token` /);
    expect(error.message).not.toContain('ghs_secret');
    expect(error.message).not.toContain('part2');
  });

  test.each([
    ['push', '`push`'],
    ['', '`unknown`'],
  ])('warns that a dry run on a %j event posts nothing', (eventName, shown) => {
    const { notices } = readInputs(
      sources({ ...MINIMAL, 'dry-run': 'true', 'github-token': 'ghs_abc123' }, { GITHUB_EVENT_NAME: eventName }),
    );
    expect(notices).toEqual([
      {
        level: 'warning',
        input: 'github-token',
        message: `Input \`github-token\` has no effect in this run: a dry run posts its plan only on a \`pull_request\` or \`pull_request_target\` event, and this run's event is ${shown}.`,
      },
    ]);
  });

  test.each([
    ['a dry run on a pull request', { 'dry-run': 'true' }, 'pull_request'],
    ['a dry run on pull_request_target', { 'dry-run': 'true' }, 'pull_request_target'],
    ['a deploy on a push (commit status)', {}, 'push'],
  ])('no warning: %s', (_name, overrides, eventName) => {
    const { notices } = readInputs(sources({ ...MINIMAL, ...overrides, 'github-token': 'ghs_abc123' }, { GITHUB_EVENT_NAME: eventName }));
    expect(notices).toEqual([]);
  });
});

describe('readInputs with bad inputs', () => {
  test.each(badInputs)('%s fails naming the input, the value and the form expected', (_name, overrides, input, message) => {
    const env = _name === 'default tag without a commit SHA' ? { GITHUB_SHA: '' } : undefined;
    const error = errorOf({ ...MINIMAL, ...overrides }, env);
    expect(error.input).toBe(input);
    expect(error.message).toMatch(new RegExp(`^Input \`${input}\` `));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});

// References the former input regex and the engine-side parser judged differently; one parser now decides.
describe('readInputs reads the image input with the one image-reference parser', () => {
  const SHA512 = `sha512:${'cd34'.repeat(32)}`;

  test.each([
    ['an IPv6 registry host with a port', '[::1]:5000/my-app:v1'],
    ['a sha512 digest', `registry.example.com/my-org/my-app@${SHA512}`],
    ['a tag and a sha512 digest', `my-app:v1@${SHA512}`],
    ['a registry host in capitals', 'Registry/my-app:1'],
  ])('accepts %s', (_label, reference) => {
    const { config } = readInputs(sources({ 'aws-region': 'us-east-1', image: reference, service: 'api' }));
    expect(config.image).toEqual({ kind: 'existing', reference, repository: undefined });
  });

  test.each([
    ['a registry host with an underscore', 'bad_host.example/my-app:1'],
    ['a sha512 digest of 64 hex', `my-app@sha512:${DIGEST}`],
    ['a sha256 digest in capitals', `my-app@sha256:${DIGEST.toUpperCase()}`],
    ['an unclosed IPv6 host', '[::1/my-app:1'],
  ])('refuses %s', (_label, reference) => {
    const error = errorOf({ 'aws-region': 'us-east-1', image: reference, service: 'api' });
    expect(error.input).toBe('image');
    expect(error.message).toBe(
      `Input \`image\` was ${JSON.stringify(reference)}; expected an image reference such as \`<registry>/my-org/my-app:1.2.3\` or \`<registry>/my-org/my-app@sha256:<64 hex>\`.`,
    );
  });
});

describe('readInputs with a task definition file it cannot register', () => {
  test.each([
    ['a trailing comma', '{"family": "my-app", "containerDefinitions": [{"name": "app"},]}', /is not valid JSON: Unexpected token/],
    ['no family', '{"containerDefinitions": [{"name": "app"}]}', /has no family/],
    ['no containers', '{"family": "my-app", "containerDefinitions": []}', /has no containerDefinitions/],
    ['a list instead of an object', '[]', /must hold a JSON object .* found an array/],
  ])('%s fails as a bad task-definition input, before any network call', (_name, text, problem) => {
    taskDefinitionText = text;
    try {
      const error = errorOf({ ...MINIMAL, 'task-definition': 'deploy/task-definition.json' });
      expect(error.input).toBe('task-definition');
      expect(error.message).toMatch(
        /^Input `task-definition` was "deploy\/task-definition.json"; expected a task definition in JSON, but the file /,
      );
      expect(error.message).toMatch(problem);
      expect(error.message).not.toContain('\n');
    } finally {
      taskDefinitionText = JSON.stringify(TASK_DEFINITION);
    }
  });
});

describe('defaultSessionName', () => {
  test.each([
    [{ repository: 'my-org/my-app', runId: '123', runAttempt: '1' }, 'oidc-ecs-deploy-my-org-my-app-123-1'],
    [{ repository: 'org/repo with spaces!', runId: '5', runAttempt: '3' }, 'oidc-ecs-deploy-org-repo-with-spaces-5-3'],
    [{ repository: '', runId: '', runAttempt: '' }, 'oidc-ecs-deploy-unknown-repository-local-1'],
  ])('builds %j into %s', (github, expected) => {
    expect(defaultSessionName(github)).toBe(expected);
  });

  test('keeps the run id and attempt when the repository name is long, within 64 characters', () => {
    const name = defaultSessionName({ repository: `my-org/${'x'.repeat(100)}`, runId: '12345678901', runAttempt: '7' });
    expect(name).toHaveLength(64);
    expect(name.endsWith('-12345678901-7')).toBe(true);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});

describe('readInputs across partitions and regions', () => {
  test.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('%s takes role, chain, cluster and service ARNs of %s', (region, partition) => {
    const cluster = `arn:${partition}:ecs:${region}:123456789012:cluster/my-cluster`;
    const service = `arn:${partition}:ecs:${region}:123456789012:service/my-cluster/api`;
    const { config } = readInputs(
      sources({
        ...MINIMAL,
        'aws-region': region,
        'role-to-assume': `arn:${partition}:iam::123456789012:role/my-deploy-role`,
        'role-chain': `arn:${partition}:iam::210987654321:role/my-target-role`,
        cluster,
        service: `${service}\nworker`,
      }),
    );
    expect(config.auth.region).toBe(region);
    expect(config.auth.roleToAssume).toBe(`arn:${partition}:iam::123456789012:role/my-deploy-role`);
    expect(config.deploy.cluster).toBe(cluster);
    expect(config.deploy.services).toEqual([service, 'worker']);
  });

  test('a service ARN of the short form, which names no cluster, goes with any cluster', () => {
    const service = 'arn:aws:ecs:us-east-1:123456789012:service/my-service';
    const { config } = readInputs(sources({ ...MINIMAL, cluster: 'my-cluster', service }));
    expect(config.deploy.services).toEqual([service]);
  });

  test('a service ARN of the cluster given as an ARN of the same account', () => {
    const cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster';
    const service = 'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-service';
    const { config } = readInputs(sources({ ...MINIMAL, cluster, service }));
    expect(config.deploy).toMatchObject({ cluster, services: [service] });
  });
});

describe('readInputs with `repository` given as a repository URI', () => {
  test('builds into the repository of that name in that account, and says so', () => {
    const { config, notices } = readInputs(
      sources({ ...MINIMAL, repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app' }),
    );
    expect(config.image).toMatchObject({ kind: 'build', repository: 'my-org/my-app', registryId: '123456789012' });
    expect(notices).toEqual([
      {
        level: 'info',
        input: 'repository',
        message: '`repository` is a repository URI: using repository my-org/my-app of the ECR registry of account 123456789012.',
      },
    ]);
  });

  test('a name has no registry id: the caller’s own registry', () => {
    const { config, notices } = readInputs(sources(MINIMAL));
    expect(config.image).toMatchObject({ kind: 'build', repository: 'my-org/my-app', registryId: undefined });
    expect(notices).toEqual([]);
  });

  test('a URI of the European Sovereign Cloud in its region', () => {
    const { config } = readInputs(
      sources({
        ...MINIMAL,
        'aws-region': 'eusc-de-east-1',
        'role-to-assume': 'arn:aws-eusc:iam::123456789012:role/my-deploy-role',
        repository: '210987654321.dkr.ecr.eusc-de-east-1.amazonaws.eu/my-app',
      }),
    );
    expect(config.image).toMatchObject({ repository: 'my-app', registryId: '210987654321' });
  });

  test('with `image`, the URI picks the container by registry and path', () => {
    const { config } = readInputs(
      sources({ ...MINIMAL, repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app', image: 'my-app:1' }),
    );
    expect(config.image).toEqual({
      kind: 'existing',
      reference: 'my-app:1',
      repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app',
    });
  });

  test('a name whose first component has a dot stays a name, as ECR allows', () => {
    const { config, notices } = readInputs(sources({ ...MINIMAL, repository: 'my.org/my-app' }));
    expect(config.image).toMatchObject({ repository: 'my.org/my-app', registryId: undefined });
    expect(notices).toEqual([]);
  });
});

const EXISTING = { ...MINIMAL, repository: '', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:1.2.3' };

describe('readInputs: an input that contradicts `image` is an error, one without effect a warning', () => {
  test.each<[InputName, string]>([
    ['image-tag', 'v2'],
    ['extra-tags', 'latest'],
    ['context', 'docker'],
    ['dockerfile', 'docker/Dockerfile.prod'],
    ['build-args', 'NODE_ENV=production'],
    ['target', 'runtime'],
    ['platform', 'linux/arm64'],
    ['labels', 'team=payments'],
    ['registries', '210987654321'],
    ['cache-repository', 'my-org/my-app-cache'],
    ['build-secrets', 'npm=env:NPM_TOKEN'],
  ])('`%s` describes a build: which image to deploy is unclear, an error', (input, value) => {
    const error = errorOf({ ...EXISTING, [input]: value });
    expect(error.input).toBe(input);
    expect(error.message).toBe(
      `Input \`${input}\` was ${JSON.stringify(value)}; expected to be empty when \`image\` is set (\`image\` deploys an existing image; \`${input}\` belongs to a build).`,
    );
  });

  test.each([
    ['`context` at its default', { context: '.' }],
    ['`container-engine`', { 'container-engine': 'podman' }],
    ['`repository` as a name', { repository: 'my-org/my-app' }],
  ])('%s with `image` deploys', (_name, overrides) => {
    const { config } = readInputs(sources({ ...EXISTING, ...overrides }));
    expect(config.image.kind).toBe('existing');
  });
});

describe('readInputs warns about each input without effect, naming it and why', () => {
  const warning = (input: InputName, why: string) => ({
    level: 'warning',
    input,
    message: `Input \`${input}\` has no effect in this run: ${why}.`,
  });
  const DRY_RUN = '`dry-run` is true, so no service is updated';
  const NOT_WATCHED = '`wait-for-service-stability` is false, so the deployment is not watched';

  test.each<[string, Partial<Record<InputName, string>>, ReturnType<typeof warning>[]]>([
    [
      'container-engine with image',
      { ...EXISTING, 'container-engine': 'podman' },
      [warning('container-engine', '`image` deploys an existing image, so nothing is built')],
    ],
    [
      'repository with image and container-name',
      { ...EXISTING, repository: 'my-org/my-app', 'container-name': 'app' },
      [warning('repository', 'with `image` it only picks the container to change, and `container-name` already names it')],
    ],
    [
      'cache-tag without cache-repository',
      { 'cache-tag': 'main-cache' },
      [warning('cache-tag', 'without `cache-repository` the build uses no layer cache')],
    ],
    ['cache-tag at its default without cache-repository', { 'cache-tag': 'buildcache' }, []],
    [
      'audience without role-to-assume',
      { 'role-to-assume': '', audience: 'my-audience' },
      [warning('audience', 'without `role-to-assume` no OIDC token is requested')],
    ],
    [
      'session name and duration without any role',
      { 'role-to-assume': '', 'role-session-name': 'my-session', 'role-duration-seconds': '900' },
      [
        warning('role-session-name', 'without `role-to-assume` or `role-chain` no role is assumed'),
        warning('role-duration-seconds', 'without `role-to-assume` or `role-chain` no role is assumed'),
      ],
    ],
    [
      'the watch and the update settings of a dry run',
      { 'dry-run': 'true', 'wait-for-service-stability': 'false', 'wait-for-minutes': '60', 'force-new-deployment': 'true' },
      [warning('wait-for-service-stability', DRY_RUN), warning('wait-for-minutes', DRY_RUN), warning('force-new-deployment', DRY_RUN)],
    ],
    [
      'the watch settings without a watch',
      { 'wait-for-service-stability': 'false', 'no-progress-minutes': '5', 'max-failed-tasks': '5', 'rollback-on-failure': 'false' },
      [warning('no-progress-minutes', NOT_WATCHED), warning('max-failed-tasks', NOT_WATCHED), warning('rollback-on-failure', NOT_WATCHED)],
    ],
    [
      'keep-revisions without a watch: the deploy is not known to succeed',
      { 'wait-for-service-stability': 'false', 'keep-revisions': '3' },
      [
        warning(
          'keep-revisions',
          '`wait-for-service-stability` is false, so the deploy is not known to succeed and no revision is deregistered',
        ),
      ],
    ],
    [
      'fail-fast with one service',
      { 'fail-fast': 'true' },
      [warning('fail-fast', 'only one service is deployed, so there are no others to stop waiting for')],
    ],
    [
      'fail-fast without a watch',
      { service: 'api\nworker', 'fail-fast': 'true', 'wait-for-service-stability': 'false' },
      [warning('fail-fast', NOT_WATCHED)],
    ],
    [
      'scan-severity-threshold with a revision deployed as it is',
      { repository: '', 'task-definition': 'my-app:7', 'scan-severity-threshold': 'HIGH' },
      [warning('scan-severity-threshold', '`task-definition` names an existing revision, deployed as it is, so nothing is built')],
    ],
    [
      'provenance with podman',
      { provenance: 'true', 'container-engine': 'podman' },
      [warning('provenance', '`container-engine` is podman, which attaches no build attestations')],
    ],
    [
      'provenance with image',
      { ...EXISTING, provenance: 'true' },
      [warning('provenance', 'nothing is built in this run, so no attestations are attached')],
    ],
    [
      'no-progress-minutes not shorter than the whole wait',
      { 'no-progress-minutes': '45' },
      [warning('no-progress-minutes', '45 minutes is not shorter than `wait-for-minutes` (30), so the whole wait ends first')],
    ],
  ])('%s', (_name, overrides, expected) => {
    const { notices } = readInputs(sources({ ...MINIMAL, ...overrides }));
    expect(notices).toEqual(expected);
  });

  test.each<[string, Partial<Record<InputName, string>>]>([
    ['every input used', { 'container-engine': 'podman', 'wait-for-minutes': '60', 'no-progress-minutes': '5', 'max-failed-tasks': '0' }],
    [
      'wait-for-minutes bounding the scan wait of a dry run',
      { 'dry-run': 'true', 'wait-for-minutes': '5', 'scan-severity-threshold': 'HIGH' },
    ],
    ['fail-fast with several services', { service: 'api\nworker', 'fail-fast': 'true' }],
    // The runner fills in action.yml's defaults: a default is no sign the user chose it.
    ['watch settings at their defaults without a watch', { 'wait-for-service-stability': 'false', 'wait-for-minutes': '30' }],
    [
      'session settings for a chain from ambient credentials',
      { 'role-to-assume': '', 'role-chain': 'arn:aws:iam::210987654321:role/x', 'role-duration-seconds': '900' },
    ],
    ['no-progress-minutes at its default above a short wait', { 'wait-for-minutes': '5' }],
    ['provenance with docker', { provenance: 'true', 'container-engine': 'docker' }],
    // The runner fills in `false`: with `image` it is no sign the user chose it.
    ['provenance at its default with image', { ...EXISTING, provenance: 'false' }],
  ])('no warning: %s', (_name, overrides) => {
    expect(readInputs(sources({ ...MINIMAL, ...overrides })).notices).toEqual([]);
  });
});

describe('readInputs with `task-definition` naming an existing revision', () => {
  const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';
  const REVISION_ONLY: Partial<Record<InputName, string>> = {
    'aws-region': 'us-east-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/my-deploy-role',
    service: 'my-service',
  };

  test.each([['my-app:7'], [ARN]])('%s is deployed as it is: no image source to build, no file, no repository needed', (given) => {
    const { config, notices } = readInputs(sources({ ...REVISION_ONLY, 'task-definition': given }));
    expect(config.image).toEqual({ kind: 'revision' });
    expect(config.taskDefinition).toEqual({ file: undefined, fromFile: undefined, containerNames: [], edits: NO_EDITS, revision: given });
    expect(notices).toEqual([]);
  });

  test('a cluster ARN of the same account agrees with the revision ARN', () => {
    const { config } = readInputs(
      sources({ ...REVISION_ONLY, 'task-definition': ARN, cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster' }),
    );
    expect(config.taskDefinition.revision).toBe(ARN);
  });

  test.each([
    ['repository', { repository: 'my-org/my-app' }],
    ['context', { context: 'docker' }],
    ['container-engine', { 'container-engine': 'podman' }],
  ] as const)('%s has no effect: a warning naming it, and the run goes on', (input, given) => {
    const { notices } = readInputs(sources({ ...REVISION_ONLY, 'task-definition': 'my-app:7', ...given }));
    expect(notices).toEqual([
      {
        level: 'warning',
        input,
        message: `Input \`${input}\` has no effect in this run: \`task-definition\` names an existing revision, deployed as it is, so nothing is built.`,
      },
    ]);
  });

  const bad: [string, Partial<Record<InputName, string>>, InputName, RegExp][] = [
    [
      'an ARN without its revision',
      { 'task-definition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app' },
      'task-definition',
      /expected a task definition revision ARN such as `arn:aws:ecs:us-east-1:123456789012:task-definition\/my-app:7` \(with its revision\)/,
    ],
    [
      'an ARN of another region',
      { 'task-definition': ARN.replace('us-east-1', 'eu-west-1') },
      'task-definition',
      /expected a task definition in `aws-region` us-east-1, not in eu-west-1\.$/,
    ],
    [
      'an ARN of another partition',
      { 'task-definition': ARN.replace('arn:aws:', 'arn:aws-cn:') },
      'task-definition',
      /expected an ARN in partition aws, the partition of `aws-region` us-east-1, not in aws-cn\.$/,
    ],
    [
      'an ARN of another account than the cluster',
      { 'task-definition': ARN, cluster: 'arn:aws:ecs:us-east-1:210987654321:cluster/my-cluster' },
      'task-definition',
      /expected a task definition of account 210987654321, the account of `cluster` .*, not of 123456789012\.$/,
    ],
    [
      'a revision with image',
      { 'task-definition': 'my-app:7', image: 'my-app:v2' },
      'image',
      /^Input `image` was "my-app:v2"; expected to be empty when `task-definition` names an existing revision \(my-app:7 is deployed as it is, with the images it names; `image` would change it\)\.$/,
    ],
    [
      'a revision with dockerfile',
      { 'task-definition': 'my-app:7', dockerfile: 'docker/Dockerfile.prod' },
      'dockerfile',
      /names an existing revision/,
    ],
    ['a revision with build-args', { 'task-definition': 'my-app:7', 'build-args': 'A=1' }, 'build-args', /names an existing revision/],
    ['a revision with target', { 'task-definition': 'my-app:7', target: 'runtime' }, 'target', /names an existing revision/],
    ['a revision with image-tag', { 'task-definition': 'my-app:7', 'image-tag': 'v2' }, 'image-tag', /names an existing revision/],
    [
      'a revision with container-name',
      { 'task-definition': 'my-app:7', 'container-name': 'app' },
      'container-name',
      /names an existing revision/,
    ],
    [
      'a revision with a misspelt container engine, unused',
      { 'task-definition': 'my-app:7', 'container-engine': 'podmn' },
      'container-engine',
      /`docker`, `podman`/,
    ],
    [
      'neither a file nor a revision',
      { repository: 'my-org/my-app', 'task-definition': 'deploy/missing.json' },
      'task-definition',
      /a file that exists \(looked for .*\), or an existing revision such as `my-app:7` or its ARN\.$/,
    ],
  ];
  test.each(bad)('%s fails naming the input and the value', (_name, overrides, input, message) => {
    const error = errorOf({ ...REVISION_ONLY, ...overrides });
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});

test('a task definition edit contradicts deploying an existing revision as it is', () => {
  expect(() =>
    readInputs(
      sources({
        'aws-region': 'us-east-1',
        'role-to-assume': 'arn:aws:iam::123456789012:role/my-deploy-role',
        service: 'my-service',
        'task-definition': 'my-app:7',
        'environment-variables': 'LOG_LEVEL=debug',
      }),
    ),
  ).toThrow(
    'Input `environment-variables` was "LOG_LEVEL=debug"; expected to be empty when `task-definition` names an existing revision (my-app:7 is deployed as it is, with the images it names; `environment-variables` would change it).',
  );
});

describe('readInputs checks `platform` against the task definition file, before anything is built', () => {
  const FILE = { ...MINIMAL, 'task-definition': 'deploy/task-definition.json' };
  const withDefinition = <T>(extra: Record<string, unknown>, body: () => T): T => {
    taskDefinitionText = JSON.stringify({ ...TASK_DEFINITION, ...extra });
    try {
      return body();
    } finally {
      taskDefinitionText = JSON.stringify(TASK_DEFINITION);
    }
  };
  const ARM64 = { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' }, requiresCompatibilities: ['FARGATE'] };

  test('an amd64-only build for an ARM64 task definition is an error naming both', () => {
    const error = withDefinition(ARM64, () => errorOf({ ...FILE, platform: 'linux/amd64' }));
    expect(error.message).toBe(
      'Input `platform` was "linux/amd64"; expected platforms the task definition deploy/task-definition.json can run (its runtimePlatform.cpuArchitecture ARM64 and operatingSystemFamily LINUX needs linux/arm64, but the image holds linux/amd64 only).',
    );
  });

  test('a Fargate task definition without runtimePlatform runs X86_64, so an arm64-only build is an error', () => {
    const error = withDefinition({ requiresCompatibilities: ['FARGATE'] }, () => errorOf({ ...FILE, platform: 'linux/arm64' }));
    expect(error.message).toContain('runtimePlatform.cpuArchitecture X86_64 (absent, which means X86_64 on Fargate) needs linux/amd64');
  });

  test('a windows-only build for a LINUX task definition is an error', () => {
    const error = withDefinition(ARM64, () => errorOf({ ...FILE, platform: 'windows/arm64' }));
    expect(error.input).toBe('platform');
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['both platforms for ARM64', ARM64, 'linux/amd64,linux/arm64'],
    ['a variant of arm64 for ARM64', ARM64, 'linux/arm64/v8'],
    ['an empty platform (checked once built)', ARM64, ''],
    ['an EC2 definition without runtimePlatform (any instance)', { requiresCompatibilities: ['EC2'] }, 'linux/arm64'],
  ])('accepted: %s', (_name, extra, platform) => {
    const { config } = withDefinition(extra, () => readInputs(sources({ ...FILE, platform })));
    expect(config.image.kind).toBe('build');
  });
});
