import { describe, expect, test } from '@jest/globals';
import { MissingOidcTokenError, OidcTokenError } from '../../../src/auth/oidc-token.js';
import { CredentialsError } from '../../../src/auth/credentials-error.js';
import { RepositoryNotFoundError } from '../../../src/image/ecr.js';
import { failureCauseOf, watchCause, withFailureCause } from '../../../src/report/failure-cause.js';
import type { FailureCause, PhaseName, ServiceReport } from '../../../src/report/report.js';
import { EcsRequestError } from '../../../src/shared/ecs-request.js';
import {
  breakerTrippedSentence,
  ecsRollingBackSentence,
  lifecycleFailedSentence,
  noProgressSentence,
  repeatedFailureSentence,
  replacedSentence,
  stoppedWatchingReason,
  timedOutSentence,
  wrongRevisionSentence,
} from '../../../src/watch/wording.js';

const sdkError = (name: string, message = 'refused'): Error => Object.assign(new Error(message), { name });
const ecs = (operation: 'RegisterTaskDefinition' | 'UpdateService' | 'DescribeServices' | 'DescribeTaskDefinition', name: string): Error =>
  new EcsRequestError(operation, 'service "api" in cluster "default"', sdkError(name), '');
const LABEL = 'Deployment of my-app:8 to api';
const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:my-app-smoke-test';
const REVISION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8';

function service(status: ServiceReport['status'], reason: string, extra: Partial<ServiceReport> = {}): ServiceReport {
  return {
    service: 'api',
    previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7',
    taskDefinitionArn: REVISION,
    status,
    deploymentId: 'ecs-svc/1',
    rolloutState: status === 'timed-out' ? 'TIMED_OUT' : 'FAILED',
    reason,
    stoppedTaskReasons: [],
    rollback: '',
    milliseconds: 0,
    ...extra,
  };
}

describe('failureCauseOf', () => {
  test.each<[PhaseName, unknown, FailureCause | undefined]>([
    ['Credentials', new MissingOidcTokenError('ACTIONS_ID_TOKEN_REQUEST_URL'), 'token-missing'],
    ['Credentials', new OidcTokenError('sts.amazonaws.com', new Error('500')), 'token-request'],
    ['Credentials', new CredentialsError('Not authorized …', undefined, 'trust-policy'), 'trust-policy'],
    [
      'Credentials',
      new CredentialsError('Account 123456789012 has no IAM OIDC identity provider …', undefined, 'provider-missing'),
      'provider-missing',
    ],
    ['Credentials', new CredentialsError('STS answered without credentials.'), undefined],
    ['Image', withFailureCause(new Error('podman build failed with exit code 1: …'), 'build'), 'build'],
    ['Image', withFailureCause(new Error('podman push of … failed with exit code 125'), 'push'), 'push'],
    ['Image', new RepositoryNotFoundError('my-app', '123456789012', 'us-east-1'), 'repository-missing'],
    ['Image', new Error('something else'), undefined],
    ['Task definition', ecs('RegisterTaskDefinition', 'ClientException'), 'registration-refused'],
    ['Task definition', ecs('RegisterTaskDefinition', 'ThrottlingException'), 'throttled'],
    ['Task definition', ecs('DescribeServices', 'ClusterNotFoundException'), 'service-not-found'],
    ['Task definition', ecs('DescribeTaskDefinition', 'ServerException'), undefined],
    [
      'Task definition',
      withFailureCause(new Error('ECS DescribeServices found no service "api" (reason MISSING)'), 'service-not-found'),
      'service-not-found',
    ],
    ['Task definition', new Error('The task definition my-app has no container named "web"'), 'invalid-definition'],
    ['Service update', ecs('UpdateService', 'ServiceNotFoundException'), 'service-not-found'],
    [
      'Service update',
      new Error('UpdateService failed for api: ServiceNotActiveException from ECS UpdateService for …'),
      'service-not-found',
    ],
    ['Service update', new Error('UpdateService failed for api: ThrottlingException from ECS UpdateService for …'), 'throttled'],
    [
      'Service update',
      new Error('UpdateService failed for api: AccessDeniedException: … UpdateService failed for worker: ServiceNotFoundException …'),
      undefined,
    ],
    ['Internal', new Error('x'), undefined],
  ])('%s: %p is %s', (phase, error, cause) => {
    expect(failureCauseOf(phase, error, { services: [] })).toBe(cause);
  });

  test('a Deployment watch failure is read from the services the watch reported', () => {
    const services = [service('failed', breakerTrippedSentence(LABEL, 3, 3, REVISION))];
    expect(failureCauseOf('Deployment watch', new Error('api failed: …'), { services })).toBe('circuit-breaker');
  });
});

describe('watchCause', () => {
  test.each<[string, ServiceReport[], FailureCause | undefined]>([
    ['a tripped circuit breaker', [service('failed', breakerTrippedSentence(LABEL, 3, 3, REVISION))], 'circuit-breaker'],
    [
      'ECS rolling back',
      [service('failed', ecsRollingBackSentence(LABEL, REVISION), { rolloutState: 'ROLLBACK_REQUESTED' })],
      'rolled-back',
    ],
    [
      'a lifecycle hook that failed, ECS rolling back',
      [
        service('failed', lifecycleFailedSentence(LABEL, { kind: 'hook', hook: HOOK, status: 'FAILED' }, 'POST_SCALE_UP', ''), {
          rolloutState: 'ROLLBACK_REQUESTED',
        }),
      ],
      'hook-or-alarm',
    ],
    [
      'an alarm in ALARM',
      [service('failed', lifecycleFailedSentence(LABEL, { kind: 'alarm', alarmNames: ['my-app-5xx'] }, 'BAKE_TIME', ''))],
      'hook-or-alarm',
    ],
    [
      'tasks failing the same way',
      [service('failed', repeatedFailureSentence(LABEL, 3, 3, 'essential container web exited with code 1', undefined))],
      'tasks-failing',
    ],
    [
      'a failure with stopped tasks only',
      [service('failed', `${LABEL} failed.`, { stoppedTaskReasons: ['web exited 1'] })],
      'tasks-failing',
    ],
    ['the wait running out', [service('timed-out', timedOutSentence(LABEL, 30, '1/2 tasks running', 'none'))], 'timeout'],
    ['no progress', [service('timed-out', noProgressSentence(LABEL, 10, '0/2 tasks running', 'none'))], 'no-progress'],
    ['another deployment', [service('failed', replacedSentence(LABEL, REVISION, undefined, undefined))], 'replaced'],
    [
      'ECS done on another revision',
      [
        service(
          'failed',
          wrongRevisionSentence(
            LABEL,
            'api',
            REVISION,
            { live: REVISION, deployed: REVISION, serviceTaskDefinition: undefined },
            'ecs-svc/1',
          ),
        ),
      ],
      'wrong-revision',
    ],
    [
      'the watch failing to read',
      [
        service('failed', stoppedWatchingReason('api', 'DescribeServices', 1, 'AccessDeniedException: not authorized', '1/2 running'), {
          rolloutState: 'IN_PROGRESS',
        }),
      ],
      'watch-read',
    ],
    [
      'the watch breaking',
      [service('failed', 'Watching api stopped unexpectedly: TypeError: x.', { rolloutState: 'UNKNOWN' })],
      'watch-read',
    ],
    [
      'two services ending differently',
      [
        service('failed', breakerTrippedSentence(LABEL, 3, 3, REVISION)),
        { ...service('timed-out', timedOutSentence(LABEL, 30, '1/2', 'none')), service: 'worker' },
      ],
      undefined,
    ],
    [
      'a watched failure next to a service never updated',
      [
        service('failed', breakerTrippedSentence(LABEL, 3, 3, REVISION)),
        { ...service('failed', 'ServiceNotActiveException: Service was not ACTIVE.'), service: 'worker', rolloutState: '' },
      ],
      'circuit-breaker',
    ],
    ['every service succeeded', [service('succeeded', '', { rolloutState: 'COMPLETED' })], undefined],
  ])('%s', (_, services, cause) => {
    expect(watchCause(services)).toBe(cause);
  });
});
