import { describe, expect, test } from '@jest/globals';
import { READ_ONLY_FIELDS, registrableCopy } from '../../../src/task-definition/registrable.js';

describe('READ_ONLY_FIELDS', () => {
  test('are the fields ECS sets on a registered revision', () => {
    expect(READ_ONLY_FIELDS).toEqual([
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
      'deregisteredAt',
      'deleteRequestedAt',
    ]);
  });
});

describe('registrableCopy', () => {
  test.each([
    ['taskDefinitionArn', 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:41'],
    ['revision', 41],
    ['status', 'INACTIVE'],
    ['requiresAttributes', [{ name: 'ecs.capability.secrets.asm.environment-variables' }]],
    ['compatibilities', ['EC2', 'FARGATE']],
    ['registeredAt', new Date('2026-09-01T10:00:00Z')],
    ['registeredBy', 'arn:aws:sts::123456789012:assumed-role/deploy/run'],
    ['deregisteredAt', new Date('2026-09-02T10:00:00Z')],
    ['deleteRequestedAt', new Date('2026-09-03T10:00:00Z')],
  ])('drops %s', (field, value) => {
    expect(registrableCopy({ family: 'my-app', [field]: value })).toStrictEqual({ family: 'my-app' });
  });

  test('keeps every other field, unknown ones too, and drops undefined values', () => {
    const definition = { family: 'my-app', cpu: '256', futureSetting: { on: true }, memory: undefined, volumes: [] };
    expect(registrableCopy(definition)).toStrictEqual({ family: 'my-app', cpu: '256', futureSetting: { on: true }, volumes: [] });
  });

  test('copies deeply, so editing the copy leaves the definition as it was', () => {
    const definition = { family: 'my-app', containerDefinitions: [{ name: 'app', environment: [{ name: 'A', value: '1' }] }] };
    const copy = registrableCopy(definition) as { containerDefinitions: { environment: unknown[] }[] };
    copy.containerDefinitions[0]?.environment.push({ name: 'B', value: '2' });
    expect(definition.containerDefinitions[0]?.environment).toEqual([{ name: 'A', value: '1' }]);
  });
});
