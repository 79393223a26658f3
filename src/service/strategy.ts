// How ECS will roll a service out, in words for the dry run's plan: the deployment controller, ECS's own
// strategy with its percentages, and what the circuit breaker does. Read from DescribeServices; pure.
import type { Service } from '@aws-sdk/client-ecs';

const STRATEGY_WORDS: Record<string, string> = {
  ROLLING: 'rolling',
  BLUE_GREEN: 'blue/green',
  LINEAR: 'linear',
  CANARY: 'canary',
};

export function describeStrategy(service: Pick<Service, 'deploymentController' | 'deploymentConfiguration'>): string {
  const controller = service.deploymentController?.type ?? 'ECS';
  // The other controllers take no UpdateService of the revision: say which one, the deploy will tell why.
  if (controller === 'CODE_DEPLOY') return 'CodeDeploy (blue/green through CodeDeploy)';
  if (controller === 'EXTERNAL') return 'external controller';
  const configuration = service.deploymentConfiguration;
  const strategy = configuration?.strategy ?? 'ROLLING';
  const words = [STRATEGY_WORDS[strategy] ?? strategy.toLowerCase()];
  if (strategy === 'ROLLING' && configuration?.minimumHealthyPercent !== undefined && configuration.maximumPercent !== undefined) {
    words.push(`${String(configuration.minimumHealthyPercent)}–${String(configuration.maximumPercent)} %`);
  }
  const breaker = configuration?.deploymentCircuitBreaker;
  if (breaker?.enable === true)
    words.push(breaker.rollback === true ? 'circuit breaker with rollback' : 'circuit breaker without rollback');
  if ((configuration?.bakeTimeInMinutes ?? 0) > 0) words.push(`bake time ${String(configuration?.bakeTimeInMinutes)} min`);
  return words.length === 1 ? (words[0] ?? '') : `${words[0] ?? ''} (${words.slice(1).join(', ')})`;
}
