import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { ACCOUNT, accessDenied } from '../ecs-failures.js';
import { pruneRevisions, type PruneRequest } from '../../../src/revisions/prune.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });
const app = (revision: number): string => `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:${revision}`;
const serviceArn = (name: string): string => `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/my-cluster/${name}`;

const print = { info: jest.fn<(line: string) => void>(), warning: jest.fn<(line: string) => void>() };
const request = (fields: Partial<PruneRequest> = {}): PruneRequest => ({
  cluster: 'my-cluster',
  keep: 2,
  dryRun: false,
  families: new Map([['my-app', 0]]),
  protect: new Map([
    [app(9), 'deployed to my-app'],
    [app(8), 'my-app rolls back to it'],
  ]),
  ...fields,
});

/** 23 services over two ListServices pages; DescribeServices takes them ten at a time. svc-21 drains my-app:6, svc-22 runs my-app:4. */
const SERVICES: Service[] = Array.from({ length: 23 }, (_, index) => ({
  serviceName: `svc-${String(index)}`,
  serviceArn: serviceArn(`svc-${String(index)}`),
  taskDefinition: index === 22 ? app(4) : `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/other:${String(index)}`,
  deployments: index === 21 ? [{ status: 'ACTIVE', taskDefinition: app(6) }] : [],
}));

beforeEach(() => {
  ecsMock.reset();
  print.info.mockReset();
  print.warning.mockReset();
  ecsMock
    .on(ListServicesCommand)
    .callsFake((input: { nextToken?: string }) =>
      input.nextToken === undefined
        ? { serviceArns: SERVICES.slice(0, 15).map((service) => service.serviceArn ?? ''), nextToken: 'page-2' }
        : { serviceArns: SERVICES.slice(15).map((service) => service.serviceArn ?? '') },
    );
  ecsMock.on(DescribeServicesCommand).callsFake((input: { services?: string[] }) => ({
    services: SERVICES.filter((service) => input.services?.includes(service.serviceArn ?? '')),
    failures: [],
  }));
  ecsMock
    .on(ListTaskDefinitionsCommand)
    .callsFake((input: { nextToken?: string }) =>
      input.nextToken === undefined
        ? { taskDefinitionArns: [app(9), app(8), app(7), app(6)], nextToken: 'more' }
        : { taskDefinitionArns: [app(5), app(4), app(3)] },
    );
  ecsMock.on(DeregisterTaskDefinitionCommand).resolves({});
});

describe('pruneRevisions', () => {
  test('deregisters the old revisions no service of the cluster runs, reading in batches', async () => {
    const report = await pruneRevisions(ecs, request(), print);
    expect(report).toMatchObject({ deregistered: [app(3), app(5), app(7)], failures: [], keep: 2, dryRun: false });
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand).map((call) => call.args[0].input.taskDefinition)).toEqual([
      app(3),
      app(5),
      app(7),
    ]);
    const batches = ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.services?.length);
    expect(batches).toEqual([10, 10, 3]);
    expect(ecsMock.commandCalls(ListServicesCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: 'my-cluster', maxResults: 100, nextToken: undefined },
      { cluster: 'my-cluster', maxResults: 100, nextToken: 'page-2' },
    ]);
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand)[0]?.args[0].input).toEqual({
      familyPrefix: 'my-app',
      status: 'ACTIVE',
      sort: 'DESC',
      maxResults: 100,
      nextToken: undefined,
    });
    // 2 ListServices + 3 DescribeServices + 2 ListTaskDefinitions + 3 DeregisterTaskDefinition.
    expect(report.calls).toBe(10);
    expect(print.info).toHaveBeenCalledWith(
      'keep-revisions 2: my-app: deregistering my-app:3, my-app:5, my-app:7; kept in use: my-app:6 (svc-21 runs it), my-app:4 (svc-22 runs it)',
    );
  });

  test('a dry run lists what it would deregister and deregisters nothing', async () => {
    const report = await pruneRevisions(ecs, request({ dryRun: true, families: new Map([['my-app', 1]]) }), print);
    // The revision it would register counts as the newest, so only my-app:9 stays of the two; 8 is protected.
    expect(report.deregistered).toEqual([app(3), app(5), app(7)]);
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
    expect(print.info).toHaveBeenCalledWith(
      expect.stringMatching(/^keep-revisions 2: my-app: would deregister my-app:3, my-app:5, my-app:7;/),
    );
  });

  test('a revision ECS refuses to deregister is a warning, and the others still go', async () => {
    ecsMock.on(DeregisterTaskDefinitionCommand, { taskDefinition: app(5) }).rejects(accessDenied('ecs:DeregisterTaskDefinition'));
    const report = await pruneRevisions(ecs, request(), print);
    expect(report.deregistered).toEqual([app(3), app(7)]);
    expect(report.failures).toEqual([{ arn: app(5), message: expect.stringContaining('AccessDeniedException') }]);
    expect(print.warning).toHaveBeenCalledWith(
      expect.stringMatching(
        /^keep-revisions: could not deregister my-app:5 \(AccessDeniedException: .*\); it stays registered, the deploy succeeded\.$/,
      ),
    );
  });

  test('a service ECS could not describe stops the pruning before anything is deregistered', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: serviceArn('svc-0'), reason: 'MISSING' }] });
    const report = await pruneRevisions(ecs, request(), print);
    expect(report).toMatchObject({
      deregistered: [],
      skipped: expect.stringContaining(`could not describe ${serviceArn('svc-0')} (MISSING)`),
    });
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
    expect(print.warning).toHaveBeenCalledTimes(1);
  });

  test('ListServices denied: a warning naming the refusal, nothing deregistered', async () => {
    ecsMock.on(ListServicesCommand).rejects(accessDenied('ecs:ListServices'));
    const report = await pruneRevisions(ecs, request(), print);
    expect(report.skipped).toMatch(
      /^could not read the revisions to prune \(AccessDeniedException: .*ecs:ListServices.*\); nothing was deregistered$/,
    );
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
  });
});
