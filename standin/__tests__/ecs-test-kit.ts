// Helpers for tests of the ECS stand-in: a clock the test moves by hand (so timelines are exact and
// take no real time), and a service set up the way the end-to-end tests set theirs up.
import { createEcsStandin, type EcsStandin, type Scope } from '../ecs.js';
import type { Clock, JsonObject, RequestContext, Scenario } from '../types.js';

export interface ManualClock extends Clock {
  set(simulatedMs: number): void;
}

export function createManualClock(start: number): ManualClock {
  let now = start;
  return {
    scale: 1,
    now: () => now,
    sleep: () => Promise.resolve(),
    set(simulatedMs) {
      now = simulatedMs;
    },
  };
}

export const SCOPE: Scope = { account: '123456789012', region: 'us-east-1' };
export const CONTEXT: RequestContext = {
  caller: {
    accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
    account: SCOPE.account,
    arn: `arn:aws:sts::${SCOPE.account}:assumed-role/deploy/gha-run-1`,
  },
  region: SCOPE.region,
};
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);
export const IMAGE_V1 = '127.0.0.1:5000/my-org/my-app@sha256:1111111111111111111111111111111111111111111111111111111111111111';
export const IMAGE_V2 = '127.0.0.1:5000/my-org/my-app@sha256:2222222222222222222222222222222222222222222222222222222222222222';

export function taskDefinitionInput(image: string, extra: JsonObject = {}): JsonObject {
  return {
    family: 'my-app',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: `arn:aws:iam::${SCOPE.account}:role/ecsTaskExecutionRole`,
    containerDefinitions: [
      {
        name: 'app',
        image,
        essential: true,
        portMappings: [{ containerPort: 8080 }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/my-app', 'awslogs-region': SCOPE.region, 'awslogs-stream-prefix': 'ecs' },
        },
      },
    ],
    tags: [
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '42' },
    ],
    ...extra,
  };
}

export interface Rig {
  readonly standin: EcsStandin;
  readonly clock: ManualClock;
  setScenario(scenario: Scenario): void;
  readonly missingImages: Set<string>;
  call(operation: string, input: JsonObject): Promise<JsonObject>;
  /** Moves simulated time to START + seconds, in 100 ms steps, letting registry answers arrive between steps. */
  runTo(seconds: number): Promise<void>;
  service(): JsonObject;
  readonly v1: string;
  readonly v2: string;
}

export async function flushPromises(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/** Cluster `my-cluster`, service `my-svc` settled on v1 (desired 2), v2 registered and not deployed. */
export function createRig(
  options: { deploymentConfiguration?: JsonObject; desiredCount?: number; rollout?: Scenario['rollout'] } = {},
): Rig {
  const clock = createManualClock(START);
  const missingImages = new Set<string>();
  let scenario: Scenario = { rollout: 'healthy' };
  const standin = createEcsStandin({
    clock,
    scenario: () => scenario,
    imageExists: (reference) => Promise.resolve(!missingImages.has(reference)),
  });
  standin.admin.createCluster(SCOPE, 'my-cluster');
  const v1 = standin.admin.registerTaskDefinition(SCOPE, taskDefinitionInput(IMAGE_V1));
  standin.admin.createService(SCOPE, {
    cluster: 'my-cluster',
    serviceName: 'my-svc',
    taskDefinition: v1,
    desiredCount: options.desiredCount ?? 2,
    launchType: 'FARGATE',
    deploymentConfiguration: options.deploymentConfiguration ?? {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
  });
  const v2 = standin.admin.registerTaskDefinition(SCOPE, taskDefinitionInput(IMAGE_V2));
  scenario = { rollout: options.rollout ?? 'healthy' };
  return {
    standin,
    setScenario(next) {
      scenario = next;
    },
    clock,
    missingImages,
    v1,
    v2,
    call: (operation, input) => standin.ecs(operation, input, CONTEXT),
    async runTo(seconds) {
      const target = START + seconds * 1000;
      while (clock.now() < target) {
        clock.set(Math.min(target, clock.now() + 100));
        standin.admin.advance();
        await flushPromises();
      }
      standin.admin.advance();
    },
    service: () => standin.admin.service(SCOPE, 'my-cluster', 'my-svc') ?? {},
  };
}
