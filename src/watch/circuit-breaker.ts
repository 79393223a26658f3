// ECS's deployment circuit breaker as the watch reads it: its threshold, whether it rolls back on its own,
// and whether it has tripped for our deployment. Pure.
import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs';

/** ECS's failure threshold: by default half the desired count, clamped to 3..200. */
export function circuitBreakerThreshold(service: Service): number | undefined {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  if (breaker?.enable !== true) return undefined;
  const desired = service.desiredCount ?? 0;
  const configured = breaker.thresholdConfiguration;
  const value = configured?.value ?? 50;
  switch (configured?.type) {
    case 'COUNT':
      return Math.max(1, value);
    case 'UNBOUNDED_PERCENT':
      return Math.max(1, Math.ceil((value / 100) * desired));
    default:
      return Math.min(200, Math.max(3, Math.ceil((value / 100) * desired)));
  }
}

/** The service's circuit breaker rolls failed deployments back on its own. */
export function ecsRollsBack(service: Service): boolean {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  return breaker?.enable === true && breaker.rollback === true;
}

export interface BreakerReading {
  /** The failure count ECS compares with the threshold (the service deployment's, else our deployment's). */
  readonly failedCount: number | undefined;
  readonly threshold: number | undefined;
  readonly tripped: boolean;
}

/**
 * Where the breaker stands for our deployment: from the service deployment when the API answered (its own
 * count, threshold and status), else computed from the service's configuration and our failed tasks.
 */
export function readBreaker(
  service: Service,
  ours: Deployment | undefined,
  serviceDeployment: ServiceDeployment | undefined,
): BreakerReading {
  const breaker = serviceDeployment?.deploymentCircuitBreaker;
  const threshold = breaker?.threshold ?? circuitBreakerThreshold(service);
  const failedCount = breaker?.failureCount ?? ours?.failedTasks;
  const on = breaker === undefined ? circuitBreakerThreshold(service) !== undefined : breaker.status !== 'DISABLED';
  const tripped =
    on &&
    (breaker?.status === 'TRIGGERED' ||
      (threshold !== undefined && threshold > 0 && failedCount !== undefined && failedCount >= threshold));
  return { failedCount, threshold, tripped };
}
