import { CredentialsError } from '../../../src/auth/credentials-error.js';
import { describe, expect, jest, test } from '@jest/globals';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const { PhaseError } = await import('../../../src/run/phases.js');
const { afterPhase, deployed, dryRunDone, failed } = await import('../../../src/run/run-record.js');
const { EMPTY_RECORD } = await import('../../../src/report/report.js');

const ROLE = 'arn:aws:sts::123456789012:assumed-role/my-deploy-role/oidc-ecs-deploy-my-org-my-app-1-1';
const inputsTiming = { phase: 'Inputs', milliseconds: 3, status: 'succeeded' } as const;

describe('afterPhase', () => {
  test('adds the timing and the facts of a phase that returned a value, leaving the record it was given as it was', () => {
    const before = { ...EMPTY_RECORD, phases: [inputsTiming] };
    const timing = { phase: 'Credentials', milliseconds: 310, status: 'succeeded' } as const;
    const after = afterPhase(before, { ok: true, value: ROLE, timing }, (identity) => ({ identity }));
    expect(after).toEqual({ ...EMPTY_RECORD, phases: [inputsTiming, timing], identity: ROLE });
    expect(before).toEqual({ ...EMPTY_RECORD, phases: [inputsTiming] });
  });

  test('adds only the timing of a phase that threw', () => {
    const timing = { phase: 'Credentials', milliseconds: 12, status: 'failed' } as const;
    const facts = jest.fn((identity: string) => ({ identity }));
    const error = new PhaseError('Credentials', new Error('no token'));
    const after = afterPhase(EMPTY_RECORD, { ok: false, error, timing, value: undefined }, facts);
    expect(after).toEqual({ ...EMPTY_RECORD, phases: [timing] });
    expect(facts).not.toHaveBeenCalled();
  });

  test('adds the facts of a phase that finished with a value judged a failure', () => {
    const timing = { phase: 'Deployment watch', milliseconds: 6_400, status: 'failed' } as const;
    const error = new PhaseError('Deployment watch', new Error('api failed'));
    const after = afterPhase(EMPTY_RECORD, { ok: false, error, timing, value: 'FAILED' }, (rolloutState) => ({
      rolloutEnd: { deploymentId: 'ecs-svc/1', rolloutState, failureReason: 'api failed' },
    }));
    expect(after.rolloutEnd).toEqual({ deploymentId: 'ecs-svc/1', rolloutState: 'FAILED', failureReason: 'api failed' });
  });
});

describe('the endings', () => {
  test('a deploy and a dry run keep the record', () => {
    const record = { ...EMPTY_RECORD, identity: ROLE };
    expect(deployed(record)).toEqual({ ...record, ending: { kind: 'deployed' } });
    expect(dryRunDone(record)).toEqual({ ...record, ending: { kind: 'dry-run' } });
  });

  test('a failure keeps the first line as its message and the rest of the diagnosis as details', () => {
    const error = new PhaseError(
      'Credentials',
      new Error(
        'Not authorized to perform sts:AssumeRoleWithWebIdentity.\ntoken sub: repo:my-org/my-app:ref:refs/heads/main\n{ "Effect": "Allow" }\n',
      ),
    );
    expect(failed(EMPTY_RECORD, error).ending).toEqual({
      kind: 'failed',
      phase: 'Credentials',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity.',
      details: ['token sub: repo:my-org/my-app:ref:refs/heads/main', '{ "Effect": "Allow" }'],
    });
  });

  describe('a call IAM refused', () => {
    const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/my-cluster/my-service';
    const sdkError = (message: string): Error => Object.assign(new Error(message), { name: 'AccessDeniedException' });

    test('adds the statement to paste to the details, and keeps the refusal for the Next: line', () => {
      const refusal = `User: ${ROLE} is not authorized to perform: ecs:UpdateService on resource: ${SERVICE} because no identity-based policy allows the ecs:UpdateService action`;
      const error = new PhaseError('Service update', new Error(`AccessDeniedException from ECS UpdateService for my-service: ${refusal}.`));
      const ending = failed(EMPTY_RECORD, error).ending;
      expect(ending).toMatchObject({
        kind: 'failed',
        message: `AccessDeniedException from ECS UpdateService for my-service: ${refusal}.`,
        details: [
          `arn:aws:iam::123456789012:role/my-deploy-role may not perform ecs:UpdateService on ${SERVICE}. Add this statement to the permission policy of my-deploy-role:`,
          JSON.stringify({ Effect: 'Allow', Action: 'ecs:UpdateService', Resource: SERVICE }, null, 2),
        ],
        refused: { action: 'ecs:UpdateService', resource: SERVICE },
      });
    });

    test('names the action and resource in the message when a diagnosis reworded AWS’s text', () => {
      const cause = sdkError(`User: ${ROLE} is not authorized to perform: ecs:UpdateService on resource: ${SERVICE}`);
      const error = new PhaseError('Service update', new Error('The service could not be updated', { cause }));
      expect(failed(EMPTY_RECORD, error).ending).toMatchObject({
        message: `The service could not be updated. Refused: ecs:UpdateService on ${SERVICE}`,
        refused: { action: 'ecs:UpdateService' },
      });
    });

    test('an AssumeRole refused by a trust policy stays the trust diagnosis’s', () => {
      const cause = sdkError(`User: ${ROLE} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/x`);
      const ending = failed(
        EMPTY_RECORD,
        new PhaseError('Credentials', new Error('Not authorized to perform sts:AssumeRole', { cause })),
      ).ending;
      expect(ending).toEqual({ kind: 'failed', phase: 'Credentials', message: 'Not authorized to perform sts:AssumeRole', details: [] });
    });
  });

  test('a one-line failure has no details', () => {
    expect(failed(EMPTY_RECORD, new PhaseError('Image', new Error('no such repository'))).ending).toEqual({
      kind: 'failed',
      phase: 'Image',
      message: 'no such repository',
      details: [],
    });
  });

  test('a failure carries the cause its error names, for the Next: advice', () => {
    const refused = new PhaseError(
      'Credentials',
      new CredentialsError('Not authorized …: token sub repo:my-org/my-app:ref:refs/heads/main', undefined, 'trust-policy'),
    );
    expect(failed(EMPTY_RECORD, refused).ending).toMatchObject({ phase: 'Credentials', cause: 'trust-policy' });
    expect(failed(EMPTY_RECORD, new PhaseError('Credentials', new CredentialsError('odd answer'))).ending).not.toHaveProperty('cause');
  });
});
