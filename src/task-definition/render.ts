// Turns a described (or hand-written) task definition into the input of RegisterTaskDefinition. Pure.
// The official render action rebuilds the definition from the fields it knows, so every field it does
// not know (service-managed EBS, newer settings) and the revision's tags are silently lost (see
// docs/anchors.md). Here the definition is copied generically: only the read-only fields ECS adds are
// dropped, and only what the deploy changes (the chosen containers' image, the inputs' edits, in
// edits/) changes; nothing else that was absent gets added.
import type { RegisterTaskDefinitionCommandInput, Tag } from '@aws-sdk/client-ecs';
import { familyOf, type TaskDefinitionLike } from './model.js';
import { registrableCopy } from './registrable.js';
import { applyChanges, type DefinitionChanges } from './edits/apply-edits.js';

/**
 * The RegisterTaskDefinition input for `source` with the chosen containers' image replaced and the
 * edits made. Every field of the definition is kept, known to this code or not, except the read-only
 * ones; tags are passed back when there are any. The input is never modified.
 */
export function renderTaskDefinition(
  source: { readonly taskDefinition: TaskDefinitionLike; readonly tags?: readonly Tag[] | undefined },
  change: DefinitionChanges,
): RegisterTaskDefinitionCommandInput {
  const copy = registrableCopy(source.taskDefinition);
  if (!Array.isArray(copy['containerDefinitions']))
    throw new Error(`The task definition ${familyOf(source.taskDefinition)} has no containerDefinitions.`);
  if (typeof copy['family'] !== 'string' || copy['family'] === '') throw new Error('The task definition has no family.');
  const rendered = applyChanges(copy, copy['family'], change);

  const tags = source.tags !== undefined && source.tags.length > 0 ? structuredClone([...source.tags]) : rendered['tags'];
  delete rendered['tags'];
  if (Array.isArray(tags) && tags.length > 0) rendered['tags'] = tags;

  // Checked above: family is a string and containerDefinitions an array; the rest is carried as it came.
  return rendered as unknown as RegisterTaskDefinitionCommandInput;
}
