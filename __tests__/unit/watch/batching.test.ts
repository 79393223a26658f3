import { describe, expect, test } from '@jest/globals';
import {
  arnBatches,
  chunk,
  fanOutServiceDeployments,
  fanOutServices,
  fanOutTasks,
  serviceBatches,
  taskBatches,
  type BatchAnswer,
  type DescribeServicesAnswer,
  type ServiceKey,
} from '../../../src/watch/batching.js';

const names = (count: number, prefix = 'svc'): string[] => Array.from({ length: count }, (_, index) => `${prefix}-${String(index + 1)}`);
const keys = (cluster: string, services: readonly string[]): ServiceKey[] => services.map((service) => ({ cluster, service }));
const arn = (service: string, cluster = 'prod') => `arn:aws:ecs:eu-west-1:123456789012:service/${cluster}/${service}`;
const found = (services: readonly string[], cluster = 'prod'): BatchAnswer<DescribeServicesAnswer> => ({
  ok: true,
  value: { services: services.map((serviceName) => ({ serviceName, serviceArn: arn(serviceName, cluster) })), failures: [] },
});

describe('chunk', () => {
  test.each([
    [0, 10, []],
    [1, 10, [1]],
    [10, 10, [10]],
    [11, 10, [10, 1]],
    [20, 10, [10, 10]],
    [25, 10, [10, 10, 5]],
    [45, 20, [20, 20, 5]],
  ])('%i items in chunks of %i make chunks of %j', (count, size, sizes) => {
    const parts = chunk(names(count), size);
    expect(parts.map((part) => part.length)).toEqual(sizes);
    expect(parts.flat()).toEqual(names(count));
  });

  test('refuses a size below one, which would never end', () => {
    expect(() => chunk(['a'], 0)).toThrow('internal error: chunk size 0');
  });
});

describe('serviceBatches: DescribeServices calls of one poll', () => {
  test.each([
    [1, [['svc-1']]],
    [10, [names(10)]],
    [11, [names(10), ['svc-11']]],
    [20, [names(10), names(20).slice(10)]],
    [25, [names(10), names(20).slice(10), names(25).slice(20)]],
  ])('%i services of one cluster are asked for in batches of at most 10', (count, expected) => {
    const batches = serviceBatches(keys('prod', names(count)));
    expect(batches.map((batch) => batch.cluster)).toEqual(expected.map(() => 'prod'));
    expect(batches.map((batch) => batch.items)).toEqual(expected);
  });

  test('batches per cluster, in the order clusters first appear, each cut at 10', () => {
    const mixed = [...keys('prod', names(12, 'web')), ...keys('jobs', names(3, 'worker')), ...keys('prod', ['api'])];
    expect(serviceBatches(mixed)).toEqual([
      { cluster: 'prod', items: names(10, 'web') },
      { cluster: 'prod', items: ['web-11', 'web-12', 'api'] },
      { cluster: 'jobs', items: ['worker-1', 'worker-2', 'worker-3'] },
    ]);
  });

  test('asks for a service named twice only once', () => {
    expect(serviceBatches(keys('prod', ['api', 'api', 'worker']))).toEqual([{ cluster: 'prod', items: ['api', 'worker'] }]);
  });
});

describe('fanOutServices: each service its part of the answers', () => {
  test('25 services over three calls each get their own service back, in the order asked', () => {
    const asked = keys('prod', names(25));
    const batches = serviceBatches(asked);
    const reads = fanOutServices(
      asked,
      batches,
      batches.map((batch) => found([...batch.items].reverse())),
    );
    expect(reads.map((read) => (read.kind === 'found' ? read.service.serviceName : read.kind))).toEqual(names(25));
  });

  test('matches a service given by ARN, in either ARN format, and by name', () => {
    const asked = keys('prod', [arn('api'), 'arn:aws:ecs:eu-west-1:123456789012:service/worker', 'web']);
    const batches = serviceBatches(asked);
    const reads = fanOutServices(asked, batches, [found(['web', 'worker', 'api'])]);
    expect(reads.map((read) => (read.kind === 'found' ? read.service.serviceName : read.kind))).toEqual(['api', 'worker', 'web']);
  });

  test('a service missing from the answer is missing with its failures[] reason; the others are found', () => {
    const asked = keys('prod', ['api', 'gone', 'worker', 'silent']);
    const answer: BatchAnswer<DescribeServicesAnswer> = {
      ok: true,
      value: {
        services: [
          { serviceName: 'api', serviceArn: arn('api') },
          { serviceName: 'worker', serviceArn: arn('worker') },
        ],
        failures: [
          { arn: arn('gone'), reason: 'MISSING' },
          { arn: arn('silent'), reason: 'INACTIVE', detail: 'deleted' },
        ],
      },
    };
    expect(fanOutServices(asked, serviceBatches(asked), [answer])).toEqual([
      { kind: 'found', service: { serviceName: 'api', serviceArn: arn('api') } },
      { kind: 'missing', reason: 'MISSING' },
      { kind: 'found', service: { serviceName: 'worker', serviceArn: arn('worker') } },
      { kind: 'missing', reason: 'INACTIVE: deleted' },
    ]);
  });

  test('a service neither returned nor listed in failures[] is missing all the same', () => {
    const asked = keys('prod', ['api']);
    expect(fanOutServices(asked, serviceBatches(asked), [{ ok: true, value: {} }])).toEqual([{ kind: 'missing', reason: 'MISSING' }]);
  });

  test('a partial failure: the services of the failed call get its error, those of the other calls their answer', () => {
    const asked = [...keys('prod', names(11)), ...keys('jobs', ['worker'])];
    const batches = serviceBatches(asked);
    const throttled = new Error('Rate exceeded');
    const reads = fanOutServices(asked, batches, [{ ok: false, error: throttled }, found(['svc-11']), found(['worker'], 'jobs')]);
    expect(reads.slice(0, 10)).toEqual(names(10).map(() => ({ kind: 'failed', error: throttled })));
    expect(reads.slice(10).map((read) => (read.kind === 'found' ? read.service.serviceArn : read.kind))).toEqual([
      arn('svc-11'),
      arn('worker', 'jobs'),
    ]);
  });

  test('two clusters with a service of the same name each get their own', () => {
    const asked = [...keys('prod', ['api']), ...keys('staging', ['api'])];
    const reads = fanOutServices(asked, serviceBatches(asked), [found(['api'], 'prod'), found(['api'], 'staging')]);
    expect(reads.map((read) => (read.kind === 'found' ? read.service.serviceArn : read.kind))).toEqual([arn('api'), arn('api', 'staging')]);
  });
});

describe('service deployments: 20 ARNs a call', () => {
  const sd = (index: number) => `arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/svc-${String(index)}/d${String(index)}`;

  test.each([
    [1, [1]],
    [20, [20]],
    [25, [20, 5]],
  ])('%i ARNs make calls of %j', (count, sizes) => {
    expect(
      arnBatches(
        Array.from({ length: count }, (_, index) => sd(index)),
        20,
      ).map((batch) => batch.length),
    ).toEqual(sizes);
  });

  test('each ARN gets its deployment, undefined when ECS did not describe it, or the error of its call', () => {
    const batches = [[sd(1), sd(2)], [sd(3)]];
    const denied = new Error('AccessDenied');
    const answers = fanOutServiceDeployments(batches, [
      { ok: true, value: { serviceDeployments: [{ serviceDeploymentArn: sd(1), status: 'SUCCESSFUL' }] } },
      { ok: false, error: denied },
    ]);
    expect([...answers]).toEqual([
      [sd(1), { ok: true, value: { serviceDeploymentArn: sd(1), status: 'SUCCESSFUL' } }],
      [sd(2), { ok: true, value: undefined }],
      [sd(3), { ok: false, error: denied }],
    ]);
  });
});

describe('stopped tasks: 100 a call, per cluster', () => {
  const tasks = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}/task-${String(index)}`);

  test('requests of one cluster share calls of at most 100 tasks; another cluster has its own', () => {
    const requests = [
      { cluster: 'prod', taskArns: tasks('a', 60) },
      { cluster: 'jobs', taskArns: tasks('b', 5) },
      { cluster: 'prod', taskArns: tasks('c', 50) },
    ];
    expect(taskBatches(requests).map((batch) => [batch.cluster, batch.items.length])).toEqual([
      ['prod', 100],
      ['prod', 10],
      ['jobs', 5],
    ]);
  });

  test('each request gets its own tasks back, and the error of a failed call', () => {
    const requests = [
      { cluster: 'prod', taskArns: ['a/1', 'a/2'] },
      { cluster: 'jobs', taskArns: ['b/1'] },
      { cluster: 'prod', taskArns: ['c/1'] },
    ];
    const batches = taskBatches(requests);
    const throttled = new Error('Rate exceeded');
    const answers = fanOutTasks(requests, batches, [
      { ok: true, value: { tasks: [{ taskArn: 'c/1' }, { taskArn: 'a/2' }, { taskArn: 'a/1' }] } },
      { ok: false, error: throttled },
    ]);
    expect(answers).toEqual([
      { ok: true, value: [{ taskArn: 'a/1' }, { taskArn: 'a/2' }] },
      { ok: false, error: throttled },
      { ok: true, value: [{ taskArn: 'c/1' }] },
    ]);
  });
});
