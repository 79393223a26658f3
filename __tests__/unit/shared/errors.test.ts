import { expect, test } from '@jest/globals';
import { asSentence, describeAwsError, describeError, mentionsNetworkError } from '../../../src/shared/errors.js';

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

test('describeAwsError gives the AWS error code without the SDK suffix, and the message once', () => {
  expect(describeAwsError(Object.assign(new Error('IdP unreachable'), { name: 'IDPCommunicationErrorException' }))).toBe(
    'IDPCommunicationError: IdP unreachable',
  );
  expect(describeAwsError(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))).toBe('Throttling: Rate exceeded');
  expect(describeAwsError(Object.assign(new Error('Throttling: Rate exceeded'), { name: 'Throttling' }))).toBe('Throttling: Rate exceeded');
  expect(describeAwsError('plain')).toBe('plain');
});

test.each([
  { text: 'Error message: read ECONNRESET', expected: true },
  { text: 'connect ECONNREFUSED 127.0.0.1:443', expected: true },
  { text: 'socket hang up', expected: true },
  { text: 'getaddrinfo ENOTFOUND example.test', expected: false },
  { text: 'Response json body do not have ID Token field', expected: false },
])('mentionsNetworkError($text) is $expected', ({ text, expected }) => {
  expect(mentionsNetworkError(text)).toBe(expected);
});

test.each([
  ['the service has started 2 tasks', 'the service has started 2 tasks.'],
  ['the service has started 2 tasks.', 'the service has started 2 tasks.'],
  ['is it back?', 'is it back?'],
  ['', '.'],
])('asSentence(%j) is %j', (text, sentence) => {
  expect(asSentence(text)).toBe(sentence);
});
