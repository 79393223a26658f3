import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { RunResult } from '../../../src/report/report.js';

const summary = {
  addRaw: jest.fn((_text: string, _addEol?: boolean) => summary),
  write: jest.fn(() => Promise.resolve(summary)),
};
jest.unstable_mockModule('@actions/core', async () => ({ ...(await import('../../../__fixtures__/core.js')), summary }));
const core = await import('../../../__fixtures__/core.js');
const { finish } = await import('../../../src/report/finish.js');
const { EMPTY_RECORD } = await import('../../../src/report/report.js');

const ROLE = 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-my-org-my-app-1-1';
const ON_RUNNER = { GITHUB_STEP_SUMMARY: '/home/runner/work/_temp/summary.md' };

const partlyUpdated: RunResult = {
  ...EMPTY_RECORD,
  identity: ROLE,
  updateFailures: [{ service: 'worker', operation: 'ecs:UpdateService', message: 'ServiceNotActiveException: Service was not ACTIVE.' }],
  ending: {
    kind: 'failed',
    phase: 'Service update',
    message: 'UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.',
    details: ['first detail', 'second detail'],
  },
};

describe('finish', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    summary.write.mockImplementation(() => Promise.resolve(summary));
  });

  test('writes the outputs, the annotations, the details, the one failure sentence, then the summary', async () => {
    await finish(partlyUpdated, ON_RUNNER);
    expect(core.setOutput.mock.calls).toEqual([['assumed-role-arn', ROLE]]);
    expect(core.error.mock.calls).toEqual([
      ['UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE.', { title: 'worker: not updated' }],
    ]);
    expect(core.info.mock.calls).toEqual([['first detail'], ['second detail']]);
    expect(core.setFailed.mock.calls).toEqual([
      [
        'Service update failed: UpdateService failed for worker: ServiceNotActiveException: Service was not ACTIVE. Next: check the service and the role permissions.',
      ],
    ]);
    expect(core.setFailed.mock.invocationCallOrder[0]).toBeLessThan(summary.write.mock.invocationCallOrder[0] ?? 0);
    expect(summary.addRaw.mock.calls[0]?.[0]).toContain('## oidc-ecs-deploy: ❌ Deployment failed');
    expect(summary.addRaw.mock.calls[0]?.[1]).toBe(true);
  });

  test('prints the statement for a service whose UpdateService IAM refused, once', async () => {
    const arn = (service: string): string => `arn:aws:ecs:us-east-1:123456789012:service/my-cluster/${service}`;
    const refusal = (service: string): string =>
      `AccessDeniedException from ECS UpdateService for ${service}: User: ${ROLE} is not authorized to perform: ecs:UpdateService on resource: ${arn(service)}`;
    const denial = { principal: ROLE, action: 'ecs:UpdateService', resource: arn('worker'), reason: { kind: 'unspecified' } } as const;
    await finish(
      {
        ...partlyUpdated,
        updateFailures: [
          { service: 'worker', operation: 'ecs:UpdateService', message: refusal('worker') },
          { service: 'jobs', operation: 'ecs:UpdateService', message: refusal('jobs') },
        ],
        ending: { ...partlyUpdated.ending, details: ['the worker statement'], refused: denial } as RunResult['ending'],
      },
      {},
    );
    expect(core.info.mock.calls).toEqual([
      [
        `arn:aws:iam::123456789012:role/my-deploy-role may not perform ecs:UpdateService on ${arn('jobs')}. Add this statement to the permission policy of my-deploy-role:`,
      ],
      [JSON.stringify({ Effect: 'Allow', Action: 'ecs:UpdateService', Resource: arn('jobs') }, null, 2)],
      ['the worker statement'],
    ]);
  });

  test('fails nothing after a deploy', async () => {
    await finish({ ...EMPTY_RECORD, ending: { kind: 'deployed' } }, ON_RUNNER);
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(summary.write).toHaveBeenCalledTimes(1);
  });

  test('writes no summary outside a runner', async () => {
    await finish(partlyUpdated, {});
    expect(summary.addRaw).not.toHaveBeenCalled();
    expect(summary.write).not.toHaveBeenCalled();
  });

  test('warns, and fails nothing more, when the summary cannot be written', async () => {
    summary.write.mockRejectedValue(new Error('EACCES: permission denied'));
    await finish({ ...EMPTY_RECORD, ending: { kind: 'deployed' } }, ON_RUNNER);
    expect(core.warning.mock.calls).toEqual([['Could not write the job summary: EACCES: permission denied']]);
    expect(core.setFailed).not.toHaveBeenCalled();
  });
});
