import { describe, expect, test } from '@jest/globals';
import {
  accessDenialDetails,
  accessDenialIn,
  accessDenialNextStep,
  parseAccessDenial,
  statementResource,
  type AccessDenial,
} from '../../../src/shared/access-denied.js';

const SESSION = 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-1';
const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-service';
const REPOSITORY = 'arn:aws:ecr:us-east-1:123456789012:repository/my-org/my-app';
const LOG_STREAM = 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/my-app:log-stream:ecs/app/0123456789abcdef';
const TARGET = 'arn:aws:iam::210987654321:role/my-app-deploy';

describe('parseAccessDenial reads AWS’s wording of every service', () => {
  test.each<[string, string, Omit<AccessDenial, 'principal'> | undefined]>([
    [
      'ECS, no identity-based policy',
      `User: ${SESSION} is not authorized to perform: ecs:UpdateService on resource: ${SERVICE} because no identity-based policy allows the ecs:UpdateService action`,
      { action: 'ecs:UpdateService', resource: SERVICE, reason: { kind: 'not-allowed', policy: 'identity-based policy' } },
    ],
    [
      'without a reason, inside our sentence',
      `AccessDeniedException from ECS UpdateService for my-service: User: ${SESSION} is not authorized to perform: ecs:UpdateService on resource: ${SERVICE}. The role needs ecs:UpdateService.`,
      { action: 'ecs:UpdateService', resource: SERVICE, reason: { kind: 'unspecified' } },
    ],
    [
      'an explicit deny in a service control policy',
      `User: ${SESSION} is not authorized to perform: ecr:PutImage on resource: ${REPOSITORY} with an explicit deny in a service control policy`,
      { action: 'ecr:PutImage', resource: REPOSITORY, reason: { kind: 'explicit-deny', policy: 'service control policy' } },
    ],
    [
      'an explicit deny in an identity-based policy, then a full stop',
      `User: ${SESSION} is not authorized to perform: ecr:PutImage on resource: ${REPOSITORY} with an explicit deny in an identity-based policy.`,
      { action: 'ecr:PutImage', resource: REPOSITORY, reason: { kind: 'explicit-deny', policy: 'identity-based policy' } },
    ],
    [
      'a permissions boundary',
      `User: ${SESSION} is not authorized to perform: logs:GetLogEvents on resource: ${LOG_STREAM} because no permissions boundary allows the logs:GetLogEvents action`,
      { action: 'logs:GetLogEvents', resource: LOG_STREAM, reason: { kind: 'not-allowed', policy: 'permissions boundary' } },
    ],
    [
      'STS role chaining, over two lines',
      `User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource:\n ${TARGET}`,
      { action: 'sts:AssumeRole', resource: TARGET, reason: { kind: 'unspecified' } },
    ],
    [
      'the registry’s 403',
      `denied: User: ${SESSION} is not authorized to perform: ecr:InitiateLayerUpload on resource: ${REPOSITORY} because no identity-based policy allows the ecr:InitiateLayerUpload action`,
      { action: 'ecr:InitiateLayerUpload', resource: REPOSITORY, reason: { kind: 'not-allowed', policy: 'identity-based policy' } },
    ],
    [
      'no resource named',
      `User: ${SESSION} is not authorized to perform: ecr:GetAuthorizationToken because no identity-based policy allows the ecr:GetAuthorizationToken action`,
      { action: 'ecr:GetAuthorizationToken', resource: '*', reason: { kind: 'not-allowed', policy: 'identity-based policy' } },
    ],
    ['the web identity refusal, which names no user', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', undefined],
    ['another error', 'Service not found.', undefined],
  ])('%s', (_name, message, expected) => {
    expect(parseAccessDenial(message)).toEqual(expected === undefined ? undefined : { principal: SESSION, ...expected });
  });
});

test('accessDenialIn finds the refusal in a wrapped error’s cause', () => {
  const sdk = Object.assign(new Error(`User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${TARGET}`), {
    name: 'AccessDenied',
  });
  const wrapped = new Error('Not authorized to perform sts:AssumeRole on the target', { cause: new Error('retried', { cause: sdk }) });
  expect(accessDenialIn(wrapped)?.resource).toBe(TARGET);
  expect(accessDenialIn(new Error('boom'))).toBeUndefined();
});

test.each([
  [
    'a revision',
    'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8',
    'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:*',
  ],
  [
    'a service deployment',
    'arn:aws:ecs:us-east-1:123456789012:service-deployment/my-cluster/my-service/r4nd0m',
    'arn:aws:ecs:us-east-1:123456789012:service-deployment/my-cluster/my-service/*',
  ],
  ['a task', 'arn:aws:ecs:us-east-1:123456789012:task/my-cluster/0123abcd', 'arn:aws:ecs:us-east-1:123456789012:task/my-cluster/*'],
  ['a log stream', LOG_STREAM, 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/my-app:log-stream:*'],
  ['a service, as it is', SERVICE, SERVICE],
  ['a repository, as it is', REPOSITORY, REPOSITORY],
  ['a role, as it is', TARGET, TARGET],
])('statementResource keeps %s for the next run too', (_name, resource, expected) => {
  expect(statementResource(resource)).toBe(expected);
});

describe('what the log and the Next: line say', () => {
  const denial = (reason: AccessDenial['reason'], action = 'ecs:UpdateService', resource = SERVICE): AccessDenial => ({
    principal: SESSION,
    action,
    resource,
    reason,
  });

  test('a missing statement: the statement scoped to the resource, for the role by name', () => {
    expect(accessDenialDetails(denial({ kind: 'not-allowed', policy: 'identity-based policy' }))).toEqual([
      `arn:aws:iam::123456789012:role/my-deploy-role may not perform ecs:UpdateService on ${SERVICE}. Add this statement to the permission policy of my-deploy-role:`,
      JSON.stringify({ Effect: 'Allow', Action: 'ecs:UpdateService', Resource: SERVICE }, null, 2),
    ]);
    expect(accessDenialNextStep(denial({ kind: 'unspecified' }))).toBe(
      `add the statement printed in the log (ecs:UpdateService on ${SERVICE}) to the permission policy of my-deploy-role, or redeploy the setup template with the capability that grants it`,
    );
  });

  test('a revision is granted for its family, so the next revision is allowed too', () => {
    const details = accessDenialDetails(
      denial({ kind: 'unspecified' }, 'ecs:RegisterTaskDefinition', 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8'),
    );
    expect(details[1]).toContain('"Resource": "arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:*"');
  });

  test('a permissions boundary: the statement goes there too', () => {
    expect(accessDenialDetails(denial({ kind: 'not-allowed', policy: 'permissions boundary' }))[0]).toMatch(
      /permission policy of my-deploy-role \(and to the permissions boundary\):$/,
    );
  });

  test('an explicit deny: no statement, narrow the Deny', () => {
    const explicit = denial({ kind: 'explicit-deny', policy: 'service control policy' });
    expect(accessDenialDetails(explicit)).toEqual([
      `arn:aws:iam::123456789012:role/my-deploy-role may not perform ecs:UpdateService on ${SERVICE}: an explicit Deny in service control policy refuses it, and no Allow can override a Deny; narrow that Deny.`,
    ]);
    expect(accessDenialNextStep(explicit)).toBe('narrow the explicit Deny of ecs:UpdateService in service control policy');
  });

  test('AssumeRole refused without a reason is the trust policy’s to explain: nothing added', () => {
    expect(accessDenialDetails(denial({ kind: 'unspecified' }, 'sts:AssumeRole', TARGET))).toEqual([]);
    expect(accessDenialDetails(denial({ kind: 'not-allowed', policy: 'identity-based policy' }, 'sts:AssumeRole', TARGET))).toHaveLength(2);
  });
});
