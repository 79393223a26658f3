import { describe, expect, test } from '@jest/globals';
import { readCommandLine, readContainerNames, readEdits } from '../../../src/inputs/edit-inputs.js';
import type { InputName } from '../../../src/shared/constants.js';
import { NO_EDITS } from '../../../src/task-definition/edits/model.js';

const reader =
  (inputs: Partial<Record<InputName, string>>) =>
  (name: InputName): string =>
    (inputs[name] ?? '').trim();

describe('readEdits', () => {
  test('no edit inputs: no edits', () => {
    expect(readEdits(reader({}), 'us-east-1', [])).toEqual(NO_EDITS);
  });

  test('reads every edit input, keeping `=` in values and empty values', () => {
    const edits = readEdits(
      reader({
        'environment-variables': 'STAGE=prod\nJAVA_OPTS=-Da=b -Dc==d\n# a comment\nEMPTY=\n',
        'env-files': 'arn:aws:s3:::my-bucket/my-app/prod.env',
        secrets: [
          'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:my-app/db-AbCdEf:password::',
          'API_KEY=arn:aws:ssm:eu-west-1:123456789012:parameter/my-app/api-key',
        ].join('\n'),
        command: `sh -c "node server.js --name='my app'"`,
        'entry-point': '["/bin/tini", "--"]',
        'docker-labels': 'com.example.query=a=b\nteam=payments',
        'log-configuration-log-driver': 'awslogs',
        'log-configuration-options': 'awslogs-group=/ecs/my-app\nmode=non-blocking',
        'task-role-arn': 'arn:aws:iam::123456789012:role/my-app-task',
        'execution-role-arn': 'arn:aws:iam::123456789012:role/ecs/my-app-execution',
        cpu: '0.5 vCPU',
        memory: '2 GB',
        images: `envoy=123456789012.dkr.ecr.us-east-1.amazonaws.com/envoy:1.31`,
      }),
      'us-east-1',
      ['app', 'worker'],
    );
    expect(edits).toEqual({
      containers: {
        environment: [
          ['STAGE', 'prod'],
          ['JAVA_OPTS', '-Da=b -Dc==d'],
          ['EMPTY', ''],
        ],
        environmentFiles: ['arn:aws:s3:::my-bucket/my-app/prod.env'],
        secrets: [
          ['DB_PASSWORD', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:my-app/db-AbCdEf:password::'],
          ['API_KEY', 'arn:aws:ssm:eu-west-1:123456789012:parameter/my-app/api-key'],
        ],
        command: ['sh', '-c', "node server.js --name='my app'"],
        entryPoint: ['/bin/tini', '--'],
        dockerLabels: [
          ['com.example.query', 'a=b'],
          ['team', 'payments'],
        ],
        logDriver: 'awslogs',
        logOptions: [
          ['awslogs-group', '/ecs/my-app'],
          ['mode', 'non-blocking'],
        ],
      },
      task: {
        taskRoleArn: 'arn:aws:iam::123456789012:role/my-app-task',
        executionRoleArn: 'arn:aws:iam::123456789012:role/ecs/my-app-execution',
        cpu: '512',
        memory: '2048',
      },
      images: [['envoy', '123456789012.dkr.ecr.us-east-1.amazonaws.com/envoy:1.31']],
    });
  });

  test.each([
    ['1024', '1024'],
    ['1 vCPU', '1024'],
    ['0.25 vcpu', '256'],
    ['2vCPU', '2048'],
  ])('cpu %j is read as %j CPU units', (cpu, units) => {
    expect(readEdits(reader({ cpu }), 'us-east-1', []).task.cpu).toBe(units);
  });

  test.each([
    ['512', '512'],
    ['1 GB', '1024'],
    ['0.5 GB', '512'],
  ])('memory %j is read as %j MiB', (memory, mib) => {
    expect(readEdits(reader({ memory }), 'us-east-1', []).task.memory).toBe(mib);
  });
});

describe('readCommandLine', () => {
  test.each<[string, string, string[] | undefined]>([
    ['empty: no change', '', undefined],
    [
      'a JSON array as given, spaces inside words kept',
      '["node", "server.js", "--name", "my app"]',
      ['node', 'server.js', '--name', 'my app'],
    ],
    ['a line split as a shell would, never on the spaces inside quotes', 'sh -c "echo a  b"', ['sh', '-c', 'echo a  b']],
    ['a line with single quotes', "python -c 'print(1)'", ['python', '-c', 'print(1)']],
  ])('%s', (_name, value, words) => {
    expect(readCommandLine(reader({ command: value }), 'command')).toEqual(words);
  });
});

describe('readContainerNames', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['app', ['app']],
    ['app\nworker', ['app', 'worker']],
    ['app, worker', ['app', 'worker']],
  ])('%j is %j', (value, names) => {
    expect(readContainerNames(reader({ 'container-name': value }))).toEqual(names);
  });
});
