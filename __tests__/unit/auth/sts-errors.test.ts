import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  AssumeRoleWithWebIdentityCommand,
  IDPCommunicationErrorException,
  InvalidIdentityTokenException,
  STSClient,
} from '@aws-sdk/client-sts';
import { isTransientError } from '@smithy/core/retry';
import { startFakeSts, type FakeSts } from '../../../__fixtures__/sts-server.js';
import { awsErrorCode } from '../../../src/shared/errors.js';
import { isAccessDenied, isMissingCredentials, isTransientStsError } from '../../../src/auth/sts-errors.js';

/** The SDK's own classifier, which reads optional fields only (TypeScript's Error types `cause` wider than its SdkError). */
const sdkRetriesTransient = (error: object) => isTransientError(error as Parameters<typeof isTransientError>[0]);

const sdkError = (name: string, message: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...(status !== undefined && { $metadata: { httpStatusCode: status } }), ...extra });

describe('classifying STS errors', () => {
  test.each([
    { label: 'IDPCommunicationError', error: sdkError('IDPCommunicationErrorException', 'IdP unreachable', 400), transient: true },
    {
      label: 'a JWKS fetch failure',
      error: sdkError('InvalidIdentityTokenException', "Couldn't retrieve verification key from your identity provider", 400),
      transient: true,
    },
    { label: 'a wrong audience', error: sdkError('InvalidIdentityTokenException', 'Incorrect token audience', 400), transient: false },
    { label: 'Throttling', error: sdkError('Throttling', 'Rate exceeded', 400), transient: true },
    { label: 'ThrottlingException', error: sdkError('ThrottlingException', 'Rate exceeded', 400), transient: true },
    { label: 'HTTP 429', error: sdkError('Unknown', 'slow down', 429), transient: true },
    { label: 'HTTP 503', error: sdkError('ServiceUnavailable', 'unavailable', 503), transient: true },
    { label: 'InternalFailure without status', error: sdkError('InternalFailure', 'oops'), transient: true },
    { label: 'a reset socket', error: sdkError('Error', 'socket hang up', undefined, { code: 'ECONNRESET' }), transient: true },
    { label: 'a timeout', error: sdkError('TimeoutError', 'Connection timed out'), transient: true },
    {
      label: 'a wrapped refused connection',
      error: new Error('request failed', { cause: sdkError('Error', 'connect', undefined, { code: 'ECONNREFUSED' }) }),
      transient: true,
    },
    { label: 'an unknown host', error: sdkError('Error', 'getaddrinfo ENOTFOUND', undefined, { code: 'ENOTFOUND' }), transient: false },
    {
      label: 'AccessDenied',
      error: sdkError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403),
      transient: false,
    },
    { label: 'ExpiredToken', error: sdkError('ExpiredTokenException', 'Token expired', 400), transient: false },
    { label: 'ValidationError', error: sdkError('ValidationError', 'bad duration', 400), transient: false },
    { label: 'HTTP 501, which the SDK alone would not retry', error: sdkError('NotImplemented', 'no', 501), transient: true },
    { label: 'AccessDenied, even answered with a 5xx', error: sdkError('AccessDenied', 'Not authorized', 500), transient: false },
    {
      label: 'a wrapped unknown host',
      error: new Error('request failed', { cause: sdkError('Error', 'getaddrinfo ENOTFOUND', undefined, { code: 'ENOTFOUND' }) }),
      transient: false,
    },
    {
      label: 'an error the SDK sent after correcting its clock skew',
      error: sdkError('SignatureDoesNotMatch', 'skewed', 403, { $metadata: { httpStatusCode: 403, clockSkewCorrected: true } }),
      transient: true,
    },
    { label: 'something thrown that is not an object', error: 'ECONNRESET', transient: false },
  ])('$label is transient: $transient', ({ error, transient }) => {
    expect(isTransientStsError(error)).toBe(transient);
  });

  // What we rely on the SDK for, and what we add because it lacks it.
  test('the SDK itself retries IDPCommunicationError (modelled $retryable) but not an unretrievable verification key', () => {
    const idp = new IDPCommunicationErrorException({ message: 'IdP unreachable', $metadata: { httpStatusCode: 400 } });
    const key = new InvalidIdentityTokenException({
      message: "Couldn't retrieve verification key from your identity provider",
      $metadata: { httpStatusCode: 400 },
    });
    expect(sdkRetriesTransient(idp)).toBe(true);
    expect(sdkRetriesTransient(key)).toBe(false);
    expect(isTransientStsError(idp)).toBe(true);
    expect(isTransientStsError(key)).toBe(true);
  });

  test('the SDK itself would retry an unknown host; we do not', () => {
    const unknownHost = sdkError('Error', 'getaddrinfo ENOTFOUND sts.eu-wset-1.amazonaws.com', undefined, { code: 'ENOTFOUND' });
    expect(sdkRetriesTransient(unknownHost)).toBe(true);
    expect(isTransientStsError(unknownHost)).toBe(false);
  });

  test.each([
    { name: 'InvalidIdentityTokenException', code: 'InvalidIdentityToken' },
    { name: 'AccessDenied', code: 'AccessDenied' },
    { name: 'ThrottlingException', code: 'Throttling' },
  ])('$name has the code $code', ({ name, code }) => {
    expect(awsErrorCode(sdkError(name, 'x'))).toBe(code);
  });

  test('recognizes AccessDenied and missing credentials', () => {
    expect(isAccessDenied(sdkError('AccessDenied', 'no', 403))).toBe(true);
    expect(isAccessDenied(sdkError('AccessDeniedException', 'no', 400))).toBe(true);
    expect(isAccessDenied(sdkError('InvalidIdentityTokenException', 'no', 400))).toBe(false);
    expect(isMissingCredentials(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'))).toBe(true);
    expect(isMissingCredentials(new Error('Could not load credentials from any providers'))).toBe(true);
    expect(isMissingCredentials(sdkError('AccessDenied', 'no', 403))).toBe(false);
  });
});

/** The real SDK parsing STS's own answers (from the fixture STS), as our classifiers then see them. */
describe('over the wire with the real SDK', () => {
  let sts: FakeSts;
  beforeAll(async () => {
    sts = await startFakeSts();
  });
  afterAll(() => sts.close());

  const send = async () => {
    const client = new STSClient({ region: 'eu-west-1', maxAttempts: 1, endpoint: sts.endpoint });
    try {
      return await client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/my-deploy-role',
          RoleSessionName: 'run-1',
          WebIdentityToken: 'x.y.z',
        }),
      );
    } finally {
      client.destroy();
    }
  };

  test.each([
    {
      code: 'AccessDenied',
      status: 403,
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      expectedCode: 'AccessDenied',
      transient: false,
    },
    {
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'Incorrect token audience',
      expectedCode: 'InvalidIdentityToken',
      transient: false,
    },
    {
      code: 'InvalidIdentityToken',
      status: 400,
      message: "Couldn't retrieve verification key from your identity provider",
      expectedCode: 'InvalidIdentityToken',
      transient: true,
    },
    { code: 'IDPCommunicationError', status: 400, message: 'IdP unreachable', expectedCode: 'IDPCommunicationError', transient: true },
    { code: 'ExpiredTokenException', status: 400, message: 'Token expired', expectedCode: 'ExpiredToken', transient: false },
    { code: 'Throttling', status: 400, message: 'Rate exceeded', expectedCode: 'Throttling', transient: true },
    { code: 'ServiceUnavailable', status: 503, message: 'Service Unavailable', expectedCode: 'ServiceUnavailable', transient: true },
  ])(
    'the SDK raises $code ($message) as code $expectedCode, transient: $transient',
    async ({ code, status, message, expectedCode, transient }) => {
      sts.fail({ status, code, message });
      const error = await send().catch((caught: unknown) => caught);
      expect(awsErrorCode(error)).toBe(expectedCode);
      expect(isTransientStsError(error)).toBe(transient);
    },
  );
});
