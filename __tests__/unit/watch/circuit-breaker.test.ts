import { describe, expect, test } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import { circuitBreakerThreshold, ecsRollsBack, readBreaker } from '../../../src/watch/circuit-breaker.js';
import { ourDeployment, service, serviceDeployment } from '../../../__fixtures__/watch-snapshots.js';

describe('circuitBreakerThreshold', () => {
  const withBreaker = (
    desiredCount: number,
    thresholdConfiguration?: { type: 'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT'; value: number },
  ): Service => ({
    desiredCount,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration } },
  });
  test.each([
    [1, undefined, 3],
    [10, undefined, 5],
    [11, undefined, 6],
    [1000, undefined, 200],
    [10, { type: 'COUNT', value: 2 } as const, 2],
    [1000, { type: 'UNBOUNDED_PERCENT', value: 50 } as const, 500],
  ])('desired %i with %j is %i', (desired, configuration, expected) => {
    expect(circuitBreakerThreshold(withBreaker(desired, configuration))).toBe(expected);
  });

  test('is undefined when the breaker is off', () => {
    expect(
      circuitBreakerThreshold({
        desiredCount: 4,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
      }),
    ).toBeUndefined();
  });
});

test('ecsRollsBack only when the breaker is on and set to roll back', () => {
  expect(ecsRollsBack(service({ deployments: [], breaker: 'rollback' }))).toBe(true);
  expect(ecsRollsBack(service({ deployments: [], breaker: 'enabled' }))).toBe(false);
  expect(ecsRollsBack(service({ deployments: [], breaker: 'off' }))).toBe(false);
});

describe('readBreaker', () => {
  test.each([
    [
      'the service deployment counting below its threshold',
      'rollback',
      2,
      { status: 'MONITORING', failureCount: 2, threshold: 3 },
      { failedCount: 2, threshold: 3, tripped: false },
    ],
    [
      'the service deployment at its threshold',
      'rollback',
      0,
      { status: 'MONITORING', failureCount: 3, threshold: 3 },
      { failedCount: 3, threshold: 3, tripped: true },
    ],
    [
      'the service deployment TRIGGERED',
      'rollback',
      0,
      { status: 'TRIGGERED', failureCount: 1, threshold: 3 },
      { failedCount: 1, threshold: 3, tripped: true },
    ],
    [
      'the service deployment DISABLED',
      'off',
      5,
      { status: 'DISABLED', failureCount: 5, threshold: 3 },
      { failedCount: 5, threshold: 3, tripped: false },
    ],
    [
      'no service deployment: our failed tasks against the computed threshold',
      'enabled',
      3,
      undefined,
      { failedCount: 3, threshold: 3, tripped: true },
    ],
    ['no service deployment and the breaker off', 'off', 9, undefined, { failedCount: 9, threshold: undefined, tripped: false }],
  ] as const)('%s', (_name, breaker, failedTasks, circuitBreaker, expected) => {
    const described = service({ deployments: [ourDeployment({ failedTasks })], breaker });
    const sd = circuitBreaker === undefined ? undefined : serviceDeployment({ deploymentCircuitBreaker: { ...circuitBreaker } });
    expect(readBreaker(described, ourDeployment({ failedTasks }), sd)).toEqual(expected);
  });
});
