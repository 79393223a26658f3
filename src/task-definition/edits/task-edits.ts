// The task-level edits (task role, execution role, CPU, memory), and the CPU and memory pairs Fargate
// offers, checked when the definition requires FARGATE so a wrong pair fails here with the allowed
// values rather than at RegisterTaskDefinition with ECS's generic refusal. Pure.
import { Input } from '../../shared/constants.js';
import type { JsonRecord } from '../model.js';
import { EditError, type TaskEdits } from './model.js';

interface FargateSize {
  readonly cpu: number;
  /** MiB, from `min` to `max` in steps of `step`, unless `only` lists them. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly only?: readonly number[];
}

/** Fargate's task sizes (Linux), from the ECS developer guide's table of task CPU and memory. */
export const FARGATE_SIZES: readonly FargateSize[] = [
  { cpu: 256, min: 512, max: 2048, step: 512, only: [512, 1024, 2048] },
  { cpu: 512, min: 1024, max: 4096, step: 1024 },
  { cpu: 1024, min: 2048, max: 8192, step: 1024 },
  { cpu: 2048, min: 4096, max: 16384, step: 1024 },
  { cpu: 4096, min: 8192, max: 30720, step: 1024 },
  { cpu: 8192, min: 16384, max: 61440, step: 4096 },
  { cpu: 16384, min: 32768, max: 122880, step: 8192 },
];

/** A copy of the definition with the task-level edits made; the argument is not modified. */
export function applyTaskEdits(definition: JsonRecord, edits: TaskEdits): JsonRecord {
  const edited: JsonRecord = { ...definition };
  if (edits.taskRoleArn !== undefined) edited['taskRoleArn'] = edits.taskRoleArn;
  if (edits.executionRoleArn !== undefined) edited['executionRoleArn'] = edits.executionRoleArn;
  if (edits.cpu !== undefined) edited['cpu'] = edits.cpu;
  if (edits.memory !== undefined) edited['memory'] = edits.memory;
  if ((edits.cpu !== undefined || edits.memory !== undefined) && requiresFargate(edited)) checkFargateSize(edited, edits);
  return edited;
}

function requiresFargate(definition: JsonRecord): boolean {
  const required = definition['requiresCompatibilities'];
  return Array.isArray(required) && required.includes('FARGATE');
}

function checkFargateSize(definition: JsonRecord, edits: TaskEdits): void {
  const cpu = Number(definition['cpu']);
  const memory = Number(definition['memory']);
  const blamed = edits.memory !== undefined ? Input.memory : Input.cpu;
  const shown = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '(none)');
  const given = `cpu ${shown(definition['cpu'])}, memory ${shown(definition['memory'])}`;
  const size = FARGATE_SIZES.find((candidate) => candidate.cpu === cpu);
  if (size === undefined) {
    throw new EditError(
      Input.cpu,
      given,
      `a Fargate task size: \`${Input.cpu}\` one of ${FARGATE_SIZES.map((candidate) => candidate.cpu).join(', ')} (the definition requires FARGATE)`,
    );
  }
  const fits =
    size.only?.includes(memory) ??
    (Number.isInteger(memory) && memory >= size.min && memory <= size.max && (memory - size.min) % size.step === 0);
  if (!fits) {
    const allowed =
      size.only === undefined
        ? `from ${size.min} to ${size.max} MiB in steps of ${size.step}`
        : `${size.only.slice(0, -1).join(', ')} or ${String(size.only.at(-1))} MiB`;
    throw new EditError(
      blamed,
      given,
      `a Fargate task size: with cpu ${size.cpu}, \`${Input.memory}\` ${allowed} (the definition requires FARGATE)`,
    );
  }
}
