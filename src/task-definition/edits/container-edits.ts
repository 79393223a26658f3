// The edits made to each container that gets the deployed image: environment, environment files,
// secrets, command, entry point, Docker labels and logging. Lists ECS keys by name are merged by that
// name (an existing entry keeps its place and gets the new value; a new one is added at the end), so
// everything the definition had and the inputs do not mention stays as it was. Pure.
import { Input } from '../../shared/constants.js';
import { isRecord, type JsonRecord } from '../model.js';
import { EditError, type ContainerEdits, type NameValue } from './model.js';

/** A copy of `container` with the edits made; the argument is not modified. */
export function applyContainerEdits(container: JsonRecord, edits: ContainerEdits): JsonRecord {
  const edited: JsonRecord = { ...container };
  const name = String(container['name']);
  if (edits.environment.length > 0) {
    edited['environment'] = mergeByKey(container['environment'], 'name', 'value', edits.environment);
  }
  if (edits.secrets.length > 0) {
    edited['secrets'] = mergeByKey(container['secrets'], 'name', 'valueFrom', edits.secrets);
  }
  if (edits.environmentFiles.length > 0) {
    const files = Array.isArray(container['environmentFiles']) ? [...(container['environmentFiles'] as unknown[])] : [];
    const listed = new Set(files.map((file) => (isRecord(file) ? file['value'] : undefined)));
    for (const arn of edits.environmentFiles) if (!listed.has(arn)) files.push({ value: arn, type: 's3' });
    edited['environmentFiles'] = files;
  }
  if (edits.command !== undefined) edited['command'] = [...edits.command];
  if (edits.entryPoint !== undefined) edited['entryPoint'] = [...edits.entryPoint];
  if (edits.dockerLabels.length > 0) {
    const labels = isRecord(container['dockerLabels']) ? { ...container['dockerLabels'] } : {};
    for (const [key, value] of edits.dockerLabels) labels[key] = value;
    edited['dockerLabels'] = labels;
  }
  if (edits.logDriver !== undefined || edits.logOptions.length > 0) {
    edited['logConfiguration'] = editedLogConfiguration(name, container['logConfiguration'], edits);
  }
  return edited;
}

/**
 * The driver replaces the container's; the options are merged into its options. A new driver starts
 * from no options: those of the old driver (`awslogs-group` for a `splunk` driver) would make ECS or
 * the new driver refuse the container.
 */
function editedLogConfiguration(container: string, current: unknown, edits: ContainerEdits): JsonRecord {
  const before = isRecord(current) ? current : {};
  const currentDriver = typeof before['logDriver'] === 'string' ? before['logDriver'] : undefined;
  const driver = edits.logDriver ?? currentDriver;
  if (driver === undefined) {
    throw new EditError(
      Input.logConfigurationOptions,
      edits.logOptions.map(([key, value]) => `${key}=${value}`).join('\n'),
      `\`${Input.logConfigurationLogDriver}\` as well, since container ${container} has no log configuration to add options to`,
    );
  }
  const keepOptions = driver === currentDriver && isRecord(before['options']);
  const options: JsonRecord = keepOptions ? { ...(before['options'] as JsonRecord) } : {};
  for (const [key, value] of edits.logOptions) options[key] = value;
  const configuration: JsonRecord = { ...(driver === currentDriver ? before : {}), logDriver: driver };
  if (Object.keys(options).length > 0) configuration['options'] = options;
  else delete configuration['options'];
  return configuration;
}

/** `list` with each edit's entry replaced in place or added at the end. */
function mergeByKey(list: unknown, key: string, valueKey: string, edits: readonly NameValue[]): unknown[] {
  const merged = Array.isArray(list) ? [...(list as unknown[])] : [];
  for (const [name, value] of edits) {
    const index = merged.findIndex((entry) => isRecord(entry) && entry[key] === name);
    const entry = { [key]: name, [valueKey]: value };
    if (index < 0) merged.push(entry);
    else merged[index] = { ...(merged[index] as JsonRecord), ...entry };
  }
  return merged;
}
