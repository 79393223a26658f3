// What the user sees of the one-off task: its outputs, its rows in the job summary, the failure sentence,
// and which revision and placement it takes when several services are deployed.
import { describe, expect, test } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import { EMPTY_RECORD, type MigrationReport, type RunResult } from '../../../src/report/report.js';
import { failureSentence, outputsOf } from '../../../src/report/outputs.js';
import { renderSummary } from '../../../src/report/summary.js';
import { migrationTarget, type Revisions } from '../../../src/migration/target.js';

const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/my-cluster/0123456789abcdef0123456789abcdef';
const FAILED: MigrationReport = {
  status: 'failed',
  taskArn: TASK,
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8',
  command: 'npm run migrate',
  exitCode: 3,
  reason:
    'One-off task 0123456789abcdef0123456789abcdef (`npm run migrate` in container app) exited with code 3; last log line: ERROR: boom',
  logLines: ['Applying 0042', 'ERROR: boom'],
  milliseconds: 6_500,
};
const result = (migration: MigrationReport | undefined, ending: RunResult['ending']): RunResult => ({
  ...EMPTY_RECORD,
  ...(migration === undefined ? {} : { migration }),
  deployed: false,
  ending,
});

describe('the one-off task in the outputs', () => {
  test('its ARN and exit code', () => {
    expect(outputsOf(result(FAILED, { kind: 'failed', phase: 'Migration task', message: FAILED.reason, details: [] }))).toEqual([
      ['deployed', 'false'],
      ['run-task-arn', TASK],
      ['run-task-exit-code', '3'],
    ]);
  });

  test('no exit code when it never ran to one, and nothing when no task was started', () => {
    expect(outputsOf(result({ ...FAILED, exitCode: undefined }, { kind: 'deployed' }))).toEqual([
      ['deployed', 'false'],
      ['run-task-arn', TASK],
    ]);
    expect(outputsOf(result({ ...FAILED, status: 'skipped', taskArn: '', exitCode: undefined }, { kind: 'deployed' }))).toEqual([
      ['deployed', 'false'],
    ]);
  });
});

describe('the one-off task in the job summary', () => {
  test('a row with its exit code and outcome, the reason, and its last log lines', () => {
    const markdown = renderSummary(result(FAILED, { kind: 'failed', phase: 'Migration task', message: FAILED.reason, details: [] }));
    expect(markdown).toContain(
      [
        '| One-off task | Command | Exit code | Outcome | Time |',
        '|---|---|---|---|---|',
        '| `0123456789abcdef0123456789abcdef` | `npm run migrate` | 3 | ❌ failed | 6.5 s |',
      ].join('\n'),
    );
    expect(markdown).toContain(`**One-off task**: ${FAILED.reason}`);
    expect(markdown).toContain(['```text', 'Applying 0042', 'ERROR: boom', '```'].join('\n'));
  });

  test('a skipped task says why', () => {
    const markdown = renderSummary(
      result({ ...FAILED, status: 'skipped', taskArn: '', exitCode: undefined, reason: '', logLines: [] }, { kind: 'deployed' }),
    );
    expect(markdown).toContain('| — | `npm run migrate` | — | ⏭️ skipped (no new revision) | 6.5 s |');
    expect(markdown).not.toContain('Its last log lines');
  });
});

test('the failure sentence says no service was updated and what to do', () => {
  expect(failureSentence({ phase: 'Migration task', message: 'One-off task x exited with code 3' })).toBe(
    'Migration task failed: One-off task x exited with code 3. Next: fix the one-off task from its exit code and log lines above, then run the deploy again; no service was updated.',
  );
});

describe('migrationTarget: the first service that gets a new revision', () => {
  const service = (subnet: string): Service => ({
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: [subnet] } },
  });
  const render = (family: string) => ({
    origin: family,
    before: {},
    input: { family, networkMode: 'awsvpc' as const, containerDefinitions: [{ name: 'app' }] },
    containerNames: ['app'],
  });
  const revisions = (registering: string[]): Revisions => ({
    plan: {
      targets: [
        { service: 'api', previousTaskDefinitionArn: 'api:1', render: 0 },
        { service: 'worker', previousTaskDefinitionArn: 'worker:1', render: 1 },
      ],
      renders: [render('api'), render('worker')],
      now: [
        { service: service('subnet-api'), running: undefined },
        { service: service('subnet-worker'), running: undefined },
      ],
    },
    registering: {
      targets: registering.map((name, index) => ({ service: name, previousTaskDefinitionArn: `${name}:1`, render: index })),
      renders: registering.map(render),
    },
    registered: registering.map((name) => ({
      family: name,
      taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}:2`,
    })),
  });

  test.each<[string, string[], string | undefined, string | undefined]>([
    ['both register: the first service', ['api', 'worker'], 'api', 'subnet-api'],
    ['only the second registers: it', ['worker'], 'worker', 'subnet-worker'],
    ['nothing registered: no task', [], undefined, undefined],
  ])('%s', (_name, registering, expectedService, subnet) => {
    const target = migrationTarget(revisions(registering));
    expect(target?.service).toBe(expectedService);
    expect(target?.placement.networkConfiguration?.awsvpcConfiguration?.subnets?.[0]).toBe(subnet);
    expect(target?.taskDefinitionArn).toBe(
      expectedService === undefined ? undefined : `arn:aws:ecs:us-east-1:123456789012:task-definition/${expectedService}:2`,
    );
  });

  test('a dry run (nothing registered yet) describes the definition it would register, without an ARN', () => {
    const target = migrationTarget({ ...revisions(['api']), registered: [] });
    expect(target).toMatchObject({
      service: 'api',
      taskDefinitionArn: '',
      taskDefinition: { family: 'api', networkMode: 'awsvpc' },
      containerName: 'app',
    });
  });
});
