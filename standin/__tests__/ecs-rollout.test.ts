import { afterEach, describe, expect, test } from '@jest/globals';
import { createClock } from '../clock.js';
import { createEcsStandin } from '../ecs.js';
import { CONTEXT, createRig, IMAGE_V1, IMAGE_V2, SCOPE, START, taskDefinitionInput, type Rig } from './ecs-test-kit.js';
import type { JsonObject, JsonValue } from '../types.js';

const rigs: Rig[] = [];
afterEach(() => {
  for (const rig of rigs.splice(0)) rig.standin.stop();
});
function rigWith(options: Parameters<typeof createRig>[0] = {}): Rig {
  const rig = createRig(options);
  rigs.push(rig);
  return rig;
}

const objects = (value: JsonValue | undefined): JsonObject[] =>
  Array.isArray(value) ? value.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];
const deploymentsOf = (service: JsonObject): JsonObject[] => objects(service.deployments);
const primaryOf = (service: JsonObject): JsonObject | undefined =>
  deploymentsOf(service).find((deployment) => deployment.status === 'PRIMARY');
const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
const messages = (service: JsonObject): string[] => objects(service.events).map((event) => text(event.message));

async function deploy(rig: Rig, taskDefinition = rig.v2): Promise<{ deploymentId: string; serviceDeploymentArn: string }> {
  const answer = await rig.call('UpdateService', { cluster: 'my-cluster', service: 'my-svc', taskDefinition });
  const service = answer.service as JsonObject;
  return { deploymentId: text(primaryOf(service)?.id), serviceDeploymentArn: text(service.currentServiceDeployment) };
}

async function serviceDeployment(rig: Rig, arn: string): Promise<JsonObject> {
  const answer = await rig.call('DescribeServiceDeployments', { serviceDeploymentArns: [arn] });
  return objects(answer.serviceDeployments)[0] ?? {};
}

async function stoppedTasks(rig: Rig, startedBy: string): Promise<JsonObject[]> {
  const listed = await rig.call('ListTasks', { cluster: 'my-cluster', startedBy, desiredStatus: 'STOPPED' });
  const arns = Array.isArray(listed.taskArns) ? listed.taskArns : [];
  if (arns.length === 0) return [];
  return objects((await rig.call('DescribeTasks', { cluster: 'my-cluster', tasks: arns })).tasks);
}

describe('healthy rollout', () => {
  test('UpdateService starts a PRIMARY deployment of the new revision and keeps the old one ACTIVE', async () => {
    const rig = rigWith();
    const { deploymentId } = await deploy(rig);
    const service = rig.service();
    expect(deploymentId).toMatch(/^ecs-svc\/\d{19}$/);
    expect(deploymentsOf(service).map((deployment) => [deployment.status, deployment.taskDefinition, deployment.rolloutState])).toEqual([
      ['PRIMARY', rig.v2, 'IN_PROGRESS'],
      ['ACTIVE', rig.v1, 'COMPLETED'],
    ]);
    expect(service.taskDefinition).toBe(rig.v2);
    expect(messages(service)[0]).toMatch(/^\(service my-svc\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/);
  });

  test('completes 6 s after UpdateService with the old deployment drained and the service deployment SUCCESSFUL', async () => {
    const rig = rigWith();
    const { deploymentId, serviceDeploymentArn } = await deploy(rig);
    await rig.runTo(5.9);
    expect(primaryOf(rig.service())?.rolloutState).toBe('IN_PROGRESS');
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('IN_PROGRESS');

    await rig.runTo(6);
    const service = rig.service();
    expect(deploymentsOf(service)).toHaveLength(1);
    expect(primaryOf(service)).toMatchObject({
      id: deploymentId,
      rolloutState: 'COMPLETED',
      runningCount: 2,
      pendingCount: 0,
      failedTasks: 0,
    });
    expect(primaryOf(service)?.rolloutStateReason).toBe(`ECS deployment ${deploymentId} completed.`);
    expect(messages(service).slice(0, 2)).toEqual([
      '(service my-svc) has reached a steady state.',
      `(service my-svc) (deployment ${deploymentId}) deployment completed.`,
    ]);
    const record = await serviceDeployment(rig, serviceDeploymentArn);
    expect(record).toMatchObject({ status: 'SUCCESSFUL', finishedAt: (START + 6000) / 1000 });
    expect(record.deploymentCircuitBreaker).toEqual({ status: 'MONITORING_COMPLETE', failureCount: 0, threshold: 3 });

    const old = rig.standin.admin.tasks(SCOPE, 'my-cluster', { desiredStatus: 'STOPPED' });
    expect(old).toHaveLength(2);
    for (const task of old) {
      expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', taskDefinitionArn: rig.v1 });
      expect(task.stoppedReason).toBe(`Scaling activity initiated by (deployment ${deploymentId})`);
    }
  });

  test('tasks go PROVISIONING, PENDING at 1 s, RUNNING at 3 s, with startedBy the deployment id', async () => {
    const rig = rigWith();
    const { deploymentId } = await deploy(rig);
    const statusAt = async (seconds: number): Promise<unknown[]> => {
      await rig.runTo(seconds);
      const listed = await rig.call('ListTasks', { cluster: 'my-cluster', startedBy: deploymentId });
      const described = await rig.call('DescribeTasks', { cluster: 'my-cluster', tasks: listed.taskArns as string[] });
      return objects(described.tasks).map((task) => [task.lastStatus, task.startedBy]);
    };
    expect(await statusAt(0)).toEqual([
      ['PROVISIONING', deploymentId],
      ['PROVISIONING', deploymentId],
    ]);
    expect(await statusAt(1)).toEqual([
      ['PENDING', deploymentId],
      ['PENDING', deploymentId],
    ]);
    expect(await statusAt(2.9)).toEqual([
      ['PENDING', deploymentId],
      ['PENDING', deploymentId],
    ]);
    expect(await statusAt(3)).toEqual([
      ['RUNNING', deploymentId],
      ['RUNNING', deploymentId],
    ]);
  });

  test('slow start reaches RUNNING at 20 s and completes at 23 s', async () => {
    const rig = rigWith({ rollout: 'slow-start' });
    const { deploymentId } = await deploy(rig);
    await rig.runTo(19.9);
    expect(primaryOf(rig.service())).toMatchObject({ id: deploymentId, runningCount: 0, pendingCount: 2 });
    await rig.runTo(20);
    expect(primaryOf(rig.service())).toMatchObject({ runningCount: 2, rolloutState: 'IN_PROGRESS' });
    await rig.runTo(22.9);
    expect(primaryOf(rig.service())?.rolloutState).toBe('IN_PROGRESS');
    await rig.runTo(23);
    expect(primaryOf(rig.service())?.rolloutState).toBe('COMPLETED');
  });

  test('a healthy container prints its start-up lines to its awslogs stream', async () => {
    const rig = rigWith();
    const { deploymentId } = await deploy(rig);
    await rig.runTo(3);
    const listed = await rig.call('ListTasks', { cluster: 'my-cluster', startedBy: deploymentId });
    const taskId =
      String((listed.taskArns as string[])[0])
        .split('/')
        .at(-1) ?? '';
    const answer = await rig.standin.logs('GetLogEvents', { logGroupName: '/ecs/my-app', logStreamName: `ecs/app/${taskId}` }, CONTEXT);
    expect(objects(answer.events).map((event) => event.message)).toEqual([`Starting app (task ${taskId})`, 'app listening on port 8080']);
  });
});

describe('crash loop with the circuit breaker and rollback', () => {
  test('fires at 9 s after counting every failed task, then rolls back to the previous revision by 29 s', async () => {
    const rig = rigWith({ rollout: 'crash-loop' });
    const before = primaryOf(rig.service());
    const sourceRevision = objects(rig.service().currentServiceRevisions)[0]?.arn;
    const { deploymentId, serviceDeploymentArn } = await deploy(rig);

    await rig.runTo(4);
    expect(primaryOf(rig.service())).toMatchObject({ id: deploymentId, failedTasks: 2, rolloutState: 'IN_PROGRESS' });
    await rig.runTo(8.9);
    expect(primaryOf(rig.service())?.rolloutState).toBe('IN_PROGRESS');
    expect((await serviceDeployment(rig, serviceDeploymentArn)).deploymentCircuitBreaker).toEqual({
      status: 'MONITORING',
      failureCount: 2,
      threshold: 3,
    });

    await rig.runTo(9);
    const failed = deploymentsOf(rig.service()).find((deployment) => deployment.id === deploymentId);
    expect(failed).toMatchObject({
      rolloutState: 'FAILED',
      failedTasks: 4,
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
    expect(messages(rig.service())[0]).toBe(`(service my-svc) (deployment ${deploymentId}) deployment failed: tasks failed to start.`);
    const requested = await serviceDeployment(rig, serviceDeploymentArn);
    expect(requested).toMatchObject({
      status: 'ROLLBACK_REQUESTED',
      deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 4, threshold: 3 },
    });

    await rig.runTo(10);
    const rolling = rig.service();
    const rollbackDeployment = primaryOf(rolling);
    expect(rollbackDeployment).toMatchObject({ taskDefinition: rig.v1, rolloutState: 'IN_PROGRESS' });
    expect(rollbackDeployment?.rolloutStateReason).toBe(
      `ECS deployment circuit breaker: rolling back to deploymentId ${text(before?.id)}.`,
    );
    expect(rolling.taskDefinition).toBe(rig.v1);
    expect(messages(rolling)).toContain(`(service my-svc) rolling back to deployment ${text(before?.id)}.`);
    const inProgress = await serviceDeployment(rig, serviceDeploymentArn);
    expect(inProgress.status).toBe('ROLLBACK_IN_PROGRESS');
    expect(inProgress.rollback).toEqual({
      reason: 'Service deployment rolled back because the circuit breaker threshold was exceeded.',
      startedAt: (START + 10_000) / 1000,
      serviceRevisionArn: sourceRevision,
    });

    await rig.runTo(28.9);
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('ROLLBACK_IN_PROGRESS');
    await rig.runTo(29);
    const settled = await serviceDeployment(rig, serviceDeploymentArn);
    expect(settled).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL', finishedAt: (START + 29_000) / 1000 });
    const service = rig.service();
    expect(deploymentsOf(service)).toHaveLength(1);
    expect(primaryOf(service)).toMatchObject({ taskDefinition: rig.v1, rolloutState: 'COMPLETED', runningCount: 2 });
    expect(messages(service)[0]).toBe('(service my-svc) has reached a steady state.');
  });

  test('a crashed task stops with EssentialContainerExited, exit code 1 and its last log lines', async () => {
    const rig = rigWith({ rollout: 'crash-loop' });
    const { deploymentId } = await deploy(rig);
    await rig.runTo(4);
    const tasks = await stoppedTasks(rig, deploymentId);
    expect(tasks).toHaveLength(2);
    const task = tasks[0] ?? {};
    expect(task).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(objects(task.containers)).toEqual([
      expect.objectContaining({ name: 'app', image: IMAGE_V2, lastStatus: 'STOPPED', exitCode: 1 }),
    ]);
    const taskId = text(task.taskArn).split('/').at(-1) ?? '';
    const lines = rig.standin.admin.logLines(SCOPE, '/ecs/my-app', `ecs/app/${taskId}`);
    expect(lines).toContain('Error: connect ECONNREFUSED 10.0.12.7:5432');
  });

  test('without rollback the failed deployment stays PRIMARY, the old one keeps running and the service deployment stops', async () => {
    const rig = rigWith({
      rollout: 'crash-loop',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
    });
    const { deploymentId, serviceDeploymentArn } = await deploy(rig);
    await rig.runTo(40);
    const service = rig.service();
    expect(primaryOf(service)).toMatchObject({ id: deploymentId, rolloutState: 'FAILED', failedTasks: 4 });
    expect(deploymentsOf(service).find((deployment) => deployment.status === 'ACTIVE')).toMatchObject({
      taskDefinition: rig.v1,
      runningCount: 2,
    });
    expect(await serviceDeployment(rig, serviceDeploymentArn)).toMatchObject({ status: 'STOPPED', stoppedAt: (START + 9000) / 1000 });
  });
});

describe('a behaviour per service', () => {
  test('serviceRollouts crash-loops the service it names, and leaves the others on the scenario rollout', async () => {
    const rig = rigWith();
    rig.setScenario({ rollout: 'crash-loop', serviceRollouts: { 'my-svc': 'healthy' } });
    await deploy(rig);
    await rig.runTo(6);
    expect(primaryOf(rig.service())?.rolloutState).toBe('COMPLETED');

    const other = rigWith();
    other.setScenario({ rollout: 'healthy', serviceRollouts: { 'my-svc': 'crash-loop' } });
    const { deploymentId } = await deploy(other);
    await other.runTo(12);
    expect(deploymentsOf(other.service()).find((deployment) => deployment.id === deploymentId)?.rolloutState).toBe('FAILED');
  });
});

describe('failures without a circuit breaker', () => {
  test('a crash loop keeps replacing tasks and counting failures, never settling', async () => {
    const rig = rigWith({
      rollout: 'crash-loop',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
    });
    const { serviceDeploymentArn } = await deploy(rig);
    await rig.runTo(60);
    const primary = primaryOf(rig.service());
    expect(primary?.rolloutState).toBe('IN_PROGRESS');
    expect(Number(primary?.failedTasks)).toBeGreaterThanOrEqual(20);
    expect(await serviceDeployment(rig, serviceDeploymentArn)).toMatchObject({
      status: 'IN_PROGRESS',
      deploymentCircuitBreaker: { status: 'DISABLED' },
    });
  });
});

describe('image pull failure', () => {
  test('a task whose image the registry lacks stops 2 s after placement with CannotPullContainerError', async () => {
    const rig = rigWith({ deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } } });
    rig.missingImages.add(IMAGE_V2);
    const { deploymentId } = await deploy(rig);
    await rig.runTo(1.9);
    expect(await stoppedTasks(rig, deploymentId)).toEqual([]);
    await rig.runTo(2);
    const tasks = await stoppedTasks(rig, deploymentId);
    expect(tasks).toHaveLength(2);
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${IMAGE_V2}: not found`;
    expect(tasks[0]).toMatchObject({ stopCode: 'TaskFailedToStart', stoppedReason: reason });
    expect(objects(tasks[0]?.containers)[0]).toMatchObject({ name: 'app', lastStatus: 'STOPPED', reason });
    expect(objects(tasks[0]?.containers)[0]?.exitCode).toBeUndefined();
  });

  test('rolling back to a revision that ran before does not depend on the registry', async () => {
    const rig = rigWith();
    rig.missingImages.add(IMAGE_V1);
    rig.missingImages.add(IMAGE_V2);
    const { serviceDeploymentArn } = await deploy(rig);
    await rig.runTo(30);
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('ROLLBACK_SUCCESSFUL');
    expect(rig.service().taskDefinition).toBe(rig.v1);
  });
});

describe('StopServiceDeployment', () => {
  test('ROLLBACK walks the service deployment through ROLLBACK_REQUESTED and ROLLBACK_IN_PROGRESS to ROLLBACK_SUCCESSFUL', async () => {
    const rig = rigWith({ rollout: 'slow-start' });
    const { serviceDeploymentArn } = await deploy(rig);
    await rig.runTo(5);
    expect(await rig.call('StopServiceDeployment', { serviceDeploymentArn, stopType: 'ROLLBACK' })).toEqual({ serviceDeploymentArn });
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('ROLLBACK_REQUESTED');
    await rig.runTo(6);
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('ROLLBACK_IN_PROGRESS');
    expect(rig.service().taskDefinition).toBe(rig.v1);
    await rig.runTo(25);
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('ROLLBACK_SUCCESSFUL');
  });

  test('ABORT stops the service deployment without rolling back', async () => {
    const rig = rigWith({ rollout: 'slow-start' });
    const { serviceDeploymentArn } = await deploy(rig);
    await rig.call('StopServiceDeployment', { serviceDeploymentArn, stopType: 'ABORT' });
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('STOP_REQUESTED');
    await rig.runTo(1);
    expect((await serviceDeployment(rig, serviceDeploymentArn)).status).toBe('STOPPED');
    expect(rig.service().taskDefinition).toBe(rig.v2);
  });

  test('a finished service deployment can no longer be stopped', async () => {
    const rig = rigWith();
    const { serviceDeploymentArn } = await deploy(rig);
    await rig.runTo(6);
    await expect(rig.call('StopServiceDeployment', { serviceDeploymentArn })).rejects.toMatchObject({ code: 'ConflictException' });
  });
});

describe('service deployments API', () => {
  test('ListServiceDeployments lists ours newest first and honours the createdAt filter', async () => {
    const rig = rigWith();
    await rig.runTo(1);
    const { serviceDeploymentArn } = await deploy(rig);
    const all = await rig.call('ListServiceDeployments', { cluster: 'my-cluster', service: 'my-svc' });
    expect(objects(all.serviceDeployments).map((brief) => brief.status)).toEqual(['IN_PROGRESS', 'SUCCESSFUL']);
    const recent = await rig.call('ListServiceDeployments', {
      cluster: 'my-cluster',
      service: 'my-svc',
      createdAt: { after: (START + 500) / 1000 },
    });
    expect(objects(recent.serviceDeployments)).toEqual([
      expect.objectContaining({
        serviceDeploymentArn,
        status: 'IN_PROGRESS',
        targetServiceRevisionArn: expect.stringMatching(/:service-revision\/my-cluster\/my-svc\/\d+$/),
      }),
    ]);
    expect(serviceDeploymentArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/my-cluster\/my-svc\/[A-Za-z0-9]+$/);
  });

  test('the API can be made to deny access or be missing for one account only', async () => {
    const rig = rigWith();
    const input = { cluster: 'my-cluster', service: 'my-svc' };
    rig.standin.admin.setServiceDeploymentsApi(SCOPE.account, 'access-denied');
    await expect(rig.call('ListServiceDeployments', input)).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: expect.stringContaining(`is not authorized to perform: ecs:ListServiceDeployments`),
    });
    rig.standin.admin.setServiceDeploymentsApi(SCOPE.account, 'unknown-operation');
    await expect(rig.call('DescribeServiceDeployments', { serviceDeploymentArns: ['arn:x'] })).rejects.toMatchObject({
      code: 'UnknownOperationException',
    });
    rig.standin.admin.setServiceDeploymentsApi('210987654321', 'access-denied');
    rig.standin.admin.setServiceDeploymentsApi(SCOPE.account, 'available');
    await expect(rig.call('ListServiceDeployments', input)).resolves.toHaveProperty('serviceDeployments');
  });
});

describe('another implementation of ECS', () => {
  test('the service deployments API can answer an HTML page instead of JSON', async () => {
    const rig = rigWith();
    rig.standin.admin.setServiceDeploymentsApi(SCOPE.account, 'not-json');
    await expect(rig.call('ListServiceDeployments', { cluster: 'my-cluster', service: 'my-svc' })).rejects.toMatchObject({
      name: 'NotJsonAnswer',
      status: 200,
      contentType: 'text/html',
      body: expect.stringContaining('<html>'),
    });
  });

  test('updateServiceKeepsRevision: the service names the new revision while its PRIMARY deployment completes on the old one', async () => {
    const rig = rigWith();
    rig.setScenario({ rollout: 'healthy', updateServiceKeepsRevision: true });
    const answer = await rig.call('UpdateService', { cluster: 'my-cluster', service: 'my-svc', taskDefinition: rig.v2 });
    expect((answer.service as JsonObject).taskDefinition).toBe(rig.v2);
    expect(primaryOf(answer.service as JsonObject)?.taskDefinition).toBe(rig.v1);
    await rig.runTo(10);
    const service = rig.service();
    expect(service.taskDefinition).toBe(rig.v2);
    expect(deploymentsOf(service).map((deployment) => [deployment.status, deployment.taskDefinition, deployment.rolloutState])).toEqual([
      ['PRIMARY', rig.v1, 'COMPLETED'],
    ]);
  });
});

describe('driven by the real scaled clock', () => {
  test('a healthy rollout completes on its own through the timer loop, and stop() leaves no timers', async () => {
    const clock = createClock(40);
    const standin = createEcsStandin({ clock, scenario: () => ({ rollout: 'healthy' }), imageExists: () => Promise.resolve(true) });
    try {
      standin.admin.createCluster(SCOPE, 'my-cluster');
      const v1 = standin.admin.registerTaskDefinition(SCOPE, taskDefinitionInput(IMAGE_V1));
      const startedWall = Date.now();
      standin.admin.createService(SCOPE, {
        cluster: 'my-cluster',
        serviceName: 'my-svc',
        taskDefinition: v1,
        desiredCount: 1,
        settled: false,
      });
      const createdBy = Date.now();
      // 6 simulated seconds at scale 40 is 150 ms; the test's own timeout bounds the wait.
      while (primaryOf(standin.admin.service(SCOPE, 'my-cluster', 'my-svc') ?? {})?.rolloutState !== 'COMPLETED') {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // createdAt is wall time (clients compare it with their own clock): the moment the service was created.
      const service = standin.admin.service(SCOPE, 'my-cluster', 'my-svc') ?? {};
      expect(Number(service.createdAt) * 1000).toBeGreaterThanOrEqual(startedWall - 1);
      expect(Number(service.createdAt) * 1000).toBeLessThanOrEqual(createdBy + 1);
    } finally {
      standin.stop();
    }
  });
});

test('every operation answers for the caller account and region only', async () => {
  const rig = rigWith();
  const elsewhere = { ...CONTEXT, region: 'eu-west-1' };
  await expect(rig.standin.ecs('DescribeServices', { cluster: 'my-cluster', services: ['my-svc'] }, elsewhere)).rejects.toMatchObject({
    code: 'ClusterNotFoundException',
  });
  await expect(rig.standin.ecs('DescribeServices', { cluster: 'my-cluster', services: ['my-svc'] }, CONTEXT)).resolves.toMatchObject({
    failures: [],
  });
});
