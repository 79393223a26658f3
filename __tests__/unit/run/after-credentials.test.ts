// The phases after Credentials, composed by `deploy` and shown to the user by `finish`: every output,
// annotation, failure sentence and summary for a deploy, a dry run, the no-wait path, a partial
// UpdateService failure and each phase that can fail. The phase modules are stand-ins.
import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../../../src/shared/aws-clients.js';
import type { AwsSession } from '../../../src/auth/session.js';
import type { Config } from '../../../src/inputs/config.js';
import type { PreparedImage } from '../../../src/image/prepare.js';
import type { PlannedDeployment } from '../../../src/task-definition/plan.js';
import type { ServiceUpdates, StartedDeployment } from '../../../src/service/update.js';
import type { WatchOutcome } from '../../../src/watch/watch-request.js';
import type { OidcToken } from '../../../src/auth/oidc-token.js';
import { sampleConfig } from '../../../__fixtures__/config.js';
import type { ScanRead } from '../../../src/scan/wait-for-scan.js';
import type { StartFailure } from '../../../src/service/start-failure.js';

const summary = {
  addRaw: jest.fn((_text: string, _addEol?: boolean) => summary),
  write: jest.fn(() => Promise.resolve(summary)),
};
jest.unstable_mockModule('@actions/core', async () => ({ ...(await import('../../../__fixtures__/core.js')), summary }));
const clients = { ecr: {}, ecs: {}, watchEcs: {}, logs: {} } as unknown as AwsClients;
const createClients = jest.fn(() => clients);
const destroyClients = jest.fn();
jest.unstable_mockModule('../../../src/shared/aws-clients.js', () => ({ createClients, destroyClients }));
const prepareImage = jest.fn<() => Promise<PreparedImage>>();
jest.unstable_mockModule('../../../src/image/prepare.js', () => ({ prepareImage }));
const planDeployment = jest.fn<() => Promise<PlannedDeployment>>();
const describePlan = jest.fn<(plan: unknown, config: unknown, decisions: unknown) => string[]>();
const registerRevisions = jest.fn<() => Promise<TaskDefinition[]>>();
const updateServices = jest.fn<() => Promise<ServiceUpdates>>();
jest.unstable_mockModule('../../../src/task-definition/plan.js', () => ({ planDeployment, describePlan }));
jest.unstable_mockModule('../../../src/task-definition/register.js', () => ({ registerRevisions }));
jest.unstable_mockModule('../../../src/service/update.js', () => ({ updateServices }));
const watchDeployments = jest.fn<(requests: readonly { service: string }[], options?: { failFast?: boolean }) => Promise<WatchOutcome[]>>();
jest.unstable_mockModule('../../../src/watch/watch-deployment.js', () => ({ watchDeployments }));
const establishSession = jest.fn<(auth: Config['auth'], deps: object) => Promise<AwsSession>>();
jest.unstable_mockModule('../../../src/auth/session.js', () => ({ establishSession }));

const waitForScan = jest.fn<(ecr: unknown, target: unknown, options: unknown) => Promise<ScanRead>>();
jest.unstable_mockModule('../../../src/scan/wait-for-scan.js', () => ({ waitForScan }));

const core = await import('../../../__fixtures__/core.js');
const { deploy, establish } = await import('../../../src/run/after-credentials.js');
const { finish } = await import('../../../src/report/finish.js');
const { EMPTY_RECORD } = await import('../../../src/report/report.js');

const ROLE = 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-my-org-my-app-1-1';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const NEW_REVISION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8';
const API_PREVIOUS = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';
const WORKER_PREVIOUS = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:6';
const API_DEPLOYMENT = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/api/AbC123';
const WORKER_DEPLOYMENT = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/worker/DeF456';

function config(deploy: Partial<Config['deploy']> = {}): Config {
  return sampleConfig({ deploy: { services: ['api', 'worker'], ...deploy } });
}

const session: AwsSession = {
  credentials: () => Promise.resolve({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret' }),
  assumedRoleArn: ROLE,
  account: '123456789012',
  source: 'oidc',
};
const afterCredentials = {
  ...EMPTY_RECORD,
  identity: ROLE,
  phases: [
    { phase: 'Inputs', milliseconds: 3, status: 'succeeded' },
    { phase: 'Credentials', milliseconds: 310, status: 'succeeded' },
  ],
} as const;
const image: PreparedImage = {
  uri: `${REGISTRY}/my-app@${DIGEST}`,
  registry: REGISTRY,
  tag: 'v1',
  digest: DIGEST,
  origin: 'reused',
  repositoryUri: `${REGISTRY}/my-app`,
  otherImages: [],
};
const RENDERED = { family: 'my-app', containerDefinitions: [{ name: 'app', image: image.uri, memory: 256 }] };
const plan: PlannedDeployment = {
  targets: [
    { service: 'api', previousTaskDefinitionArn: API_PREVIOUS, render: 0 },
    { service: 'worker', previousTaskDefinitionArn: WORKER_PREVIOUS, render: 0 },
  ],
  renders: [{ origin: API_PREVIOUS, before: { family: 'my-app' }, input: RENDERED, containerNames: ['app'] }],
  // Revisions of another image: both services change.
  now: [
    { service: { serviceName: 'api', taskDefinition: API_PREVIOUS }, running: runningRevision(API_PREVIOUS, `${REGISTRY}/my-app:v0`) },
    {
      service: { serviceName: 'worker', taskDefinition: WORKER_PREVIOUS },
      running: runningRevision(WORKER_PREVIOUS, `${REGISTRY}/my-app:v0`),
    },
  ],
};

function runningRevision(arn: string, imageUri: string): PlannedDeployment['now'][number]['running'] {
  return {
    taskDefinition: { ...RENDERED, taskDefinitionArn: arn, containerDefinitions: [{ name: 'app', image: imageUri, memory: 256 }] },
    tags: [],
  };
}

/** The same two services already running the image this run would register, their last deployments in these states. */
function alreadyRunning(apiRollout: string, workerRollout: string): PlannedDeployment {
  const now = (service: string, arn: string, rolloutState: string): PlannedDeployment['now'][number] => ({
    service: {
      serviceName: service,
      taskDefinition: arn,
      currentServiceDeployment: service === 'api' ? API_DEPLOYMENT : WORKER_DEPLOYMENT,
      deployments: [
        {
          id: `ecs-svc/${service}`,
          status: 'PRIMARY',
          taskDefinition: arn,
          rolloutState: rolloutState as 'COMPLETED',
          createdAt: new Date(0),
        },
      ],
    },
    running: runningRevision(arn, image.uri),
  });
  return { ...plan, now: [now('api', API_PREVIOUS, apiRollout), now('worker', WORKER_PREVIOUS, workerRollout)] };
}
const revision: TaskDefinition = { taskDefinitionArn: NEW_REVISION, family: 'my-app' };

function started(service: 'api' | 'worker', serviceDeploymentArn: string | undefined): StartedDeployment {
  const target = plan.targets.find((candidate) => candidate.service === service);
  if (!target) throw new Error(`no target ${service}`);
  return { target, taskDefinition: revision, updatedAt: new Date(0), deploymentId: `ecs-svc/${service}`, serviceDeploymentArn };
}

function outcome(service: string, fields: Partial<WatchOutcome> = {}): WatchOutcome {
  return {
    service,
    status: 'succeeded',
    rolloutState: 'COMPLETED',
    deploymentId: service === 'api' ? API_DEPLOYMENT : WORKER_DEPLOYMENT,
    reason: '',
    stoppedTasks: [],
    events: [],
    durationMs: 6_400,
    apiCalls: 4,
    ...fields,
  };
}

const workerNotActive: StartFailure = {
  service: 'worker',
  operation: 'ecs:UpdateService',
  error: new Error('ServiceNotActiveException: Service was not ACTIVE.'),
};

/** Runs the phases after Credentials and shows the result as the step would. */
async function deployAndFinish(settings: Partial<Config['deploy']> = {}): Promise<void> {
  const result = await deploy(config(settings), session, afterCredentials);
  await finish(result, { GITHUB_STEP_SUMMARY: '/home/runner/work/_temp/summary.md' });
}

function outputs(): Record<string, string> {
  const names = core.setOutput.mock.calls.map(([name]) => name);
  expect(new Set(names).size).toBe(names.length);
  return Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, String(value)]));
}

function failureSentences(): string[] {
  return core.setFailed.mock.calls.map(([message]) => String(message));
}

function summaryMarkdown(): string {
  expect(summary.addRaw).toHaveBeenCalledTimes(1);
  expect(summary.write).toHaveBeenCalledTimes(1);
  return summary.addRaw.mock.calls[0]?.[0] ?? '';
}

const IMAGE_OUTPUTS = {
  'assumed-role-arn': ROLE,
  'image-uri': `${REGISTRY}/my-app@${DIGEST}`,
  'image-digest': DIGEST,
  'image-tag': 'v1',
  registry: REGISTRY,
};

beforeEach(() => {
  jest.clearAllMocks();
  prepareImage.mockResolvedValue(image);
  planDeployment.mockResolvedValue(plan);
  describePlan.mockReturnValue(['# arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7 → new revision of my-app for api, worker']);
  registerRevisions.mockResolvedValue([revision]);
  updateServices.mockResolvedValue({ started: [started('api', API_DEPLOYMENT), started('worker', WORKER_DEPLOYMENT)], failed: [] });
  watchDeployments.mockResolvedValue([outcome('api'), outcome('worker')]);
});

describe('establish', () => {
  test('hands the auth settings, the GitHub context, the early token and the proxy to the session', async () => {
    establishSession.mockResolvedValue(session);
    const token: Promise<OidcToken> = Promise.resolve({
      token: 'header.payload.signature',
      claims: { sub: 'repo:my-org/my-app:ref:refs/heads/main' },
    });
    await expect(establish(config(), token)).resolves.toBe(session);
    expect(establishSession).toHaveBeenCalledWith(config().auth, { github: config().github, firstToken: token, proxy: config().proxy });
  });
});

describe('a deploy that succeeds', () => {
  test('sets every output once, with the first service’s values, and does not fail the step', async () => {
    await deployAndFinish();
    expect(outputs()).toEqual({
      ...IMAGE_OUTPUTS,
      deployed: 'true',
      'task-definition-arn': NEW_REVISION,
      'previous-task-definition-arn': API_PREVIOUS,
      'deployment-id': API_DEPLOYMENT,
      'rollout-state': 'COMPLETED',
      'failure-reason': '',
    });
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.error).not.toHaveBeenCalled();
    expect(watchDeployments.mock.calls[0]?.[0].map((request) => request.service)).toEqual(['api', 'worker']);
    expect(destroyClients).toHaveBeenCalledWith(clients);
  });

  test('summarises both services and the time of every phase', async () => {
    await deployAndFinish();
    const markdown = summaryMarkdown();
    expect(markdown).toContain('## oidc-ecs-deploy: ✅ Deployed');
    expect(markdown).toContain('| `api` | `my-app:7` → `my-app:8` | `AbC123` | ✅ succeeded (COMPLETED) | 6.4 s |');
    expect(markdown).toContain('| `worker` | `my-app:6` → `my-app:8` | `DeF456` | ✅ succeeded (COMPLETED) | 6.4 s |');
    for (const phase of ['Inputs', 'Credentials', 'Image', 'Task definition', 'Service update', 'Deployment watch'])
      expect(markdown).toMatch(new RegExp(`\\| ${phase} \\| \\d+\\.\\d s \\|`));
  });

  test('names the watch’s deployment when UpdateService gave only the ecs-svc id', async () => {
    updateServices.mockResolvedValue({ started: [started('api', undefined)], failed: [] });
    watchDeployments.mockResolvedValue([outcome('api')]);
    await deployAndFinish();
    expect(outputs()['deployment-id']).toBe(API_DEPLOYMENT);
  });
});

describe('a re-run that changes nothing', () => {
  test('registers nothing, updates nothing, watches nothing, and names the revision and deployment each service already runs', async () => {
    planDeployment.mockResolvedValue(alreadyRunning('COMPLETED', 'COMPLETED'));
    await deployAndFinish();
    expect(registerRevisions).not.toHaveBeenCalled();
    expect(updateServices).not.toHaveBeenCalled();
    expect(watchDeployments).not.toHaveBeenCalled();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(outputs()).toEqual({
      ...IMAGE_OUTPUTS,
      'task-definition-arn': API_PREVIOUS,
      'previous-task-definition-arn': API_PREVIOUS,
      'deployment-id': API_DEPLOYMENT,
      'rollout-state': 'COMPLETED',
      'failure-reason': '',
      deployed: 'false',
    });
    const markdown = summaryMarkdown();
    expect(markdown).toContain('## oidc-ecs-deploy: ✅ No change: already deployed');
    expect(markdown).toContain('| `api` | `my-app:7` → `my-app:7` | `AbC123` | ✅ unchanged (COMPLETED) | 0.0 s |');
    expect(markdown).toContain('**api** already runs this image and settings (`my-app:7`): nothing was registered or deployed.');
    expect(markdown).toContain('**worker** already runs this image and settings (`my-app:6`): nothing was registered or deployed.');
  });

  test('a service whose last deployment failed is rolled out again on its revision, forced, while the unchanged one is left alone', async () => {
    planDeployment.mockResolvedValue(alreadyRunning('COMPLETED', 'FAILED'));
    const workerAgain: StartedDeployment = {
      target: { service: 'worker', previousTaskDefinitionArn: WORKER_PREVIOUS, render: 0 },
      taskDefinition: { taskDefinitionArn: WORKER_PREVIOUS },
      updatedAt: new Date(0),
      deploymentId: 'ecs-svc/worker-again',
      serviceDeploymentArn: WORKER_DEPLOYMENT,
    };
    updateServices.mockResolvedValue({ started: [workerAgain], failed: [] });
    watchDeployments.mockResolvedValue([outcome('worker')]);
    await deployAndFinish();

    expect(registerRevisions).not.toHaveBeenCalled();
    expect(updateServices).toHaveBeenCalledTimes(1);
    const [, forcedConfig, againPlan] = updateServices.mock.calls[0] as unknown as [unknown, Config, PlannedDeployment];
    expect(forcedConfig.deploy.forceNewDeployment).toBe(true);
    expect(againPlan.targets.map((target) => target.service)).toEqual(['worker']);
    // The same revision again: there is no other one to roll back to.
    expect(watchDeployments.mock.calls[0]?.[0]).toEqual([
      expect.objectContaining({ service: 'worker', taskDefinitionArn: WORKER_PREVIOUS, previousTaskDefinitionArn: '' }),
    ]);
    expect(outputs()).toMatchObject({ 'task-definition-arn': API_PREVIOUS, 'rollout-state': 'COMPLETED', deployed: 'true' });
    expect(summaryMarkdown()).toContain('| `worker` | `my-app:6` → `my-app:6` | `DeF456` | ✅ succeeded (COMPLETED) | 6.4 s |');
  });

  test('a service still rolling out the same revision is watched to its end without another UpdateService', async () => {
    planDeployment.mockResolvedValue(alreadyRunning('IN_PROGRESS', 'COMPLETED'));
    watchDeployments.mockResolvedValue([outcome('api')]);
    await deployAndFinish();

    expect(updateServices).not.toHaveBeenCalled();
    expect(watchDeployments.mock.calls[0]?.[0]).toEqual([
      expect.objectContaining({
        service: 'api',
        taskDefinitionArn: API_PREVIOUS,
        deploymentId: 'ecs-svc/api',
        serviceDeploymentArn: API_DEPLOYMENT,
      }),
    ]);
    expect(outputs()).toMatchObject({ 'task-definition-arn': API_PREVIOUS, 'rollout-state': 'COMPLETED', deployed: 'false' });
    expect(core.setFailed).not.toHaveBeenCalled();
  });
});

describe('a dry run', () => {
  test('sets only the identity and the image, logs the plan, and changes nothing', async () => {
    prepareImage.mockResolvedValue({ ...image, digest: '', origin: 'planned', uri: `${REGISTRY}/my-app:v1` });
    await deployAndFinish({ dryRun: true });
    expect(outputs()).toEqual({ ...IMAGE_OUTPUTS, 'image-uri': `${REGISTRY}/my-app:v1`, 'image-digest': '', deployed: 'false' });
    expect(registerRevisions).not.toHaveBeenCalled();
    expect(updateServices).not.toHaveBeenCalled();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.info).toHaveBeenCalledWith('Dry run: nothing was pushed, registered or updated.');
    const markdown = summaryMarkdown();
    expect(markdown).toContain('📝 Dry run: nothing changed');
    expect(markdown).toContain(
      '```diff\n# arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7 → new revision of my-app for api, worker\n```',
    );
    expect(markdown).toContain('| `api` | `my-app:7` → `—` | — | 📝 planned (dry run) | 0.0 s |');
  });

  test('plans each service on its own: the unchanged one is shown unchanged, the other planned', async () => {
    planDeployment.mockResolvedValue(alreadyRunning('COMPLETED', 'FAILED'));
    await deployAndFinish({ dryRun: true });
    expect(describePlan).toHaveBeenCalledWith(expect.anything(), expect.anything(), [
      expect.objectContaining({ kind: 'unchanged' }),
      expect.objectContaining({ kind: 'redeploy' }),
    ]);
    const markdown = summaryMarkdown();
    expect(markdown).toContain('| `api` | `my-app:7` → `my-app:7` | `AbC123` | ✅ unchanged (COMPLETED) | 0.0 s |');
    expect(markdown).toContain('| `worker` | `my-app:6` → `—` | — | 📝 planned (dry run) | 0.0 s |');
    expect(registerRevisions).not.toHaveBeenCalled();
  });
});

describe('not waiting for the deployment', () => {
  test('reports the rollout IN_PROGRESS with the service deployment ARN, without watching', async () => {
    await deployAndFinish({ waitForStability: false });
    expect(outputs()).toEqual({
      ...IMAGE_OUTPUTS,
      deployed: 'true',
      'task-definition-arn': NEW_REVISION,
      'previous-task-definition-arn': API_PREVIOUS,
      'deployment-id': API_DEPLOYMENT,
      'rollout-state': 'IN_PROGRESS',
      'failure-reason': '',
    });
    expect(watchDeployments).not.toHaveBeenCalled();
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(summaryMarkdown()).toContain('| `api` | `my-app:7` → `my-app:8` | `AbC123` | ➡️ updated (not waited for) | 0.0 s |');
  });

  test('names the ecs-svc id when UpdateService gave no service deployment ARN', async () => {
    updateServices.mockResolvedValue({ started: [started('api', undefined)], failed: [] });
    await deployAndFinish({ waitForStability: false });
    expect(outputs()['deployment-id']).toBe('ecs-svc/api');
  });

  test('still fails the step naming the service that was not updated', async () => {
    updateServices.mockResolvedValue({ started: [started('api', API_DEPLOYMENT)], failed: [workerNotActive] });
    await deployAndFinish({ waitForStability: false });
    expect(outputs()).toMatchObject({
      'deployment-id': API_DEPLOYMENT,
      'rollout-state': 'IN_PROGRESS',
      'failure-reason': 'UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.',
    });
    expect(failureSentences()).toEqual([
      'Service update failed: UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE. Next: check `service`, `cluster` and `aws-region`: the service must exist and be ACTIVE there.',
    ]);
  });
});

describe('UpdateService failing for one of two services', () => {
  beforeEach(() => {
    updateServices.mockResolvedValue({ started: [started('api', API_DEPLOYMENT)], failed: [workerNotActive] });
    watchDeployments.mockResolvedValue([outcome('api')]);
  });

  test('watches the started service, sets its outputs, and fails the step naming the other', async () => {
    await deployAndFinish();
    expect(watchDeployments.mock.calls[0]?.[0].map((request) => request.service)).toEqual(['api']);
    expect(outputs()).toEqual({
      ...IMAGE_OUTPUTS,
      deployed: 'true',
      'task-definition-arn': NEW_REVISION,
      'previous-task-definition-arn': API_PREVIOUS,
      'deployment-id': API_DEPLOYMENT,
      'rollout-state': 'COMPLETED',
      'failure-reason': 'UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.',
    });
    expect(core.error).toHaveBeenCalledTimes(1);
    expect(core.error).toHaveBeenCalledWith('UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.', {
      title: 'worker: not updated',
    });
    expect(failureSentences()).toEqual([
      'Service update failed: UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE. Next: check `service`, `cluster` and `aws-region`: the service must exist and be ACTIVE there.',
    ]);
  });

  test('summarises the watched service and the one not updated, marking no phase as failed', async () => {
    await deployAndFinish();
    const markdown = summaryMarkdown();
    expect(markdown).toContain('> **Service update**: UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.');
    expect(markdown).toContain('| `api` | `my-app:7` → `my-app:8` | `AbC123` | ✅ succeeded (COMPLETED) | 6.4 s |');
    expect(markdown).toContain('| `worker` | `my-app:6` → `—` | — | ❌ failed | 0.0 s |');
    expect(markdown).toContain('**worker**: ServiceNotActiveException: Service was not ACTIVE.');
    expect(markdown).not.toContain(' ❌ |');
  });

  test('fail-fast: the started service is not watched but reported updated, not waited for, and the step fails on the update', async () => {
    await deployAndFinish({ failFast: true });
    expect(watchDeployments).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({
      deployed: 'true',
      'deployment-id': API_DEPLOYMENT,
      'rollout-state': 'IN_PROGRESS',
      'failure-reason': 'UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.',
    });
    expect(failureSentences()).toEqual([
      'Service update failed: UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE. Next: check `service`, `cluster` and `aws-region`: the service must exist and be ACTIVE there.',
    ]);
    const notWaited =
      'Not waited for: fail-fast stopped at the first failure (UpdateService failed for worker); the deployment of api may still be in progress.';
    expect(core.info).toHaveBeenCalledWith(notWaited);
    const markdown = summaryMarkdown();
    expect(markdown).toContain('| `api` | `my-app:7` → `my-app:8` | `AbC123` | ➡️ updated (not waited for) (IN_PROGRESS) | 0.0 s |');
    expect(markdown).toContain(`**api**: ${notWaited}`);
    expect(markdown).toContain('| `worker` | `my-app:6` → `—` | — | ❌ failed | 0.0 s |');
  });

  test('fail-fast with every update started watches them all, told to stop at the first failure', async () => {
    updateServices.mockResolvedValue({ started: [started('api', API_DEPLOYMENT), started('worker', WORKER_DEPLOYMENT)], failed: [] });
    watchDeployments.mockResolvedValue([outcome('api'), outcome('worker')]);
    await deployAndFinish({ failFast: true });
    expect(watchDeployments.mock.calls[0]?.[0].map((request) => request.service)).toEqual(['api', 'worker']);
    expect(watchDeployments.mock.calls[0]?.[1]).toEqual({ failFast: true });
  });

  test('names the failed deployment first, then the service not updated, when the started one failed too', async () => {
    watchDeployments.mockResolvedValue([
      outcome('api', { status: 'failed', rolloutState: 'ROLLBACK_REQUESTED', reason: 'The deployment circuit breaker fired.' }),
    ]);
    await deployAndFinish();
    const reason =
      'api failed: The deployment circuit breaker fired. UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.';
    expect(outputs()).toMatchObject({ 'rollout-state': 'ROLLBACK_REQUESTED', 'failure-reason': reason });
    expect(failureSentences()).toEqual([
      `Deployment watch failed: ${reason} Next: see why the new tasks stopped above (stopped tasks, service events), fix it, and deploy again.`,
    ]);
  });
});

describe('codedeploy inputs in a run without a CODE_DEPLOY service', () => {
  test('warn that they have no effect once DescribeServices showed the controllers, and the deploy goes on', async () => {
    const result = await deploy(
      sampleConfig({
        deploy: { services: ['api', 'worker'] },
        codeDeploy: { application: 'my-app', deploymentGroup: 'my-app-bg' },
      }),
      session,
      afterCredentials,
    );
    const why = 'no service of this deploy has the CODE_DEPLOY deployment controller (api: ECS, worker: ECS).';
    expect(core.warning.mock.calls).toEqual([
      [`Input \`codedeploy-application\` has no effect in this run: ${why}`, { title: 'Input codedeploy-application' }],
      [`Input \`codedeploy-deployment-group\` has no effect in this run: ${why}`, { title: 'Input codedeploy-deployment-group' }],
    ]);
    expect(result.ending).toEqual({ kind: 'deployed' });
  });
});

describe('CodeDeploy CreateDeployment failing for one of two services', () => {
  const blueRefused: StartFailure = {
    service: 'worker',
    operation: 'codedeploy:CreateDeployment',
    error: new Error(
      'DeploymentLimitExceeded: too many deployments in progress (CodeDeploy application "my-app" with deployment group "my-app-bg")',
    ),
  };
  const sentence =
    'CodeDeploy CreateDeployment failed for worker: DeploymentLimitExceeded: too many deployments in progress (CodeDeploy application "my-app" with deployment group "my-app-bg")';

  beforeEach(() => {
    updateServices.mockResolvedValue({ started: [started('api', API_DEPLOYMENT)], failed: [blueRefused] });
    watchDeployments.mockResolvedValue([outcome('api')]);
  });

  test('names CodeDeploy’s call, not UpdateService, in the failure reason, the annotation and the failure', async () => {
    await deployAndFinish();
    expect(outputs()['failure-reason']).toBe(sentence);
    expect(core.error).toHaveBeenCalledWith(sentence, { title: 'worker: not updated' });
    expect(failureSentences()).toEqual([`Service update failed: ${sentence}. Next: check the service and the role permissions.`]);
  });

  test('fail-fast: the service not waited for names CodeDeploy’s call as the first failure', async () => {
    await deployAndFinish({ failFast: true });
    expect(core.info).toHaveBeenCalledWith(
      'Not waited for: fail-fast stopped at the first failure (CodeDeploy CreateDeployment failed for worker); the deployment of api may still be in progress.',
    );
  });
});

describe('a failing phase', () => {
  test('Image, with `image` given: only the identity is set, and the advice is about the given image', async () => {
    prepareImage.mockRejectedValue(new Error('The image my-org/my-app:v1 does not exist'));
    await deployAndFinish();
    expect(outputs()).toEqual({ 'assumed-role-arn': ROLE });
    expect(failureSentences()).toEqual([
      'Image failed: The image my-org/my-app:v1 does not exist. Next: check that `image` names an image in its registry and that the role may read it.',
    ]);
    expect(summaryMarkdown()).toContain('| Image ❌ |');
    expect(destroyClients).toHaveBeenCalledWith(clients);
  });

  test.each([
    ['planning', () => planDeployment.mockRejectedValue(new Error('No container named web in my-app:7'))],
    ['registering', () => registerRevisions.mockRejectedValue(new Error('No container named web in my-app:7'))],
  ])('Task definition (%s): the identity and the image are set', async (_, fail) => {
    fail();
    await deployAndFinish();
    expect(outputs()).toEqual(IMAGE_OUTPUTS);
    expect(failureSentences()).toEqual([
      'Task definition failed: No container named web in my-app:7. Next: fix the task definition or `container-name` as the message says.',
    ]);
    expect(updateServices).not.toHaveBeenCalled();
  });

  test('Service update, every service: nothing about a deployment is set but that none happened, and nothing is watched', async () => {
    updateServices.mockResolvedValue({
      started: [],
      failed: [
        { service: 'api', operation: 'ecs:UpdateService', error: new Error('AccessDeniedException: not authorized') },
        workerNotActive,
      ],
    });
    await deployAndFinish();
    expect(outputs()).toEqual({ ...IMAGE_OUTPUTS, deployed: 'false' });
    expect(core.error).not.toHaveBeenCalled();
    expect(watchDeployments).not.toHaveBeenCalled();
    expect(failureSentences()).toEqual([
      'Service update failed: UpdateService failed for api: AccessDeniedException: not authorized UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE. Next: check the service and the role permissions.',
    ]);
    expect(summaryMarkdown()).toContain('| Service update ❌ |');
  });

  test('Deployment watch, a failed and a timed-out service: every output, with both reasons', async () => {
    watchDeployments.mockResolvedValue([
      outcome('api', { status: 'failed', rolloutState: 'FAILED', reason: 'The deployment circuit breaker fired.' }),
      outcome('worker', { status: 'timed-out', rolloutState: 'IN_PROGRESS', reason: 'Still 1/2 tasks running after 30 minutes.' }),
    ]);
    await deployAndFinish();
    const reason = 'api failed: The deployment circuit breaker fired. worker timed out: Still 1/2 tasks running after 30 minutes.';
    expect(outputs()).toEqual({
      ...IMAGE_OUTPUTS,
      deployed: 'true',
      'task-definition-arn': NEW_REVISION,
      'previous-task-definition-arn': API_PREVIOUS,
      'deployment-id': API_DEPLOYMENT,
      'rollout-state': 'FAILED',
      'failure-reason': reason,
    });
    expect(failureSentences()).toEqual([`Deployment watch failed: ${reason} Next: see the stopped tasks and service events above.`]);
    const markdown = summaryMarkdown();
    expect(markdown).toContain('| Deployment watch ❌ |');
    expect(markdown).toContain('⏱️ timed out (IN_PROGRESS)');
  });

  test('fail-fast: the watch is told to stop at the first failure; the service not waited for is a row of its own, not a failure', async () => {
    const notWaited =
      'Not waited for: fail-fast stopped watching at the first failure (api); the deployment of worker may still be in progress.';
    watchDeployments.mockResolvedValue([
      outcome('api', { status: 'failed', rolloutState: 'FAILED', reason: 'The deployment circuit breaker fired.' }),
      outcome('worker', { status: 'not-waited', rolloutState: 'IN_PROGRESS', reason: notWaited }),
    ]);
    await deployAndFinish({ failFast: true });
    expect(watchDeployments.mock.calls[0]?.[1]).toEqual({ failFast: true });
    expect(outputs()['failure-reason']).toBe('api failed: The deployment circuit breaker fired.');
    const markdown = summaryMarkdown();
    expect(markdown).toContain('➡️ updated (not waited for) (IN_PROGRESS)');
    expect(markdown).toContain('**worker**: Not waited for: fail-fast stopped watching at the first failure');
    expect(core.warning).not.toHaveBeenCalled();
  });

  test('Deployment watch that could not poll: the deployment UpdateService started is set, no rollout state', async () => {
    watchDeployments.mockRejectedValue(new Error('DescribeServices failed: AccessDeniedException: not authorized'));
    await deployAndFinish();
    expect(outputs()).toEqual({
      ...IMAGE_OUTPUTS,
      deployed: 'true',
      'task-definition-arn': NEW_REVISION,
      'previous-task-definition-arn': API_PREVIOUS,
      'deployment-id': API_DEPLOYMENT,
    });
    expect(failureSentences()).toEqual([
      'Deployment watch failed: DescribeServices failed: AccessDeniedException: not authorized. Next: see the stopped tasks and service events above.',
    ]);
  });

  test('Internal: an error outside every phase is called ours, with the identity still set', async () => {
    createClients.mockImplementationOnce(() => {
      throw new TypeError('Invalid region in client config');
    });
    await deployAndFinish();
    expect(outputs()).toEqual({ 'assumed-role-arn': ROLE });
    expect(failureSentences()).toEqual([
      'Internal failed: Invalid region in client config. Next: this is a bug in oidc-ecs-deploy; please report it with the log.',
    ]);
    expect(prepareImage).not.toHaveBeenCalled();
  });
});

describe('the Image scan phase (`scan-severity-threshold`)', () => {
  const scanned = (threshold: 'HIGH' | 'CRITICAL'): Config =>
    sampleConfig({ deploy: { services: ['api', 'worker'] }, scan: { threshold } });
  const CRITICAL_READ: ScanRead = {
    kind: 'read',
    status: 'COMPLETE',
    severityCounts: { CRITICAL: 1, LOW: 2 },
    findings: [{ id: 'CVE-2024-3094', severity: 'CRITICAL', packageName: 'xz-utils 5.6.0', fixedIn: '5.6.1' }],
  };

  test('findings at or above the threshold fail the run before anything is registered, naming the counts and the worst finding', async () => {
    waitForScan.mockResolvedValue(CRITICAL_READ);
    const result = await deploy(scanned('HIGH'), session, afterCredentials);
    await finish(result, { GITHUB_STEP_SUMMARY: '/home/runner/work/_temp/summary.md' });
    expect(waitForScan).toHaveBeenCalledWith(
      clients.ecr,
      { repository: 'my-app', registryId: '123456789012', digest: DIGEST },
      { timeoutMs: 600_000, mayStartScan: true },
    );
    expect(planDeployment).not.toHaveBeenCalled();
    expect(registerRevisions).not.toHaveBeenCalled();
    expect(updateServices).not.toHaveBeenCalled();
    expect(failureSentences()).toEqual([
      `Image scan failed: The image scan of my-app@${DIGEST} found 1 finding at or above HIGH (1 CRITICAL, 2 LOW), so nothing was registered or deployed; the worst: CVE-2024-3094 (CRITICAL) in xz-utils 5.6.0, fixed in 5.6.1. Next: update the packages the findings name (the fixed-in versions above) and push again, or raise \`scan-severity-threshold\` if these are accepted.`,
    ]);
    expect(outputs()).toMatchObject({ ...IMAGE_OUTPUTS, deployed: 'false' });
    const markdown = summaryMarkdown();
    expect(markdown).toContain(`**Image scan** of \`my-app@${DIGEST}\` (COMPLETE): ❌ 1 at or above HIGH`);
    expect(markdown).toContain('| CVE-2024-3094 | CRITICAL | xz-utils 5.6.0 | 5.6.1 |');
    expect(markdown).toContain('| Image scan ❌ |');
  });

  test('findings below the threshold let the deploy go on, with the scan in the summary', async () => {
    waitForScan.mockResolvedValue({ ...CRITICAL_READ, severityCounts: { HIGH: 1 }, findings: [] });
    const result = await deploy(scanned('CRITICAL'), session, afterCredentials);
    expect(result.ending).toEqual({ kind: 'deployed' });
    expect(result.scan).toMatchObject({ counts: [['HIGH', 1]], blocking: 0 });
    expect(result.phases.map((phase) => phase.phase)).toEqual([
      'Inputs',
      'Credentials',
      'Image',
      'Image scan',
      'Task definition',
      'Service update',
      'Deployment watch',
    ]);
  });

  test('without a threshold no scan is read and there is no Image scan phase', async () => {
    const result = await deploy(config(), session, afterCredentials);
    expect(waitForScan).not.toHaveBeenCalled();
    expect(result.phases.map((phase) => phase.phase)).not.toContain('Image scan');
  });
});
