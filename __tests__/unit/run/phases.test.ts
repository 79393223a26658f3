import { beforeEach, describe, expect, jest, test } from '@jest/globals';

jest.unstable_mockModule('@actions/core', () => import('../../../__fixtures__/core.js'));
const core = await import('../../../__fixtures__/core.js');
const { PhaseError, runPhase } = await import('../../../src/run/phases.js');
const { emptyReport } = await import('../../../src/report/report.js');

describe('runPhase', () => {
  beforeEach(() => {
    jest.clearAllMocks();
  });

  test('runs the work inside a log group named after the phase and records its time', async () => {
    const report = emptyReport(false);
    const times = [1_000, 1_250];
    const result = await runPhase(
      report,
      'Image',
      () => 'built',
      () => times.shift() ?? 0,
    );
    expect(result).toBe('built');
    expect(core.startGroup).toHaveBeenCalledWith('Image');
    expect(core.endGroup).toHaveBeenCalledTimes(1);
    expect(report.phases).toEqual([{ phase: 'Image', milliseconds: 250, status: 'succeeded' }]);
  });

  test('wraps a failure in a PhaseError naming the phase, records it, and still closes the group', async () => {
    const report = emptyReport(false);
    const failure = runPhase(report, 'Service update', () => Promise.reject(new Error('AccessDeniedException from ECS UpdateService')));
    await expect(failure).rejects.toMatchObject({
      name: 'PhaseError',
      phase: 'Service update',
      message: 'AccessDeniedException from ECS UpdateService',
    });
    expect(core.endGroup).toHaveBeenCalledTimes(1);
    expect(report.phases.map((phase) => phase.status)).toEqual(['failed']);
  });

  test('keeps the phase of an inner PhaseError instead of renaming it', async () => {
    const report = emptyReport(false);
    const inner = new PhaseError('Deployment watch', new Error('my-service failed'));
    await expect(runPhase(report, 'Image', () => Promise.reject(inner))).rejects.toBe(inner);
  });
});
