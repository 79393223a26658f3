// A build `FROM` a base image in another account's ECR registry (the `registries` login), and a run behind
// an HTTP proxy (the `http-proxy` input, or the runner's HTTPS_PROXY / HTTP_PROXY / NO_PROXY): the bundled
// action against the stand-in, as the runner runs it.
import { describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startProxy } from '../../standin/proxy.js';
import { ACCOUNT, REGION, ROLE_ARN, type World } from '../../standin/harness/world.js';
import { deploy, errorLines, settledOn, worldPerTest } from './helpers.js';

jest.setTimeout(180_000);

const run = promisify(execFile);
const setUp = worldPerTest();

const SHARED_ACCOUNT = '210987654321';
const BASE_REPOSITORY = 'shared/base-image';
const BASE_REPOSITORY_ARN = `arn:aws:ecr:${REGION}:${SHARED_ACCOUNT}:repository/${BASE_REPOSITORY}`;
const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** The shared account's repository policy: the deploy role of ACCOUNT may pull, as AWS's guide writes it. */
const PULL_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DeployRolePulls', Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: PULL_ACTIONS }],
};

/** The shared account's registry with `shared/base-image:1` in it (a `FROM scratch` image with one file), pushed as its owner. */
async function sharedBaseImage(current: World): Promise<string> {
  const repository = current.standin.ecr.createRepository(SHARED_ACCOUNT, REGION, BASE_REPOSITORY, { policy: PULL_POLICY });
  const host = current.standin.registryHostOf(SHARED_ACCOUNT);
  expect(host).not.toBe(current.standin.registryHost);
  const directory = mkdtempSync(path.join(current.scratch, 'base-'));
  writeFileSync(path.join(directory, 'Dockerfile'), 'FROM scratch\nCOPY base.txt /base.txt\n');
  writeFileSync(path.join(directory, 'base.txt'), 'the organisation base image\n');
  const env = { ...process.env, ...current.env() };
  const authfile = path.join(directory, 'auth.json');
  const reference = `${repository.uri}:1`;
  const password = current.standin.ecr.issuePassword(SHARED_ACCOUNT, REGION);
  await run('podman', ['login', '--authfile', authfile, '--username', 'AWS', '--password', password, host], { env });
  await run('podman', ['build', '--tag', reference, directory], { env });
  await run('podman', ['push', '--authfile', authfile, reference], { env });
  // Gone from local storage, so the action's build must pull it through its own login.
  await run('podman', ['rmi', reference], { env });
  // The app builds on it.
  writeFileSync(path.join(current.workspace, 'Dockerfile'), `FROM ${reference}\nCOPY hello.txt /hello.txt\nCMD ["/hello"]\n`);
  return host;
}

const worldWithSharedRegistry = () => setUp({ registryAccounts: [SHARED_ACCOUNT], baseImageRepositories: [BASE_REPOSITORY_ARN] });

describe('registries: base images of another account', () => {
  test('a Dockerfile FROM an image in a second account builds and deploys with that registry in `registries`, pulled under its repository policy', async () => {
    const current = await worldWithSharedRegistry();
    const sharedHost = await sharedBaseImage(current);

    const deployed = await deploy(current, { registries: SHARED_ACCOUNT });
    expect(errorLines(deployed)).toEqual([]);
    expect(deployed.exitCode).toBe(0);
    expect(deployed.stdout).toContain(`Logged in to ${sharedHost} with podman`);
    // One GetAuthorizationToken for both registries of the region.
    expect(current.standin.calls().filter((call) => call.operation === 'GetAuthorizationToken')).toHaveLength(1);
    // The pull was decided against the shared repository, for the deploy role's session, and allowed.
    const pulls = current.standin
      .authorizations()
      .filter((decision) => decision.request.resource === BASE_REPOSITORY_ARN)
      .map((decision) => [decision.request.action, decision.allowed]);
    expect(pulls).toEqual(expect.arrayContaining([['ecr:BatchGetImage', true]]));
    expect(pulls.filter(([, allowed]) => !allowed)).toEqual([]);
    expect(Object.values(deployed.outputs).join('\n')).not.toContain(sharedHost);
    await settledOn(current, deployed.outputs['task-definition-arn'] ?? '');
  });

  test('without `registries` the same build fails at the pull of the base image, naming its registry, and nothing is registered', async () => {
    const current = await worldWithSharedRegistry();
    const sharedHost = await sharedBaseImage(current);

    const failed = await deploy(current);
    expect(failed.exitCode).toBe(1);
    expect(errorLines(failed).join('\n')).toContain(sharedHost);
    expect(current.standin.calls().filter((call) => call.operation === 'RegisterTaskDefinition')).toEqual([]);
  });

  test('a repository policy that does not name the deploy role refuses the pull with ECR DENIED', async () => {
    const current = await worldWithSharedRegistry();
    await sharedBaseImage(current);
    current.standin.ecr.createRepository(SHARED_ACCOUNT, REGION, 'shared/other', {
      policy: {
        ...PULL_POLICY,
        Statement: [{ ...PULL_POLICY.Statement[0], Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/someone-else` } }],
      },
    });
    const otherReference = `${current.standin.registryHostOf(SHARED_ACCOUNT)}/shared/other:1`;
    writeFileSync(path.join(current.workspace, 'Dockerfile'), `FROM ${otherReference}\nCOPY hello.txt /hello.txt\n`);

    const failed = await deploy(current, { registries: SHARED_ACCOUNT });
    expect(failed.exitCode).toBe(1);
    const refused = current.standin.authorizations().filter((decision) => decision.request.resource.endsWith(':repository/shared/other'));
    expect(refused.map((decision) => decision.allowed)).toContain(false);
  });

  test('`registries` with `image` is refused before any call: the image is not built, so nothing would use the login', async () => {
    const current = await setUp();
    const refused = await deploy(current, { registries: SHARED_ACCOUNT, image: `${current.repositoryUri}:initial`, repository: '' });
    expect(refused.exitCode).toBe(1);
    expect(errorLines(refused)).toEqual([
      expect.stringContaining(`Input \`registries\` was "${SHARED_ACCOUNT}"; expected to be empty when \`image\` is set`),
    ]);
    expect(current.standin.calls()).toEqual([]);
  });
});

/** The stand-in's endpoints under names only the proxy resolves: a request that arrives went through it. */
function behindProxy(current: World, direct: { ecs?: string } = {}): Record<string, string> {
  const env = current.env();
  const viaProxy = (url: string, name: string) => url.replace('127.0.0.1', name);
  const endpoint = env['AWS_ENDPOINT_URL_STS'] ?? '';
  return {
    AWS_ENDPOINT_URL_STS: viaProxy(endpoint, 'sts.standin.test'),
    AWS_ENDPOINT_URL_ECR: viaProxy(endpoint, 'ecr.standin.test'),
    AWS_ENDPOINT_URL_ECS: direct.ecs ?? viaProxy(endpoint, 'ecs.standin.test'),
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: direct.ecs ?? viaProxy(endpoint, 'logs.standin.test'),
    ACTIONS_ID_TOKEN_REQUEST_URL: viaProxy(env['ACTIONS_ID_TOKEN_REQUEST_URL'] ?? '', 'token.standin.test'),
  };
}

const PROXY_HOSTS = {
  'sts.standin.test': '127.0.0.1',
  'ecr.standin.test': '127.0.0.1',
  'ecs.standin.test': '127.0.0.1',
  'logs.standin.test': '127.0.0.1',
  'token.standin.test': '127.0.0.1',
};
/** The host each service of the stand-in's call record was reached by, behind the proxy. */
const HOST_OF_SERVICE: Record<string, string> = {
  sts: 'sts.standin.test',
  ecr: 'ecr.standin.test',
  ecs: 'ecs.standin.test',
  logs: 'logs.standin.test',
  oidc: 'token.standin.test',
};

/** The hosts of every call the stand-in answered, as the proxy would name them. */
function hostsCalled(current: World, services: readonly string[]): Set<string> {
  return new Set(
    current.standin
      .calls()
      .filter((call) => services.includes(call.service))
      .map((call) => HOST_OF_SERVICE[call.service] ?? call.service),
  );
}

/** What the log shows: the runner consumes `::add-mask::` lines (how it learns what to mask) and never prints them. */
function printed(output: string): string {
  return output
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

const PROXY_USER = 'deployer';
const PROXY_PASSWORD = 'proxy-pa55word-7f3c';

describe('proxies', () => {
  test('with `http-proxy` (credentials in the URL) every AWS call and the OIDC request go through the proxy, and its password is never printed', async () => {
    const current = await setUp();
    const proxy = await startProxy({ hosts: PROXY_HOSTS, credentials: { username: PROXY_USER, password: PROXY_PASSWORD } });
    try {
      const proxyUrl = proxy.url.replace('http://', `http://${PROXY_USER}:${PROXY_PASSWORD}@`);
      const deployed = await deploy(current, { 'http-proxy': proxyUrl }, behindProxy(current));
      expect(errorLines(deployed)).toEqual([]);
      expect(deployed.exitCode).toBe(0);
      const carried = new Set(
        proxy
          .records()
          .filter((record) => record.status === 200)
          .map((record) => record.host),
      );
      // Every service the run called (the names resolve only inside the proxy), the OIDC token request among them.
      expect(carried).toEqual(hostsCalled(current, ['sts', 'ecr', 'ecs', 'logs', 'oidc']));
      expect(
        ['ecr.standin.test', 'ecs.standin.test', 'sts.standin.test', 'token.standin.test'].filter((host) => !carried.has(host)),
      ).toEqual([]);
      expect(proxy.records().filter((record) => record.status === 407)).toEqual([]);
      expect(printed(`${deployed.stdout}\n${deployed.stderr}\n${deployed.summary}`)).not.toContain(PROXY_PASSWORD);
      expect(deployed.stdout).toContain(`through http://***@${proxy.url.replace('http://', '')}`);
      await settledOn(current, deployed.outputs['task-definition-arn'] ?? '');
    } finally {
      await proxy.close();
    }
  });

  test("the runner's HTTPS_PROXY / HTTP_PROXY are honoured and a NO_PROXY host goes direct, never through the proxy", async () => {
    const current = await setUp();
    const proxy = await startProxy({ hosts: PROXY_HOSTS });
    try {
      // 0.0.0.0 reaches the stand-in on this host, and is not a loopback name the clients skip the proxy for on their own.
      const direct = (current.env()['AWS_ENDPOINT_URL_ECS'] ?? '').replace('127.0.0.1', '0.0.0.0');
      const env = {
        ...behindProxy(current, { ecs: direct }),
        HTTPS_PROXY: proxy.url,
        http_proxy: proxy.url,
        NO_PROXY: 'example.com,0.0.0.0',
      };
      const deployed = await deploy(current, {}, env);
      expect(errorLines(deployed)).toEqual([]);
      expect(deployed.exitCode).toBe(0);
      const carried = new Set(proxy.records().map((record) => record.host));
      expect(carried).toEqual(new Set(['sts.standin.test', 'ecr.standin.test', 'token.standin.test']));
      // ECS was called all the same, directly.
      expect(hostsCalled(current, ['ecs'])).toEqual(new Set(['ecs.standin.test']));
    } finally {
      await proxy.close();
    }
  });

  test('a bad `http-proxy` is an input error naming it, without the credentials, before any call', async () => {
    const current = await setUp();
    const refused = await deploy(current, { 'http-proxy': `ftp://${PROXY_USER}:${PROXY_PASSWORD}@proxy.example.com:3128` });
    expect(refused.exitCode).toBe(1);
    expect(errorLines(refused)).toEqual([
      expect.stringContaining('Input `http-proxy` was "ftp://***@proxy.example.com:3128"; expected a proxy URL'),
    ]);
    expect(printed(`${refused.stdout}\n${refused.stderr}`)).not.toContain(PROXY_PASSWORD);
    expect(current.standin.calls()).toEqual([]);
  });
});
