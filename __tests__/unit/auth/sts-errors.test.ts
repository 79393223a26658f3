import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fakeJwt } from '../../../__fixtures__/oidc-token.js';

jest.unstable_mockModule('@actions/core', () => import('../../../__fixtures__/core.js'));
const core = await import('../../../__fixtures__/core.js');
const { awsErrorCode } = await import('../../../src/shared/errors.js');
const { isAccessDenied, isMissingCredentials, isTransientStsError } = await import('../../../src/auth/sts-errors.js');
const { establishSession } = await import('../../../src/auth/session.js');

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
  ])('$label is transient: $transient', ({ error, transient }) => {
    expect(isTransientStsError(error)).toBe(transient);
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

/** A tiny STS speaking the Query protocol: answers queued errors first, then credentials. */
describe('over the wire with the real SDK', () => {
  let server: Server;
  let endpoint = '';
  const queued: { status: number; code: string; message: string }[] = [];
  const requests: URLSearchParams[] = [];
  const savedEndpoint = process.env['AWS_ENDPOINT_URL_STS'];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const failure = queued.shift();
        response.setHeader('content-type', 'text/xml');
        if (failure) {
          response.statusCode = failure.status;
          response.end(
            `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>${failure.message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
          );
          return;
        }
        response.end(
          '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>' +
            '<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/my-deploy-role/run-1</Arn><AssumedRoleId>AROAEXAMPLE:run-1</AssumedRoleId></AssumedRoleUser>' +
            '<Credentials><AccessKeyId>ASIAWIRE</AccessKeyId><SecretAccessKey>wire-secret</SecretAccessKey><SessionToken>wire-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>' +
            '</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env['AWS_ENDPOINT_URL_STS'] = endpoint;
  });

  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env['AWS_ENDPOINT_URL_STS'];
    else process.env['AWS_ENDPOINT_URL_STS'] = savedEndpoint;
    await new Promise((resolve) => server.close(resolve));
  });

  const send = async () => {
    const client = new STSClient({ region: 'eu-west-1', maxAttempts: 1 });
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
      queued.push({ status, code, message });
      const error = await send().catch((caught: unknown) => caught);
      expect(awsErrorCode(error)).toBe(expectedCode);
      expect(isTransientStsError(error)).toBe(transient);
    },
  );

  test('establishSession reaches STS through AWS_ENDPOINT_URL_STS and retries its transient answers', async () => {
    core.getIDToken.mockResolvedValue(fakeJwt());
    queued.push({ status: 400, code: 'IDPCommunicationError', message: 'IdP unreachable' });
    requests.length = 0;
    const session = await establishSession(
      {
        region: 'eu-west-1',
        roleToAssume: 'arn:aws:iam::123456789012:role/my-deploy-role',
        audience: 'sts.amazonaws.com',
        roleSessionName: 'run-1',
        roleDurationSeconds: 900,
        roleChain: [],
        exportCredentials: false,
      },
      {
        env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner.example.test/t', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'b' },
        sleep: () => Promise.resolve(),
      },
    );
    expect(session.assumedRoleArn).toBe('arn:aws:sts::123456789012:assumed-role/my-deploy-role/run-1');
    await expect(session.credentials()).resolves.toMatchObject({
      accessKeyId: 'ASIAWIRE',
      secretAccessKey: 'wire-secret',
      sessionToken: 'wire-token',
    });
    expect(requests).toHaveLength(2);
    expect(requests[1]?.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(requests[1]?.get('DurationSeconds')).toBe('900');
    expect(core.setSecret).toHaveBeenCalledWith('wire-secret');
  });
});
