// Service settings (desired count, tag propagation) set with the deploy, and deploying an existing task
// definition revision as it is (a rollback): the bundled action against the stand-in, as the runner runs it.
import { describe, expect, jest, test } from '@jest/globals';
import type { World } from '../../standin/harness/world.js';
import { deploy, errorLines, field, settledOn, worldPerTest } from './helpers.js';

jest.setTimeout(120_000);

const setUp = worldPerTest();
const CHANGING = /^(Register|Update|Stop|Create|Deregister)/;
/** Inputs of a rollback step: what a workflow_dispatch with the revision would pass (no repository, no engine). */
const ROLLBACK_INPUTS = { repository: '', 'container-engine': '' };

function ecsOperationsSince(current: World, from: number): string[] {
  return current.standin
    .calls()
    .slice(from)
    .filter((call) => call.service === 'ecs')
    .map((call) => call.operation);
}

describe('service settings', () => {
  test('a deploy with desired-count 2 and propagate-tags SERVICE leaves the service with both, running two tasks of the new revision', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'desired-count': '2', 'propagate-tags': 'SERVICE' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['deployed']).toBe('true');
    const service = await settledOn(current, run.outputs['task-definition-arn'] ?? '');
    expect(service).toMatchObject({ desiredCount: 2, runningCount: 2, propagateTags: 'SERVICE' });
  });

  test('a re-run changing only desired-count updates the service on its revision, registering nothing and starting no deployment', async () => {
    const current = await setUp();
    const first = await deploy(current);
    expect(first.exitCode).toBe(0);
    const revision = first.outputs['task-definition-arn'] ?? '';
    const deploymentBefore = field(current.serviceState(), 'deployments', 0, 'id');
    const callsBefore = current.standin.calls().length;

    const scaled = await deploy(current, { 'desired-count': '3' });
    expect(errorLines(scaled)).toEqual([]);
    expect(scaled.exitCode).toBe(0);
    expect(ecsOperationsSince(current, callsBefore).filter((operation) => CHANGING.test(operation))).toEqual(['UpdateService']);
    expect(scaled.stdout).toContain('but desired-count 2 → 3: updating the service without a new revision or deployment.');
    expect(scaled.outputs).toMatchObject({ 'task-definition-arn': revision, 'rollout-state': 'COMPLETED', deployed: 'false' });
    expect(scaled.summary).toContain('scaled (no new deployment)');
    const service = await settledOn(current, revision);
    expect(service['desiredCount']).toBe(3);
    expect(field(service, 'deployments', 0, 'id')).toBe(deploymentBefore);
  });

  test('desired-count 0 scales to zero: the deployment completes with no task running and the step succeeds on the new revision', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'desired-count': '0' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    const service = await settledOn(current, run.outputs['task-definition-arn'] ?? '');
    expect(service).toMatchObject({ desiredCount: 0, runningCount: 0 });
  });

  test('a bad propagate-tags fails before any request, naming the value', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'propagate-tags': 'service' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).join('\n')).toContain('Input `propagate-tags` was "service"; expected `TASK_DEFINITION`, `SERVICE` or `NONE`');
    expect(current.standin.calls()).toEqual([]);
  });
});

describe('deploying an existing revision as it is', () => {
  test('task-definition my-app:1 after a deploy rolls the service back to it: nothing built, pushed or registered', async () => {
    const current = await setUp();
    const first = await deploy(current);
    expect(first.exitCode).toBe(0);
    expect(first.outputs['task-definition-arn']).toMatch(/:task-definition\/my-app:2$/);
    const callsBefore = current.standin.calls().length;
    const tagsBefore = await current.standin.ecr.listTags('my-org/my-app');

    const rollback = await deploy(current, { 'task-definition': 'my-app:1', ...ROLLBACK_INPUTS });
    expect(errorLines(rollback)).toEqual([]);
    expect(rollback.exitCode).toBe(0);
    const since = current.standin.calls().slice(callsBefore);
    expect(since.filter((call) => call.service === 'ecr')).toEqual([]);
    expect(since.filter((call) => CHANGING.test(call.operation)).map((call) => call.operation)).toEqual(['UpdateService']);
    expect(await current.standin.ecr.listTags('my-org/my-app')).toEqual(tagsBefore);
    expect(rollback.stdout).not.toMatch(/podman.* build /);
    expect(rollback.stdout).toContain('Image phase skipped: task-definition names the existing revision my-app:1');
    expect(rollback.outputs).toMatchObject({
      'task-definition-arn': current.initialTaskDefinitionArn,
      'previous-task-definition-arn': first.outputs['task-definition-arn'],
      'image-uri': '',
      'rollout-state': 'COMPLETED',
      deployed: 'true',
    });
    expect(rollback.summary).toContain('none built: `task-definition` names an existing revision');
    await settledOn(current, current.initialTaskDefinitionArn);
  });

  test('a revision that does not exist fails before any UpdateService, naming it', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'task-definition': 'my-app:99', ...ROLLBACK_INPUTS });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).join('\n')).toMatch(
      /Task definition failed: ClientException from ECS DescribeTaskDefinition for task definition revision "my-app:99" \(input `task-definition`\)/,
    );
    expect(current.standin.calls().filter((call) => CHANGING.test(call.operation))).toEqual([]);
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
  });

  test('a dry run of a revision prints the plan and changes nothing', async () => {
    const current = await setUp();
    const first = await deploy(current);
    expect(first.exitCode).toBe(0);
    const callsBefore = current.standin.calls().length;
    const run = await deploy(current, { 'task-definition': 'my-app:1', 'dry-run': 'true', ...ROLLBACK_INPUTS });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`→ ${current.initialTaskDefinitionArn} (an existing revision, deployed as it is; nothing registered)`);
    expect(
      current.standin
        .calls()
        .slice(callsBefore)
        .filter((call) => CHANGING.test(call.operation)),
    ).toEqual([]);
    expect(current.serviceState()['taskDefinition']).toBe(first.outputs['task-definition-arn']);
  });
});
