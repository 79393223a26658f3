import { describe, expect, test } from '@jest/globals';
import { EMPTY_RECORD, type FailureCause, type PhaseName, type RunRecord, type RunResult } from '../../../src/report/report.js';
import { annotationsOf, failureSentence, nextStep, outputsOf } from '../../../src/report/outputs.js';

const ROLE = 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-my-org-my-app-1-1';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const IMAGE = {
  uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app@${DIGEST}`,
  registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  tag: 'v1',
  digest: DIGEST,
  origin: 'built',
} as const;
const START = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8',
  previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7',
  deploymentId: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/api/AbC123',
};

describe('outputsOf', () => {
  test('names every output, in order, once the run got through the watch', () => {
    const result: RunResult = {
      ...EMPTY_RECORD,
      identity: ROLE,
      image: IMAGE,
      rolloutStart: { ...START, deploymentId: 'ecs-svc/1234567890' },
      rolloutEnd: { deploymentId: START.deploymentId, rolloutState: 'COMPLETED', failureReason: '' },
      deployed: true,
      ending: { kind: 'deployed' },
    };
    expect(outputsOf(result)).toEqual([
      ['assumed-role-arn', ROLE],
      ['image-uri', `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app@${DIGEST}`],
      ['image-digest', DIGEST],
      ['image-tag', 'v1'],
      ['registry', '123456789012.dkr.ecr.us-east-1.amazonaws.com'],
      ['task-definition-arn', 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8'],
      ['previous-task-definition-arn', 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7'],
      ['deployment-id', 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/api/AbC123'],
      ['rollout-state', 'COMPLETED'],
      ['failure-reason', ''],
      ['deployed', 'true'],
    ]);
  });

  test('says deployed false when the run rolled nothing out, and nothing about it before the services were decided', () => {
    const unchanged: RunResult = { ...EMPTY_RECORD, identity: ROLE, deployed: false, ending: { kind: 'deployed' } };
    const early: RunResult = {
      ...EMPTY_RECORD,
      identity: ROLE,
      ending: { kind: 'failed', phase: 'Image', message: 'build failed', details: [] },
    };
    expect(outputsOf(unchanged)).toEqual([
      ['assumed-role-arn', ROLE],
      ['deployed', 'false'],
    ]);
    expect(outputsOf(early)).toEqual([['assumed-role-arn', ROLE]]);
  });

  test('gives the deployment UpdateService started when the watch did not finish', () => {
    const result: RunResult = {
      ...EMPTY_RECORD,
      identity: ROLE,
      image: IMAGE,
      rolloutStart: START,
      ending: { kind: 'failed', phase: 'Deployment watch', message: 'DescribeServices failed: AccessDeniedException', details: [] },
    };
    expect(Object.fromEntries(outputsOf(result))).toEqual({
      'assumed-role-arn': ROLE,
      'image-uri': `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app@${DIGEST}`,
      'image-digest': DIGEST,
      'image-tag': 'v1',
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8',
      'previous-task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7',
      'deployment-id': 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/api/AbC123',
    });
  });

  test.each<[string, RunResult, string[]]>([
    ['nothing before the credentials', { ...EMPTY_RECORD, ending: { kind: 'failed', phase: 'Inputs', message: 'x', details: [] } }, []],
    [
      'only the identity after the credentials',
      { ...EMPTY_RECORD, identity: ROLE, ending: { kind: 'failed', phase: 'Image', message: 'x', details: [] } },
      ['assumed-role-arn'],
    ],
    [
      'the identity and the image in a dry run',
      { ...EMPTY_RECORD, identity: ROLE, image: IMAGE, ending: { kind: 'dry-run' } },
      ['assumed-role-arn', 'image-uri', 'image-digest', 'image-tag', 'registry'],
    ],
  ])('sets %s', (_, result, names) => {
    expect(outputsOf(result).map(([name]) => name)).toEqual(names);
  });
});

describe('annotationsOf', () => {
  test('gives one error per service whose deployment did not start, naming the call that failed', () => {
    const result: RunResult = {
      ...EMPTY_RECORD,
      updateFailures: [
        { service: 'worker', operation: 'ecs:UpdateService', message: 'ServiceNotActiveException: Service was not ACTIVE.' },
        { service: 'cron', operation: 'ecs:UpdateService', message: 'AccessDeniedException: not authorized' },
        { service: 'blue', operation: 'codedeploy:CreateDeployment', message: 'DeploymentLimitExceeded: too many deployments' },
      ],
      ending: { kind: 'deployed' },
    };
    expect(annotationsOf(result)).toEqual([
      { message: 'UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.', title: 'worker: not updated' },
      { message: 'UpdateService failed for cron: AccessDeniedException: not authorized', title: 'cron: not updated' },
      { message: 'CodeDeploy CreateDeployment failed for blue: DeploymentLimitExceeded: too many deployments', title: 'blue: not updated' },
    ]);
  });

  test('gives none when every update started', () => {
    expect(annotationsOf({ ...EMPTY_RECORD, ending: { kind: 'deployed' } })).toEqual([]);
  });
});

describe('failureSentence', () => {
  test.each<[Parameters<typeof failureSentence>[0], string]>([
    [
      { phase: 'Inputs', message: 'Input `aws-region` is empty; expected an AWS region such as `us-east-1`.' },
      'Inputs failed: Input `aws-region` is empty; expected an AWS region such as `us-east-1`.',
    ],
    [
      { phase: 'Credentials', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' },
      'Credentials failed: Not authorized to perform sts:AssumeRoleWithWebIdentity.',
    ],
    [
      { phase: 'Image', message: 'docker build exited with 1' },
      'Image failed: docker build exited with 1. Next: check the build output above.',
    ],
    [
      { phase: 'Task definition', message: 'No container named web.' },
      'Task definition failed: No container named web. Next: check the task definition and the role permissions.',
    ],
    [
      { phase: 'Service update', message: 'UpdateService failed for api: AccessDeniedException' },
      'Service update failed: UpdateService failed for api: AccessDeniedException. Next: check the service and the role permissions.',
    ],
    [
      { phase: 'Deployment watch', message: 'api timed out: still 1/2 tasks running after 10 minutes!' },
      'Deployment watch failed: api timed out: still 1/2 tasks running after 10 minutes! Next: see the stopped tasks and service events above.',
    ],
    [
      {
        phase: 'Service update',
        message: 'UpdateService was refused',
        refused: {
          principal: ROLE,
          action: 'ecs:UpdateService',
          resource: 'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-service',
          reason: { kind: 'not-allowed', policy: 'identity-based policy' },
        },
      },
      'Service update failed: UpdateService was refused. Next: add the statement printed in the log (ecs:UpdateService on arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-service) to the permission policy of my-deploy-role, or redeploy the setup template with the capability that grants it.',
    ],
    [
      { phase: 'Internal', message: '  undefined is not a function?  ' },
      'Internal failed: undefined is not a function? Next: this is a bug in oidc-ecs-deploy; please report it with the log.',
    ],
  ])('words %j as one sentence', (failure, sentence) => {
    expect(failureSentence(failure)).toBe(sentence);
  });
});

test.each<[RunRecord['imageSource'], string]>([
  ['build', 'Image failed: ECR has no image my-org/my-app:v9. Next: check the build output above.'],
  [
    'existing',
    'Image failed: ECR has no image my-org/my-app:v9. Next: check that `image` names an image in its registry and that the role may read it.',
  ],
  [undefined, 'Image failed: ECR has no image my-org/my-app:v9. Next: check the build output above.'],
])('an Image failure with image source %s advises on the path the run took', (imageSource, sentence) => {
  expect(failureSentence({ phase: 'Image', message: 'ECR has no image my-org/my-app:v9' }, imageSource)).toBe(sentence);
});

describe('nextStep', () => {
  test.each<[PhaseName, FailureCause | undefined, RunRecord['imageSource'], RegExp | undefined]>([
    ['Inputs', undefined, undefined, undefined],
    ['Credentials', undefined, undefined, undefined],
    ['Credentials', 'token-missing', undefined, /^add `permissions: id-token: write`/],
    ['Credentials', 'token-request', undefined, /^run the job again; if GitHub's token service keeps failing/],
    ['Credentials', 'trust-policy', undefined, /statement printed in the log to the role's trust policy/],
    ['Credentials', 'audience', undefined, /IAM OIDC provider's client IDs/],
    ['Credentials', 'provider-missing', undefined, /^create the IAM OIDC provider/],
    ['Credentials', 'thumbprint', undefined, /thumbprint list/],
    ['Credentials', 'token-expired', undefined, /runner's clock/],
    ['Credentials', 'issuer-unreachable', undefined, /^run the job again later$/],
    ['Credentials', 'session-length', undefined, /`role-duration-seconds`/],
    ['Credentials', 'chain-trust', undefined, /target role's trust policy/],
    ['Image', undefined, 'build', /^check the build output above$/],
    ['Image', undefined, 'existing', /^check that `image` names an image/],
    ['Image', 'engine-missing', 'build', /`container-engine`/],
    ['Image', 'build', 'build', /^check the build output above$/],
    ['Image', 'push', 'build', /^check the push output above/],
    ['Image', 'repository-missing', 'build', /^create the ECR repository/],
    ['Image', 'image-missing', 'existing', /^check that `image` names an image/],
    ['Task definition', undefined, undefined, /^check the task definition and the role permissions$/],
    ['Task definition', 'invalid-definition', undefined, /`container-name`/],
    ['Task definition', 'registration-refused', undefined, /field ECS refused/],
    ['Service update', undefined, undefined, /^check the service and the role permissions$/],
    ['Service update', 'service-not-found', undefined, /^check `service`, `cluster` and `aws-region`/],
    ['Service update', 'throttled', undefined, /ECS throttled/],
    ['Deployment watch', undefined, undefined, /^see the stopped tasks and service events above$/],
    ['Deployment watch', 'circuit-breaker', undefined, /why the new tasks stopped/],
    ['Deployment watch', 'tasks-failing', undefined, /last log lines/],
    ['Deployment watch', 'timeout', undefined, /`wait-for-minutes`/],
    ['Deployment watch', 'no-progress', undefined, /`no-progress-minutes`/],
    ['Deployment watch', 'replaced', undefined, /someone else deployed/],
    ['Deployment watch', 'wrong-revision', undefined, /done on another revision than ours/],
    ['Deployment watch', 'watch-read', undefined, /may still be going on/],
  ])('%s failing with cause %s (image source %s) advises %s', (phase, cause, imageSource, advice) => {
    const next = nextStep({ phase, ...(cause === undefined ? {} : { cause }) }, imageSource);
    expect(next === undefined ? undefined : advice?.test(next)).toBe(advice === undefined ? undefined : true);
  });

  test('the trust policy refusal ends in its Next: advice, on one line', () => {
    const sentence = failureSentence({
      phase: 'Credentials',
      cause: 'trust-policy',
      message:
        "Not authorized to perform sts:AssumeRoleWithWebIdentity on arn:aws:iam::123456789012:role/my-deploy-role: the role's trust policy does not accept this token's claims (usually its `sub` condition): token sub repo:my-org/my-app:ref:refs/heads/main, aud sts.amazonaws.com; see the log for a statement that accepts it",
    });
    expect(sentence).toBe(
      "Credentials failed: Not authorized to perform sts:AssumeRoleWithWebIdentity on arn:aws:iam::123456789012:role/my-deploy-role: the role's trust policy does not accept this token's claims (usually its `sub` condition): token sub repo:my-org/my-app:ref:refs/heads/main, aud sts.amazonaws.com; see the log for a statement that accepts it. Next: add the statement printed in the log to the role's trust policy, or make its `sub` and `aud` conditions match the token's.",
    );
    expect(sentence).not.toContain('\n');
  });
});

test('a Task definition failure of an existing revision advises checking that revision, not a file', () => {
  expect(failureSentence({ phase: 'Task definition', message: 'ClientException from ECS DescribeTaskDefinition' }, 'revision')).toBe(
    'Task definition failed: ClientException from ECS DescribeTaskDefinition. Next: check that `task-definition` names an ACTIVE revision of this account and `aws-region` (`my-app:7` or its ARN) and that the role may call ecs:DescribeTaskDefinition.',
  );
});
