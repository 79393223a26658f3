import { expect, test } from '@jest/globals';
import { describeError } from '../../../src/shared/errors.js';

test('describeError gives the name and the message once, on one line', () => {
  expect(
    describeError(Object.assign(new Error('not authorized to perform: ecs:DescribeServices'), { name: 'AccessDeniedException' })),
  ).toBe('AccessDeniedException: not authorized to perform: ecs:DescribeServices');
  expect(describeError(Object.assign(new Error('AccessDeniedException happened'), { name: 'AccessDeniedException' }))).toBe(
    'AccessDeniedException happened',
  );
  expect(describeError(Object.assign(new Error('boom'), { name: 'Error' }))).toBe('Error: boom');
  expect(describeError(Object.assign(new Error('line one\n  line two'), { name: 'ClientException' }))).toBe(
    'ClientException: line one line two',
  );
  expect(describeError('plain')).toBe('plain');
});
