import { describe, expect, test } from '@jest/globals';
import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { imageByDigest, taskDefinitionChanges } from '../../../src/task-definition/equality.js';
import { renderTaskDefinition } from '../../../src/task-definition/render.js';
import { TAGS, richDescribedDefinition } from './fixtures.js';

const REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER_DIGEST = `sha256:${'b'.repeat(64)}`;
const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';

/** What the action renders: a minimal definition as a user writes it, with the image pinned by digest. */
function wanted(overrides: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput {
  return {
    family: 'my-app',
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'app',
        image: `${REPOSITORY}@${DIGEST}`,
        memory: 512,
        portMappings: [{ containerPort: 8080 }],
        environment: [
          { name: 'MODE', value: 'blue' },
          { name: 'REGION', value: 'us-east-1' },
        ],
        secrets: [
          { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api-key' },
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db-password' },
        ],
        healthCheck: { command: ['CMD', '/app', 'health'] },
      },
    ],
    tags: [
      { key: 'team', value: 'payments' },
      { key: 'env', value: 'production' },
    ],
    ...overrides,
  };
}

/** The same definition as DescribeTaskDefinition answers it once ECS registered it: defaults filled in, read-only fields added. */
function described(container: Record<string, unknown> = {}, task: Partial<TaskDefinition> = {}): TaskDefinition {
  return {
    taskDefinitionArn: ARN,
    family: 'my-app',
    revision: 7,
    status: 'ACTIVE',
    networkMode: 'awsvpc',
    volumes: [],
    placementConstraints: [],
    requiresAttributes: [{ name: 'ecs.capability.task-eni' }],
    compatibilities: ['EC2'],
    registeredAt: new Date('2026-11-30T10:00:00Z'),
    registeredBy: 'arn:aws:sts::123456789012:assumed-role/deploy/run-1',
    enableFaultInjection: false,
    containerDefinitions: [
      {
        name: 'app',
        image: `${REPOSITORY}@${DIGEST}`,
        cpu: 0,
        memory: 512,
        essential: true,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        environment: [
          { name: 'MODE', value: 'blue' },
          { name: 'REGION', value: 'us-east-1' },
        ],
        secrets: [
          { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api-key' },
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db-password' },
        ],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
        healthCheck: { command: ['CMD', '/app', 'health'], interval: 30, timeout: 5, retries: 3 },
        ...container,
      },
    ],
    ...task,
  };
}

const TAGS_AS_DESCRIBED = [
  { key: 'team', value: 'payments' },
  { key: 'env', value: 'production' },
];

describe('taskDefinitionChanges', () => {
  test.each([
    ['the described revision, with the defaults ECS filled in and its read-only fields', described(), TAGS_AS_DESCRIBED],
    ['tags described in another order', described(), [...TAGS_AS_DESCRIBED].reverse()],
    [
      'environment variables in another order',
      described({
        environment: [
          { name: 'REGION', value: 'us-east-1' },
          { name: 'MODE', value: 'blue' },
        ],
      }),
      TAGS_AS_DESCRIBED,
    ],
    [
      'secrets in another order',
      described({
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db-password' },
          { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api-key' },
        ],
      }),
      TAGS_AS_DESCRIBED,
    ],
    ['the same digest under a tag', described({ image: `${REPOSITORY}:v1.4.0@${DIGEST}` }), TAGS_AS_DESCRIBED],
    [
      'the same digest with the registry host in capitals',
      described({ image: `123456789012.DKR.ECR.us-east-1.amazonaws.com/my-org/my-app@${DIGEST}` }),
      TAGS_AS_DESCRIBED,
    ],
    ['no enableFaultInjection at all (older revisions)', described({}, { enableFaultInjection: undefined }), TAGS_AS_DESCRIBED],
  ])('nothing changes against %s', (_case, current, tags) => {
    expect(taskDefinitionChanges({ taskDefinition: current, tags }, wanted())).toEqual([]);
  });

  test.each([
    [
      'a changed digest',
      described({ image: `${REPOSITORY}@${OTHER_DIGEST}` }),
      TAGS_AS_DESCRIBED,
      [`~ containerDefinitions[app].image: ${REPOSITORY}@${OTHER_DIGEST} → ${REPOSITORY}@${DIGEST}`],
    ],
    [
      'an image named by tag only (its digest is not in the definition)',
      described({ image: `${REPOSITORY}:v1.4.0` }),
      TAGS_AS_DESCRIBED,
      [`~ containerDefinitions[app].image: ${REPOSITORY}:v1.4.0 → ${REPOSITORY}@${DIGEST}`],
    ],
    [
      'a changed tag value',
      described(),
      [
        { key: 'team', value: 'checkout' },
        { key: 'env', value: 'production' },
      ],
      ['~ tags[team].value: checkout → payments'],
    ],
    ['a missing tag', described(), [{ key: 'team', value: 'payments' }], ['+ tags[env]: {"key":"env","value":"production"}']],
    [
      'a changed environment value',
      described({
        environment: [
          { name: 'MODE', value: 'green' },
          { name: 'REGION', value: 'us-east-1' },
        ],
      }),
      TAGS_AS_DESCRIBED,
      ['~ containerDefinitions[app].environment[MODE].value: green → blue'],
    ],
    [
      'a container that is not essential',
      described({ essential: false }),
      TAGS_AS_DESCRIBED,
      ['~ containerDefinitions[app].essential: false → true'],
    ],
    [
      'a health check with another interval',
      described({ healthCheck: { command: ['CMD', '/app', 'health'], interval: 10, timeout: 5, retries: 3 } }),
      TAGS_AS_DESCRIBED,
      ['~ containerDefinitions[app].healthCheck.interval: 10 → 30'],
    ],
    ['another task memory', described({}, { memory: '1024' }), TAGS_AS_DESCRIBED, ['- memory: 1024']],
  ])('%s is a change', (_case, current, tags, changes) => {
    expect(taskDefinitionChanges({ taskDefinition: current, tags }, wanted())).toEqual(changes);
  });

  test('a field ECS added that this code has never heard of counts as a change when only one side has it', () => {
    const current = { ...described(), futureSetting: { mode: 'on' } } as TaskDefinition;
    expect(taskDefinitionChanges({ taskDefinition: current, tags: TAGS_AS_DESCRIBED }, wanted())).toEqual([
      '- futureSetting: {"mode":"on"}',
    ]);
  });

  test('a re-render of a rich described revision with its own image is no change; with another image, only the image', () => {
    const current = richDescribedDefinition();
    const appImage = current.containerDefinitions?.[0]?.image ?? '';
    const same = renderTaskDefinition({ taskDefinition: current, tags: TAGS }, { containerNames: ['app'], image: appImage });
    const other = renderTaskDefinition(
      { taskDefinition: current, tags: TAGS },
      { containerNames: ['app'], image: `${REPOSITORY}@${DIGEST}` },
    );

    expect(taskDefinitionChanges({ taskDefinition: current, tags: TAGS }, same)).toEqual([]);
    expect(taskDefinitionChanges({ taskDefinition: current, tags: TAGS }, other)).toEqual([
      `~ containerDefinitions[app].image: ${appImage} → ${REPOSITORY}@${DIGEST}`,
    ]);
  });
});

describe('imageByDigest', () => {
  test.each([
    [`${REPOSITORY}@${DIGEST}`, `${REPOSITORY}@${DIGEST}`],
    [`${REPOSITORY}:v2@${DIGEST}`, `${REPOSITORY}@${DIGEST}`],
    [`MY.REGISTRY.example:5000/my-org/my-app:v2@${DIGEST}`, `my.registry.example:5000/my-org/my-app@${DIGEST}`],
    [`my-org/my-app@${DIGEST}`, `my-org/my-app@${DIGEST}`],
    [`${REPOSITORY}:v2`, `${REPOSITORY}:v2`],
    ['not a reference at all', 'not a reference at all'],
  ])('%s compares as %s', (image, expected) => {
    expect(imageByDigest(image)).toBe(expected);
  });
});
