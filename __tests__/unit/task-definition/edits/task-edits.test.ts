import { describe, expect, test } from '@jest/globals';
import { applyTaskEdits } from '../../../../src/task-definition/edits/task-edits.js';
import { EditError, NO_EDITS, type TaskEdits } from '../../../../src/task-definition/edits/model.js';

const FARGATE = Object.freeze({ family: 'my-app', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512' });
const EC2 = Object.freeze({ family: 'my-app', requiresCompatibilities: ['EC2'], cpu: '256', memory: '512' });
const edits = (parts: Partial<TaskEdits>): TaskEdits => ({ ...NO_EDITS.task, ...parts });

describe('applyTaskEdits', () => {
  test('sets roles, cpu and memory, leaving the argument as it was', () => {
    const given = edits({
      taskRoleArn: 'arn:aws:iam::123456789012:role/my-app-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/my-app-execution',
      cpu: '1024',
      memory: '3072',
    });
    expect(applyTaskEdits(FARGATE, given)).toEqual({
      ...FARGATE,
      taskRoleArn: 'arn:aws:iam::123456789012:role/my-app-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/my-app-execution',
      cpu: '1024',
      memory: '3072',
    });
    expect(FARGATE.cpu).toBe('256');
  });

  test('no edits change nothing, even a size Fargate does not offer that the definition already has', () => {
    const odd = { ...FARGATE, cpu: '300' };
    expect(applyTaskEdits(odd, NO_EDITS.task)).toEqual(odd);
  });

  test.each<[string, string | undefined, string | undefined]>([
    ['256 with 512', undefined, '512'],
    ['256 with 2048', undefined, '2048'],
    ['512 with 4096', '512', '4096'],
    ['4096 with 30720', '4096', '30720'],
    ['8192 with 20480 (steps of 4096)', '8192', '20480'],
    ['16384 with 122880', '16384', '122880'],
  ])('a Fargate pair it offers passes: %s', (_name, cpu, memory) => {
    expect(() => applyTaskEdits(FARGATE, edits({ cpu, memory }))).not.toThrow();
  });

  test.each<[string, string | undefined, string | undefined, string]>([
    [
      'cpu 256 with memory 1536, between its three sizes',
      undefined,
      '1536',
      'Input `memory` was "cpu 256, memory 1536"; expected a Fargate task size: with cpu 256, `memory` 512, 1024 or 2048 MiB (the definition requires FARGATE).',
    ],
    [
      'cpu raised to 4096 with the old memory',
      '4096',
      undefined,
      'Input `cpu` was "cpu 4096, memory 512"; expected a Fargate task size: with cpu 4096, `memory` from 8192 to 30720 MiB in steps of 1024 (the definition requires FARGATE).',
    ],
    [
      'cpu Fargate has no size for',
      '768',
      '2048',
      'Input `cpu` was "cpu 768, memory 2048"; expected a Fargate task size: `cpu` one of 256, 512, 1024, 2048, 4096, 8192, 16384 (the definition requires FARGATE).',
    ],
    [
      'memory off the 4096 steps of cpu 8192',
      '8192',
      '17408',
      'Input `memory` was "cpu 8192, memory 17408"; expected a Fargate task size: with cpu 8192, `memory` from 16384 to 61440 MiB in steps of 4096 (the definition requires FARGATE).',
    ],
  ])('a Fargate pair it does not offer is an error naming the allowed sizes: %s', (_name, cpu, memory, message) => {
    const run = (): unknown => applyTaskEdits(FARGATE, edits({ cpu, memory }));
    expect(run).toThrow(EditError);
    expect(run).toThrow(message);
  });

  test('a definition that does not require FARGATE takes any size', () => {
    expect(applyTaskEdits(EC2, edits({ cpu: '768', memory: '1536' }))).toEqual({ ...EC2, cpu: '768', memory: '1536' });
  });
});
