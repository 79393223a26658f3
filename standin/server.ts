// One HTTP server for everything AWS and GitHub answer: routing, faults, SigV4, wire formats, and the
// record of every call.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StandinClock } from './clock.js';
import type { CredentialStore } from './credentials.js';
import type { AwsService, Fault, Faults } from './faults.js';
import { newRequestId } from './ids.js';
import { OIDC_BASE_PATH, type GithubOidcIssuer } from './oidc.js';
import { GITHUB_API_BASE_PATH, type GithubApi } from './github-api.js';
import { renderQueryError, renderQueryResult } from './query-xml.js';
import { verifySignature, type SignatureFailure } from './sigv4.js';
import type { Sts } from './sts.js';
import { AwsError, NotJsonAnswer, type Caller, type JsonHandler, type JsonObject } from './types.js';

export type JsonService = Exclude<AwsService, 'sts'>;

export interface RecordedCall {
  readonly service: AwsService | 'oidc' | 'github';
  readonly operation: string;
  /** ARN of the signing caller, when the request was signed by issued credentials. */
  readonly caller?: string;
  readonly status: number;
  /** Error code answered, if any. */
  readonly errorCode?: string;
  /** Simulated epoch ms when the call arrived. */
  readonly time: number;
  /** Wall epoch ms when the call arrived. */
  readonly wallTime: number;
}

export interface ServerDeps {
  readonly clock: StandinClock;
  readonly faults: Faults;
  readonly credentials: CredentialStore;
  readonly sts: Sts;
  readonly json: Readonly<Record<JsonService, JsonHandler>>;
  readonly oidc: GithubOidcIssuer;
  /** GitHub's REST API (comments, commit statuses) under GITHUB_API_BASE_PATH. */
  readonly githubApi: GithubApi;
  readonly oidcServerErrors: () => number | undefined;
  /** Throws AWS's AccessDenied when the caller's role has a permission policy that does not allow the call. */
  readonly authorize: (service: JsonService, operation: string, input: JsonObject, caller: Caller, region: string) => void;
}

export interface AwsServer {
  readonly endpoint: string;
  calls(): readonly RecordedCall[];
  close(): Promise<void>;
}

const JSON_TARGETS: readonly { prefix: string; service: JsonService }[] = [
  { prefix: 'AmazonEC2ContainerRegistry_V20150921', service: 'ecr' },
  { prefix: 'AmazonEC2ContainerServiceV20141113', service: 'ecs' },
  { prefix: 'Logs_20140328', service: 'logs' },
  { prefix: 'CodeDeploy_20141006', service: 'codedeploy' },
];
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** AWS's answers to a failed signature check, which differ between JSON services and STS. */
function signatureError(failure: SignatureFailure, detail: string | undefined, protocol: 'json' | 'query'): AwsError {
  const invalidToken = 'The security token included in the request is invalid.';
  const expired = 'The security token included in the request is expired';
  const mismatch = detail ?? 'The request signature we calculated does not match the signature you provided.';
  if (protocol === 'query') {
    switch (failure) {
      case 'missing':
        return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
      case 'unknown-key':
        return new AwsError('InvalidClientTokenId', invalidToken, 403);
      case 'expired':
        return new AwsError('ExpiredToken', expired, 400);
      default:
        return new AwsError('SignatureDoesNotMatch', mismatch, 403);
    }
  }
  switch (failure) {
    case 'missing':
      return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
    case 'unknown-key':
      return new AwsError('UnrecognizedClientException', invalidToken, 400);
    case 'expired':
      return new AwsError('ExpiredTokenException', expired, 400);
    default:
      return new AwsError('InvalidSignatureException', mismatch, 400);
  }
}

function faultError(fault: Fault, protocol: 'json' | 'query'): AwsError {
  if (fault === 'throttle') return new AwsError(protocol === 'json' ? 'ThrottlingException' : 'Throttling', 'Rate exceeded', 400);
  if (fault === 'server-error')
    return new AwsError(protocol === 'json' ? 'ServerException' : 'InternalFailure', 'Internal server error', 500);
  return new AwsError(protocol === 'json' ? 'ServiceUnavailableException' : 'ServiceUnavailable', 'Service Unavailable', 503);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request body too large', 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startAwsServer(buildDeps: (endpoint: string) => ServerDeps): Promise<AwsServer> {
  const recorded: RecordedCall[] = [];

  const answerJson = (response: ServerResponse, requestId: string, status: number, body: JsonObject, errorCode?: string): void => {
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': requestId,
      ...(errorCode ? { 'x-amzn-errortype': errorCode } : {}),
    });
    response.end(JSON.stringify(body));
  };

  async function serveJson(
    service: JsonService,
    operation: string,
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    current: ServerDeps,
  ) {
    const requestId = newRequestId();
    const arrivedAt = { time: current.clock.now(), wallTime: Date.now() };
    let caller: Caller | undefined;
    try {
      const fault = current.faults.next(service);
      if (fault) throw faultError(fault, 'json');
      const check = await verifySignature(
        { method: request.method ?? 'POST', url: request.url ?? '/', headers: request.headers, body },
        service,
        current.credentials,
      );
      if (!check.ok) throw signatureError(check.failure, check.detail, 'json');
      caller = check.caller;
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
      }
      current.authorize(service, operation, input as JsonObject, caller, check.region);
      const output = await current.json[service](operation, input as JsonObject, { caller, region: check.region });
      answerJson(response, requestId, 200, output);
      recorded.push({ service, operation, caller: caller.arn, status: 200, ...arrivedAt });
    } catch (error) {
      if (error instanceof NotJsonAnswer) {
        response.writeHead(error.status, { 'content-type': error.contentType, 'x-amzn-requestid': requestId });
        response.end(error.body);
        recorded.push({ service, operation, ...(caller ? { caller: caller.arn } : {}), status: error.status, ...arrivedAt });
        return;
      }
      const awsError = error instanceof AwsError ? error : internalFailure(error);
      answerJson(response, requestId, awsError.status, { __type: awsError.code, message: awsError.message }, awsError.code);
      recorded.push({
        service,
        operation,
        ...(caller ? { caller: caller.arn } : {}),
        status: awsError.status,
        errorCode: awsError.code,
        ...arrivedAt,
      });
    }
  }

  async function serveSts(request: IncomingMessage, body: Buffer, response: ServerResponse, current: ServerDeps) {
    const requestId = newRequestId();
    const arrivedAt = { time: current.clock.now(), wallTime: Date.now() };
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    let caller: Caller | undefined;
    try {
      const fault = current.faults.next('sts');
      if (fault) throw faultError(fault, 'query');
      if (current.sts.requiresSignature(action)) {
        const check = await verifySignature(
          { method: request.method ?? 'POST', url: request.url ?? '/', headers: request.headers, body },
          'sts',
          current.credentials,
        );
        if (!check.ok) throw signatureError(check.failure, check.detail, 'query');
        caller = check.caller;
      }
      const result = current.sts.handle(action, params, caller);
      response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      response.end(renderQueryResult(action, result, requestId));
      recorded.push({ service: 'sts', operation: action, ...(caller ? { caller: caller.arn } : {}), status: 200, ...arrivedAt });
    } catch (error) {
      const awsError = error instanceof AwsError ? error : internalFailure(error);
      response.writeHead(awsError.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      response.end(renderQueryError(awsError, requestId));
      recorded.push({
        service: 'sts',
        operation: action,
        ...(caller ? { caller: caller.arn } : {}),
        status: awsError.status,
        errorCode: awsError.code,
        ...arrivedAt,
      });
    }
  }

  function serveOidc(request: IncomingMessage, response: ServerResponse, current: ServerDeps): boolean {
    const url = request.url ?? '/';
    const isTokenRequest = url.startsWith(`${OIDC_BASE_PATH}/token`);
    const answer = current.oidc.answer(url, header(request, 'authorization'), () =>
      current.faults.takeFirst('oidc', current.oidcServerErrors()),
    );
    if (!answer) return false;
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body);
    if (isTokenRequest) {
      recorded.push({ service: 'oidc', operation: 'GetIDToken', status: answer.status, time: current.clock.now(), wallTime: Date.now() });
    }
    return true;
  }

  function serveGithubApi(request: IncomingMessage, body: Buffer, response: ServerResponse, current: ServerDeps): void {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const arrivedAt = { time: current.clock.now(), wallTime: Date.now() };
    const answer = current.githubApi.answer(method, url, header(request, 'authorization'), body.toString('utf8')) ?? {
      status: 404,
      body: '{"message":"Not Found"}',
    };
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body);
    const operation = `${method} ${new URL(url, 'http://localhost').pathname.slice(GITHUB_API_BASE_PATH.length)}`;
    recorded.push({ service: 'github', operation, status: answer.status, ...arrivedAt });
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET' && (request.url ?? '').startsWith(`${OIDC_BASE_PATH}/`) && serveOidc(request, response, deps)) return;
    const body = await readBody(request);
    if ((request.url ?? '').startsWith(`${GITHUB_API_BASE_PATH}/`)) {
      serveGithubApi(request, body, response, deps);
      return;
    }
    const target = header(request, 'x-amz-target');
    if (target !== undefined) {
      const dot = target.indexOf('.');
      const prefix = dot === -1 ? target : target.slice(0, dot);
      const known = JSON_TARGETS.find((entry) => entry.prefix === prefix);
      if (!known) {
        answerJson(
          response,
          newRequestId(),
          400,
          { __type: 'UnknownOperationException', message: `Unknown target ${target}` },
          'UnknownOperationException',
        );
        return;
      }
      await serveJson(known.service, target.slice(dot + 1), request, body, response, deps);
      return;
    }
    if (request.method === 'POST' && (header(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      await serveSts(request, body, response, deps);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        const awsError = error instanceof AwsError ? error : internalFailure(error);
        response.writeHead(awsError.status, { 'content-type': 'text/plain' });
      }
      response.end();
    });
  });
  // Clients keep connections alive; without this, close() would wait for them to time out.
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  // No request can be routed before this line: nothing yields between listen() resolving and here.
  const deps = buildDeps(endpoint);

  return {
    endpoint,
    calls: () => recorded,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function internalFailure(error: unknown): AwsError {
  console.error('stand-in: internal failure', error);
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
}
