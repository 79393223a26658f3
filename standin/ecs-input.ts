// Reading JSON 1.1 request members with the errors ECS answers for wrong or missing ones.
import { AwsError, type JsonObject, type JsonValue } from './types.js';

export const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message);
export const clientError = (message: string): AwsError => new AwsError('ClientException', message);

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optionalString(input: JsonObject, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${field} must be a string.`);
  return value;
}

export function requiredString(input: JsonObject, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined || value === '') throw invalidParameter(`${field} can not be blank.`);
  return value;
}

export function optionalNumber(input: JsonObject, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParameter(`${field} must be a number.`);
  return value;
}

export function optionalBoolean(input: JsonObject, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`${field} must be a boolean.`);
  return value;
}

export function optionalObject(input: JsonObject, field: string): JsonObject | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter(`${field} must be a structure.`);
  return value;
}

export function optionalArray(input: JsonObject, field: string): JsonValue[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParameter(`${field} must be a list.`);
  return value;
}

export function optionalStringArray(input: JsonObject, field: string): string[] | undefined {
  const values = optionalArray(input, field);
  if (values === undefined) return undefined;
  return values.map((value) => {
    if (typeof value !== 'string') throw invalidParameter(`${field} must be a list of strings.`);
    return value;
  });
}

export function objectArray(input: JsonObject, field: string): JsonObject[] {
  return (optionalArray(input, field) ?? []).map((value) => {
    if (!isObject(value)) throw invalidParameter(`${field} must be a list of structures.`);
    return value;
  });
}

/** Copies the listed members that are present, for fields the stand-in accepts and echoes back. */
export function pick(input: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const field of fields) {
    const value = input[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

export function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
