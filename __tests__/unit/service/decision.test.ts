import { describe, expect, test } from '@jest/globals';
import type { Deployment, RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { decideExistingRevision, decideService, decisionLine, type ServiceFacts } from '../../../src/service/decision.js';
import type { PlannedDeployment } from '../../../src/task-definition/plan.js';
import { itemAt } from '../../../src/shared/collections.js';
import type { ServiceSettings } from '../../../src/inputs/config.js';

const CURRENT = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';
const OLDER = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:6';
const SERVICE_DEPLOYMENT = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/my-cluster/my-service/AbC123';
const IMAGE = `my-org/my-app@sha256:${'a'.repeat(64)}`;
const OTHER_IMAGE = `my-org/my-app@sha256:${'b'.repeat(64)}`;
const STARTED = new Date('2026-12-01T10:00:00Z');
const target = { service: 'my-service', previousTaskDefinitionArn: CURRENT, render: 0 };

const running: TaskDefinition = {
  taskDefinitionArn: CURRENT,
  family: 'my-app',
  revision: 7,
  containerDefinitions: [{ name: 'app', image: IMAGE, essential: true, cpu: 0, memory: 256 }],
};
const wanted = (image: string): RegisterTaskDefinitionCommandInput => ({
  family: 'my-app',
  containerDefinitions: [{ name: 'app', image, memory: 256 }],
});

function primary(rolloutState: string | undefined, fields: Partial<Deployment> = {}): Deployment {
  return {
    id: 'ecs-svc/1111',
    status: 'PRIMARY',
    taskDefinition: CURRENT,
    rolloutState: rolloutState as Deployment['rolloutState'],
    createdAt: STARTED,
    ...fields,
  };
}

function facts(deployments: Deployment[], overrides: Partial<ServiceFacts> = {}): ServiceFacts {
  return {
    target,
    service: { taskDefinition: CURRENT, deployments, currentServiceDeployment: SERVICE_DEPLOYMENT },
    running: { taskDefinition: running, tags: [] },
    wanted: wanted(IMAGE),
    forceNewDeployment: false,
    ...overrides,
  };
}

describe('decideService', () => {
  test('the same image and settings in a completed deployment: unchanged, naming the revision and its service deployment', () => {
    expect(decideService(facts([primary('COMPLETED')]))).toEqual({
      kind: 'unchanged',
      target,
      taskDefinitionArn: CURRENT,
      deploymentId: SERVICE_DEPLOYMENT,
    });
  });

  test('without the service deployments API, the unchanged deployment is named by its ecs-svc id', () => {
    const decision = decideService(
      facts([primary('COMPLETED')], { service: { taskDefinition: CURRENT, deployments: [primary('COMPLETED')] } }),
    );
    expect(decision).toMatchObject({ kind: 'unchanged', deploymentId: 'ecs-svc/1111' });
  });

  test('another digest: register, with the change', () => {
    expect(decideService(facts([primary('COMPLETED')], { wanted: wanted(OTHER_IMAGE) }))).toEqual({
      kind: 'register',
      target,
      changes: [`~ containerDefinitions[app].image: ${IMAGE} → ${OTHER_IMAGE}`],
    });
  });

  test('another digest with force-new-deployment still registers: the image changed', () => {
    expect(decideService(facts([primary('COMPLETED')], { wanted: wanted(OTHER_IMAGE), forceNewDeployment: true }))).toMatchObject({
      kind: 'register',
    });
  });

  test('no revision to compare with: register', () => {
    expect(decideService(facts([], { running: undefined }))).toEqual({ kind: 'register', target, changes: [] });
  });

  test.each([
    ['force-new-deployment', [primary('COMPLETED')], true, 'force-new-deployment is true'],
    [
      'a failed last deployment',
      [primary('FAILED', { rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })],
      false,
      'its last deployment ecs-svc/1111 is FAILED (ECS deployment circuit breaker: tasks failed to start.)',
    ],
    ['a deployment without a rollout state', [primary(undefined)], false, 'its last deployment ecs-svc/1111 is without a rollout state'],
    [
      'a primary deployment of another revision',
      [primary('COMPLETED', { taskDefinition: OLDER })],
      false,
      'ECS shows no primary deployment of it',
    ],
    ['no deployments at all', [], false, 'ECS shows no primary deployment of it'],
  ])('the same image and settings with %s: rolled out again on the revision it runs', (_case, deployments, force, why) => {
    expect(decideService(facts(deployments, { forceNewDeployment: force }))).toEqual({
      kind: 'redeploy',
      target,
      taskDefinitionArn: CURRENT,
      taskDefinition: running,
      why,
    });
  });

  test('the same revision still rolling out: followed, with the revision it replaces as the way back', () => {
    const replaced: Deployment = { id: 'ecs-svc/0000', status: 'ACTIVE', taskDefinition: OLDER, rolloutState: 'COMPLETED' };
    expect(decideService(facts([primary('IN_PROGRESS'), replaced]))).toEqual({
      kind: 'follow',
      target,
      taskDefinitionArn: CURRENT,
      taskDefinition: running,
      deploymentId: 'ecs-svc/1111',
      serviceDeploymentArn: SERVICE_DEPLOYMENT,
      startedAt: STARTED,
      replacing: OLDER,
    });
  });

  test('a forced rollout of the same revision still under way is followed with nowhere else to go back to', () => {
    const earlier: Deployment = { id: 'ecs-svc/0000', status: 'ACTIVE', taskDefinition: CURRENT, rolloutState: 'COMPLETED' };
    expect(decideService(facts([primary('IN_PROGRESS'), earlier]))).toMatchObject({ kind: 'follow', replacing: '' });
  });
});

describe('decisionLine', () => {
  test.each([
    [
      facts([primary('COMPLETED')]),
      `my-cluster/my-service already runs this image and settings (${CURRENT}, deployment completed): nothing to register or deploy.`,
    ],
    [
      facts([primary('IN_PROGRESS')]),
      `my-cluster/my-service is already rolling out this image and settings (${CURRENT}): following deployment ecs-svc/1111 instead of starting another.`,
    ],
    [
      facts([primary('COMPLETED')], { forceNewDeployment: true }),
      `my-cluster/my-service already has this image and settings (${CURRENT}) but force-new-deployment is true: rolling it out again without registering a new revision.`,
    ],
    [
      facts([primary('COMPLETED')], { wanted: wanted(OTHER_IMAGE) }),
      `my-cluster/my-service: 1 change against ${CURRENT}: registering a new revision.`,
    ],
    [facts([], { running: undefined }), 'my-cluster/my-service: registering a new revision.'],
  ])('says what the deploy does to the service and why (%#)', (serviceFacts, line) => {
    expect(decisionLine(decideService(serviceFacts), 'my-cluster')).toBe(line);
  });
});

describe('decideService with service settings', () => {
  const NONE: ServiceSettings = {
    desiredCount: undefined,
    enableEcsManagedTags: undefined,
    propagateTags: undefined,
    enableExecuteCommand: undefined,
  };
  const settled = {
    taskDefinition: CURRENT,
    currentServiceDeployment: SERVICE_DEPLOYMENT,
    desiredCount: 1,
    propagateTags: 'NONE' as const,
  };
  const withSettings = (rolloutState: string, settings: Partial<ServiceSettings>): ServiceFacts =>
    facts([primary(rolloutState)], {
      service: { ...settled, deployments: [primary(rolloutState)] },
      settings: { ...NONE, ...settings },
    });

  test.each([
    ['the same desired count', { desiredCount: 1 }],
    ['the same tag propagation', { propagateTags: 'NONE' as const }],
    ['managed tags and ECS Exec off, which ECS leaves out when off', { enableEcsManagedTags: false, enableExecuteCommand: false }],
  ])('%s as the service has: unchanged', (_name, settings) => {
    expect(decideService(withSettings('COMPLETED', settings))).toMatchObject({ kind: 'unchanged' });
  });

  test('only desired-count differs, deployment completed: rescale, with no new deployment', () => {
    expect(decideService(withSettings('COMPLETED', { desiredCount: 0 }))).toEqual({
      kind: 'rescale',
      target,
      taskDefinitionArn: CURRENT,
      deploymentId: SERVICE_DEPLOYMENT,
      changes: [{ input: 'desired-count', from: '1', to: '0', needsNewTasks: false }],
    });
  });

  test.each([
    ['propagate-tags', { propagateTags: 'SERVICE' as const }, 'propagate-tags NONE → SERVICE'],
    ['enable-execute-command', { enableExecuteCommand: true }, 'enable-execute-command false → true'],
    ['enable-ecs-managed-tags', { enableEcsManagedTags: true }, 'enable-ecs-managed-tags false → true'],
    [
      'desired-count with propagate-tags',
      { desiredCount: 2, propagateTags: 'SERVICE' as const },
      'desired-count 1 → 2, propagate-tags NONE → SERVICE',
    ],
  ])('a change of %s reaches running tasks only through new ones: redeploy, saying so', (_name, settings, said) => {
    expect(decideService(withSettings('COMPLETED', settings))).toMatchObject({
      kind: 'redeploy',
      taskDefinitionArn: CURRENT,
      why: `${said} reaches running tasks only through new ones`,
    });
  });

  test('a new desired count while the same revision rolls out: redeploy with it rather than follow the old count', () => {
    expect(decideService(withSettings('IN_PROGRESS', { desiredCount: 3 }))).toMatchObject({
      kind: 'redeploy',
      why: 'desired-count 1 → 3 while deployment ecs-svc/1111 rolls out',
    });
  });

  test('a changed definition registers whatever the settings (UpdateService then sends them with the revision)', () => {
    expect(decideService({ ...withSettings('COMPLETED', { desiredCount: 5 }), wanted: wanted(OTHER_IMAGE) })).toMatchObject({
      kind: 'register',
    });
  });

  test('the rescale line names the change and says no deployment starts', () => {
    expect(decisionLine(decideService(withSettings('COMPLETED', { desiredCount: 2 })), 'my-cluster')).toBe(
      `my-cluster/my-service already runs this image and settings (${CURRENT}) but desired-count 1 → 2: updating the service without a new revision or deployment.`,
    );
  });
});

describe('decideExistingRevision', () => {
  const ROLLBACK = OLDER;
  const revision = { arn: ROLLBACK, taskDefinition: { ...running, taskDefinitionArn: ROLLBACK, revision: 6 } };
  const planOf = (services: { taskDefinition: string; deployments: Deployment[] }[]): PlannedDeployment => ({
    renders: [],
    targets: services.map((service, index) => ({
      service: `svc-${String(index)}`,
      previousTaskDefinitionArn: service.taskDefinition,
      render: 0,
    })),
    now: services.map((service) => ({ service, running: undefined })),
  });

  test('a service on another revision switches to it, nothing registered; one already on it in a completed deployment is unchanged', () => {
    const decisions = decideExistingRevision(
      planOf([
        { taskDefinition: CURRENT, deployments: [primary('COMPLETED')] },
        { taskDefinition: ROLLBACK, deployments: [primary('COMPLETED', { taskDefinition: ROLLBACK })] },
      ]),
      revision,
      false,
    );
    expect(decisions.map((decision) => decision.kind)).toEqual(['switch', 'unchanged']);
    expect(decisions[0]).toMatchObject({ taskDefinitionArn: ROLLBACK, taskDefinition: revision.taskDefinition });
    expect(decisionLine(itemAt(decisions, 0), 'my-cluster')).toBe(
      `my-cluster/svc-0: ${CURRENT} → ${ROLLBACK}, an existing revision deployed as it is: nothing to register.`,
    );
  });

  test('already on it, with force-new-deployment or a failed last rollout: rolled out again on it', () => {
    const onIt = { taskDefinition: ROLLBACK, deployments: [primary('FAILED', { taskDefinition: ROLLBACK })] };
    expect(decideExistingRevision(planOf([onIt]), revision, false)[0]).toMatchObject({ kind: 'redeploy', taskDefinitionArn: ROLLBACK });
    const done = { taskDefinition: ROLLBACK, deployments: [primary('COMPLETED', { taskDefinition: ROLLBACK })] };
    expect(decideExistingRevision(planOf([done]), revision, true)[0]).toMatchObject({
      kind: 'redeploy',
      why: 'force-new-deployment is true',
    });
  });
});
