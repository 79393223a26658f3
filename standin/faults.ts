// Injected faults of the current scenario. Counters and the pseudo-random sequence restart whenever the
// scenario changes, so the same scenario gives the same faults on every run.
import type { Scenario } from './types.js';

export type AwsService = 'sts' | 'ecr' | 'ecs' | 'logs' | 'codedeploy';
/** `server-error` is the services' modelled 500 fault; `unavailable` is the front end's 503. */
export type Fault = 'throttle' | 'server-error' | 'unavailable';

export interface Faults {
  /** The fault to answer this call with, if any; counts the call. */
  next(service: AwsService): Fault | undefined;
  /** Counts a first-N failure (e.g. `oidc`, `idp`): true while fewer than `limit` have been taken. */
  takeFirst(counter: string, limit: number | undefined): boolean;
  reset(): void;
}

const THROTTLED_SERVICES: ReadonlySet<AwsService> = new Set(['ecr', 'ecs']);
const SEED = 0x5eed1234;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function pseudoRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFaults(scenario: () => Scenario): Faults {
  let random = pseudoRandom(SEED);
  const counters = new Map<string, number>();
  const take = (counter: string, limit: number): boolean => {
    const used = counters.get(counter) ?? 0;
    if (used >= limit) return false;
    counters.set(counter, used + 1);
    return true;
  };
  return {
    next(service) {
      const current = scenario();
      const burst = current.serverErrorBurst;
      // A burst alternates the two 5xx answers AWS gives, so both reach the client's retry logic.
      if (burst?.service === service && take(`burst:${service}`, burst.count))
        return (counters.get(`burst:${service}`) ?? 0) % 2 === 1 ? 'server-error' : 'unavailable';
      const every = current.ecsThrottleEvery ?? 0;
      // Counted apart from the bursts: a steady, predictable share of throttled ECS calls for the bench.
      if (service === 'ecs' && every > 0) {
        const count = (counters.get('every:ecs') ?? 0) + 1;
        counters.set('every:ecs', count);
        if (count % every === 0) return 'throttle';
      }
      const share = current.throttleShare ?? 0;
      if (share > 0 && THROTTLED_SERVICES.has(service) && random() < share) return 'throttle';
      return undefined;
    },
    takeFirst: (counter, limit) => take(counter, limit ?? 0),
    reset() {
      random = pseudoRandom(SEED);
      counters.clear();
    },
  };
}
