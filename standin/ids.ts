import { randomBytes, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet.charAt(byte % alphabet.length);
  return out;
}

/** Temporary credentials' key ids start with ASIA, as STS's do. */
export const newAccessKeyId = (): string => `ASIA${randomFrom(UPPER_ALNUM, 16)}`;
export const newSecretAccessKey = (): string => randomBytes(30).toString('base64');
export const newSessionToken = (): string => `IQoJb3JpZ2luX2Vj${randomBytes(180).toString('base64')}`;
/** Role ids start with AROA. */
export const newRoleId = (): string => `AROA${randomFrom(UPPER_ALNUM, 17)}`;
export const newRequestId = (): string => randomUUID();
export const newOpaqueToken = (bytes = 48): string => randomBytes(bytes).toString('base64url');
