// Callbacks due at instants of simulated time. The simulation never reads the clock inside a callback:
// each one receives the instant it was due at, so a state change is stamped with when it happened in
// the timeline, however late the tick that ran it.

export type Due = (at: number) => void;

export interface SimulatedScheduler {
  at(time: number, run: Due): void;
  /** Runs everything due up to `now`, in time order (then in the order scheduled), including what those schedule. */
  runUntil(now: number): void;
  pending(): number;
  clear(): void;
}

interface Entry {
  readonly time: number;
  readonly order: number;
  readonly run: Due;
}

export function createSimulatedScheduler(): SimulatedScheduler {
  let entries: Entry[] = [];
  let order = 0;
  let running = false;
  return {
    at(time, run) {
      entries.push({ time, order: order++, run });
    },
    runUntil(now) {
      // Re-entrant calls (a handler advancing while a callback runs) would run callbacks out of order.
      if (running) return;
      running = true;
      try {
        for (;;) {
          let next: Entry | undefined;
          for (const entry of entries) {
            if (
              entry.time <= now &&
              (next === undefined || entry.time < next.time || (entry.time === next.time && entry.order < next.order))
            )
              next = entry;
          }
          if (next === undefined) return;
          const chosen = next;
          entries = entries.filter((entry) => entry !== chosen);
          chosen.run(chosen.time);
        }
      } finally {
        running = false;
      }
    },
    pending: () => entries.length,
    clear() {
      entries = [];
    },
  };
}
