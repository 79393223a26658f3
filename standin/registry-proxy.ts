// ECR's part in front of the real registry: HTTP basic auth with the GetAuthorizationToken password,
// repositories that must exist in the caller's account, and tag immutability. Bodies stream through,
// except manifest PUTs to immutable repositories, which are small and must be hashed before storing.
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegistryReader } from './registry.js';

/** The session that got the password from GetAuthorizationToken, when a signed caller did. */
export interface PasswordHolder {
  readonly accessKeyId: string;
  readonly arn: string;
}

export type PasswordCheck =
  { readonly account: string; readonly region?: string; readonly holder?: PasswordHolder } | 'expired' | 'unknown';

/** A registry request as the ECR action AWS authorizes it as, on the repository. */
export interface RegistryAction {
  readonly action: string;
  /** `arn:aws:ecr:REGION:ACCOUNT:repository/NAME` */
  readonly resource: string;
}

/** Decides a registry request for the password's holder: AWS's refusal message, or undefined when allowed. */
export type RegistryAuthorizer = (
  holder: PasswordHolder,
  account: string,
  request: RegistryAction,
  repositoryPolicy: object | undefined,
) => string | undefined;

/** What the proxy needs to know of ECR's state. */
export interface RegistryGate {
  checkPassword(password: string): PasswordCheck;
  repository(
    name: string,
  ):
    | { readonly account: string; readonly immutable: boolean; readonly mutableTagFilters: readonly string[]; readonly policy?: object }
    | undefined;
  recordPush(name: string, digest: string): void;
}

export interface RegistryProxy {
  /** `127.0.0.1:PORT`: what ECR's proxyEndpoint and repositoryUri name. */
  readonly host: string;
  close(): Promise<void>;
}

/** Whether a push may move `tag`, as ECR decides it for the repository's mutability and its exclusions. */
export function tagCanMove(record: { readonly immutable: boolean; readonly mutableTagFilters: readonly string[] }, tag: string): boolean {
  if (!record.immutable) return true;
  return record.mutableTagFilters.some((filter) =>
    new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(tag),
  );
}

const REPOSITORY_PATH = /^\/v2\/(.+?)\/(manifests|blobs|tags)\/(.*)$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

function ociError(response: ServerResponse, status: number, code: string, message: string, headers: OutgoingHttpHeaders = {}): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'docker-distribution-api-version': 'registry/2.0',
    ...headers,
  });
  response.end(JSON.stringify({ errors: [{ code, message, detail: null }] }));
}

function basicPassword(authorization: string | undefined): string | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon !== -1 && decoded.slice(0, colon) === 'AWS' ? decoded.slice(colon + 1) : undefined;
}

async function readLimited(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The ECR action a registry request is authorized as (the Service Authorization Reference's mapping of
 * the registry API), or undefined for what needs no more than the login.
 */
export function registryAction(method: string, kind: string, reference: string): string | undefined {
  if (kind === 'manifests') return method === 'PUT' ? 'ecr:PutImage' : method === 'DELETE' ? 'ecr:BatchDeleteImage' : 'ecr:BatchGetImage';
  if (kind === 'tags') return 'ecr:ListImages';
  if (reference === 'uploads/' || reference === 'uploads') return 'ecr:InitiateLayerUpload';
  if (reference.startsWith('uploads/')) return method === 'PUT' ? 'ecr:CompleteLayerUpload' : 'ecr:UploadLayerPart';
  if (method === 'HEAD') return 'ecr:BatchCheckLayerAvailability';
  if (method === 'GET') return 'ecr:GetDownloadUrlForLayer';
  return undefined;
}

export async function startRegistryProxy(
  upstreamUrl: string,
  reader: RegistryReader,
  gate: RegistryGate,
  authorize?: RegistryAuthorizer,
  /** Whose repositories this host serves (a registry is one account's); every account when absent. */
  serves: (account: string) => boolean = () => true,
): Promise<RegistryProxy> {
  const upstream = new URL(upstreamUrl);
  let host = '';

  function forward(request: IncomingMessage, response: ServerResponse, body?: Buffer, onStored?: (digest: string) => void): void {
    const headers: OutgoingHttpHeaders = { ...request.headers, host: upstream.host };
    delete headers.authorization;
    if (body) {
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
    }
    const outgoing = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers },
      (answer) => {
        const answerHeaders: OutgoingHttpHeaders = { ...answer.headers };
        const location = answer.headers.location;
        if (location?.startsWith(upstreamUrl)) answerHeaders.location = `http://${host}${location.slice(upstreamUrl.length)}`;
        response.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(response);
        const digest = answer.headers['docker-content-digest'];
        if (onStored && answer.statusCode === 201 && typeof digest === 'string') onStored(digest);
      },
    );
    outgoing.on('error', (error) => {
      if (!response.headersSent) ociError(response, 502, 'UNAVAILABLE', `registry unreachable: ${error.message}`);
      else response.destroy(error);
    });
    if (body) outgoing.end(body);
    else request.pipe(outgoing);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith('/v2')) {
      ociError(response, 404, 'NOT_FOUND', 'not found');
      return;
    }

    const challenge = { 'www-authenticate': `Basic realm="http://${host}/",service="ecr"` };
    const password = basicPassword(request.headers.authorization);
    const check = password === undefined ? 'unknown' : gate.checkPassword(password);
    if (check === 'expired') {
      ociError(response, 401, 'DENIED', 'Your authorization token has expired. Reauthenticate and try again.', challenge);
      return;
    }
    if (check === 'unknown') {
      ociError(response, 401, 'UNAUTHORIZED', 'authentication required', challenge);
      return;
    }

    if (path === '/v2' || path === '/v2/') {
      forward(request, response);
      return;
    }
    const match = REPOSITORY_PATH.exec(path);
    if (!match) {
      ociError(response, 404, 'UNSUPPORTED', 'The operation is unsupported.');
      return;
    }
    const [, name, kind, reference] = match as unknown as [string, string, string, string];
    const repository = gate.repository(name);
    if (repository?.account !== check.account || !serves(repository.account)) {
      ociError(
        response,
        404,
        'NAME_UNKNOWN',
        `The repository with name '${name}' does not exist in the registry with id '${check.account}'`,
      );
      return;
    }

    const action = registryAction(request.method ?? 'GET', kind, reference);
    if (authorize && check.holder && action !== undefined) {
      const resource = `arn:aws:ecr:${check.region ?? 'us-east-1'}:${repository.account}:repository/${name}`;
      const refusal = authorize(check.holder, repository.account, { action, resource }, repository.policy);
      // ECR's registry answers a refused action with 403 DENIED and IAM's sentence.
      if (refusal !== undefined) {
        ociError(response, 403, 'DENIED', refusal);
        return;
      }
    }

    const isManifestPut = kind === 'manifests' && request.method === 'PUT';
    if (!isManifestPut) {
      forward(request, response);
      return;
    }
    const recordPush = (digest: string) => gate.recordPush(name, digest);
    if (tagCanMove(repository, reference) || DIGEST.test(reference)) {
      forward(request, response, undefined, recordPush);
      return;
    }

    const body = await readLimited(request, MAX_MANIFEST_BYTES);
    if (!body) {
      ociError(response, 400, 'MANIFEST_INVALID', 'manifest too large');
      return;
    }
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const existing = await reader.resolve(name, reference);
    if (existing !== undefined && existing !== digest) {
      ociError(
        response,
        400,
        'TAG_INVALID',
        `The image tag '${reference}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`,
      );
      return;
    }
    forward(request, response, body, recordPush);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) ociError(response, 500, 'UNKNOWN', error instanceof Error ? error.message : String(error));
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
