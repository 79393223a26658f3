// Everything a deploy changes in a definition, in one place: the deployed image in each of its
// containers, other containers' images, the container edits on the deployed containers, and the
// task-level edits. Pure.
import { Input } from '../../shared/constants.js';
import { isRecord, type JsonRecord } from '../model.js';
import { applyContainerEdits } from './container-edits.js';
import { EditError, NO_EDITS, type NameValue, type TaskDefinitionEdits } from './model.js';
import { applyTaskEdits } from './task-edits.js';

export interface DefinitionChanges {
  /** The containers that get the deployed image, and the container edits. */
  readonly containerNames: readonly string[];
  readonly image: string;
  /** Other containers' images as the definition should name them (pinned by digest where they could be). */
  readonly otherImages?: readonly NameValue[];
  readonly edits?: TaskDefinitionEdits;
}

/**
 * A copy of a registrable definition with the changes made; the argument is not modified. A deployed
 * container it lacks is an Error (the container was chosen from this definition, so that is a bug or a
 * changed definition); a container of `images` it lacks is an EditError naming that input.
 */
export function applyChanges(definition: JsonRecord, family: string, changes: DefinitionChanges): JsonRecord {
  const edits = changes.edits ?? NO_EDITS;
  const containers = Array.isArray(definition['containerDefinitions']) ? [...(definition['containerDefinitions'] as unknown[])] : [];
  const names = containers.map((container) => (isRecord(container) ? String(container['name']) : ''));
  const indexOf = (name: string): number => names.indexOf(name);
  const listed = names.map((name) => `\`${name}\``).join(', ');

  for (const name of changes.containerNames) {
    const index = indexOf(name);
    if (index < 0)
      throw new Error(`The task definition ${family} has no container named "${name}"; its containers are ${names.join(', ')}.`);
    containers[index] = applyContainerEdits({ ...(containers[index] as JsonRecord), image: changes.image }, edits.containers);
  }
  for (const [name, image] of changes.otherImages ?? edits.images) {
    const index = indexOf(name);
    if (index < 0) throw new EditError(Input.images, `${name}=${image}`, `a container of the task definition ${family}: ${listed}`);
    // Picked by its repository (no `container-name`), the deployed container may be one `images` names too.
    if (changes.containerNames.includes(name)) {
      throw new EditError(Input.images, `${name}=${image}`, `a container other than ${name}, which gets the deployed image`);
    }
    containers[index] = { ...(containers[index] as JsonRecord), image };
  }
  return applyTaskEdits({ ...definition, containerDefinitions: containers }, edits.task);
}

/**
 * Throws the EditError the edits would raise on this definition, before any network call when the
 * definition is a file. `containerNames` may be empty when the deployed container is picked later (by
 * the repository its image comes from): the container edits are then checked when it is.
 */
export function checkEdits(definition: JsonRecord, family: string, containerNames: readonly string[], edits: TaskDefinitionEdits): void {
  applyChanges(definition, family, { containerNames, image: 'placeholder', edits });
}
