import { describe, expect, test } from '@jest/globals';
import { choosePrunable, parseRevisionArn, type PruneChoice } from '../../../src/revisions/choose.js';

const arn = (family: string, revision: number): string => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`;
const app = (revision: number): string => arn('my-app', revision);

describe('parseRevisionArn', () => {
  test.each([
    [app(12), { family: 'my-app', revision: 12 }],
    [arn('my-app-worker', 3), { family: 'my-app-worker', revision: 3 }],
    ['my-app:12', undefined],
    ['arn:aws:ecs:eu-west-1:123456789012:service/my-cluster/my-app', undefined],
  ])('%s', (given, expected) => {
    expect(parseRevisionArn(given)).toEqual(expected);
  });
});

describe('choosePrunable', () => {
  const listed = [app(9), app(8), app(7), app(6), app(5), arn('my-app-worker', 40)];
  test.each<{
    name: string;
    keep: number;
    protect?: [string, string][];
    pending?: number;
    listed?: string[];
    expected: Omit<PruneChoice, 'family'>;
  }>([
    {
      name: 'keeps the newest two and deregisters the rest, oldest first',
      keep: 2,
      expected: { kept: [app(9), app(8)], inUse: [], deregister: [app(5), app(6), app(7)] },
    },
    {
      name: 'never one in use, whatever its age, and says why',
      keep: 2,
      protect: [
        [app(6), 'my-app-canary runs it'],
        [app(9), 'deployed to my-app'],
      ],
      expected: { kept: [app(9), app(8)], inUse: [{ arn: app(6), why: 'my-app-canary runs it' }], deregister: [app(5), app(7)] },
    },
    {
      name: 'ignores a longer family the prefix also listed',
      keep: 4,
      expected: { kept: [app(9), app(8), app(7), app(6)], inUse: [], deregister: [app(5)] },
    },
    {
      name: 'sorts by revision number whatever order the list came in',
      keep: 1,
      listed: [app(10), app(9), app(100), app(11)],
      expected: { kept: [app(100)], inUse: [], deregister: [app(9), app(10), app(11)] },
    },
    {
      name: 'a dry run counts the revision it would register among the kept',
      keep: 2,
      pending: 1,
      expected: { kept: [app(9)], inUse: [], deregister: [app(5), app(6), app(7), app(8)] },
    },
    {
      name: 'keeping more than there are deregisters nothing',
      keep: 10,
      expected: { kept: [app(9), app(8), app(7), app(6), app(5)], inUse: [], deregister: [] },
    },
  ])('$name', ({ keep, protect = [], pending = 0, expected, ...rest }) => {
    expect(choosePrunable('my-app', rest.listed ?? listed, keep, new Map(protect), pending)).toEqual({ family: 'my-app', ...expected });
  });
});
