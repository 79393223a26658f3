// `keep-revisions`: how many revisions of each deployed family stay registered after a successful deploy.
// Pure given `read`.
import { Input, InputDefault } from '../shared/constants.js';
import { wholeNumber, type ReadInput } from './field-readers.js';

/** ECS keeps up to a million revisions a family; more than a thousand kept is no pruning worth the calls. */
export const MAX_KEEP_REVISIONS = 1000;

export function readKeepRevisions(read: ReadInput): number {
  return wholeNumber(
    read,
    Input.keepRevisions,
    InputDefault[Input.keepRevisions],
    0,
    MAX_KEEP_REVISIONS,
    'revisions of each family to keep; 0 keeps all',
  );
}
