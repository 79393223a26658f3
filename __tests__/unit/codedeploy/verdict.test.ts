import { describe, expect, test } from '@jest/globals';
import type { LifecycleEvent } from '@aws-sdk/client-codedeploy';
import { codeDeployVerdict, lifecycleLine, liveRevision, type CodeDeployEnd } from '../../../src/codedeploy/verdict.js';
import { codeDeployNames } from '../../../src/codedeploy/names.js';
import { controllerOf } from '../../../src/codedeploy/controller.js';

const V1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:1';
const V2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:2';
const HOOK_FAILED: LifecycleEvent = {
  lifecycleEventName: 'AfterAllowTraffic',
  status: 'Failed',
  diagnostics: { errorCode: 'ScriptFailed', message: 'smoke-test returned Failed', logTail: 'GET /health 500\n' },
};
const end = (overrides: Partial<CodeDeployEnd>): CodeDeployEnd => ({
  deploymentId: 'd-ABCDEFGHI',
  info: { status: 'Succeeded' },
  events: [],
  ours: V2,
  live: V2,
  ...overrides,
});

describe('codeDeployVerdict', () => {
  test.each<[string, Partial<CodeDeployEnd>, ReturnType<typeof codeDeployVerdict>]>([
    ['Succeeded with our revision as the PRIMARY task set', {}, { status: 'succeeded', reason: '' }],
    [
      'Succeeded while another revision serves',
      { live: V1 },
      {
        status: 'failed',
        reason:
          'CodeDeploy deployment d-ABCDEFGHI Succeeded, but the service runs my-app:1, not my-app:2: the PRIMARY task set is not ours.',
      },
    ],
    [
      'Failed at a hook',
      {
        info: { status: 'Failed', errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'hook failed' } },
        events: [HOOK_FAILED],
        live: V1,
      },
      {
        status: 'failed',
        reason:
          'CodeDeploy deployment d-ABCDEFGHI Failed: lifecycle event AfterAllowTraffic failed: smoke-test returned Failed (ScriptFailed) [HOOK_EXECUTION_FAILURE]; the service runs my-app:1.',
      },
    ],
    [
      'Stopped with no failed event',
      {
        info: { status: 'Stopped', errorInformation: { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user.' } },
        live: V1,
      },
      {
        status: 'failed',
        reason:
          'CodeDeploy deployment d-ABCDEFGHI Stopped: The deployment was stopped by a user. [MANUAL_STOP]; the service runs my-app:1.',
      },
    ],
    [
      'still in progress at wait-for-minutes',
      {
        info: { status: 'InProgress' },
        events: [
          { lifecycleEventName: 'Install', status: 'Succeeded' },
          { lifecycleEventName: 'AllowTraffic', status: 'InProgress' },
        ],
        live: V1,
        timedOutAfterMinutes: 5,
      },
      {
        status: 'timed-out',
        reason:
          'CodeDeploy deployment d-ABCDEFGHI was still InProgress at lifecycle event AllowTraffic after 5 minutes (wait-for-minutes); the service runs my-app:1.',
      },
    ],
  ])('%s', (_name, overrides, verdict) => {
    expect(codeDeployVerdict(end(overrides))).toEqual(verdict);
  });
});

test.each<[string, LifecycleEvent, string]>([
  [
    'a succeeded event',
    { lifecycleEventName: 'Install', status: 'Succeeded', diagnostics: { errorCode: 'Success', message: 'Succeeded' } },
    'Install: Succeeded',
  ],
  [
    'a failed event, with its diagnostics and the last log line',
    HOOK_FAILED,
    'AfterAllowTraffic: Failed (ScriptFailed: smoke-test returned Failed; log: GET /health 500)',
  ],
])('lifecycleLine: %s', (_name, event, line) => {
  expect(lifecycleLine(event)).toBe(line);
});

test.each([
  [
    'the PRIMARY task set',
    {
      taskDefinition: V1,
      taskSets: [
        { status: 'ACTIVE', taskDefinition: V1 },
        { status: 'PRIMARY', taskDefinition: V2 },
      ],
    },
    V2,
  ],
  ['the service’s own revision without task sets', { taskDefinition: V1 }, V1],
  ['nothing', undefined, ''],
])('liveRevision reads %s', (_name, service, revision) => {
  expect(liveRevision(service)).toBe(revision);
});

test.each([
  [
    'the console’s names from ARNs',
    { application: undefined, deploymentGroup: undefined },
    'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
    { application: 'AppECS-prod-web', deploymentGroup: 'DgpECS-prod-web', byConvention: true },
  ],
  [
    'the inputs',
    { application: 'web', deploymentGroup: 'web-bg' },
    'prod',
    'web',
    { application: 'web', deploymentGroup: 'web-bg', byConvention: false },
  ],
])('codeDeployNames: %s', (_name, config, cluster, service, names) => {
  expect(codeDeployNames(config, cluster, service)).toEqual(names);
});

test.each([
  ['ECS', { deploymentController: { type: 'ECS' as const } }, {}],
  ['EXTERNAL', { deploymentController: { type: 'EXTERNAL' as const } }, { controller: { type: 'EXTERNAL' } }],
  [
    'CODE_DEPLOY behind a load balancer',
    {
      deploymentController: { type: 'CODE_DEPLOY' as const },
      loadBalancers: [{ targetGroupArn: 'tg' }, { containerName: 'app', containerPort: 8080 }],
    },
    { controller: { type: 'CODE_DEPLOY', loadBalancer: { containerName: 'app', containerPort: 8080 } } },
  ],
  [
    'CODE_DEPLOY without one',
    { deploymentController: { type: 'CODE_DEPLOY' as const } },
    { controller: { type: 'CODE_DEPLOY', loadBalancer: undefined } },
  ],
])('controllerOf: %s', (_name, service, controller) => {
  expect(controllerOf(service)).toEqual(controller);
});
