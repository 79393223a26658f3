// Indexing that states its assumption: the index comes from the same list, so a miss is a bug here.

export function itemAt<T>(items: readonly T[], index: number): T {
  if (index < 0 || index >= items.length) throw new Error(`internal error: index ${index} outside a list of ${items.length}`);
  return items[index] as T;
}
