import { describe, expect, test } from '@jest/globals';
import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import {
  READ_ONLY_FIELDS,
  diffTaskDefinitions,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  selectContainer,
  taskDefinitionRevisionLabel,
} from '../../../src/task-definition/task-definition.js';

const REGISTRY = '127.0.0.1:5000';
const APP_IMAGE = `${REGISTRY}/my-org/my-app:1.4.0`;
const NEW_IMAGE = `${REGISTRY}/my-org/my-app@sha256:${'a'.repeat(64)}`;
const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:41';

/** A described revision using most of what a task definition can hold, plus fields this code has never heard of. */
function richDescribedDefinition(): TaskDefinition {
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

const TAGS: Tag[] = [
  { key: 'team', value: 'payments' },
  { key: 'cost-centre', value: 'cc=42 (shared)' },
];

function withoutKeys(value: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

describe('renderTaskDefinition', () => {
  test('keeps every registrable field of a rich definition and changes only the chosen container image', () => {
    const source = { taskDefinition: richDescribedDefinition(), tags: TAGS };

    const rendered = renderTaskDefinition(source, { containerName: 'app', image: NEW_IMAGE });

    const expected = withoutKeys(richDescribedDefinition(), READ_ONLY_FIELDS);
    const containers = expected['containerDefinitions'] as Record<string, unknown>[];
    containers[0] = { ...containers[0], image: NEW_IMAGE };
    expected['tags'] = TAGS;
    expect(rendered).toStrictEqual(expected);
  });

  test('drops exactly the read-only fields and keeps unknown top-level and nested fields', () => {
    const rendered = renderTaskDefinition(
      { taskDefinition: richDescribedDefinition(), tags: [] },
      { containerName: 'app', image: NEW_IMAGE },
    );

    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
    ]) {
      expect(rendered).not.toHaveProperty(field);
    }
    expect(rendered).toHaveProperty('futureTopLevelSetting', { enabled: true });
    expect(rendered.containerDefinitions?.[0]).toHaveProperty('futureContainerSetting', { mode: 'strict', levels: [1, 2, 3] });
    expect(rendered).toHaveProperty('volumes.1', { name: 'scratch', configuredAtLaunch: true });
  });

  test('drops the deregistration fields of an inactive revision', () => {
    const inactive = {
      ...richDescribedDefinition(),
      status: 'INACTIVE',
      deregisteredAt: new Date('2026-09-02T10:00:00Z'),
      deleteRequestedAt: new Date('2026-09-03T10:00:00Z'),
    } as TaskDefinition;

    const rendered = renderTaskDefinition({ taskDefinition: inactive }, { containerName: 'app', image: NEW_IMAGE });

    expect(Object.keys(rendered).filter((key) => READ_ONLY_FIELDS.includes(key))).toEqual([]);
    expect(rendered).not.toHaveProperty('deregisteredAt');
    expect(rendered).not.toHaveProperty('deleteRequestedAt');
  });

  test('changes only the named container even when another container uses the same image', () => {
    const rendered = renderTaskDefinition({ taskDefinition: richDescribedDefinition() }, { containerName: 'app', image: NEW_IMAGE });

    expect(rendered.containerDefinitions?.map((container) => [container.name, container.image])).toEqual([
      ['app', NEW_IMAGE],
      ['envoy', `${REGISTRY}/my-org/envoy:v1.31`],
      ['migrate', APP_IMAGE],
    ]);
  });

  test('keeps command arrays and environment values with = and spaces exactly as they were', () => {
    const rendered = renderTaskDefinition({ taskDefinition: richDescribedDefinition() }, { containerName: 'app', image: NEW_IMAGE });
    const app = rendered.containerDefinitions?.[0];

    expect(app?.command).toEqual(['node', 'server.js', '--mode', 'two words', '--flag=a=b']);
    expect(app?.environment).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://user@db:5432/app?sslmode=require&options=-c search_path=app' },
      { name: 'GREETING', value: 'hello world = still one value' },
      { name: 'EMPTY', value: '' },
    ]);
  });

  test('does not mutate the source definition or its tags', () => {
    const source = { taskDefinition: richDescribedDefinition(), tags: structuredClone(TAGS) };
    const snapshot = structuredClone(source);

    const rendered = renderTaskDefinition(source, { containerName: 'app', image: NEW_IMAGE });
    rendered.containerDefinitions?.[1]?.environment?.push({ name: 'LATER', value: 'edit' });
    rendered.tags?.push({ key: 'later', value: 'edit' });

    expect(source).toStrictEqual(snapshot);
  });

  test.each([
    ['no tags given', undefined],
    ['an empty tag list', [] as Tag[]],
  ])('omits tags when the source has %s', (_label, tags) => {
    const rendered = renderTaskDefinition({ taskDefinition: richDescribedDefinition(), tags }, { containerName: 'app', image: NEW_IMAGE });
    expect(rendered).not.toHaveProperty('tags');
  });

  test('adds no field that was absent: no volumeConfigurations and no empty lists', () => {
    const minimal = { family: 'tiny', containerDefinitions: [{ name: 'app', image: APP_IMAGE }] } as TaskDefinition;

    const rendered = renderTaskDefinition({ taskDefinition: minimal, tags: [] }, { containerName: 'app', image: NEW_IMAGE });

    expect(rendered).toStrictEqual({ family: 'tiny', containerDefinitions: [{ name: 'app', image: NEW_IMAGE }] });
  });

  test('keeps empty lists that the definition itself had', () => {
    const definition = {
      family: 'tiny',
      volumes: [],
      containerDefinitions: [{ name: 'app', image: APP_IMAGE, environment: [] }],
    } as TaskDefinition;

    const rendered = renderTaskDefinition({ taskDefinition: definition }, { containerName: 'app', image: NEW_IMAGE });

    expect(rendered).toStrictEqual({
      family: 'tiny',
      volumes: [],
      containerDefinitions: [{ name: 'app', image: NEW_IMAGE, environment: [] }],
    });
  });

  test('fails naming the containers when the container to change does not exist', () => {
    expect(() => renderTaskDefinition({ taskDefinition: richDescribedDefinition() }, { containerName: 'web', image: NEW_IMAGE })).toThrow(
      'The task definition my-app has no container named "web"; its containers are app, envoy, migrate.',
    );
  });
});

describe('selectContainer', () => {
  const definition = {
    family: 'my-app',
    containerDefinitions: [
      { name: 'app', image: `${REGISTRY}/my-org/my-app:1.4.0` },
      { name: 'worker', image: `${REGISTRY}/my-org/my-worker@sha256:${'b'.repeat(64)}` },
      { name: 'proxy', image: `proxy.example.org/my-org/my-app:2` },
      { name: 'agent', image: 'localhost:5001/tools/agent' },
    ],
  } as TaskDefinition;

  test.each([
    ['by name', { containerName: 'worker' }, 'worker'],
    ['by name even when the repository points elsewhere', { containerName: 'proxy', repositoryUri: `${REGISTRY}/my-org/my-app` }, 'proxy'],
    ['by repository with host, ignoring the tag', { repositoryUri: `${REGISTRY}/my-org/my-app` }, 'app'],
    ['by repository given with a tag of its own', { repositoryUri: `${REGISTRY}/my-org/my-app:latest` }, 'app'],
    ['by repository when the image is pinned by digest', { repositoryUri: `${REGISTRY}/my-org/my-worker` }, 'worker'],
    ['by repository on another registry with the same path', { repositoryUri: 'proxy.example.org/my-org/my-app' }, 'proxy'],
    ['by repository with a localhost host and no tag', { repositoryUri: 'localhost:5001/tools/agent' }, 'agent'],
    ['by repository path alone when only one registry has it', { repositoryUri: 'my-org/my-worker' }, 'worker'],
    ['by repository with a differently cased host', { repositoryUri: 'PROXY.example.org/my-org/my-app' }, 'proxy'],
  ])('picks %s', (_label, selector, expected) => {
    expect(selectContainer(definition, selector)).toBe(expected);
  });

  test.each([
    [
      'a name that is not there',
      { containerName: 'web' },
      'The task definition my-app has no container named "web"; its containers are app, worker, proxy, agent. Set container-name to one of them.',
    ],
    [
      'a repository path used on two registries',
      { repositoryUri: 'my-org/my-app' },
      `2 containers of the task definition my-app use images from my-org/my-app (containers: app → ${REGISTRY}/my-org/my-app:1.4.0, worker → ${REGISTRY}/my-org/my-worker@sha256:${'b'.repeat(64)}, proxy → proxy.example.org/my-org/my-app:2, agent → localhost:5001/tools/agent); set container-name to the one whose image should change.`,
    ],
    [
      'a repository no container uses',
      { repositoryUri: `${REGISTRY}/my-org/other` },
      `No container of the task definition my-app uses an image from ${REGISTRY}/my-org/other (containers: app → ${REGISTRY}/my-org/my-app:1.4.0,`,
    ],
    [
      'a repository whose path is only a prefix of an image',
      { repositoryUri: `${REGISTRY}/my-org/my` },
      'No container of the task definition my-app uses an image',
    ],
    ['a repository on a different host', { repositoryUri: 'other.example.org/my-org/my-app' }, 'No container'],
    ['neither a name nor a repository with several containers', {}, 'The task definition my-app has 4 containers (app → '],
  ])('fails for %s', (_label, selector, message) => {
    expect(() => selectContainer(definition, selector)).toThrow(message);
  });

  test('errors ask for container-name whenever the choice is ambiguous', () => {
    for (const selector of [{}, { repositoryUri: 'my-org/my-app' }, { repositoryUri: 'none/such' }]) {
      expect(() => selectContainer(definition, selector)).toThrow(/set container-name/);
    }
  });

  test('takes the only container when nothing else says which', () => {
    const single = { family: 'one', containerDefinitions: [{ name: 'solo', image: 'my-org/solo:1' }] } as TaskDefinition;
    expect(selectContainer(single, {})).toBe('solo');
  });
});

describe('parseTaskDefinitionFile', () => {
  const plain = { family: 'my-app', containerDefinitions: [{ name: 'app', image: APP_IMAGE }], cpu: '256' };

  test('reads a plain task definition, taking tags out of it', () => {
    const parsed = parseTaskDefinitionFile(JSON.stringify({ ...plain, tags: TAGS }), 'task-def.json');
    expect(parsed).toStrictEqual({ taskDefinition: plain, tags: TAGS });
  });

  test('reads the output of describe-task-definition with its tags', () => {
    const described = { taskDefinition: { ...plain, revision: 7, status: 'ACTIVE', registeredAt: '2026-09-01T10:00:00.000Z' }, tags: TAGS };
    const parsed = parseTaskDefinitionFile(JSON.stringify(described, null, 2), 'described.json');
    expect(parsed.tags).toStrictEqual(TAGS);
    expect(parsed.taskDefinition).toStrictEqual(described.taskDefinition);
  });

  test('a described file renders without its read-only fields', () => {
    const described = { taskDefinition: { ...plain, revision: 7, status: 'ACTIVE', registeredAt: '2026-09-01T10:00:00.000Z' }, tags: [] };
    const rendered = renderTaskDefinition(parseTaskDefinitionFile(JSON.stringify(described), 'd.json'), {
      containerName: 'app',
      image: NEW_IMAGE,
    });
    expect(rendered).toStrictEqual({ ...plain, containerDefinitions: [{ name: 'app', image: NEW_IMAGE }] });
  });

  test('accepts a byte order mark and gives no tags when there are none', () => {
    expect(parseTaskDefinitionFile(`\uFEFF${JSON.stringify(plain)}`, 'bom.json')).toStrictEqual({ taskDefinition: plain, tags: [] });
  });

  test.each([
    [
      'invalid JSON, with the line and column',
      '{\n  "family": "my-app",\n  "cpu": 256,,\n}',
      /^Task definition file bad\.json is not valid JSON: .*\(line 3,? column 14\)\.$/,
    ],
    [
      'an array',
      '[{"family": "my-app"}]',
      'Task definition file bad.json must hold a JSON object (a task definition, or the output of aws ecs describe-task-definition), found an array.',
    ],
    ['a string', '"my-app"', 'found a string.'],
    ['null', 'null', 'found null.'],
    [
      'no containerDefinitions',
      '{"family": "my-app"}',
      'Task definition file bad.json has no containerDefinitions (a non-empty array of containers is required).',
    ],
    ['empty containerDefinitions', '{"family": "my-app", "containerDefinitions": []}', 'has no containerDefinitions'],
    [
      'a describe output without containerDefinitions',
      '{"taskDefinition": {"family": "my-app"}, "tags": []}',
      'has no containerDefinitions in taskDefinition',
    ],
    [
      'a container that is not an object',
      '{"family": "f", "containerDefinitions": ["app"]}',
      'has containerDefinitions[0] that is a string, not an object.',
    ],
    [
      'a container without a name',
      '{"family": "f", "containerDefinitions": [{"name": "a"}, {"image": "x"}]}',
      'has containerDefinitions[1] without a name.',
    ],
    [
      'no family',
      '{"containerDefinitions": [{"name": "app"}]}',
      'Task definition file bad.json has no family (RegisterTaskDefinition needs one).',
    ],
    [
      'tags that are not key/value objects',
      '{"family": "f", "containerDefinitions": [{"name": "app"}], "tags": {"team": "x"}}',
      'has tags that are not a list',
    ],
  ])('fails on %s with one line naming the file', (_label, text, message) => {
    let thrown: unknown;
    try {
      parseTaskDefinitionFile(text, 'bad.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const said = (thrown as Error).message;
    expect(said).not.toContain('\n');
    expect(said).toContain('bad.json');
    if (typeof message === 'string') expect(said).toContain(message);
    else expect(said).toMatch(message);
  });
});

describe('diffTaskDefinitions', () => {
  test('shows only the image change of a rendered revision, ignoring read-only fields and passed-back tags', () => {
    const before = richDescribedDefinition();
    const after = renderTaskDefinition({ taskDefinition: before, tags: TAGS }, { containerName: 'app', image: NEW_IMAGE });

    expect(diffTaskDefinitions({ ...before, tags: TAGS }, after)).toEqual([
      `~ containerDefinitions[app].image: ${APP_IMAGE} → ${NEW_IMAGE}`,
    ]);
  });

  test('reports additions, removals and changes by container, variable and tag name', () => {
    const before = {
      family: 'my-app',
      cpu: '256',
      containerDefinitions: [
        {
          name: 'app',
          image: 'a',
          environment: [
            { name: 'MODE', value: 'blue' },
            { name: 'OLD', value: 'x' },
          ],
          command: ['run', 'fast'],
        },
        { name: 'sidecar', image: 's' },
      ],
      tags: [{ key: 'team', value: 'payments' }],
    };
    const after = {
      family: 'my-app',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: 'b',
          environment: [
            { name: 'MODE', value: 'green and blue' },
            { name: 'NEW', value: 'y=z' },
          ],
          command: ['run', 'slow'],
        },
        { name: 'logger', image: 'l' },
      ],
      tags: [{ key: 'team', value: 'payments' }],
    };

    expect(diffTaskDefinitions(before, after)).toEqual([
      '- cpu: 256',
      '~ containerDefinitions[app].image: a → b',
      '~ containerDefinitions[app].environment[MODE].value: blue → green and blue',
      '- containerDefinitions[app].environment[OLD]: {"name":"OLD","value":"x"}',
      '+ containerDefinitions[app].environment[NEW]: {"name":"NEW","value":"y=z"}',
      '~ containerDefinitions[app].command: ["run","fast"] → ["run","slow"]',
      '- containerDefinitions[sidecar]: {"name":"sidecar","image":"s"}',
      '+ containerDefinitions[logger]: {"name":"logger","image":"l"}',
      '+ memory: 512',
    ]);
  });

  test('says when only the order of containers changed', () => {
    const a = { family: 'f', containerDefinitions: [{ name: 'x' }, { name: 'y' }] };
    const b = { family: 'f', containerDefinitions: [{ name: 'y' }, { name: 'x' }] };
    expect(diffTaskDefinitions(a, b)).toEqual(['~ containerDefinitions: order x, y → y, x']);
  });

  test('is empty for identical content', () => {
    expect(diffTaskDefinitions(richDescribedDefinition(), withoutKeys(richDescribedDefinition(), READ_ONLY_FIELDS))).toEqual([]);
  });
});

describe('taskDefinitionRevisionLabel', () => {
  test.each([
    [ARN, 'my-app:41'],
    ['arn:aws-cn:ecs:cn-north-1:210987654321:task-definition/other-app:3', 'other-app:3'],
    ['my-app:41', 'my-app:41'],
  ])('%s → %s', (arn, label) => {
    expect(taskDefinitionRevisionLabel(arn)).toBe(label);
  });
});
