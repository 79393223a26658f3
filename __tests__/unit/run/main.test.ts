// run(): the Inputs and Credentials phases, the early OIDC token request, handing the record to the
// later phases, and what the user sees when they fail. The later phases and the inputs reader are
// stand-ins (after-credentials.test.ts covers the phases after Credentials).
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { Config } from '../../../src/inputs/config.js';
import type { OidcToken } from '../../../src/auth/oidc-token.js';
import type { AwsSession } from '../../../src/auth/session.js';
import type { RunRecord, RunResult } from '../../../src/report/report.js';
import type { readInputs as realReadInputs } from '../../../src/inputs/read-inputs.js';
import { sampleConfig } from '../../../__fixtures__/config.js';

type ReadInputsDeps = Parameters<typeof realReadInputs>[0];

const summary = {
  addRaw: jest.fn((_text: string, _addEol?: boolean) => summary),
  write: jest.fn(() => Promise.resolve(summary)),
};
jest.unstable_mockModule('@actions/core', async () => ({ ...(await import('../../../__fixtures__/core.js')), summary }));
const readInputs = jest.fn<(deps: ReadInputsDeps) => ReturnType<typeof realReadInputs>>();
jest.unstable_mockModule('../../../src/inputs/read-inputs.js', () => ({ readInputs }));
const getOidcToken = jest.fn<(audience: string) => Promise<OidcToken>>();
jest.unstable_mockModule('../../../src/auth/oidc-token.js', () => ({ getOidcToken }));
const nextRequestSent = jest.fn(() => Promise.resolve());
jest.unstable_mockModule('../../../src/run/request-sent.js', () => ({ nextRequestSent }));
const establish = jest.fn<(config: Config, firstToken: Promise<OidcToken> | undefined) => Promise<AwsSession>>();
const deploy = jest.fn<(config: Config, session: AwsSession, record: RunRecord) => Promise<RunResult>>();
jest.unstable_mockModule('../../../src/run/after-credentials.js', () => ({ establish, deploy }));
const postToGitHub = jest.fn<(config: Config, result: RunResult) => Promise<void>>(() => Promise.resolve());
jest.unstable_mockModule('../../../src/github/post-to-github.js', () => ({ postToGitHub }));

const core = await import('../../../__fixtures__/core.js');
const { run } = await import('../../../src/run/main.js');
const { PhaseError } = await import('../../../src/run/phases.js');

const ROLE = 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-my-org-my-app-1-1';
const TOKEN: OidcToken = { token: 'header.payload.signature', claims: { sub: 'repo:my-org/my-app:ref:refs/heads/main' } };
const session: AwsSession = {
  credentials: () => Promise.resolve({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret' }),
  assumedRoleArn: ROLE,
  account: '123456789012',
  source: 'oidc',
};

function config(roleToAssume: string | undefined): Config {
  return sampleConfig({ auth: { roleToAssume }, deploy: { services: ['api'] } });
}

function outputs(): Record<string, string> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, String(value)]));
}

function summaryMarkdown(): string {
  expect(summary.addRaw).toHaveBeenCalledTimes(1);
  return summary.addRaw.mock.calls[0]?.[0] ?? '';
}

const savedSummaryPath = process.env['GITHUB_STEP_SUMMARY'];

beforeEach(() => {
  jest.clearAllMocks();
  process.env['GITHUB_STEP_SUMMARY'] = '/home/runner/work/_temp/summary.md';
  readInputs.mockReturnValue({ config: config('arn:aws:iam::123456789012:role/my-deploy-role'), notices: [] });
  getOidcToken.mockResolvedValue(TOKEN);
  establish.mockResolvedValue(session);
  deploy.mockImplementation((_config, _session, record) => Promise.resolve({ ...record, ending: { kind: 'deployed' } }));
});

afterEach(() => {
  if (savedSummaryPath === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
  else process.env['GITHUB_STEP_SUMMARY'] = savedSummaryPath;
});

describe('run with github-token', () => {
  test('masks the token before the inputs are read', async () => {
    core.getInput.mockImplementation((name: string) => (name === 'github-token' ? 'ghs_abc123' : ''));
    await run();
    expect(core.setSecret).toHaveBeenCalledWith('ghs_abc123');
    expect(core.setSecret.mock.invocationCallOrder[0]).toBeLessThan(readInputs.mock.invocationCallOrder[0] ?? 0);
    core.getInput.mockImplementation(() => '');
  });

  test('posts to GitHub once, with the config and the final result, after the outputs are written', async () => {
    const withToken = sampleConfig({ posting: { token: 'ghs_abc123' } });
    readInputs.mockReturnValue({ config: withToken, notices: [] });
    await run();
    expect(postToGitHub).toHaveBeenCalledTimes(1);
    expect(postToGitHub.mock.calls[0]?.[0]).toBe(withToken);
    expect(postToGitHub.mock.calls[0]?.[1]?.ending).toEqual({ kind: 'deployed' });
    expect(core.setOutput.mock.invocationCallOrder[0]).toBeLessThan(postToGitHub.mock.invocationCallOrder[0] ?? 0);
  });

  test('posts nothing without a token, nor when the inputs were invalid', async () => {
    await run();
    readInputs.mockImplementation(() => {
      throw new Error('Input `service` is empty; expected a service name.');
    });
    await run();
    expect(postToGitHub).not.toHaveBeenCalled();
  });
});

describe('run', () => {
  test('requests the OIDC token before the credentials phase needs it, and hands that request on', async () => {
    await run();
    expect(getOidcToken).toHaveBeenCalledWith('sts.amazonaws.com');
    expect(nextRequestSent).toHaveBeenCalledTimes(1);
    const firstToken = establish.mock.calls[0]?.[1];
    await expect(firstToken).resolves.toBe(TOKEN);
    expect(getOidcToken.mock.invocationCallOrder[0]).toBeLessThan(establish.mock.invocationCallOrder[0] ?? 0);
  });

  test('reads the inputs through @actions/core and this machine’s files and directories', async () => {
    await run();
    const deps = readInputs.mock.calls[0]?.[0];
    if (!deps) throw new Error('readInputs was not called');
    core.getInput.mockReturnValueOnce('us-east-1');
    expect(deps.getInput('aws-region')).toBe('us-east-1');
    expect(core.getInput).toHaveBeenCalledWith('aws-region');
    expect(deps.env).toBe(process.env);
    expect([deps.isFile('package.json'), deps.isDirectory('package.json')]).toEqual([true, false]);
    expect([deps.isFile('__tests__'), deps.isDirectory('__tests__')]).toEqual([false, true]);
    expect([deps.isFile('no-such-file.json'), deps.isDirectory('no-such-directory')]).toEqual([false, false]);
    expect(JSON.parse(deps.readFile('package.json'))).toMatchObject({ name: 'oidc-ecs-deploy' });
  });

  test('hands the inputs no YAML parser when codedeploy-appspec is empty: the yaml package is not loaded', async () => {
    await run();
    expect(readInputs.mock.calls[0]?.[0]).not.toHaveProperty('parseYaml');
  });

  test('hands the inputs the yaml package’s parser when codedeploy-appspec is given, so the file is checked with them', async () => {
    core.getInput.mockImplementation((name: string) => (name === 'codedeploy-appspec' ? 'appspec.yaml' : ''));
    await run();
    core.getInput.mockImplementation(() => '');
    const parseYaml = readInputs.mock.calls[0]?.[0].parseYaml;
    if (parseYaml === undefined) throw new Error('readInputs got no YAML parser');
    expect(parseYaml('version: 0.0\nResources:\n  - TargetService: {Type: AWS::ECS::Service}\n')).toEqual({
      version: 0,
      Resources: [{ TargetService: { Type: 'AWS::ECS::Service' } }],
    });
  });

  test('requests no token when no role is to be assumed', async () => {
    const withoutRole = config(undefined);
    readInputs.mockReturnValue({ config: withoutRole, notices: [] });
    await run();
    expect(getOidcToken).not.toHaveBeenCalled();
    expect(establish).toHaveBeenCalledWith(withoutRole, undefined);
  });

  test('prints the notices of the inputs, warnings as annotations titled with the input, before the run goes on', async () => {
    readInputs.mockReturnValue({
      config: config('arn:aws:iam::123456789012:role/my-deploy-role'),
      notices: [
        { level: 'info', input: 'repository', message: '`repository` is a repository URI: using repository my-org/my-app.' },
        { level: 'warning', input: 'container-engine', message: 'Input `container-engine` has no effect in this run: nothing is built.' },
      ],
    });
    await run();
    expect(core.info).toHaveBeenCalledWith('`repository` is a repository URI: using repository my-org/my-app.');
    expect(core.warning.mock.calls).toEqual([
      ['Input `container-engine` has no effect in this run: nothing is built.', { title: 'Input container-engine' }],
    ]);
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(core.warning.mock.invocationCallOrder[0]).toBeLessThan(establish.mock.invocationCallOrder[0] ?? 0);
  });

  test('hands the later phases the identity and the timings of Inputs and Credentials', async () => {
    await run();
    const record = deploy.mock.calls[0]?.[2];
    expect(record?.identity).toBe(ROLE);
    expect(record?.phases.map(({ phase, status }) => [phase, status])).toEqual([
      ['Inputs', 'succeeded'],
      ['Credentials', 'succeeded'],
    ]);
    expect(deploy.mock.calls[0]?.[1]).toBe(session);
  });

  test('writes what the later phases returned: outputs, no failure, the summary and the time taken', async () => {
    await run();
    expect(outputs()).toEqual({ 'assumed-role-arn': ROLE });
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(summaryMarkdown()).toContain('## oidc-ecs-deploy: ✅ Deployed');
    expect(core.info).toHaveBeenCalledWith(expect.stringMatching(/^Done in \d+\.\d s\.$/));
  });

  test('says nothing about the time taken after a dry run', async () => {
    deploy.mockImplementation((_config, _session, record) => Promise.resolve({ ...record, ending: { kind: 'dry-run' } }));
    await run();
    expect(core.info).not.toHaveBeenCalledWith(expect.stringMatching(/^Done in/));
    expect(summaryMarkdown()).toContain('📝 Dry run: nothing changed');
  });

  test('Inputs failing: no output, no token request, one failure sentence, and still a summary', async () => {
    readInputs.mockImplementation(() => {
      throw new Error('Input `aws-region` is empty; expected an AWS region such as `us-east-1`.');
    });
    await run();
    expect(core.setOutput).not.toHaveBeenCalled();
    expect(getOidcToken).not.toHaveBeenCalled();
    expect(establish).not.toHaveBeenCalled();
    expect(core.setFailed.mock.calls).toEqual([
      ['Inputs failed: Input `aws-region` is empty; expected an AWS region such as `us-east-1`.'],
    ]);
    const markdown = summaryMarkdown();
    expect(markdown).toContain('> **Inputs**: Input `aws-region` is empty; expected an AWS region such as `us-east-1`.');
    expect(markdown).toContain('| Inputs ❌ |');
  });

  test('Credentials failing: no output, the diagnosis logged as a block, the sentence its first line', async () => {
    establish.mockRejectedValue(
      new Error(
        'Not authorized to perform sts:AssumeRoleWithWebIdentity on my-deploy-role\ntoken sub: repo:my-org/my-app:ref:refs/heads/main\n{ "Effect": "Allow" }',
      ),
    );
    await run();
    expect(core.setOutput).not.toHaveBeenCalled();
    expect(deploy).not.toHaveBeenCalled();
    expect(core.info).toHaveBeenCalledWith('token sub: repo:my-org/my-app:ref:refs/heads/main');
    expect(core.info).toHaveBeenCalledWith('{ "Effect": "Allow" }');
    expect(core.setFailed.mock.calls).toEqual([
      ['Credentials failed: Not authorized to perform sts:AssumeRoleWithWebIdentity on my-deploy-role.'],
    ]);
    expect(summaryMarkdown()).toContain('```text\ntoken sub: repo:my-org/my-app:ref:refs/heads/main\n{ "Effect": "Allow" }\n```');
  });

  test('a failure the later phases return is shown with its phase', async () => {
    deploy.mockImplementation((_config, _session, record) =>
      Promise.resolve({ ...record, ending: { kind: 'failed', phase: 'Image', message: 'docker build exited with 1', details: [] } }),
    );
    await run();
    expect(core.setFailed.mock.calls).toEqual([['Image failed: docker build exited with 1. Next: check the build output above.']]);
    expect(outputs()).toEqual({ 'assumed-role-arn': ROLE });
  });

  test('Internal: anything the later phases throw is called ours, keeping what was known', async () => {
    deploy.mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'taskDefinitionArn')"));
    await run();
    expect(outputs()).toEqual({ 'assumed-role-arn': ROLE });
    expect(core.setFailed.mock.calls).toEqual([
      [
        "Internal failed: Cannot read properties of undefined (reading 'taskDefinitionArn'). Next: this is a bug in oidc-ecs-deploy; please report it with the log.",
      ],
    ]);
  });

  test('keeps the phase of a PhaseError the later phases throw', async () => {
    deploy.mockRejectedValue(new PhaseError('Service update', new Error('UpdateService failed for api: AccessDeniedException')));
    await run();
    expect(core.setFailed.mock.calls).toEqual([
      ['Service update failed: UpdateService failed for api: AccessDeniedException. Next: check the service and the role permissions.'],
    ]);
  });

  test('fails the step as ours when an output cannot be written', async () => {
    core.setOutput.mockImplementationOnce(() => {
      throw new Error('ENOSPC: no space left on device, write');
    });
    await run();
    expect(core.setFailed.mock.calls).toEqual([
      ['Internal failed: ENOSPC: no space left on device, write. Next: this is a bug in oidc-ecs-deploy; please report it with the log.'],
    ]);
  });
});
