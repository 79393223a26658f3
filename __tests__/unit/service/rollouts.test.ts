import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { ECSClient, ServiceNotActiveException, UpdateServiceCommand, type UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import type { ServiceDecision } from '../../../src/service/decision.js';
import type { DeploymentPlan, RenderedDefinition } from '../../../src/task-definition/plan.js';
import { sampleConfig } from '../../../__fixtures__/config.js';
import { metadata } from '../ecs-failures.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const { registrationPlan, startRollouts } = await import('../../../src/service/rollouts.js');

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'us-east-1' });

const REVISION = (family: string, revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${String(revision)}`;
const STARTED = new Date('2026-12-01T10:00:00Z');
const config = sampleConfig({ deploy: { cluster: 'my-cluster', services: ['api', 'web', 'worker', 'jobs'] } });

function render(family: string): RenderedDefinition {
  return { origin: REVISION(family, 7), before: { family }, input: { family, containerDefinitions: [] }, containerNames: ['app'] };
}

const target = (service: string, render: number, previous: string): DeploymentPlan['targets'][number] => ({
  service,
  previousTaskDefinitionArn: previous,
  render,
});

/** api: unchanged, web: registers my-web, worker: rolled out again, jobs: followed while rolling out. */
const plan: DeploymentPlan = {
  renders: [render('my-api'), render('my-web'), render('my-worker'), render('my-jobs')],
  targets: [
    target('api', 0, REVISION('my-api', 7)),
    target('web', 1, REVISION('my-web', 7)),
    target('worker', 2, REVISION('my-worker', 7)),
    target('jobs', 3, REVISION('my-jobs', 7)),
  ],
};
const [api, web, worker, jobs] = plan.targets as [
  DeploymentPlan['targets'][number],
  DeploymentPlan['targets'][number],
  DeploymentPlan['targets'][number],
  DeploymentPlan['targets'][number],
];
const decisions: ServiceDecision[] = [
  { kind: 'unchanged', target: api, taskDefinitionArn: REVISION('my-api', 7), deploymentId: 'ecs-svc/api' },
  { kind: 'register', target: web, changes: ['~ containerDefinitions[app].image: a → b'] },
  {
    kind: 'redeploy',
    target: worker,
    taskDefinitionArn: REVISION('my-worker', 7),
    taskDefinition: { family: 'my-worker' },
    why: 'force-new-deployment is true',
  },
  {
    kind: 'follow',
    target: jobs,
    taskDefinitionArn: REVISION('my-jobs', 7),
    taskDefinition: { family: 'my-jobs' },
    deploymentId: 'ecs-svc/jobs',
    serviceDeploymentArn: undefined,
    startedAt: STARTED,
    replacing: REVISION('my-jobs', 6),
  },
];

beforeEach(() => {
  ecsMock.reset();
  ecsMock.on(UpdateServiceCommand).callsFake((input: UpdateServiceCommandInput) => ({
    service: {
      serviceName: input.service,
      deployments: [{ id: `ecs-svc/${input.service ?? ''}-new`, status: 'PRIMARY', taskDefinition: input.taskDefinition }],
    },
  }));
});

describe('registrationPlan', () => {
  test('keeps only the renders a registering service uses, renumbering its targets to match', () => {
    expect(registrationPlan(plan, decisions)).toEqual({ renders: [render('my-web')], targets: [{ ...web, render: 0 }] });
  });

  test('registers nothing when no service changes', () => {
    expect(
      registrationPlan(
        plan,
        decisions.filter((decision) => decision.kind !== 'register'),
      ),
    ).toEqual({ renders: [], targets: [] });
  });
});

describe('startRollouts', () => {
  test('updates the changed service to its new revision and forces the redeployed one on its own, and touches neither the unchanged nor the followed', async () => {
    const newWeb = { taskDefinitionArn: REVISION('my-web', 8), family: 'my-web' };
    const rollouts = await startRollouts(ecs, config, decisions, registrationPlan(plan, decisions), [newWeb]);

    const sent = ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input);
    expect(sent).toEqual([
      { cluster: 'my-cluster', service: 'web', taskDefinition: REVISION('my-web', 8) },
      { cluster: 'my-cluster', service: 'worker', taskDefinition: REVISION('my-worker', 7), forceNewDeployment: true },
    ]);
    expect(
      rollouts.started.map((started) => [started.target.service, started.taskDefinition.taskDefinitionArn, started.deploymentId]),
    ).toEqual([
      ['web', REVISION('my-web', 8), 'ecs-svc/web-new'],
      ['worker', REVISION('my-worker', 7), 'ecs-svc/worker-new'],
      ['jobs', REVISION('my-jobs', 7), 'ecs-svc/jobs'],
    ]);
    expect(rollouts.started[2]).toEqual({
      target: { ...jobs, previousTaskDefinitionArn: REVISION('my-jobs', 6) },
      taskDefinition: { family: 'my-jobs', taskDefinitionArn: REVISION('my-jobs', 7) },
      updatedAt: STARTED,
      deploymentId: 'ecs-svc/jobs',
      serviceDeploymentArn: undefined,
    });
    expect(rollouts.unchanged.map((decision) => decision.target.service)).toEqual(['api']);
    expect(rollouts.failed).toEqual([]);
    expect(rollouts.deployed).toBe(true);
  });

  test('every service unchanged or followed: no UpdateService, and nothing deployed by this run', async () => {
    const quiet = decisions.filter((decision) => decision.kind === 'unchanged' || decision.kind === 'follow');
    const rollouts = await startRollouts(ecs, config, quiet, registrationPlan(plan, quiet), []);

    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(rollouts.started.map((started) => started.target.service)).toEqual(['jobs']);
    expect(rollouts.deployed).toBe(false);
  });

  test('a redeploy that UpdateService refuses is a failure of that service alone', async () => {
    ecsMock
      .on(UpdateServiceCommand, { service: 'worker' })
      .rejects(new ServiceNotActiveException({ message: 'Service was not ACTIVE.', $metadata: metadata }));
    const rollouts = await startRollouts(ecs, config, decisions, registrationPlan(plan, decisions), [
      { taskDefinitionArn: REVISION('my-web', 8) },
    ]);

    expect(rollouts.failed.map((failure) => failure.service)).toEqual(['worker']);
    expect(rollouts.started.map((started) => started.target.service)).toEqual(['web', 'jobs']);
  });
});

describe('startRollouts with service settings', () => {
  const settings = { desiredCount: 0, enableEcsManagedTags: undefined, propagateTags: 'SERVICE' as const, enableExecuteCommand: undefined };
  const withSettings = sampleConfig({ deploy: { cluster: 'my-cluster', services: ['api', 'web'], settings } });
  const rescale: ServiceDecision = {
    kind: 'rescale',
    target: api,
    taskDefinitionArn: REVISION('my-api', 7),
    deploymentId: 'ecs-svc/api',
    changes: [{ input: 'desired-count', from: '1', to: '0', needsNewTasks: false }],
  };

  test('every UpdateService carries the settings given; a rescaled service gets them on the revision it runs, with no forced deployment', async () => {
    const both: ServiceDecision[] = [rescale, { kind: 'register', target: web, changes: [] }];
    const rollouts = await startRollouts(ecs, withSettings, both, registrationPlan(plan, both), [
      { taskDefinitionArn: REVISION('my-web', 8) },
    ]);

    const sent = ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input);
    expect(sent).toEqual(
      expect.arrayContaining([
        { cluster: 'my-cluster', service: 'web', taskDefinition: REVISION('my-web', 8), desiredCount: 0, propagateTags: 'SERVICE' },
        { cluster: 'my-cluster', service: 'api', taskDefinition: REVISION('my-api', 7), desiredCount: 0, propagateTags: 'SERVICE' },
      ]),
    );
    expect(sent).toHaveLength(2);
    expect(rollouts.started.map((started) => started.target.service)).toEqual(['web']);
    expect(rollouts.unchanged).toEqual([rescale]);
    expect(rollouts.deployed).toBe(true);
  });

  test('a rescale alone starts no rollout: deployed stays false; its refusal is a failure of that service', async () => {
    const alone = await startRollouts(ecs, withSettings, [rescale], registrationPlan(plan, [rescale]), []);
    expect(alone).toMatchObject({ started: [], failed: [], unchanged: [rescale], deployed: false });

    ecsMock.on(UpdateServiceCommand).rejects(new ServiceNotActiveException({ message: 'Service was not ACTIVE.', $metadata: metadata }));
    const refused = await startRollouts(ecs, withSettings, [rescale], registrationPlan(plan, [rescale]), []);
    expect(refused.failed.map((failure) => failure.service)).toEqual(['api']);
    expect(refused.unchanged).toEqual([]);
  });
});
