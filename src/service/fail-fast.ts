// fail-fast after the Service update phase: an UpdateService that failed is the step's first failure, so
// the services whose rollout did start are not waited for. Pure: the decision and its words.
import type { ServiceUpdates } from './update.js';
import { startFailedFor, type StartFailure } from './start-failure.js';

export type AfterUpdates =
  /** Watch what started (any update failure is reported with the watch's outcomes). */
  | { readonly kind: 'watch' }
  /** fail-fast and an update failed: the started rollouts are reported as updated, not waited for. */
  | { readonly kind: 'stop'; readonly failed: Pick<StartFailure, 'service' | 'operation'> };

export function afterUpdateFailures(failFast: boolean, failed: ServiceUpdates['failed']): AfterUpdates {
  const first = failed[0];
  return failFast && first !== undefined
    ? { kind: 'stop', failed: { service: first.service, operation: first.operation } }
    : { kind: 'watch' };
}

/** Why a service whose rollout started was not watched, in the words of the watch's own fail-fast. */
export function notWaitedAfterUpdateFailure(service: string, failed: Pick<StartFailure, 'service' | 'operation'>): string {
  return `Not waited for: fail-fast stopped at the first failure (${startFailedFor(failed.service, failed.operation)}); the deployment of ${service} may still be in progress.`;
}
