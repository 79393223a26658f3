import { describe, expect, test } from '@jest/globals';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { ServiceDecision } from '../../../src/service/decision.js';
import { pruneScope } from '../../../src/revisions/scope.js';

const arn = (family: string, revision: number): string => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`;
const target = (service: string, previous: string, render = 0) => ({ service, previousTaskDefinitionArn: previous, render });
const renders = [{ input: { family: 'my-app', containerDefinitions: [] } }, { input: { family: 'my-worker', containerDefinitions: [] } }];
const definition: TaskDefinition = {};

describe('pruneScope', () => {
  test('a deploy: the families deployed, what each service now runs and what it would roll back to', () => {
    const decisions: ServiceDecision[] = [
      { kind: 'register', target: target('my-app', arn('my-app', 7)), changes: ['image'] },
      {
        kind: 'unchanged',
        target: target('my-worker', arn('my-worker', 3), 1),
        taskDefinitionArn: arn('my-worker', 4),
        deploymentId: 'ecs-svc/1',
      },
    ];
    const scope = pruneScope(decisions, renders, (decision) => (decision.target.service === 'my-app' ? arn('my-app', 8) : undefined));
    expect(scope.families).toEqual(
      new Map([
        ['my-app', 0],
        ['my-worker', 0],
      ]),
    );
    expect(scope.protect).toEqual(
      new Map([
        [arn('my-app', 8), 'deployed to my-app'],
        [arn('my-app', 7), 'my-app rolls back to it'],
        [arn('my-worker', 4), 'deployed to my-worker'],
        [arn('my-worker', 3), 'my-worker rolls back to it'],
      ]),
    );
  });

  test('a dry run: a revision to register counts one pending in the family of its render', () => {
    const decisions: ServiceDecision[] = [
      { kind: 'register', target: target('my-app', arn('my-app', 7)), changes: [] },
      {
        kind: 'switch',
        target: target('my-worker', arn('my-worker', 3), 1),
        taskDefinitionArn: arn('my-worker', 2),
        taskDefinition: definition,
      },
    ];
    const scope = pruneScope(decisions, renders, () => '');
    expect(scope.families).toEqual(
      new Map([
        ['my-app', 1],
        ['my-worker', 0],
      ]),
    );
    expect(scope.protect).toEqual(
      new Map([
        [arn('my-app', 7), 'my-app rolls back to it'],
        [arn('my-worker', 2), 'deployed to my-worker'],
        [arn('my-worker', 3), 'my-worker rolls back to it'],
      ]),
    );
  });
});
