import { describe, expect, test } from '@jest/globals';
import { settleWithLimit } from '../../../src/shared/concurrency.js';

/** Work whose calls stay open until released, recording how many ran at once. */
function gatedWork() {
  const gates: (() => void)[] = [];
  const state = { running: 0, most: 0, started: [] as number[] };
  const work = async (item: number): Promise<number> => {
    state.started.push(item);
    state.running += 1;
    state.most = Math.max(state.most, state.running);
    await new Promise<void>((resolve) => gates.push(resolve));
    state.running -= 1;
    if (item === 3) throw new Error(`item ${String(item)} failed`);
    return item * 10;
  };
  const releaseAll = async (): Promise<void> => {
    while (gates.length > 0) {
      for (const release of gates.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { state, work, releaseAll };
}

describe('settleWithLimit', () => {
  test.each([
    [7, 3, 3],
    [2, 5, 2],
    [4, 1, 1],
  ])('%i items with a limit of %i run at most %i at once, and settle in item order', async (count, limit, most) => {
    const { state, work, releaseAll } = gatedWork();
    const items = Array.from({ length: count }, (_, index) => index);
    const settled = settleWithLimit(items, limit, work);
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.started).toEqual(items.slice(0, most));
    await releaseAll();
    const results = await settled;
    expect(state.most).toBe(most);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : String(result.reason)))).toEqual(
      items.map((item) => (item === 3 ? 'Error: item 3 failed' : item * 10)),
    );
  });

  test('answers an empty list at once, and refuses a limit below one', async () => {
    await expect(settleWithLimit([], 3, async () => 1)).resolves.toEqual([]);
    await expect(settleWithLimit([1], 0, async () => 1)).rejects.toThrow('internal error: concurrency limit 0');
  });
});
