import { describe, expect, test } from '@jest/globals';
import { applyContainerEdits } from '../../../../src/task-definition/edits/container-edits.js';
import { EditError, NO_CONTAINER_EDITS, type ContainerEdits } from '../../../../src/task-definition/edits/model.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:my-app/db-AbCdEf';
const PARAMETER = 'arn:aws:ssm:us-east-1:123456789012:parameter/my-app/api-key';

const APP = Object.freeze({
  name: 'app',
  image: 'old',
  environment: [
    { name: 'STAGE', value: 'dev' },
    { name: 'LOG_LEVEL', value: 'info' },
  ],
  secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/old' }],
  dockerLabels: { team: 'payments' },
  logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/my-app', 'awslogs-region': 'us-east-1' } },
  command: ['node', 'old.js'],
});

const edits = (parts: Partial<ContainerEdits>): ContainerEdits => ({ ...NO_CONTAINER_EDITS, ...parts });

describe('applyContainerEdits', () => {
  test.each<[string, Partial<ContainerEdits>, Record<string, unknown>]>([
    [
      'environment: a name already there gets the new value in its place, a new one is added at the end',
      {
        environment: [
          ['LOG_LEVEL', 'debug'],
          ['FEATURE_X', 'on'],
        ],
      },
      {
        environment: [
          { name: 'STAGE', value: 'dev' },
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'FEATURE_X', value: 'on' },
        ],
      },
    ],
    [
      'environment: `NAME=` gives an empty value, kept as such',
      { environment: [['STAGE', '']] },
      {
        environment: [
          { name: 'STAGE', value: '' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
      },
    ],
    [
      'environment: a value holding `=` and spaces is kept whole',
      { environment: [['JAVA_OPTS', '-Da=b -Dc==d']] },
      {
        environment: [
          { name: 'STAGE', value: 'dev' },
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'JAVA_OPTS', value: '-Da=b -Dc==d' },
        ],
      },
    ],
    [
      'secrets: replaced by name, a new one added, as ARNs',
      {
        secrets: [
          ['DB_PASSWORD', SECRET],
          ['API_KEY', PARAMETER],
        ],
      },
      {
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: SECRET },
          { name: 'API_KEY', valueFrom: PARAMETER },
        ],
      },
    ],
    ['command: replaced as a whole', { command: ['sh', '-c', 'echo hi'] }, { command: ['sh', '-c', 'echo hi'] }],
    ['entry point: added when absent', { entryPoint: ['/bin/tini', '--'] }, { entryPoint: ['/bin/tini', '--'] }],
    [
      'docker labels: merged by key, a value holding `=` kept',
      {
        dockerLabels: [
          ['team', 'billing'],
          ['query', 'a=b'],
        ],
      },
      { dockerLabels: { team: 'billing', query: 'a=b' } },
    ],
    [
      'log options: merged into the options of the same driver',
      { logOptions: [['awslogs-stream-prefix', 'app']] },
      {
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/my-app', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app' },
        },
      },
    ],
    [
      'log driver: the same driver keeps its options',
      { logDriver: 'awslogs' },
      { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/my-app', 'awslogs-region': 'us-east-1' } } },
    ],
    [
      'log driver: another driver starts from no options but those given',
      { logDriver: 'splunk', logOptions: [['splunk-url', 'https://splunk.example.com:8088']] },
      { logConfiguration: { logDriver: 'splunk', options: { 'splunk-url': 'https://splunk.example.com:8088' } } },
    ],
    [
      'env files: added when not listed, as type s3',
      { environmentFiles: ['arn:aws:s3:::my-bucket/prod.env'] },
      { environmentFiles: [{ value: 'arn:aws:s3:::my-bucket/prod.env', type: 's3' }] },
    ],
  ])('%s', (_name, given, changed) => {
    const before = structuredClone(APP);
    expect(applyContainerEdits(APP, edits(given))).toEqual({ ...APP, ...changed });
    expect(APP).toEqual(before);
  });

  test('no edits change nothing', () => {
    expect(applyContainerEdits(APP, NO_CONTAINER_EDITS)).toEqual(APP);
  });

  test('an env file already listed is not added twice', () => {
    const container = { name: 'app', environmentFiles: [{ value: 'arn:aws:s3:::my-bucket/prod.env', type: 's3' }] };
    expect(applyContainerEdits(container, edits({ environmentFiles: ['arn:aws:s3:::my-bucket/prod.env'] }))).toEqual(container);
  });

  test('lists absent from the container are created', () => {
    expect(
      applyContainerEdits({ name: 'worker' }, edits({ environment: [['A', '1']], secrets: [['B', SECRET]], dockerLabels: [['k', 'v']] })),
    ).toEqual({
      name: 'worker',
      environment: [{ name: 'A', value: '1' }],
      secrets: [{ name: 'B', valueFrom: SECRET }],
      dockerLabels: { k: 'v' },
    });
  });

  test('log options for a container without a log configuration need a driver: an error naming both inputs', () => {
    const run = (): unknown => applyContainerEdits({ name: 'worker' }, edits({ logOptions: [['max-size', '10m']] }));
    expect(run).toThrow(EditError);
    expect(run).toThrow(
      'Input `log-configuration-options` was "max-size=10m"; expected `log-configuration-log-driver` as well, since container worker has no log configuration to add options to.',
    );
  });
});
