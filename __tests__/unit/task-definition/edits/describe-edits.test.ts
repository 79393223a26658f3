import { describe, expect, test } from '@jest/globals';
import { describeEdits } from '../../../../src/task-definition/edits/describe-edits.js';
import { NO_EDITS } from '../../../../src/task-definition/edits/model.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:my-app/db-AbCdEf';

describe('describeEdits', () => {
  test('no edits: no lines', () => {
    expect(describeEdits(NO_EDITS, ['app'])).toEqual([]);
  });

  test('one line per input given, naming the containers the container edits go to; secrets as their ARNs', () => {
    const lines = describeEdits(
      {
        containers: {
          ...NO_EDITS.containers,
          environment: [
            ['STAGE', 'prod'],
            ['EMPTY', ''],
          ],
          secrets: [['DB_PASSWORD', SECRET]],
          command: ['sh', '-c', 'node server.js'],
          logDriver: 'awslogs',
        },
        task: { ...NO_EDITS.task, cpu: '1024', taskRoleArn: 'arn:aws:iam::123456789012:role/my-app-task' },
        images: [['envoy', 'envoy:1.31']],
      },
      ['app', 'worker'],
    );
    expect(lines).toEqual([
      'environment-variables (app, worker): STAGE=prod, EMPTY=',
      `secrets (app, worker): DB_PASSWORD=${SECRET}`,
      'command (app, worker): ["sh","-c","node server.js"]',
      'log-configuration-log-driver (app, worker): awslogs',
      'images: envoy=envoy:1.31',
      'task-role-arn: arn:aws:iam::123456789012:role/my-app-task',
      'cpu: 1024',
    ]);
  });

  test('without container-name, the container edits go to the deployed container', () => {
    expect(describeEdits({ ...NO_EDITS, containers: { ...NO_EDITS.containers, environment: [['A', '1']] } }, [])).toEqual([
      'environment-variables (the deployed container): A=1',
    ]);
  });
});
