import { describe, expect, test } from '@jest/globals';
import { EMPTY_RECORD, type RunResult } from '../../../src/report/report.js';
import { renderSummary, revisionLabel } from '../../../src/report/summary.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function deployedReport(): RunResult {
  return {
    ...EMPTY_RECORD,
    ending: { kind: 'deployed' },
    identity: 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-my-org-my-app-1-1',
    image: {
      uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app@${DIGEST}`,
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      tag: 'v1',
      digest: DIGEST,
      origin: 'built',
    },
    services: [
      {
        service: 'api',
        previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8',
        status: 'succeeded',
        deploymentId: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/api/AbC123',
        rolloutState: 'COMPLETED',
        reason: '',
        stoppedTaskReasons: [],
        rollback: '',
        milliseconds: 6400,
      },
    ],
    phases: [
      { phase: 'Credentials', milliseconds: 310, status: 'succeeded' },
      { phase: 'Deployment watch', milliseconds: 6400, status: 'succeeded' },
    ],
  };
}

describe('renderSummary', () => {
  test('shows identity, image, revision change, deployment, outcome and phase times of a deploy', () => {
    const markdown = renderSummary(deployedReport());
    expect(markdown).toContain('✅ Deployed');
    expect(markdown).toContain('`arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-my-org-my-app-1-1`');
    expect(markdown).toContain(`\`${DIGEST}\``);
    expect(markdown).toContain('`v1` (built)');
    expect(markdown).toContain('| `api` | `my-app:7` → `my-app:8` | `AbC123` | ✅ succeeded (COMPLETED) | 6.4 s |');
    expect(markdown).toContain('| Credentials | 0.3 s |');
  });

  test('puts the failure first, with the reason, rollback and stopped tasks of the service', () => {
    const deployed = deployedReport();
    const [service] = deployed.services;
    if (!service) throw new Error('fixture has a service');
    const report: RunResult = {
      ...deployed,
      ending: { kind: 'failed', phase: 'Deployment watch', message: 'api failed: The deployment circuit breaker fired.', details: [] },
      services: [
        {
          ...service,
          status: 'failed',
          rolloutState: 'FAILED',
          reason: 'The deployment circuit breaker fired | rolling back to my-app:7.',
          rollback: 'ecs-circuit-breaker: requested',
          stoppedTaskReasons: ['task 1a2b stopped (EssentialContainerExited): Essential container in task exited; containers: app exit 1'],
        },
      ],
    };
    const markdown = renderSummary(report);
    expect(markdown.indexOf('❌ Deployment failed')).toBeLessThan(markdown.indexOf('| Service |'));
    expect(markdown).toContain('> **Deployment watch**: api failed: The deployment circuit breaker fired.');
    expect(markdown).toContain('❌ failed (FAILED)');
    // A pipe inside a reason would otherwise break the Markdown table.
    expect(markdown).toContain('fired \\| rolling back');
    expect(markdown).toContain('Rollback: ecs-circuit-breaker: requested');
    expect(markdown).toContain('- task 1a2b stopped (EssentialContainerExited)');
  });

  test('shows a multi-line diagnosis under the failure as a block', () => {
    const report: RunResult = {
      ...EMPTY_RECORD,
      ending: {
        kind: 'failed',
        phase: 'Credentials',
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity on my-role.',
        details: ['token sub: repo:my-org/my-app:ref:refs/heads/main', '{ "Effect": "Allow" }'],
      },
    };
    const markdown = renderSummary(report);
    expect(markdown).toContain('> **Credentials**: Not authorized to perform sts:AssumeRoleWithWebIdentity on my-role.');
    expect(markdown).toContain('```text\ntoken sub: repo:my-org/my-app:ref:refs/heads/main\n{ "Effect": "Allow" }\n```');
    expect(markdown).not.toContain('**Next**');
  });

  test("gives the failure's Next: advice under it, fitting its cause", () => {
    const report: RunResult = {
      ...EMPTY_RECORD,
      ending: { kind: 'failed', phase: 'Service update', cause: 'service-not-found', message: 'ServiceNotFoundException', details: [] },
    };
    expect(renderSummary(report)).toContain(
      '> **Service update**: ServiceNotFoundException\n>\n> **Next**: check `service`, `cluster` and `aws-region`: the service must exist and be ACTIVE there\n',
    );
  });

  test('shows the plan of a dry run and says nothing changed', () => {
    const report: RunResult = { ...EMPTY_RECORD, ending: { kind: 'dry-run' }, plan: ['~ containerDefinitions[app].image: a → b'] };
    const markdown = renderSummary(report);
    expect(markdown).toContain('📝 Dry run: nothing changed');
    expect(markdown).toContain('```diff\n~ containerDefinitions[app].image: a → b\n```');
  });

  test('lists the task definition edits, secrets as their ARNs, and no section without edits', () => {
    const edits = [
      'environment-variables (app, worker): STAGE=prod, EMPTY=',
      'secrets (app, worker): DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:my-app/db-AbCdEf',
      'cpu: 1024',
    ];
    const summary = renderSummary({ ...deployedReport(), edits });
    expect(summary).toContain(['<details open><summary>Task definition edits</summary>', '', '```text', ...edits, '```'].join('\n'));
    expect(renderSummary({ ...deployedReport(), edits: [] })).not.toContain('Task definition edits');
    expect(renderSummary(deployedReport())).not.toContain('Task definition edits');
  });

  test('marks the phase that failed in the phase table, and a failed dry run as failed', () => {
    const report: RunResult = {
      ...EMPTY_RECORD,
      phases: [
        { phase: 'Inputs', milliseconds: 4, status: 'succeeded' },
        { phase: 'Credentials', milliseconds: 1_300, status: 'failed' },
      ],
      ending: { kind: 'failed', phase: 'Credentials', message: 'No OIDC token.', details: [] },
    };
    const markdown = renderSummary(report);
    expect(markdown).toContain('## oidc-ecs-deploy: ❌ Deployment failed');
    expect(markdown).toContain('| Inputs | 0.0 s |\n| Credentials ❌ | 1.3 s |');
    expect(markdown).not.toContain('```text');
  });
});

describe('renderSummary of keep-revisions', () => {
  const old = (revision: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:${String(revision)}`;
  test.each([
    [
      'what was deregistered',
      { keep: 2, dryRun: false, deregistered: [old(4), old(5)], failures: [] },
      '**Old revisions** (`keep-revisions: 2`): deregistered `my-app:4`, `my-app:5`.',
    ],
    [
      'what a dry run would deregister',
      { keep: 3, dryRun: true, deregistered: [old(1)], failures: [] },
      '**Old revisions** (`keep-revisions: 3`): would deregister `my-app:1`.',
    ],
    [
      'nothing to deregister',
      { keep: 5, dryRun: false, deregistered: [], failures: [] },
      '**Old revisions** (`keep-revisions: 5`): deregistered none.',
    ],
    [
      'a refusal, after what went',
      { keep: 2, dryRun: false, deregistered: [old(4)], failures: [{ arn: old(5), message: 'AccessDeniedException: not authorized' }] },
      'Could not deregister `my-app:5`: AccessDeniedException: not authorized',
    ],
    [
      'reads that failed',
      {
        keep: 2,
        dryRun: false,
        deregistered: [],
        failures: [],
        skipped: 'could not read the revisions to prune (Throttling); nothing was deregistered',
      },
      '**Old revisions** (`keep-revisions: 2`): could not read the revisions to prune (Throttling); nothing was deregistered.',
    ],
  ])('%s', (_name, revisions, line) => {
    expect(renderSummary({ ...deployedReport(), revisions })).toContain(line);
  });

  test('no section without keep-revisions', () => {
    expect(renderSummary(deployedReport())).not.toContain('Old revisions');
  });
});

describe('renderSummary of service settings and existing revisions', () => {
  test('a scaled service says so, with what changed, and the run is not called unchanged', () => {
    const report = deployedReport();
    const [api] = report.services;
    const markdown = renderSummary({
      ...report,
      services: api
        ? [
            {
              ...api,
              status: 'scaled',
              note: 'desired-count 1 → 3: the service was updated on the revision it runs; ECS started no new deployment.',
            },
          ]
        : [],
    });
    expect(markdown).toContain('✅ Deployed');
    expect(markdown).toContain('✅ scaled (no new deployment) (COMPLETED)');
    expect(markdown).toContain(
      '**api**: desired-count 1 → 3: the service was updated on the revision it runs; ECS started no new deployment.',
    );
  });

  test('a deploy of an existing revision says no image was built instead of an empty image', () => {
    const markdown = renderSummary({ ...deployedReport(), image: { uri: '', registry: '', tag: '', digest: '', origin: 'revision' } });
    expect(markdown).toContain('| Image | none built: `task-definition` names an existing revision, deployed as it is |');
    expect(markdown).not.toContain('| Tag |');
  });
});

describe('revisionLabel', () => {
  test.each([
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8', 'my-app:8'],
    ['', '—'],
  ])('labels %s as %s', (arn, label) => {
    expect(revisionLabel(arn)).toBe(label);
  });
});
