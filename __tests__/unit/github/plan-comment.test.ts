import { describe, expect, test } from '@jest/globals';
import { EMPTY_RECORD, type RunResult, type ServiceReport } from '../../../src/report/report.js';
import { findMarked, MAX_COMMENT_CHARACTERS, planMarker, renderPlanComment } from '../../../src/github/plan-comment.js';

const ARN_7 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';
const FACTS = { sha: '0123456789abcdef0123456789abcdef01234567', runUrl: 'https://github.com/my-org/my-app/actions/runs/42/attempts/1' };
const TARGET = { cluster: 'my-cluster', services: ['api', 'worker'] };

function planned(service: string, status: ServiceReport['status']): ServiceReport {
  return {
    service,
    previousTaskDefinitionArn: ARN_7,
    taskDefinitionArn: status === 'unchanged' ? ARN_7 : '',
    status,
    deploymentId: '',
    rolloutState: '',
    reason: '',
    stoppedTaskReasons: [],
    rollback: '',
    milliseconds: 0,
  };
}

function dryRun(overrides: Partial<RunResult> = {}): RunResult {
  return {
    ...EMPTY_RECORD,
    ending: { kind: 'dry-run' },
    image: { uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:v2', registry: '', tag: 'v2', digest: '', origin: 'planned' },
    services: [
      { ...planned('api', 'planned'), strategy: 'rolling (100–200 %, circuit breaker with rollback)' },
      planned('worker', 'unchanged'),
    ],
    plan: [
      `# ${ARN_7} → new revision of my-app for api`,
      '-   image: my-app:v1',
      '+   image: my-app:v2',
      '# UpdateService my-cluster/api: → new revision',
    ],
    ...overrides,
  };
}

describe('planMarker', () => {
  test.each([
    [{ cluster: 'my-cluster', services: ['api'] }, '<!-- oidc-ecs-deploy plan: my-cluster/api -->'],
    [{ cluster: 'prod', services: ['api', 'worker'] }, '<!-- oidc-ecs-deploy plan: prod/api,worker -->'],
  ])('names the cluster and services of %j in a hidden comment', (target, marker) => {
    expect(planMarker(target)).toBe(marker);
  });
});

describe('findMarked', () => {
  const marker = planMarker(TARGET);
  test.each<[string, { id: number; body?: string | null }[], number | undefined]>([
    [
      'the first comment carrying the marker',
      [
        { id: 1, body: 'LGTM' },
        { id: 2, body: `${marker}\nplan` },
        { id: 3, body: `${marker}\nold` },
      ],
      2,
    ],
    [
      'none when only another job’s marker is there',
      [{ id: 1, body: planMarker({ cluster: 'staging', services: ['api', 'worker'] }) }],
      undefined,
    ],
    ['none among comments without a body', [{ id: 1, body: null }, { id: 2 }], undefined],
  ])('%s', (_name, comments, expected) => {
    expect(findMarked(comments, marker)?.id).toBe(expected);
  });
});

describe('renderPlanComment', () => {
  test('starts with the marker and shows the image, each service with what it would do, and the diff', () => {
    const body = renderPlanComment(dryRun(), TARGET, FACTS);
    expect(body.split('\n')[0]).toBe(planMarker(TARGET));
    expect(body).toContain('### 📝 oidc-ecs-deploy: plan for `my-cluster`');
    expect(body).toContain('Dry run of `0123456` ([the run](https://github.com/my-org/my-app/actions/runs/42/attempts/1))');
    expect(body).toContain('Image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app:v2`');
    expect(body).toContain('| `api` | `my-app:7` | 📝 would be updated | rolling (100–200 %, circuit breaker with rollback) |');
    // A service whose strategy is not known gets a dash, not an empty cell.
    expect(body).toContain('| `worker` | `my-app:7` | ✅ no change: already runs this image and settings | — |');
    expect(body).toContain(
      '```diff\n# arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7 → new revision of my-app for api\n-   image: my-app:v1\n+   image: my-app:v2\n',
    );
  });

  test('a failed dry run says so with its phase and message, so the comment never shows a stale plan', () => {
    const body = renderPlanComment(
      dryRun({
        ending: { kind: 'failed', phase: 'Task definition', message: 'Service api was not found\nin my-cluster.', details: [] },
        services: [],
        plan: [],
        image: undefined,
      }),
      TARGET,
      FACTS,
    );
    expect(body.split('\n')[0]).toBe(planMarker(TARGET));
    expect(body).toContain('### ❌ oidc-ecs-deploy: the dry run for `my-cluster` failed');
    expect(body).toContain('> **Task definition**: Service api was not found in my-cluster.');
    expect(body).not.toContain('```diff');
  });

  test('a fence inside the plan cannot close the diff block early', () => {
    const body = renderPlanComment(dryRun({ plan: ['+   command: ```echo```'] }), TARGET, FACTS);
    expect(body.match(/```/g)).toHaveLength(2);
  });

  test('a diff too long for a comment is cut, and says where the whole plan is', () => {
    const plan = Array.from({ length: 5000 }, (_, index) => `+   environment[${index}]: ${'x'.repeat(40)}`);
    const body = renderPlanComment(dryRun({ plan }), TARGET, FACTS);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARACTERS);
    expect(body).toContain('… (cut: the job summary has the whole plan)');
    expect(body).toContain('+   environment[0]:');
    expect(body.trimEnd().endsWith('</details>')).toBe(true);
  });
});
