// The bundled action, run as the runner runs it, against the local AWS + GitHub stand-in, a real
// registry and podman. Each test asserts the exit code, what the user is told, and the state AWS is
// left in.
import { describe, expect, jest, test } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RecordedCall } from '../../standin/server.js';
import type { JsonObject, JsonValue } from '../../standin/types.js';
import {
  ACCOUNT,
  CLUSTER,
  REGION,
  REPOSITORY,
  ROLE_ARN,
  SERVICE,
  SUBJECT,
  TARGET_ACCOUNT,
  type World,
  type WorldOptions,
} from '../../standin/harness/world.js';
import {
  deploy,
  describeTaskDefinition,
  ecsCallers,
  errorLines,
  escapeRegExp,
  field,
  settledOn,
  withoutTaskIds,
  worldPerTest,
} from './helpers.js';

jest.setTimeout(120_000);

const setUp = worldPerTest();

/** The crash loop's stopped task, as ECS describes it and as the action annotates it. */
const CRASHED_TASK =
  'task <id> stopped (EssentialContainerExited): Essential container in task exited; containers: app exit 1, log-router exit 0';
/** What the crashed container logged (the stand-in's crash), quoted by the task's annotation. */
const CRASH_LOGGED = '; last error logged by app: Error: connect ECONNREFUSED 10.0.12.7:5432';
const CRASHED_TASK_ANNOTATION = `::error title=my-service%3A task <id> stopped::${CRASHED_TASK}${CRASH_LOGGED}`;
// The Next: that fits each way a deployment fails (src/report/outputs.ts).
const NEXT_AFTER_TIMEOUT = ' Next: see the service events above; raise `wait-for-minutes` if the deployment was still making progress.';
const NEXT_AFTER_ROLLBACK = ' Next: see why the new tasks stopped above (stopped tasks, service events), fix it, and deploy again.';
const NEXT_AFTER_FAILING_TASKS =
  " Next: see the stopped tasks and their containers' last log lines above, fix the cause, and deploy again.";
const OUR_ROLLBACK = 'Rollback: stop-service-deployment: succeeded (The service is back on my-app:1.)';

describe('a healthy deploy', () => {
  test('builds, pushes, registers a digest-pinned revision keeping every field and tag, and waits for the service to run it', async () => {
    const current = await setUp();
    const run = await deploy(current);
    expect(run.stderr).toBe('');
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);

    const digest = run.outputs['image-digest'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await current.standin.ecr.listTags(REPOSITORY)).toContain('0123456789abcdef0123456789abcdef01234567');
    expect((await current.standin.ecr.describeImage(REPOSITORY, '0123456789abcdef0123456789abcdef01234567'))?.digest).toBe(digest);
    expect(run.outputs).toEqual({
      'assumed-role-arn': expect.stringMatching(
        /^arn:aws:sts::123456789012:assumed-role\/my-deploy-role\/oidc-ecs-deploy-my-org-my-app-4242424242-1$/,
      ),
      'image-uri': `${current.repositoryUri}@${digest}`,
      'image-digest': digest,
      'image-tag': '0123456789abcdef0123456789abcdef01234567',
      registry: current.standin.registryHost,
      'task-definition-arn': expect.stringMatching(/:task-definition\/my-app:2$/),
      'previous-task-definition-arn': current.initialTaskDefinitionArn,
      'deployment-id': expect.stringMatching(/service-deployment|ecs-svc/),
      'rollout-state': 'COMPLETED',
      'failure-reason': '',
      deployed: 'true',
    });

    const registered = await describeTaskDefinition(current, run.outputs['task-definition-arn'] ?? '');
    const before = await describeTaskDefinition(current, current.initialTaskDefinitionArn);
    expect(field(registered, 'taskDefinition', 'containerDefinitions', 0, 'image')).toBe(`${current.repositoryUri}@${digest}`);
    // Everything but the app's image is as it was, the sidecar's image included.
    const strip = (description: JsonObject): JsonValue | undefined => {
      const volatile = new Set(['taskDefinitionArn', 'revision', 'registeredAt', 'registeredBy']);
      const definition = Object.fromEntries(
        Object.entries(field(description, 'taskDefinition') as JsonObject).filter(([key]) => !volatile.has(key)),
      );
      const containers = definition['containerDefinitions'] as JsonObject[];
      definition['containerDefinitions'] = containers.map((container) =>
        container['name'] === 'app' ? { ...container, image: 'IMAGE' } : container,
      );
      return definition;
    };
    expect(strip(registered)).toEqual(strip(before));
    expect(field(registered, 'tags')).toEqual(field(before, 'tags'));

    const service = current.serviceState();
    expect(service['taskDefinition']).toBe(run.outputs['task-definition-arn']);
    expect(field(service, 'deployments', 0, 'rolloutState')).toBe('COMPLETED');
    expect(service['deployments']).toHaveLength(1);
    const running = current.standin.ecs.tasks(current.scope, CLUSTER, { serviceName: SERVICE, desiredStatus: 'RUNNING' });
    expect(running.length).toBeGreaterThan(0);
    for (const task of running) {
      expect(task['taskDefinitionArn']).toBe(run.outputs['task-definition-arn']);
      const app = (task['containers'] as JsonObject[]).find((container) => container['name'] === 'app');
      expect(app?.['imageDigest']).toBe(digest);
    }
    expect(ecsCallers(current)).toEqual([expect.stringContaining(':assumed-role/my-deploy-role/')]);

    expect(run.summary).toContain('✅ Deployed');
    expect(run.summary).toContain(digest);
    expect(run.summary).toContain('`my-app:1` → `my-app:2`');
    expect(run.stdout).toContain(`sub: ${SUBJECT}`);

    // The JWT, the secret key and session token, the registry password and its encoded token.
    expect(current.standin.secrets().length).toBeGreaterThanOrEqual(5);
  });

  test('slow-starting tasks are waited for', async () => {
    const current = await setUp({ scenario: { rollout: 'slow-start' } });
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('COMPLETED');
    await settledOn(current, run.outputs['task-definition-arn'] ?? '');
    // The wait lasted through the slow start: the watch was still polling when ECS finished the rollout.
    const finishedAt = Number(field(current.standin.ecs.serviceDeployments(current.scope, CLUSTER, SERVICE), 0, 'finishedAt')) * 1000;
    expect(finishedAt).toBeGreaterThan(0);
    const polls = current.standin.calls().filter((call) => call.operation === 'DescribeServiceDeployments');
    expect(Math.max(...polls.map((call) => call.time))).toBeGreaterThanOrEqual(finishedAt);
  });

  test('two services in another account through role-chain, each signed by the chained role', async () => {
    const current = await setUp({ account: TARGET_ACCOUNT, services: ['api', 'worker'] });
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['assumed-role-arn']).toMatch(/^arn:aws:sts::210987654321:assumed-role\/my-target-deploy-role\//);
    for (const service of ['api', 'worker'])
      expect(current.serviceState(service)['taskDefinition']).toBe(run.outputs['task-definition-arn']);
    expect(ecsCallers(current)).toEqual([expect.stringContaining(`${TARGET_ACCOUNT}:assumed-role/my-target-deploy-role/`)]);
    expect(run.summary).toContain('`api`');
    expect(run.summary).toContain('`worker`');
    // The chain's hop into the target account was signed by the role the OIDC token gave.
    const hops = current.standin.calls().filter((call) => call.operation === 'AssumeRole');
    expect(hops.map((call) => call.caller)).toEqual([expect.stringContaining(`${ACCOUNT}:assumed-role/my-deploy-role/`)]);
  });

  test('a task definition file (describe-task-definition output) is registered with the pushed digest, its own fields and its tags', async () => {
    const current = await setUp();
    const described = await describeTaskDefinition(current, current.initialTaskDefinitionArn);
    const edited = structuredClone(described);
    const app = (field(edited, 'taskDefinition', 'containerDefinitions') as JsonObject[])[0] ?? {};
    app['environment'] = [{ name: 'GREETING', value: 'from the file' }];
    edited['tags'] = [{ key: 'team', value: 'checkout' }];
    mkdirSync(path.join(current.workspace, 'deploy'), { recursive: true });
    writeFileSync(path.join(current.workspace, 'deploy', 'task-definition.json'), JSON.stringify(edited, null, 2));

    const run = await deploy(current, { 'task-definition': 'deploy/task-definition.json' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const registered = await describeTaskDefinition(current, run.outputs['task-definition-arn'] ?? '');
    expect(field(registered, 'taskDefinition', 'containerDefinitions', 0, 'image')).toBe(
      `${current.repositoryUri}@${run.outputs['image-digest'] ?? ''}`,
    );
    expect(field(registered, 'taskDefinition', 'containerDefinitions', 0, 'environment')).toEqual([
      { name: 'GREETING', value: 'from the file' },
    ]);
    expect(field(registered, 'taskDefinition', 'containerDefinitions', 1)).toEqual(
      field(described, 'taskDefinition', 'containerDefinitions', 1),
    );
    expect(field(registered, 'tags')).toEqual([{ key: 'team', value: 'checkout' }]);
    expect(current.serviceState()['taskDefinition']).toBe(run.outputs['task-definition-arn']);
  });

  test('a repository given as its URI builds, pushes and deploys into that repository, and says how it read it', async () => {
    const current = await setUp();
    const run = await deploy(current, { repository: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${REPOSITORY}` });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      `\`repository\` is a repository URI: using repository ${REPOSITORY} of the ECR registry of account ${ACCOUNT}.`,
    );
    const digest = run.outputs['image-digest'] ?? '';
    expect((await current.standin.ecr.describeImage(REPOSITORY, '0123456789abcdef0123456789abcdef01234567'))?.digest).toBe(digest);
    expect(run.outputs['image-uri']).toBe(`${current.repositoryUri}@${digest}`);
    expect(current.serviceState()['taskDefinition']).toBe(run.outputs['task-definition-arn']);
  });

  test('a repository URI of another account is looked up in that account’s registry, and nothing is built', async () => {
    const current = await setUp();
    const run = await deploy(current, { repository: `${TARGET_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${REPOSITORY}` });
    expect(run.exitCode).toBe(1);
    // The deploy role's policy (rendered from setup/permissions.ts) grants its own account's repository
    // only, so AWS refuses the look-up, naming the other account's repository.
    expect(errorLines(run).at(-1)).toMatch(
      new RegExp(
        `^::error::Image failed: AccessDeniedException from ECR DescribeRepositories for repository "${escapeRegExp(REPOSITORY)}": ` +
          `.* is not authorized to perform: ecr:DescribeRepositories on resource: ` +
          `${escapeRegExp(`arn:aws:ecr:${REGION}:${TARGET_ACCOUNT}:repository/${REPOSITORY}`)} `,
      ),
    );
    expect(run.stdout).not.toMatch(/podman.* build /);
    expect(await current.standin.ecr.listTags(REPOSITORY)).toEqual([]);
  });

  test('a prebuilt image with `container-engine` deploys, and warns that the engine has no effect', async () => {
    const current = await setUp();
    const built = await deploy(current);
    expect(built.exitCode).toBe(0);
    const run = await deploy(current, {
      repository: '',
      image: `${current.repositoryUri}:0123456789abcdef0123456789abcdef01234567`,
      'container-engine': 'podman',
      // The service already runs this image: without a forced rollout the re-run would change nothing.
      'force-new-deployment': 'true',
    });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::warning'))).toEqual([
      '::warning title=Input container-engine::Input `container-engine` has no effect in this run: `image` deploys an existing image, so nothing is built.',
    ]);
    expect(run.stdout).not.toMatch(/podman.* (build|login) /);
    expect(run.outputs['image-uri']).toBe(`${current.repositoryUri}@${built.outputs['image-digest'] ?? ''}`);
    expect(run.outputs['deployed']).toBe('true');
    expect(run.outputs['task-definition-arn']).toBe(built.outputs['task-definition-arn']);
    expect(run.outputs['deployment-id']).not.toBe(built.outputs['deployment-id']);
    expect(current.serviceState()['taskDefinition']).toBe(run.outputs['task-definition-arn']);
  });

  test('a dry run shows the plan and changes nothing', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'dry-run': 'true' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('containerDefinitions[app].image');
    expect(run.summary).toContain('Dry run');
    expect(await current.standin.ecr.listTags(REPOSITORY)).toEqual([]);
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    const mutating = current.standin.calls().filter((call) => /^(Register|Update|Put|Stop|Create|Deregister)/.test(call.operation));
    expect(mutating).toEqual([]);
  });
});

/** The ECS operations called since `from` calls had been recorded. */
function ecsOperationsSince(current: World, from: number): string[] {
  return current.standin
    .calls()
    .slice(from)
    .filter((call) => call.service === 'ecs')
    .map((call) => call.operation);
}

const CHANGING = /^(Register|Update|Stop|Create|Deregister)/;

describe('a re-run that changes nothing deploys nothing', () => {
  test('the second run of the same commit reuses the image, registers nothing, updates nothing, and says so', async () => {
    const current = await setUp();
    const first = await deploy(current);
    expect(first.exitCode).toBe(0);
    const deploymentBefore = field(current.serviceState(), 'deployments', 0, 'id');
    const callsBefore = current.standin.calls().length;

    const second = await deploy(current);
    expect(errorLines(second)).toEqual([]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/already exists .*reusing it without a build/);
    expect(second.stdout).not.toMatch(/podman.* build /);
    // Reading the service and the revision it runs is all it takes: nothing registered, updated or watched.
    expect(ecsOperationsSince(current, callsBefore)).toEqual(['DescribeServices', 'DescribeTaskDefinition']);
    expect(second.outputs).toMatchObject({
      'image-digest': first.outputs['image-digest'],
      'task-definition-arn': first.outputs['task-definition-arn'],
      'previous-task-definition-arn': first.outputs['task-definition-arn'],
      'deployment-id': first.outputs['deployment-id'],
      'rollout-state': 'COMPLETED',
      'failure-reason': '',
      deployed: 'false',
    });
    expect(second.outputs['task-definition-arn']).toMatch(/:task-definition\/my-app:2$/);
    expect(second.stdout).toContain('already runs this image and settings');
    expect(second.summary).toContain('✅ No change: already deployed');
    expect(second.summary).toContain(
      '**my-service** already runs this image and settings (`my-app:2`): nothing was registered or deployed.',
    );
    expect(field(current.serviceState(), 'deployments', 0, 'id')).toBe(deploymentBefore);
  });

  test('with force-new-deployment the same commit rolls out again on the revision it runs, without registering one', async () => {
    const current = await setUp();
    const first = await deploy(current);
    expect(first.exitCode).toBe(0);
    const deploymentBefore = field(current.serviceState(), 'deployments', 0, 'id');
    const callsBefore = current.standin.calls().length;

    const forced = await deploy(current, { 'force-new-deployment': 'true' });
    expect(errorLines(forced)).toEqual([]);
    expect(forced.exitCode).toBe(0);
    expect(ecsOperationsSince(current, callsBefore).filter((operation) => CHANGING.test(operation))).toEqual(['UpdateService']);
    expect(forced.outputs).toMatchObject({
      'task-definition-arn': first.outputs['task-definition-arn'],
      'previous-task-definition-arn': first.outputs['task-definition-arn'],
      'rollout-state': 'COMPLETED',
      deployed: 'true',
    });
    expect(forced.outputs['deployment-id']).not.toBe(first.outputs['deployment-id']);
    const service = await settledOn(current, first.outputs['task-definition-arn'] ?? '');
    expect(field(service, 'deployments', 0, 'id')).not.toBe(deploymentBefore);
  });

  test('after a failed deploy left on the service, the same commit deploys again on that revision', async () => {
    const current = await setUp({ scenario: { rollout: 'crash-loop' }, circuitBreaker: { enable: true, rollback: false } });
    const failedRun = await deploy(current, { 'rollback-on-failure': 'false' });
    expect(failedRun.exitCode).toBe(1);
    const failedRevision = failedRun.outputs['task-definition-arn'] ?? '';
    expect(current.serviceState()['taskDefinition']).toBe(failedRevision);
    expect(field(current.serviceState(), 'deployments', 0, 'rolloutState')).toBe('FAILED');

    current.standin.setScenario({ rollout: 'healthy' });
    const callsBefore = current.standin.calls().length;
    const again = await deploy(current);
    expect(errorLines(again)).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/its last deployment ecs-svc\/\d+ is FAILED/);
    expect(ecsOperationsSince(current, callsBefore).filter((operation) => CHANGING.test(operation))).toEqual(['UpdateService']);
    expect(again.outputs).toMatchObject({ 'task-definition-arn': failedRevision, 'rollout-state': 'COMPLETED', deployed: 'true' });
    await settledOn(current, failedRevision);
  });

  test('after a deploy the circuit breaker rolled back, the same commit registers and deploys again', async () => {
    const current = await setUp({ scenario: { rollout: 'crash-loop' } });
    const failedRun = await deploy(current);
    expect(failedRun.exitCode).toBe(1);
    await settledOn(current, current.initialTaskDefinitionArn);

    current.standin.setScenario({ rollout: 'healthy' });
    const callsBefore = current.standin.calls().length;
    const again = await deploy(current);
    expect(errorLines(again)).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(ecsOperationsSince(current, callsBefore).filter((operation) => CHANGING.test(operation))).toEqual([
      'RegisterTaskDefinition',
      'UpdateService',
    ]);
    expect(again.outputs).toMatchObject({ 'task-definition-arn': expect.stringMatching(/:task-definition\/my-app:3$/), deployed: 'true' });
    await settledOn(current, again.outputs['task-definition-arn'] ?? '');
  });
});

describe('long and unwaited deploys', () => {
  test('credentials that expire during the wait are renewed with a new OIDC token, never used expired', async () => {
    // Sessions of 6 simulated seconds (3 s of wall time) against a rollout of about 26 s (13 s).
    const current = await setUp({ scenario: { rollout: 'slow-start', credentialTtlSeconds: 6 }, timeScale: 2 });
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const calls = current.standin.calls();
    expect(calls.filter((call) => call.operation === 'AssumeRoleWithWebIdentity').length).toBeGreaterThanOrEqual(3);
    expect(calls.filter((call) => call.service === 'oidc').length).toBeGreaterThanOrEqual(3);
    expect(calls.filter((call) => call.errorCode === 'ExpiredTokenException')).toEqual([]);
    expect(current.serviceState()['taskDefinition']).toBe(run.outputs['task-definition-arn']);
  });

  test('wait-for-service-stability false updates the service and returns without watching', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'wait-for-service-stability': 'false' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rollout-state']).toBe('IN_PROGRESS');
    expect(run.outputs['deployment-id']).toMatch(/:service-deployment\/my-cluster\/my-service\//);
    expect(current.standin.calls().filter((call) => call.operation === 'DescribeServiceDeployments')).toEqual([]);
    expect(current.serviceState()['taskDefinition']).toBe(run.outputs['task-definition-arn']);
  });

  test('a deployment that never completes times out as a failure, says its state, and is rolled back', async () => {
    const current = await setUp({ scenario: { rollout: 'crash-loop' }, circuitBreaker: { enable: false, rollback: false } });
    const run = await deploy(current, { 'wait-for-minutes': '1', 'max-failed-tasks': '0' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('TIMED_OUT');
    // The counts and the last event depend on how far the simulation got in the minute of wall time.
    const reason = new RegExp(
      '^my-service timed out: Deployment of my-app:2 to my-service did not finish within 1 min: ' +
        '\\d/2 tasks running, \\d pending, \\d+ failed, rollout IN_PROGRESS, service deployment IN_PROGRESS; ' +
        'last event: .+[^.]\\. We rolled the deployment back \\(StopServiceDeployment\\): it is back on my-app:1\\.$',
    );
    expect(run.outputs['failure-reason']).toMatch(reason);
    expect(errorLines(run).at(-1)).toBe(`::error::Deployment watch failed: ${run.outputs['failure-reason'] ?? ''}${NEXT_AFTER_TIMEOUT}`);
    expect(run.summary).toContain(OUR_ROLLBACK);
    await settledOn(current, current.initialTaskDefinitionArn);
  });
});

describe('transient faults are retried', () => {
  const answered = (calls: readonly RecordedCall[], service: RecordedCall['service']): string[] =>
    calls.filter((call) => call.service === service && call.status >= 400).map((call) => call.errorCode ?? String(call.status));
  test.each<[string, WorldOptions['scenario'], (calls: readonly RecordedCall[]) => void]>([
    [
      'throttling on a share of ECS and ECR calls',
      { rollout: 'healthy', throttleShare: 0.3 },
      (calls) => expect([...answered(calls, 'ecs'), ...answered(calls, 'ecr')]).toContain('ThrottlingException'),
    ],
    [
      'a burst of 5xx answers from ECS',
      { rollout: 'healthy', serverErrorBurst: { service: 'ecs', count: 3 } },
      (calls) => expect(answered(calls, 'ecs')).toEqual(['ServerException', 'ServiceUnavailableException', 'ServerException']),
    ],
    [
      'STS IDPCommunicationError on the first attempts',
      { rollout: 'healthy', stsIdpCommunicationErrors: 2 },
      (calls) => expect(answered(calls, 'sts')).toEqual(['IDPCommunicationError', 'IDPCommunicationError']),
    ],
    [
      'OIDC endpoint 500s on the first requests',
      { rollout: 'healthy', oidcServerErrors: 2 },
      (calls) => expect(answered(calls, 'oidc')).toEqual(['500', '500']),
    ],
  ])('%s: the faults are met and the deploy still succeeds', async (_name, scenario, expectFaultsMet) => {
    const current = await setUp({ scenario });
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expectFaultsMet(current.standin.calls());
    await settledOn(current, run.outputs['task-definition-arn'] ?? '');
  });
});

describe('failed deploys are failures, with their reason', () => {
  test('a crash loop fails as soon as the circuit breaker rolls back, naming the exit code, and the service returns to the old revision', async () => {
    const current = await setUp({ scenario: { rollout: 'crash-loop' } });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    // The breaker trips on the second pair of crashed tasks and ECS starts no more of them: always 4.
    const reason =
      'my-service failed: Deployment of my-app:2 to my-service failed: ECS is rolling back to my-app:1, service deployment ' +
      'ROLLBACK_IN_PROGRESS (Service deployment rolled back because the circuit breaker threshold was exceeded.). ' +
      `4 tasks stopped like this: ${CRASHED_TASK}.`;
    expect(withoutTaskIds(run.outputs['failure-reason'] ?? '')).toBe(reason);
    expect(run.outputs['rollout-state']).toBe('ROLLBACK_IN_PROGRESS');
    expect(errorLines(run).map(withoutTaskIds)).toEqual([
      CRASHED_TASK_ANNOTATION,
      `::error::Deployment watch failed: ${reason}${NEXT_AFTER_ROLLBACK}`,
    ]);
    expect(run.summary).toContain('## oidc-ecs-deploy: ❌ Deployment failed');
    expect(run.summary).toContain('Rollback: ecs-circuit-breaker: requested (ECS is rolling back to my-app:1)');
    await settledOn(current, current.initialTaskDefinitionArn);
  });

  test('three services where one crash-loops: the other two are watched to success, the step fails naming only the one', async () => {
    const services = ['api', 'worker', 'web'];
    const current = await setUp({ services, scenario: { rollout: 'healthy', serviceRollouts: { worker: 'crash-loop' } } });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const revision = run.outputs['task-definition-arn'] ?? '';
    expect(run.outputs['failure-reason']).toMatch(
      /^worker failed: Deployment of my-app:2 to worker failed: ECS is rolling back to my-app:1/,
    );
    expect(errorLines(run).at(-1)).toMatch(/^::error::Deployment watch failed: worker failed: /);
    expect(errorLines(run).map(withoutTaskIds)).toContain(`::error title=worker%3A task <id> stopped::${CRASHED_TASK}${CRASH_LOGGED}`);
    // One row per service, each with its own outcome.
    expect(run.summary).toMatch(/\| `api` \|[^\n]*\| ✅ succeeded \(COMPLETED\) \|/);
    expect(run.summary).toMatch(/\| `worker` \|[^\n]*\| ❌ failed \(ROLLBACK_/);
    expect(run.summary).toMatch(/\| `web` \|[^\n]*\| ✅ succeeded \(COMPLETED\) \|/);
    for (const service of ['api', 'web']) expect(current.serviceState(service)['taskDefinition']).toBe(revision);
    await settledOn(current, current.initialTaskDefinitionArn, 'worker');
  });

  test('fail-fast with three services: the step fails at the first failure, without waiting for the slow two', async () => {
    const services = ['api', 'worker', 'web'];
    const current = await setUp({ services, scenario: { rollout: 'slow-start', serviceRollouts: { worker: 'crash-loop' } } });
    const run = await deploy(current, { 'fail-fast': 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failure-reason']).toMatch(/^worker failed: /);
    expect(run.summary).toMatch(/\| `worker` \|[^\n]*\| ❌ failed/);
    for (const service of ['api', 'web']) {
      expect(run.summary).toMatch(new RegExp(`\\| \`${service}\` \\|[^\\n]*\\| ➡️ updated \\(not waited for\\) \\(IN_PROGRESS\\)`));
      expect(run.summary).toContain(
        `**${service}**: Not waited for: fail-fast stopped watching at the first failure (worker); the deployment of ${service} may still be in progress.`,
      );
    }
    // The slow services complete 23 s after their update, after the step ended; they still reach our revision.
    for (const service of ['api', 'web']) await settledOn(current, run.outputs['task-definition-arn'] ?? '', service);
  });

  test('an image that cannot be pulled fails with CannotPullContainerError', async () => {
    const current = await setUp();
    const run = await deploy(current, {
      repository: '',
      'container-engine': '',
      image: `${current.repositoryUri}@sha256:${'0'.repeat(64)}`,
      'container-name': 'app',
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('CannotPullContainerError');
    expect(errorLines(run).at(-1)).toMatch(/Deployment watch failed/);
    await settledOn(current, current.initialTaskDefinitionArn);
  });

  test('without a circuit breaker, our own rollback returns the service to the previous revision', async () => {
    const current = await setUp({ scenario: { rollout: 'crash-loop' }, circuitBreaker: { enable: false, rollback: false } });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rollout-state']).toBe('FAILED');
    // Without a breaker ECS keeps replacing the tasks, so how many had stopped by the watch's look varies.
    const reason = new RegExp(
      '^my-service failed: Deployment of my-app:2 to my-service failed: \\d+ tasks stopped with the same failure, ' +
        'which will not fix itself \\(max-failed-tasks 3\\): ' +
        `${escapeRegExp(CRASHED_TASK)}\\. We rolled the deployment back \\(StopServiceDeployment\\): it is back on my-app:1\\.$`,
    );
    const failureReason = withoutTaskIds(run.outputs['failure-reason'] ?? '');
    expect(failureReason).toMatch(reason);
    expect(errorLines(run).map(withoutTaskIds)).toEqual([
      CRASHED_TASK_ANNOTATION,
      `::error::Deployment watch failed: ${failureReason}${NEXT_AFTER_FAILING_TASKS}`,
    ]);
    expect(run.summary).toContain(OUR_ROLLBACK);
    await settledOn(current, current.initialTaskDefinitionArn);
  });

  test('the deployments API being denied falls back to the service deployments and still succeeds', async () => {
    const current = await setUp();
    current.standin.ecs.setServiceDeploymentsApi(ACCOUNT, 'access-denied');
    const run = await deploy(current);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    // The service deployment ARN comes from UpdateService's answer; reading it back was denied.
    expect(run.outputs['deployment-id']).toMatch(/:service-deployment\/my-cluster\/my-service\//);
    const denied = current.standin
      .calls()
      .filter((call) => call.operation === 'DescribeServiceDeployments' && call.errorCode === 'AccessDeniedException');
    expect(denied.length).toBeGreaterThanOrEqual(1);
  });
});

describe('credentials and inputs fail before anything changes', () => {
  function expectNothingChanged(current: World): void {
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    const mutating = current.standin.calls().filter((call) => /^(Register|Update|Put|Stop|Create|Deregister)/.test(call.operation));
    expect(mutating).toEqual([]);
  }

  test('a trust policy that does not match the sub fails at once with the sub and a matching condition', async () => {
    const current = await setUp({ trustedSubject: 'repo:my-org/other-app:ref:refs/heads/main' });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    const output = run.stdout;
    expect(output).toContain('Not authorized to perform sts:AssumeRoleWithWebIdentity');
    expect(output).toContain(ROLE_ARN);
    expect(output).toContain(`"${SUBJECT}"`);
    expect(current.standin.calls().filter((call) => call.operation === 'AssumeRoleWithWebIdentity')).toHaveLength(1);
    expectNothingChanged(current);
  });

  test('a wrong audience names the audience input', async () => {
    const current = await setUp();
    const run = await deploy(current, { audience: 'my-own-audience' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('my-own-audience');
    expect(errorLines(run).at(-1)).toMatch(/audience/);
    expectNothingChanged(current);
  });

  test('a job without `id-token: write` fails at once saying how to fix it', async () => {
    const current = await setUp();
    const run = await deploy(current, {}, { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).at(-1)).toMatch(/permissions: id-token: write/);
    expect(current.standin.calls()).toEqual([]);
  });

  test('a bad input fails in one line naming it, before any request', async () => {
    const current = await setUp();
    const run = await deploy(current, { 'wait-for-minutes': 'ten' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      '::error::Inputs failed: Input `wait-for-minutes` was "ten"; expected a whole number from 1 to 720 (minutes).',
    ]);
    expect(current.standin.calls()).toEqual([]);
  });

  test.each([
    [
      'a role ARN in a partition that does not exist',
      { 'role-to-assume': 'arn:aws-xx:iam::123456789012:role/my-deploy-role' },
      'Input `role-to-assume` was "arn:aws-xx:iam::123456789012:role/my-deploy-role"; expected an ARN whose partition is one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc, not aws-xx.',
    ],
    [
      'a chained role ARN of another partition than aws-region',
      { 'role-chain': 'arn:aws-cn:iam::210987654321:role/my-target-deploy-role' },
      'Input `role-chain` was "arn:aws-cn:iam::210987654321:role/my-target-deploy-role"; expected an ARN in partition aws, the partition of `aws-region` us-east-1, not in aws-cn.',
    ],
    [
      'a service ARN of another region',
      { service: `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${CLUSTER}/${SERVICE}` },
      `Input \`service\` was "arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${CLUSTER}/${SERVICE}"; expected a service in \`aws-region\` us-east-1, not in eu-west-1.`,
    ],
    [
      'a service ARN of another cluster than `cluster`',
      { service: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/other-cluster/${SERVICE}` },
      `Input \`service\` was "arn:aws:ecs:us-east-1:${ACCOUNT}:service/other-cluster/${SERVICE}"; expected a service of the cluster that \`cluster\` names (${CLUSTER}), not of cluster other-cluster.`,
    ],
    [
      'a repository URI of another region',
      { repository: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${REPOSITORY}` },
      `Input \`repository\` was "${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${REPOSITORY}"; expected a repository in \`aws-region\` us-east-1, not in eu-west-1 (or set \`aws-region\` to eu-west-1).`,
    ],
  ])('%s fails as a bad input naming both values, before any request', async (_name, inputs, message) => {
    const current = await setUp();
    const run = await deploy(current, inputs);
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([`::error::Inputs failed: ${message}`]);
    expect(current.standin.calls()).toEqual([]);
  });

  test('a task definition file that is not valid JSON fails as a bad input, before any request', async () => {
    const current = await setUp();
    writeFileSync(path.join(current.workspace, 'task-definition.json'), '{"family": "my-app", "containerDefinitions": [],}');
    const run = await deploy(current, { 'task-definition': 'task-definition.json' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Inputs failed: Input `task-definition` was "task-definition.json"; expected a task definition in JSON, but the file is not valid JSON/,
      ),
    ]);
    expect(current.standin.calls()).toEqual([]);
  });

  test('an expired registry password fails the login with a clear message and changes nothing', async () => {
    const current = await setUp({ scenario: { rollout: 'healthy', registryPasswordTtlSeconds: 1 } });
    const run = await deploy(current);
    expect(run.exitCode).toBe(1);
    expect(errorLines(run).at(-1)).toMatch(/Image failed: .*(log ?in|401|unauthori[sz]ed)/i);
    expectNothingChanged(current);
  });
});
