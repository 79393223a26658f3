import { describe, expect, test } from '@jest/globals';
import { taskDefinitionRevisionLabel } from '../../../src/task-definition/revision-label.js';

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:41';

describe('taskDefinitionRevisionLabel', () => {
  test.each([
    [ARN, 'my-app:41'],
    ['arn:aws-cn:ecs:cn-north-1:210987654321:task-definition/other-app:3', 'other-app:3'],
    ['my-app:41', 'my-app:41'],
  ])('%s → %s', (arn, label) => {
    expect(taskDefinitionRevisionLabel(arn)).toBe(label);
  });
});
