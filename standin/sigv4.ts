// SigV4 verification: recompute the signature with the SDK's own signer and the secret the stand-in
// issued, over exactly the headers the client says it signed, at the client's own X-Amz-Date.
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, SourceData } from '@smithy/types';
import type { CredentialStore } from './credentials.js';
import type { Caller } from './types.js';

export interface SignedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type SignatureFailure = 'missing' | 'unknown-key' | 'expired' | 'bad-signature' | 'wrong-service';

export type SignatureCheck =
  | { readonly ok: true; readonly caller: Caller; readonly region: string }
  | { readonly ok: false; readonly failure: SignatureFailure; readonly detail?: string };

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The Checksum the signer wants, on node:crypto (HMAC when given a secret). */
class NodeSha256 implements Checksum {
  private hash;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  private create() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.create();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/**
 * Verifies a request signed for `expectedService` (the signing name: sts, ecr, ecs, logs). The clock skew
 * allowance is checked against wall time, since clients sign with their own wall clock.
 */
export async function verifySignature(request: SignedRequest, expectedService: string, store: CredentialStore): Promise<SignatureCheck> {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) return { ok: false, failure: 'missing' };
  const match = AUTHORIZATION.exec(authorization);
  if (!match)
    return { ok: false, failure: 'bad-signature', detail: 'Authorization header requires Credential, SignedHeaders and Signature.' };
  const [, accessKeyId, , region, service, signedHeadersText] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];

  const issued = store.find(accessKeyId);
  if (!issued || headerValue(request.headers, 'x-amz-security-token') !== issued.sessionToken) {
    return { ok: false, failure: 'unknown-key' };
  }
  if (store.isExpired(issued)) return { ok: false, failure: 'expired' };
  if (service !== expectedService) {
    return { ok: false, failure: 'wrong-service', detail: `Credential should be scoped to correct service: '${expectedService}'.` };
  }
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) return { ok: false, failure: 'bad-signature', detail: 'X-Amz-Date is missing or malformed.' };
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      failure: 'bad-signature',
      detail: `Signature expired: ${amzDate} is now earlier than the allowed clock skew of 15 minutes.`,
    };
  }

  const signedHeaderNames = signedHeadersText.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaderNames) {
    const value = headerValue(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const url = new URL(request.url, 'http://placeholder');
  const [hostname, port] = (headers['host'] ?? '').split(':');
  const toSign: HttpRequest = {
    method: request.method,
    protocol: 'http:',
    hostname: hostname ?? '',
    ...(port ? { port: Number(port) } : {}),
    path: url.pathname,
    query: queryOf(url),
    headers,
    body: request.body,
  };
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken },
    region,
    service,
    sha256: NodeSha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const signed = await signer.sign(toSign, {
    signingDate,
    signingRegion: region,
    signingService: service,
    signableHeaders: new Set(signedHeaderNames),
  });
  const expected = signed.headers['authorization'] ?? signed.headers['Authorization'];
  if (expected !== authorization.replace(/, ?/g, ', ')) {
    return {
      ok: false,
      failure: 'bad-signature',
      detail:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true, caller: issued.caller, region };
}
