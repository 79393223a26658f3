// Task definition edits end to end: the bundle, run as the runner runs it against the stand-in, edits the
// service's current revision (environment, a secret, a command, two containers with the built image) and
// the registered revision holds exactly that; a re-run with the same edits deploys nothing, one with a new
// variable deploys; a role the policy cannot pass fails at registration; a bad edit input fails before
// any call.
import { describe, expect, jest, test } from '@jest/globals';
import type { JsonObject } from '../../standin/types.js';
import { ACCOUNT, REGION } from '../../standin/harness/world.js';
import { deploy, describeTaskDefinition, errorLines, field, worldPerTest } from './helpers.js';

jest.setTimeout(180_000);

const setUp = worldPerTest();

const API_KEY = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:my-app/api-key-AbCdEf:key::`;
const DB_PASSWORD = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/my-app/db-password`;
const EDITS = {
  'container-name': 'app\nlog-router',
  'environment-variables': 'STAGE=prod\nQUERY=x=y&z\nEMPTY=',
  secrets: `API_KEY=${API_KEY}`,
  command: `sh -c "node server.js --name='my app'"`,
  'docker-labels': 'com.example.team=payments',
};

function container(description: JsonObject, name: string): JsonObject {
  const containers = field(description, 'taskDefinition', 'containerDefinitions');
  const found = Array.isArray(containers) ? containers.find((entry) => field(entry, 'name') === name) : undefined;
  if (found === undefined || found === null || typeof found !== 'object' || Array.isArray(found)) throw new Error(`no container ${name}`);
  return found;
}

describe('task definition edits', () => {
  test('a deploy with environment variables, a secret, a command and two containers registers exactly those, and a re-run of the same edits deploys nothing', async () => {
    const current = await setUp();
    const run = await deploy(current, EDITS);
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const digest = run.outputs['image-digest'] ?? '';
    const arn = run.outputs['task-definition-arn'] ?? '';
    expect(current.serviceState()['taskDefinition']).toBe(arn);

    const registered = await describeTaskDefinition(current, arn);
    for (const name of ['app', 'log-router']) {
      const edited = container(registered, name);
      expect(edited['image']).toBe(`${current.repositoryUri}@${digest}`);
      expect(edited['command']).toEqual(['sh', '-c', "node server.js --name='my app'"]);
      expect(edited['dockerLabels']).toEqual({ 'com.example.team': 'payments' });
    }
    // Merged: QUERY replaced in its place, the new ones added, the secret of the file kept beside the new one.
    expect(container(registered, 'app')['environment']).toEqual([
      { name: 'QUERY', value: 'x=y&z' },
      { name: 'STAGE', value: 'prod' },
      { name: 'EMPTY', value: '' },
    ]);
    expect(container(registered, 'app')['secrets']).toEqual([
      { name: 'DB_PASSWORD', valueFrom: DB_PASSWORD },
      { name: 'API_KEY', valueFrom: API_KEY },
    ]);
    expect(container(registered, 'log-router')['secrets']).toEqual([{ name: 'API_KEY', valueFrom: API_KEY }]);
    // Nothing else moved: the log configuration, the health check and the tags are as they were.
    const before = await describeTaskDefinition(current, current.initialTaskDefinitionArn);
    expect(container(registered, 'app')['logConfiguration']).toEqual(container(before, 'app')['logConfiguration']);
    expect(container(registered, 'app')['healthCheck']).toEqual(container(before, 'app')['healthCheck']);
    expect(field(registered, 'tags')).toEqual(field(before, 'tags'));

    expect(run.summary).toContain('Task definition edits');
    expect(run.summary).toContain(`secrets (app, log-router): API_KEY=${API_KEY}`);
    expect(run.stdout).toContain('Task definition edit: environment-variables (app, log-router): STAGE=prod, QUERY=x=y&z, EMPTY=');

    const again = await deploy(current, EDITS);
    expect(errorLines(again)).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(again.outputs['deployed']).toBe('false');
    expect(again.outputs['task-definition-arn']).toBe(arn);
    expect(current.standin.calls().filter((call) => call.operation === 'RegisterTaskDefinition')).toHaveLength(1);
  });

  test('a re-run of the same image with a new environment variable registers and deploys it', async () => {
    const current = await setUp();
    const first = await deploy(current, EDITS);
    expect(first.exitCode).toBe(0);
    const second = await deploy(current, { ...EDITS, 'environment-variables': `${EDITS['environment-variables']}\nFEATURE_X=on` });
    expect(errorLines(second)).toEqual([]);
    expect(second.exitCode).toBe(0);
    expect(second.outputs['deployed']).toBe('true');
    expect(second.outputs['image-digest']).toBe(first.outputs['image-digest']);
    expect(second.outputs['previous-task-definition-arn']).toBe(first.outputs['task-definition-arn']);
    expect(second.stdout).toMatch(/2 changes against .*my-app:2: registering a new revision/);
    const registered = await describeTaskDefinition(current, second.outputs['task-definition-arn'] ?? '');
    expect(container(registered, 'app')['environment']).toContainEqual({ name: 'FEATURE_X', value: 'on' });
    expect(current.serviceState()['taskDefinition']).toBe(second.outputs['task-definition-arn']);
  });

  test('`images` gives another container an ECR image by tag, pinned by digest in the registered revision', async () => {
    const current = await setUp();
    const first = await deploy(current);
    expect(first.exitCode).toBe(0);
    const tag = first.outputs['image-tag'] ?? '';
    const run = await deploy(current, { images: `log-router=${current.repositoryUri}:${tag}` });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const pinned = `${current.repositoryUri}@${first.outputs['image-digest'] ?? ''}`;
    expect(run.stdout).toContain(`Container log-router: ${current.repositoryUri}:${tag} pinned as ${pinned}`);
    const registered = await describeTaskDefinition(current, run.outputs['task-definition-arn'] ?? '');
    expect(container(registered, 'log-router')['image']).toBe(pinned);
    // The other container's edits are its own: its command is as it was.
    expect(container(registered, 'log-router')['command']).toEqual(['--flush', '5']);
    expect(run.summary).toContain(`images: log-router=${current.repositoryUri}:${tag}`);
  });

  test('a dry run shows every edit in the diff and the summary, and changes nothing', async () => {
    const current = await setUp();
    const run = await deploy(current, { ...EDITS, 'dry-run': 'true', cpu: '0.5 vCPU', memory: '1 GB' });
    expect(errorLines(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    for (const line of [
      '~ cpu: 256 → 512',
      '~ memory: 512 → 1024',
      '+ containerDefinitions[app].environment[STAGE]: {"name":"STAGE","value":"prod"}',
      '~ containerDefinitions[app].environment[QUERY].value: a=b&c=d e → x=y&z',
      `+ containerDefinitions[app].secrets[API_KEY]: {"name":"API_KEY","valueFrom":"${API_KEY}"}`,
      '+ containerDefinitions[app].command: ["sh","-c","node server.js --name=\'my app\'"]',
      '~ containerDefinitions[log-router].command: ["--flush","5"] → ["sh","-c","node server.js --name=\'my app\'"]',
    ]) {
      expect(run.stdout).toContain(line);
      expect(run.summary).toContain(line);
    }
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    expect(current.standin.calls().filter((call) => /^(Register|Update)/.test(call.operation))).toEqual([]);
  });

  test('a task role the deploy role may not pass fails at registration with AccessDenied naming it, and changes nothing', async () => {
    const current = await setUp();
    const role = `arn:aws:iam::${ACCOUNT}:role/admin`;
    const run = await deploy(current, { 'task-role-arn': role });
    expect(run.exitCode).toBe(1);
    const [error = ''] = errorLines(run);
    expect(error).toMatch(/^::error::Task definition failed: AccessDenied.* RegisterTaskDefinition/);
    expect(error).toContain('iam:PassRole');
    expect(error).toContain(role);
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
    expect(current.standin.calls().filter((call) => call.operation === 'UpdateService')).toEqual([]);
  });

  test('an edit naming a container the current revision lacks fails before RegisterTaskDefinition, naming the input and the containers', async () => {
    const current = await setUp();
    const run = await deploy(current, { images: `proxy=${current.repositoryUri}@sha256:${'e'.repeat(64)}` });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Task definition failed: Input `images` was "proxy=.*"; expected a container of the task definition my-app: `app`, `log-router`\./,
      ),
    ]);
    expect(current.standin.calls().filter((call) => /^(Register|Update)/.test(call.operation))).toEqual([]);
    expect(current.serviceState()['taskDefinition']).toBe(current.initialTaskDefinitionArn);
  });

  test('a bad edit input fails before any call, never showing what was given where a secret ARN belongs', async () => {
    const current = await setUp();
    const run = await deploy(current, { secrets: 'DB_PASSWORD=hunter2-not-an-arn' });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Inputs failed: Input `secrets` was "DB_PASSWORD=<not an ARN, not shown>"; expected `NAME=arn` per line/,
      ),
    ]);
    expect(run.stdout + run.summary).not.toContain('hunter2');
    expect(current.standin.calls()).toEqual([]);
  });
});
