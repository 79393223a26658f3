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
      `STS could not reach GitHub's OIDC issuer to verify the token for ${ROLE} (IdP unreachable); this is on AWS's or GitHub's side, run the job again later. (gave up after 8 attempts in 30.0 s)`,
    );
    expect(exhausted.cause).toBeInstanceOf(RetryExhaustedError);
  });

  test('explains a refusal with the token claims', () => {
    const failure = webIdentityFailure(sdkError('AccessDenied', 'Not authorized'), context);
    expect(failure.message).toMatch(new RegExp(`^Not authorized to perform sts:AssumeRoleWithWebIdentity on ${ROLE}`));
    expect(failure.message).toContain(`token sub: ${CLASSIC_SUB}`);
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
