import { describe, expect, test } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import { describeStrategy } from '../../../src/service/strategy.js';

describe("the plan names each service's deployment strategy as ECS will apply it", () => {
  test.each<[string, Pick<Service, 'deploymentController' | 'deploymentConfiguration'>, string]>([
    ['no configuration at all', {}, 'rolling'],
    [
      'rolling with its percentages and a circuit breaker that rolls back',
      {
        deploymentController: { type: 'ECS' },
        deploymentConfiguration: {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
      },
      'rolling (100–200 %, circuit breaker with rollback)',
    ],
    [
      'a circuit breaker without rollback',
      { deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } },
      'rolling (circuit breaker without rollback)',
    ],
    [
      "ECS's blue/green with a bake time",
      { deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10 } },
      'blue/green (bake time 10 min)',
    ],
    ['canary', { deploymentConfiguration: { strategy: 'CANARY' } }, 'canary'],
    ['the CodeDeploy controller', { deploymentController: { type: 'CODE_DEPLOY' } }, 'CodeDeploy (blue/green through CodeDeploy)'],
    ['an external controller', { deploymentController: { type: 'EXTERNAL' } }, 'external controller'],
  ])('%s', (_name, service, expected) => {
    expect(describeStrategy(service)).toBe(expected);
  });
});
