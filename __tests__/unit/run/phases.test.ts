import { beforeEach, describe, expect, jest, test } from '@jest/globals';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const core = await import('../../../__fixtures__/core.js');
const { PhaseError, asPhaseError, runPhase } = await import('../../../src/run/phases.js');

/** A clock that answers the given times in turn. */
function clock(...times: number[]): () => number {
  return () => times.shift() ?? 0;
}

describe('runPhase', () => {
  beforeEach(() => {
    jest.clearAllMocks();
  });

  test('runs the work inside a log group named after the phase and returns its value with its time', async () => {
    const result = await runPhase('Image', () => 'built', { now: clock(1_000, 1_250) });
    expect(result).toEqual({ ok: true, value: 'built', timing: { phase: 'Image', milliseconds: 250, status: 'succeeded' } });
    expect(core.startGroup).toHaveBeenCalledWith('Image');
    expect(core.endGroup).toHaveBeenCalledTimes(1);
  });

  test('returns a failure as a PhaseError naming the phase, with a failed timing, and still closes the group', async () => {
    const result = await runPhase('Service update', () => Promise.reject(new Error('AccessDeniedException from ECS UpdateService')), {
      now: clock(0, 40),
    });
    expect(result.ok).toBe(false);
    expect(result.timing).toEqual({ phase: 'Service update', milliseconds: 40, status: 'failed' });
    expect(result).toMatchObject({
      error: { name: 'PhaseError', phase: 'Service update', message: 'AccessDeniedException from ECS UpdateService' },
      value: undefined,
    });
    expect(core.endGroup).toHaveBeenCalledTimes(1);
  });

  test('keeps the phase of an inner PhaseError instead of renaming it', async () => {
    const inner = new PhaseError('Deployment watch', new Error('my-service failed'));
    const result = await runPhase('Image', () => Promise.reject(inner));
    expect(result).toMatchObject({ ok: false, error: inner });
  });

  test('fails a phase whose finished value stands for a failure, and keeps that value', async () => {
    const result = await runPhase('Deployment watch', () => ({ failedServices: ['api'] }), {
      failureOf: (value) => (value.failedServices.length > 0 ? new Error('api failed: the circuit breaker fired.') : undefined),
      now: clock(0, 6_400),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { phase: 'Deployment watch', message: 'api failed: the circuit breaker fired.' },
      timing: { phase: 'Deployment watch', milliseconds: 6_400, status: 'failed' },
      value: { failedServices: ['api'] },
    });
  });

  test('succeeds when failureOf finds nothing wrong with the value', async () => {
    const result = await runPhase('Deployment watch', () => ({ failedServices: [] as string[] }), {
      failureOf: (value) => (value.failedServices.length > 0 ? new Error('failed') : undefined),
    });
    expect(result).toMatchObject({ ok: true, timing: { status: 'succeeded' } });
  });
});

describe('asPhaseError', () => {
  test('keeps a PhaseError as it is', () => {
    const error = new PhaseError('Image', new Error('no such repository'));
    expect(asPhaseError(error)).toBe(error);
  });

  test('calls anything else ours (Internal), keeping its message', () => {
    expect(asPhaseError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toMatchObject({
      phase: 'Internal',
      message: "Cannot read properties of undefined (reading 'x')",
    });
    expect(asPhaseError('a thrown string')).toMatchObject({ phase: 'Internal', message: 'a thrown string' });
  });
});
