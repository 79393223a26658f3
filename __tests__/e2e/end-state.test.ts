// The end state a deploy is judged by, run as the runner runs the bundle against the stand-in: success only
// when the service runs our revision; the service deployments API done without at its first unusable answer;
// and keep-revisions deregistering old revisions, never one in use.
import { describe, expect, jest, test } from '@jest/globals';
import { ACCOUNT, CLUSTER, REGION, SERVICE, type World } from '../../standin/harness/world.js';
import { deploy, describeTaskDefinition, errorLines, field, settledOn, worldPerTest } from './helpers.js';

jest.setTimeout(180_000);

const setUp = worldPerTest();
const revision = (number: number): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/my-app:${String(number)}`;
const SERVICE_DEPLOYMENT_OPERATIONS = new Set(['ListServiceDeployments', 'DescribeServiceDeployments', 'DescribeServiceRevisions']);

describe('the end state is checked', () => {
  test('a deployment ECS completes on the previous revision fails, naming the revision that is live', async () => {
    const current = await setUp({ scenario: { rollout: 'healthy', updateServiceKeepsRevision: true } });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const reason =
      /^my-service failed: Deployment of my-app:2 to my-service ended on another revision: my-app:1 is live on my-service, not my-app:2 \(the deployment ECS completed \(ecs-svc\/\d+\) runs my-app:1\)\.$/;
    expect(run.outputs['failure-reason']).toMatch(reason);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    expect(errorLines(run)).toEqual([
      `::error::Deployment watch failed: ${run.outputs['failure-reason'] ?? ''} Next: ECS reported the deployment done on another revision than ours: see the service's deployments and task definition, then deploy again.`,
    ]);
    // The watch's own line said so too: the deployment that completed ran my-app:1.
    expect(run.stdout).toMatch(/\(my-app:1\)[^\n]*COMPLETED/);
    expect(run.summary).toContain('❌ Deployment failed');
    expect(run.stdout).not.toContain('completed: 2/2 tasks running');
  });
});

describe('the service deployments API is done without at its first unusable answer', () => {
  test.each([
    [
      'a 200 answer that is not JSON',
      'not-json',
      /Service deployments API unavailable \(DescribeServiceDeployments: SyntaxError: .+\); watching DescribeServices deployments\[\] instead\./,
    ],
    [
      'an unknown operation',
      'unknown-operation',
      /Service deployments API unavailable \(DescribeServiceDeployments: UnknownOperationException: Unknown operation DescribeServiceDeployments\); watching DescribeServices deployments\[\] instead\./,
    ],
  ] as const)('%s: one call, one notice, and the deploy still succeeds', async (_name, availability, notice) => {
    const current = await setUp();
    current.standin.ecs.setServiceDeploymentsApi(ACCOUNT, availability);
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    expect(run.stdout.split('\n').filter((line) => notice.test(line))).toHaveLength(1);
    const asked = current.standin.calls().filter((call) => SERVICE_DEPLOYMENT_OPERATIONS.has(call.operation));
    expect(asked.map((call) => call.operation)).toEqual(['DescribeServiceDeployments']);
  });
});

describe('keep-revisions', () => {
  /** my-app:2 to 4 registered after the service's my-app:1; another service of the cluster runs my-app:2. */
  function withOldRevisions(current: World): void {
    for (const tag of ['old-2', 'old-3', 'old-4']) {
      current.standin.ecs.registerTaskDefinition(current.scope, {
        family: 'my-app',
        containerDefinitions: [{ name: 'app', image: `${current.repositoryUri}:${tag}`, memory: 256, essential: true }],
      });
    }
    current.standin.ecs.createService(current.scope, {
      cluster: CLUSTER,
      serviceName: 'my-app-canary',
      taskDefinition: revision(2),
      desiredCount: 1,
    });
  }

  const status = async (current: World, number: number): Promise<unknown> =>
    field(await describeTaskDefinition(current, revision(number)), 'taskDefinition', 'status');

  test('2 deregisters the old revisions, never one another service runs or the service rolls back to; a dry run first only lists them', async () => {
    const current = await setUp({ pruneRevisions: true });
    withOldRevisions(current);

    const dryRun = await deploy(current, { 'keep-revisions': '2', 'dry-run': 'true' });
    expect(dryRun.exitCode).toBe(0);
    expect(dryRun.summary).toContain('**Old revisions** (`keep-revisions: 2`): would deregister `my-app:3`.');
    expect(dryRun.stdout).toContain(
      'keep-revisions 2: my-app: would deregister my-app:3; kept in use: my-app:2 (my-app-canary runs it), my-app:1 (my-service rolls back to it)',
    );
    expect(current.standin.calls().filter((call) => call.operation === 'DeregisterTaskDefinition')).toEqual([]);

    const run = await deploy(current, { 'keep-revisions': '2' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['task-definition-arn']).toBe(revision(5));
    expect(run.stdout).toContain(
      'keep-revisions 2: my-app: deregistering my-app:3; kept in use: my-app:2 (my-app-canary runs it), my-app:1 (my-service rolls back to it)',
    );
    expect(run.stdout).toContain('Deregistered my-app:3');
    expect(run.summary).toContain('**Old revisions** (`keep-revisions: 2`): deregistered `my-app:3`.');
    expect([await status(current, 1), await status(current, 2), await status(current, 3), await status(current, 4)]).toEqual([
      'ACTIVE',
      'ACTIVE',
      'INACTIVE',
      'ACTIVE',
    ]);
    // The reads were batched: one ListServices page, one DescribeServices of both services, one ListTaskDefinitions page.
    const pruneReads = current.standin
      .calls()
      .filter((call) => call.operation === 'ListServices' || call.operation === 'ListTaskDefinitions')
      .map((call) => call.operation);
    expect(pruneReads).toEqual(['ListServices', 'ListTaskDefinitions', 'ListServices', 'ListTaskDefinitions']);
    await settledOn(current, revision(5), SERVICE);
  });
});
