// Running work over many items with at most `limit` of them in flight: many services are updated side by
// side without sending every UpdateService of a large step into ECS's rate limit at the same instant.

/** Like Promise.allSettled over `items.map(work)`, with at most `limit` calls of `work` running at once; results in item order. */
export async function settleWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`internal error: concurrency limit ${String(limit)}`);
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    // Each worker takes the next item as soon as its previous one settles.
    for (let index = next++; index < items.length; index = next++) {
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
