import { describe, expect, test } from '@jest/globals';
import { EMPTY_RECORD, type RunResult, type ServiceReport } from '../../../src/report/report.js';
import { commitStatusOf } from '../../../src/github/commit-status.js';

const RUN_URL = 'https://github.com/my-org/my-app/actions/runs/42/attempts/1';
const DEPLOY = { cluster: 'my-cluster', services: ['api'] };

function service(
  status: ServiceReport['status'],
  taskDefinitionArn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8',
): ServiceReport {
  return {
    service: 'api',
    previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7',
    taskDefinitionArn,
    status,
    deploymentId: '',
    rolloutState: '',
    reason: '',
    stoppedTaskReasons: [],
    rollback: '',
    milliseconds: 0,
  };
}

function result(ending: RunResult['ending'], services: ServiceReport[]): RunResult {
  return { ...EMPTY_RECORD, ending, services };
}

describe('commitStatusOf', () => {
  test.each<[string, RunResult, string, string]>([
    ['a deploy that succeeded', result({ kind: 'deployed' }, [service('succeeded')]), 'success', 'Deployed to my-cluster: api (my-app:8)'],
    [
      'a deploy not waited for',
      result({ kind: 'deployed' }, [service('updated')]),
      'success',
      'Rollout started (not waited for) on my-cluster: api (my-app:8)',
    ],
    [
      'a deploy with nothing to change',
      result({ kind: 'deployed' }, [service('unchanged', 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7')]),
      'success',
      'No change: my-cluster already runs this image',
    ],
    [
      'a failed deploy, with its phase and reason',
      result({ kind: 'failed', phase: 'Deployment watch', message: 'api failed: The deployment circuit breaker fired.', details: [] }, [
        service('failed'),
      ]),
      'failure',
      'Deployment watch failed: api failed: The deployment circuit breaker fired.',
    ],
  ])('%s', (_name, run, state, description) => {
    expect(commitStatusOf(run, DEPLOY, RUN_URL)).toEqual({
      state,
      context: 'oidc-ecs-deploy / my-cluster/api',
      description,
      targetUrl: RUN_URL,
    });
  });

  test('keeps the description within the 140 characters GitHub keeps, on one line', () => {
    const message = `Line one\nand ${'a very long reason '.repeat(20)}`;
    const { description } = commitStatusOf(result({ kind: 'failed', phase: 'Service update', message, details: [] }, []), DEPLOY, RUN_URL);
    expect(description).toHaveLength(140);
    expect(description).not.toContain('\n');
    expect(description.endsWith('…')).toBe(true);
  });
});
