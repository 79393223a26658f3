import type { Clock } from './types.js';

/**
 * The stand-in's clock. Validity windows (credentials, registry passwords) are kept in simulated time,
 * but every timestamp a client reads must be wall time, because clients compare it with their own
 * `Date.now()`: `toWallTime` converts a simulated instant into the wall instant at which it happens.
 */
export interface StandinClock extends Clock {
  toWallTime(simulatedMs: number): number;
}

export function createClock(scale = 1): StandinClock {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`timeScale must be a positive number, got ${scale}`);
  }
  const wallStart = Date.now();
  const now = (): number => wallStart + (Date.now() - wallStart) * scale;
  return {
    scale,
    now,
    sleep: (simulatedMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, simulatedMs) / scale)),
    toWallTime: (simulatedMs) => Date.now() + (simulatedMs - now()) / scale,
  };
}
