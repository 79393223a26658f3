import { describe, expect, test } from '@jest/globals';
import { checkEndState, type EndState } from '../../../src/watch/end-state.js';

const OURS = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:2';
const PREVIOUS = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/my-app:1';

describe('checkEndState: the deployment that completed and the service must both run our revision', () => {
  test.each<{ name: string; service: string | undefined; completed: string | undefined; expected: EndState }>([
    { name: 'both ours', service: OURS, completed: OURS, expected: { kind: 'ours' } },
    {
      name: 'deployment on the previous revision, service says ours',
      service: OURS,
      completed: PREVIOUS,
      expected: { kind: 'other', live: PREVIOUS, deployed: PREVIOUS, serviceTaskDefinition: undefined },
    },
    {
      name: 'deployment ours, service still on the previous revision: the service names the live one',
      service: PREVIOUS,
      completed: OURS,
      expected: { kind: 'other', live: PREVIOUS, deployed: undefined, serviceTaskDefinition: PREVIOUS },
    },
    {
      name: 'both on the previous revision',
      service: PREVIOUS,
      completed: PREVIOUS,
      expected: { kind: 'other', live: PREVIOUS, deployed: PREVIOUS, serviceTaskDefinition: PREVIOUS },
    },
    {
      name: 'service task definition missing from the answer: not known to be ours',
      service: undefined,
      completed: OURS,
      expected: { kind: 'other', live: '(unknown revision)', deployed: undefined, serviceTaskDefinition: undefined },
    },
    {
      name: 'no completed deployment, service on ours (the service deployments API alone)',
      service: OURS,
      completed: undefined,
      expected: { kind: 'ours' },
    },
  ])('$name', ({ service, completed, expected }) => {
    expect(checkEndState(OURS, { taskDefinition: service }, completed === undefined ? undefined : { taskDefinition: completed })).toEqual(
      expected,
    );
  });
});
