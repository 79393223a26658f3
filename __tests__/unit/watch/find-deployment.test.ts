import { describe, expect, test } from '@jest/globals';
import { findOurDeployment, pickServiceDeployment, primaryDeployment } from '../../../src/watch/find-deployment.js';
import {
  OLD_ID,
  OUR_ID,
  OURS,
  PREVIOUS,
  SERVICE_REVISION_ARN,
  SOMEONE_ELSES,
  T0,
  at,
  oldDeployment,
  ourDeployment,
  service,
  watchTarget as target,
} from '../../../__fixtures__/watch-snapshots.js';

describe('pickServiceDeployment', () => {
  const brief = (suffix: string, seconds: number, revision = `rev-${suffix}`) => ({
    serviceDeploymentArn: `arn:sd/${suffix}`,
    createdAt: at(seconds),
    targetServiceRevisionArn: revision,
    status: 'IN_PROGRESS' as const,
  });
  const when = { taskDefinitionArn: OURS, startedAtMs: T0 };

  test('prefers the one whose service revision runs our task definition', () => {
    const revisions = new Map([
      ['rev-a', SOMEONE_ELSES],
      ['rev-b', OURS],
    ]);
    expect(pickServiceDeployment([brief('a', 1), brief('b', 2)], when, OUR_ID, revisions)).toBe('arn:sd/b');
  });

  test('matches the revision id to our ecs-svc id when revisions are unknown', () => {
    expect(pickServiceDeployment([brief('a', 1), brief('b', 2, SERVICE_REVISION_ARN)], when, OUR_ID)).toBe('arn:sd/b');
  });

  test('else takes the oldest created since our update, never an older one', () => {
    expect(pickServiceDeployment([brief('old', -600), brief('a', 1), brief('b', 2)], when, undefined)).toBe('arn:sd/a');
    expect(pickServiceDeployment([brief('old', -600)], when, undefined)).toBeUndefined();
  });
});

test('primaryDeployment is the PRIMARY entry, or none', () => {
  const primary = ourDeployment();
  expect(primaryDeployment(service({ deployments: [oldDeployment(), primary] }))).toBe(primary);
  expect(primaryDeployment(service({ deployments: [oldDeployment()] }))).toBeUndefined();
  expect(primaryDeployment(undefined)).toBeUndefined();
});

describe('findOurDeployment', () => {
  const ours = ourDeployment();
  const theirs = ourDeployment({ id: 'ecs-svc/theirs', createdAt: at(-600) });
  test.each([
    ['by id when UpdateService gave one', service({ deployments: [oldDeployment(), ours] }), OUR_ID, 'deploy', ours],
    ['by id: absent when that id is not listed', service({ deployments: [oldDeployment()] }), OUR_ID, 'deploy', undefined],
    [
      'without an id: our revision as PRIMARY, created since our update',
      service({ deployments: [ours, oldDeployment()] }),
      undefined,
      'deploy',
      ours,
    ],
    [
      'without an id: never an older deployment of our revision',
      service({ deployments: [theirs, oldDeployment()] }),
      undefined,
      'deploy',
      undefined,
    ],
    [
      'rollback: the previous revision as the PRIMARY it already was',
      service({ deployments: [oldDeployment({ status: 'PRIMARY' })] }),
      undefined,
      'rollback',
      'old',
    ],
  ] as const)('%s', (_name, described, deploymentId, mode, expected) => {
    const taskDefinitionArn = mode === 'rollback' ? PREVIOUS : OURS;
    const found = findOurDeployment(described, { target: target({ mode, taskDefinitionArn, deploymentId }), deploymentId });
    expect(found?.id).toBe(expected === 'old' ? OLD_ID : expected?.id);
  });

  test('without an id and no PRIMARY of ours: the newest recent deployment of our revision', () => {
    const older = ourDeployment({ id: 'ecs-svc/a', status: 'ACTIVE', createdAt: at(1) });
    const newer = ourDeployment({ id: 'ecs-svc/b', status: 'ACTIVE', createdAt: at(3) });
    const described = service({ deployments: [oldDeployment({ status: 'PRIMARY' }), older, newer] });
    expect(findOurDeployment(described, { target: target({ deploymentId: undefined, startedAtMs: T0 }), deploymentId: undefined })).toBe(
      newer,
    );
  });
});
