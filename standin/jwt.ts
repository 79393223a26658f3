// RS256 JSON Web Tokens with node:crypto only: the stand-in signs like GitHub and verifies like STS.
import { createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JsonObject, JsonValue } from './types.js';

export interface JwtHeader {
  readonly alg: string;
  readonly typ?: string;
  readonly kid?: string;
  readonly x5t?: string;
}

export interface DecodedJwt {
  readonly header: JwtHeader;
  readonly payload: JsonObject;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const encodeJson = (value: JsonValue | JwtHeader): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(header: JwtHeader, payload: JsonObject, privateKey: KeyObject): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Undefined when the text is not three base64url parts holding JSON objects. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    if (!isJsonObject(header) || typeof header['alg'] !== 'string' || !isJsonObject(payload)) return undefined;
    const kid = header['kid'];
    return {
      header: { alg: header['alg'], ...(typeof kid === 'string' ? { kid } : {}) },
      payload,
      signingInput: `${headerPart}.${payloadPart}`,
      signature: Buffer.from(signaturePart, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** True when `jwt` is RS256 and signed by the key of `jwks` its `kid` names. */
export function hasValidSignature(jwt: DecodedJwt, jwks: readonly JsonWebKey[]): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  const jwk = jwks.find((key) => key['kid'] === jwt.header.kid);
  if (!jwk) return false;
  const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('sha256', Buffer.from(jwt.signingInput), publicKey, jwt.signature);
}
