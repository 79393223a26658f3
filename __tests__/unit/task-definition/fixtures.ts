// A described revision shared by the render and diff tests.
import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs';

export const REGISTRY = '127.0.0.1:5000';
export const APP_IMAGE = `${REGISTRY}/my-org/my-app:1.4.0`;
export const NEW_IMAGE = `${REGISTRY}/my-org/my-app@sha256:${'a'.repeat(64)}`;
export const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:41';

/** A described revision using most of what a task definition can hold, plus fields this code has never heard of. */
export function richDescribedDefinition(): TaskDefinition {
  const definition = {
    taskDefinitionArn: ARN,
    family: 'my-app',
    taskRoleArn: 'arn:aws:iam::123456789012:role/my-app-task',
    executionRoleArn: 'arn:aws:iam::123456789012:role/my-app-execution',
    networkMode: 'awsvpc',
    revision: 41,
    status: 'ACTIVE',
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
    compatibilities: ['EC2', 'FARGATE'],
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    ephemeralStorage: { sizeInGiB: 40 },
    pidMode: 'task',
    ipcMode: 'none',
    enableFaultInjection: false,
    placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [eu-west-1a]' }],
    inferenceAccelerators: [{ deviceName: 'device1', deviceType: 'eia2.medium' }],
    proxyConfiguration: {
      type: 'APPMESH',
      containerName: 'envoy',
      properties: [
        { name: 'IgnoredUID', value: '1337' },
        { name: 'ProxyIngressPort', value: '15000' },
      ],
    },
    volumes: [
      {
        name: 'shared-data',
        efsVolumeConfiguration: {
          fileSystemId: 'fs-0123456789abcdef0',
          rootDirectory: '/',
          transitEncryption: 'ENABLED',
          transitEncryptionPort: 2049,
          authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0', iam: 'ENABLED' },
        },
      },
      // Service-managed EBS: configured at deploy time, so the definition only says so.
      { name: 'scratch', configuredAtLaunch: true },
    ],
    containerDefinitions: [
      {
        name: 'app',
        image: APP_IMAGE,
        essential: true,
        cpu: 256,
        memoryReservation: 512,
        command: ['node', 'server.js', '--mode', 'two words', '--flag=a=b'],
        entryPoint: ['/usr/bin/tini', '--'],
        environment: [
          { name: 'DATABASE_URL', value: 'postgres://user@db:5432/app?sslmode=require&options=-c search_path=app' },
          { name: 'GREETING', value: 'hello world = still one value' },
          { name: 'EMPTY', value: '' },
        ],
        secrets: [
          { name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:my-app/api-key-AbCdEf' },
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/my-app/db-password' },
        ],
        portMappings: [{ containerPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
        healthCheck: {
          command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
          interval: 15,
          timeout: 5,
          retries: 3,
          startPeriod: 30,
        },
        dependsOn: [
          { containerName: 'envoy', condition: 'HEALTHY' },
          { containerName: 'migrate', condition: 'SUCCESS' },
        ],
        mountPoints: [
          { sourceVolume: 'shared-data', containerPath: '/data', readOnly: false },
          { sourceVolume: 'scratch', containerPath: '/scratch' },
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/my-app', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'app' },
        },
        ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }],
        linuxParameters: { initProcessEnabled: true, capabilities: { add: ['SYS_PTRACE'], drop: [] } },
        // A container field newer than the code (and than the SDK's model).
        futureContainerSetting: { mode: 'strict', levels: [1, 2, 3] },
      },
      {
        name: 'envoy',
        image: `${REGISTRY}/my-org/envoy:v1.31`,
        essential: true,
        user: '1337',
        environment: [{ name: 'APPMESH_RESOURCE_ARN', value: 'arn:aws:appmesh:eu-west-1:123456789012:mesh/m/virtualNode/n' }],
        healthCheck: { command: ['CMD-SHELL', 'curl -s http://localhost:9901/ready | grep LIVE'], interval: 5, retries: 3 },
      },
      {
        name: 'migrate',
        image: APP_IMAGE,
        essential: false,
        command: ['npm', 'run', 'migrate'],
      },
    ],
    registeredAt: new Date('2026-09-01T10:00:00Z'),
    registeredBy: 'arn:aws:sts::123456789012:assumed-role/deploy/oidc-ecs-deploy-1',
    // A top-level field newer than the code.
    futureTopLevelSetting: { enabled: true },
  };
  return definition as TaskDefinition;
}

export const TAGS: Tag[] = [
  { key: 'team', value: 'payments' },
  { key: 'cost-centre', value: 'cc=42 (shared)' },
];

export function withoutKeys(value: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** The read-only fields the rich definition carries, written out: what a render must drop. */
export const RICH_READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
];
