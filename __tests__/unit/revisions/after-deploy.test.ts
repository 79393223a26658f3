// When keep-revisions prunes: only once every service ended on its revision (or on a dry run). The cases
// that must not prune return before any call, so an ECS client that fails every call proves none was made.
import { describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { ECSClient } from '@aws-sdk/client-ecs';
import { sampleConfig } from '../../../__fixtures__/config.js';
import { EMPTY_RECORD, type RunResult, type ServiceReport } from '../../../src/report/report.js';
import { withOldRevisionsPruned } from '../../../src/revisions/after-deploy.js';

const ecsMock = mockClient(ECSClient);
ecsMock.onAnyCommand().rejects(new Error('no call expected'));
const ecs = new ECSClient({ region: 'us-east-1' });
const NOTHING_DEPLOYED = { decisions: [], plan: { renders: [] } };

const report = (status: ServiceReport['status']): ServiceReport => ({
  service: 'my-service',
  previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:1',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:2',
  status,
  deploymentId: '',
  rolloutState: '',
  reason: '',
  stoppedTaskReasons: [],
  rollback: '',
  milliseconds: 0,
});
const deployed = (...statuses: ServiceReport['status'][]): RunResult => ({
  ...EMPTY_RECORD,
  services: statuses.map(report),
  ending: { kind: 'deployed' },
});

describe('withOldRevisionsPruned leaves the result as it is, calling nothing', () => {
  test.each<[string, number, RunResult]>([
    ['keep-revisions 0', 0, deployed('succeeded')],
    ['a failed deploy', 2, { ...deployed('failed'), ending: { kind: 'failed', phase: 'Deployment watch', message: 'x', details: [] } }],
    ['a deploy not waited for', 2, deployed('updated')],
    ['one service watched to success, another not waited for', 2, deployed('succeeded', 'updated')],
  ])('%s', async (_name, keepRevisions, result) => {
    const config = sampleConfig({ deploy: { keepRevisions } });
    await expect(withOldRevisionsPruned(config, ecs, NOTHING_DEPLOYED, result)).resolves.toBe(result);
    expect(ecsMock.calls()).toHaveLength(0);
  });
});
