// Reads the service settings a deploy may change (desired count, tag propagation, ECS managed tags, ECS
// Exec). Each is optional: empty leaves the service's own value, so a deploy changes only what it names. Pure.
import { PROPAGATE_TAGS, type PropagateTags, type ServiceSettings } from './config.js';
import { Input } from '../shared/constants.js';
import { boolean, InputError, optional, wholeNumber, type InputName, type ReadInput } from './field-readers.js';

/** ECS's default quota of tasks per service. */
export const MAX_DESIRED_COUNT = 5000;

export function readServiceSettings(read: ReadInput): ServiceSettings {
  const given = (name: InputName): boolean => read(name) !== '';
  const propagateTags = optional(read(Input.propagateTags));
  if (propagateTags !== undefined && !isPropagateTags(propagateTags)) {
    throw new InputError(Input.propagateTags, propagateTags, '`TASK_DEFINITION`, `SERVICE` or `NONE` (in capitals, as ECS spells them)');
  }
  return {
    desiredCount: given(Input.desiredCount)
      ? wholeNumber(read, Input.desiredCount, 0, 0, MAX_DESIRED_COUNT, 'tasks; 0 scales the service to zero')
      : undefined,
    enableEcsManagedTags: given(Input.enableEcsManagedTags) ? boolean(read, Input.enableEcsManagedTags, false) : undefined,
    propagateTags,
    enableExecuteCommand: given(Input.enableExecuteCommand) ? boolean(read, Input.enableExecuteCommand, false) : undefined,
  };
}

function isPropagateTags(value: string): value is PropagateTags {
  return (PROPAGATE_TAGS as readonly string[]).includes(value);
}
