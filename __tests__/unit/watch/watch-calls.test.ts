import { describe, expect, test } from '@jest/globals';
import { FailedCall, WatchCalls, asFailedCall } from '../../../src/watch/watch-calls.js';

function awsError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`it happened (${String(httpStatusCode)})`), { name, $metadata: { httpStatusCode } });
}

/** Simulated time: sleeping advances it at once. */
function simulated(random = 0.5) {
  const clock = { ms: 0, sleeps: [] as number[] };
  const calls = new WatchCalls({
    now: () => clock.ms,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      clock.ms += ms;
    },
    random: () => random,
  });
  return { clock, calls };
}

describe('asFailedCall', () => {
  test.each([
    [awsError('ThrottlingException', 400), 'throttled', true],
    [awsError('ServiceUnavailable', 503), 'transient', true],
    [awsError('AccessDeniedException', 400), 'denied', false],
    [awsError('ExpiredTokenException', 400), 'expired', false],
    [new TypeError('Cannot read properties of undefined'), 'fatal', false],
  ] as const)('%s is a %s failure (retryable: %s)', (error, kind, retryable) => {
    const failure = asFailedCall(error, 'DescribeServices');
    expect([failure.operation, failure.kind, failure.retryable, failure.cause]).toEqual(['DescribeServices', kind, retryable, error]);
    expect(failure.message).toBe(`DescribeServices failed: ${error.name}: ${error.message}`);
  });

  test('passes a FailedCall through as it is, and names anything else a failure of polling', () => {
    const failure = new FailedCall('ListTasks', awsError('AccessDeniedException', 400));
    expect(asFailedCall(failure, 'DescribeServices')).toBe(failure);
    expect(asFailedCall(new Error('bug')).operation).toBe('polling');
  });
});

describe('WatchCalls.call', () => {
  test('counts every call and throws its failure already classified', async () => {
    const { calls } = simulated();
    await expect(calls.call('DescribeServices', async () => 'ok')).resolves.toBe('ok');
    const thrown = await calls
      .call('ListTasks', async () => {
        throw awsError('AccessDeniedException', 400);
      })
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(FailedCall);
    expect(thrown).toMatchObject({ operation: 'ListTasks', kind: 'denied' });
    expect(calls.ledger.total).toBe(2);
  });

  test('waits for room once 30 calls were made in the minute', async () => {
    const { clock, calls } = simulated();
    for (let call = 0; call < 30; call += 1) await calls.call('DescribeServices', async () => 'ok');
    await calls.call('DescribeServices', async () => 'ok');
    expect(clock.sleeps).toEqual([61_001]);
  });
});

describe('WatchCalls.forService', () => {
  test('shares the step budget, and counts its own calls and the batched calls credited to it', async () => {
    const { clock, calls: step } = simulated();
    const api = step.forService();
    const worker = step.forService();
    await step.call('DescribeServices', async () => 'batched');
    api.credit();
    worker.credit();
    await api.call('ListTasks', async () => 'ok');
    for (let call = 0; call < 27; call += 1) await worker.call('ListTasks', async () => 'ok');
    await api.call('DescribeTasks', async () => 'ok');
    expect([api.made, worker.made, step.ledger.total]).toEqual([3, 28, 30]);
    expect(clock.sleeps).toEqual([]);
    await worker.call('ListTasks', async () => 'ok');
    expect(clock.sleeps).toEqual([61_001]);
  });
});

describe('WatchCalls.change', () => {
  test('retries throttled and 5xx answers on the watch backoff until one succeeds', async () => {
    const { clock, calls } = simulated(0.5);
    const answers = [awsError('ThrottlingException', 400), awsError('ServiceUnavailable', 503)];
    const result = await calls.change('UpdateService', async () => {
      const failure = answers.shift();
      if (failure !== undefined) throw failure;
      return 'updated';
    });
    expect(result).toBe('updated');
    expect(clock.sleeps).toEqual([10_000, 15_000]);
    expect(calls.ledger.total).toBe(3);
  });

  test('gives up after 5 attempts with the last failure, classified', async () => {
    const { clock, calls } = simulated(0);
    const thrown = await calls
      .change('StopServiceDeployment', async () => {
        throw awsError('ThrottlingException', 400);
      })
      .catch((error: unknown) => error);
    expect(thrown).toMatchObject({ name: 'FailedCall', operation: 'StopServiceDeployment', kind: 'throttled' });
    expect(clock.sleeps).toEqual([5000, 5000, 5000, 5000]);
  });

  test('does not retry a failure that will not pass', async () => {
    const { clock, calls } = simulated();
    const thrown = await calls
      .change('UpdateService', async () => {
        throw awsError('AccessDeniedException', 400);
      })
      .catch((error: unknown) => error);
    expect(thrown).toMatchObject({ operation: 'UpdateService', kind: 'denied' });
    expect([clock.sleeps, calls.ledger.total]).toEqual([[], 1]);
  });
});
