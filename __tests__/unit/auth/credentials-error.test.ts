import { describe, expect, test } from '@jest/globals';
import { CLASSIC_SUB } from '../../../__fixtures__/oidc-token.js';
import {
  callerIdentityFailure,
  chainHopFailure,
  CredentialsError,
  webIdentityFailure,
  withAttempts,
} from '../../../src/auth/credentials-error.js';
import { RetryExhaustedError } from '../../../src/shared/retry.js';

const ROLE = 'arn:aws:iam::123456789012:role/my-deploy-role';
const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name });
const context = { roleArn: ROLE, audience: 'sts.amazonaws.com', claims: { sub: CLASSIC_SUB }, roleDurationSeconds: 3600, nowMs: 0 };

describe('withAttempts', () => {
  test('adds how long the retries tried to the first line only', () => {
    const exhausted = new RetryExhaustedError(new Error('x'), 8, 31_250);
    expect(withAttempts('first line\nsecond line', exhausted)).toBe('first line (gave up after 8 attempts in 31.3 s)\nsecond line');
  });

  test('leaves a diagnosis alone when nothing was retried', () => {
    expect(withAttempts('first line\nsecond line', new Error('x'))).toBe('first line\nsecond line');
  });
});

describe('webIdentityFailure', () => {
  test('blames the issuer only when retries of an issuer failure ran out', () => {
    const idp = sdkError('IDPCommunicationErrorException', 'IdP unreachable');
    const exhausted = webIdentityFailure(new RetryExhaustedError(idp, 8, 30_000), context);
    expect(exhausted).toBeInstanceOf(CredentialsError);
    expect(exhausted.message).toBe(
      `STS could not reach GitHub's OIDC issuer https://token.actions.githubusercontent.com to verify the token for ${ROLE} (IdP unreachable); this is on AWS's or GitHub's side, run the job again later. (gave up after 8 attempts in 30.0 s)`,
    );
    expect(exhausted.cause).toBeInstanceOf(RetryExhaustedError);
    expect(exhausted.failureCause).toBe('issuer-unreachable');
  });

  test('explains a refusal with the token claims', () => {
    const failure = webIdentityFailure(sdkError('AccessDenied', 'Not authorized'), context);
    expect(failure.message).toMatch(new RegExp(`^Not authorized to perform sts:AssumeRoleWithWebIdentity on ${ROLE}`));
    expect(failure.message).toContain(`token sub: ${CLASSIC_SUB}`);
    expect(failure.failureCause).toBe('trust-policy');
  });

  test.each([
    ['InvalidIdentityTokenException', 'Incorrect token audience', 'audience'],
    [
      'InvalidIdentityTokenException',
      'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
      'provider-missing',
    ],
    ['ExpiredTokenException', 'Token expired', 'token-expired'],
    ['RegionDisabledException', 'STS is not activated', undefined],
  ])('says which refusal %s "%s" is, for the Next: advice', (name, message, cause) => {
    expect(webIdentityFailure(sdkError(name, message), context).failureCause).toBe(cause);
  });

  test('a refused role-chain hop is the target trust policy, a too long session its length', () => {
    const hop = {
      hop: 2,
      hops: 2,
      roleArn: ROLE,
      callerArn: 'arn:aws:sts::123456789012:assumed-role/hub/run',
      callerRoleArn: undefined,
      requestedDurationSeconds: 7200,
    };
    expect(chainHopFailure(sdkError('AccessDenied', 'denied'), hop).failureCause).toBe('chain-trust');
    expect(chainHopFailure(sdkError('ValidationError', 'DurationSeconds exceeds the 1 hour session limit'), hop).failureCause).toBe(
      'session-length',
    );
    expect(chainHopFailure(sdkError('RegionDisabledException', 'off'), hop).failureCause).toBeUndefined();
  });

  test('passes a CredentialsError through unchanged', () => {
    const own = new CredentialsError('STS AssumeRoleWithWebIdentity answered without credentials.');
    expect(webIdentityFailure(own, context)).toBe(own);
    expect(
      chainHopFailure(own, { hop: 1, hops: 1, roleArn: ROLE, callerArn: 'x', callerRoleArn: undefined, requestedDurationSeconds: 3600 }),
    ).toBe(own);
  });
});

describe('callerIdentityFailure', () => {
  test('names the call and the AWS error code', () => {
    expect(callerIdentityFailure(sdkError('ExpiredTokenException', 'The security token included in the request is expired')).message).toBe(
      'Checking the AWS credentials present in the environment failed (STS GetCallerIdentity: ExpiredToken: The security token included in the request is expired).',
    );
  });
});
