// ECS's own traffic-shifting strategies (deploymentConfiguration.strategy BLUE_GREEN, LINEAR, CANARY) on the
// simulated clock: the service deployment walks its lifecycle stages (PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP,
// TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT,
// BAKE_TIME, CLEAN_UP), shifts production traffic in one step or in LINEAR / CANARY steps, bakes for
// bakeTimeInMinutes, and runs the service's lifecycle hooks at their stages. The scenario's `lifecycle`
// faults make a hook answer FAILED or time out, or a deployment alarm go into ALARM: ECS then rolls back
// (or stops, for an alarm without rollback). Tasks and the rollback itself stay in ecs-rollout.ts, which
// hands over here with the callbacks below.
import { isObject } from './ecs-input.js';
import type { SimulatedScheduler } from './ecs-scheduler.js';
import type { DeploymentState, LifecycleHookDetailState, ServiceDeploymentState, ServiceState } from './ecs-state.js';
import type { JsonObject, LifecycleFaults } from './types.js';

/** Simulated milliseconds of the lifecycle; the bakes are the service's own minutes. */
export const LIFECYCLE_TIMELINE = {
  /** A stage with nothing to wait for (no hook, no bake) lasts this long. */
  stageMs: 2_000,
  /** A lifecycle hook's Lambda function answers this long after its stage is entered. */
  hookAnswerMs: 3_000,
} as const;

const STRATEGIES: ReadonlySet<string> = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);
const MINUTE = 60_000;

/** The stages after SCALE_UP, in ECS's order; CLEAN_UP is ecs-rollout.ts's drain. */
const AFTER_SCALE_UP = [
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
] as const;

export function usesTrafficShifting(configuration: JsonObject): boolean {
  return typeof configuration.strategy === 'string' && STRATEGIES.has(configuration.strategy);
}

/** What ecs-rollout.ts does for the lifecycle: its tasks, its drain and its rollback. */
export interface LifecycleActions {
  readonly scheduler: SimulatedScheduler;
  /** Whether ECS is still deploying this revision (nothing newer, no failure, no stop). */
  alive(): boolean;
  /** The new revision's faults apply (a revision that completed here before is known to work). */
  faults(): LifecycleFaults | undefined;
  /** PRE_SCALE_UP is over: start the new revision's tasks. */
  scaleUp(at: number): void;
  /** BAKE_TIME is over: CLEAN_UP, then SUCCESSFUL. */
  cleanUp(at: number): void;
  /** ECS rolls back with this reason (ROLLBACK_REQUESTED, then ROLLBACK_IN_PROGRESS). */
  rollBack(reason: string, at: number): void;
  /** ECS stops the deployment without rolling back (an alarm without rollback). */
  stop(reason: string, at: number): void;
}

/** The service deployment's lifecycle fields when it starts: PRE_SCALE_UP, no traffic yet, the alarms watched. */
export function startLifecycle(record: ServiceDeploymentState, configuration: JsonObject): void {
  record.lifecycleStage = 'PRE_SCALE_UP';
  record.lifecycleHookDetails = [];
  record.traffic = { test: 0, production: 0 };
  const alarms = isObject(configuration.alarms) ? configuration.alarms : undefined;
  const names = Array.isArray(alarms?.alarmNames) ? alarms.alarmNames.filter((name): name is string => typeof name === 'string') : [];
  record.alarms = { status: alarms?.enable === true ? 'MONITORING' : 'DISABLED', alarmNames: names, triggeredAlarmNames: [] };
}

/** PRE_SCALE_UP with its hooks, then SCALE_UP through `actions.scaleUp`. */
export function beginLifecycle(record: ServiceDeploymentState, actions: LifecycleActions, at: number): void {
  enterStage(record, 'PRE_SCALE_UP', actions, at, (due) => {
    record.lifecycleStage = 'SCALE_UP';
    record.lifecycleHookDetails = [];
    record.updatedAt = due;
    actions.scaleUp(due);
  });
}

/** The new revision's tasks all run: the stages after SCALE_UP, then `actions.cleanUp`. */
export function continueAfterScaleUp(record: ServiceDeploymentState, actions: LifecycleActions, at: number): void {
  const next = (index: number, due: number): void => {
    const stage = AFTER_SCALE_UP[index];
    if (stage === undefined) {
      actions.cleanUp(due);
      return;
    }
    enterStage(record, stage, actions, due, (done) => next(index + 1, done));
  };
  next(0, at);
}

/** Enters `stage`: its alarm fault, its hooks, then its own work (traffic, bake); `then` when all are done. */
function enterStage(
  record: ServiceDeploymentState,
  stage: string,
  actions: LifecycleActions,
  at: number,
  then: (at: number) => void,
): void {
  if (!actions.alive()) return;
  record.lifecycleStage = stage;
  record.updatedAt = at;
  const faults = actions.faults();
  const alarm = faults?.alarmAt;
  if (alarm?.stage === stage && record.alarms?.status === 'MONITORING' && record.alarms.alarmNames.includes(alarm.alarmName)) {
    triggerAlarm(record, alarm.alarmName, actions, at);
    return;
  }
  const hooks = hooksAt(record.deploymentConfiguration, stage, at);
  record.lifecycleHookDetails = hooks;
  if (hooks.length === 0) {
    stageWork(record, stage, actions, at, then);
    return;
  }
  const failing = faults?.hookAt?.stage === stage ? faults.hookAt.outcome : undefined;
  const first = hooks[0];
  // A hook that never answers is only seen to time out at its expiry; the others answer after a while.
  const answerAt = failing === 'TIMED_OUT' && first !== undefined ? first.expiresAt : at + LIFECYCLE_TIMELINE.hookAnswerMs;
  actions.scheduler.at(answerAt, (due) => {
    if (!actions.alive()) return;
    record.updatedAt = due;
    for (const [index, hook] of hooks.entries()) hook.status = index === 0 && failing !== undefined ? failing : 'SUCCEEDED';
    const failed = failing !== undefined && first !== undefined && (failing === 'FAILED' || first.timeoutAction === 'ROLLBACK');
    if (failed) {
      const what = failing === 'FAILED' ? 'returned FAILED' : 'timed out';
      actions.rollBack(
        `Service deployment rolled back because the lifecycle hook ${first.targetArn ?? first.hookId} ${what} at ${stage}.`,
        due,
      );
      return;
    }
    stageWork(record, stage, actions, due, then);
  });
}

/** The service's hooks configured for `stage`, each IN_PROGRESS as ECS invokes it. */
function hooksAt(configuration: JsonObject, stage: string, at: number): LifecycleHookDetailState[] {
  const hooks = Array.isArray(configuration.lifecycleHooks) ? configuration.lifecycleHooks.filter(isObject) : [];
  return hooks
    .filter((hook) => Array.isArray(hook.lifecycleStages) && hook.lifecycleStages.includes(stage))
    .map((hook, index) => {
      const timeout = isObject(hook.timeoutConfiguration) ? hook.timeoutConfiguration : {};
      const minutes = typeof timeout.timeoutInMinutes === 'number' ? timeout.timeoutInMinutes : 1440;
      return {
        hookId: `${stage.toLowerCase()}-${String(index + 1)}`,
        targetType: typeof hook.targetType === 'string' ? hook.targetType : 'AWS_LAMBDA',
        ...(typeof hook.hookTargetArn === 'string' ? { targetArn: hook.hookTargetArn } : {}),
        status: 'IN_PROGRESS' as const,
        expiresAt: at + minutes * MINUTE,
        timeoutAction: timeout.action === 'CONTINUE' ? ('CONTINUE' as const) : ('ROLLBACK' as const),
      };
    });
}

/** Production traffic on the target after each step: one step for BLUE_GREEN, the canary then the rest, or LINEAR's steps. */
export function productionSteps(configuration: JsonObject): { readonly weights: number[]; readonly waitMs: number } {
  if (configuration.strategy === 'CANARY') {
    const canary = isObject(configuration.canaryConfiguration) ? configuration.canaryConfiguration : {};
    const percent = typeof canary.canaryPercent === 'number' ? canary.canaryPercent : 5;
    const bake = typeof canary.canaryBakeTimeInMinutes === 'number' ? canary.canaryBakeTimeInMinutes : 10;
    return { weights: [percent, 100], waitMs: bake * MINUTE };
  }
  if (configuration.strategy === 'LINEAR') {
    const linear = isObject(configuration.linearConfiguration) ? configuration.linearConfiguration : {};
    const step = typeof linear.stepPercent === 'number' && linear.stepPercent > 0 ? linear.stepPercent : 10;
    const bake = typeof linear.stepBakeTimeInMinutes === 'number' ? linear.stepBakeTimeInMinutes : 6;
    const weights: number[] = [];
    for (let weight = step; weight < 100; weight += step) weights.push(Math.round(weight * 10) / 10);
    return { weights: [...weights, 100], waitMs: bake * MINUTE };
  }
  return { weights: [100], waitMs: 0 };
}

function stageWork(record: ServiceDeploymentState, stage: string, actions: LifecycleActions, at: number, then: (at: number) => void): void {
  const later = (ms: number, work: (due: number) => void): void =>
    actions.scheduler.at(at + ms, (due) => {
      if (actions.alive()) work(due);
    });
  const traffic = record.traffic ?? { test: 0, production: 0 };
  record.traffic = traffic;
  switch (stage) {
    case 'TEST_TRAFFIC_SHIFT':
      traffic.test = 100;
      later(LIFECYCLE_TIMELINE.stageMs, then);
      return;
    case 'PRODUCTION_TRAFFIC_SHIFT': {
      const { weights, waitMs } = productionSteps(record.deploymentConfiguration);
      const step = (index: number, due: number): void => {
        const weight = weights[index];
        if (weight === undefined) {
          actions.scheduler.at(due + LIFECYCLE_TIMELINE.stageMs, (done) => {
            if (actions.alive()) then(done);
          });
          return;
        }
        traffic.production = weight;
        record.updatedAt = due;
        if (index === weights.length - 1) step(index + 1, due);
        else
          actions.scheduler.at(due + waitMs, (next) => {
            if (actions.alive()) step(index + 1, next);
          });
      };
      step(0, at);
      return;
    }
    case 'BAKE_TIME': {
      const bake =
        typeof record.deploymentConfiguration.bakeTimeInMinutes === 'number' ? record.deploymentConfiguration.bakeTimeInMinutes : 0;
      later(bake * MINUTE, then);
      return;
    }
    default:
      later(LIFECYCLE_TIMELINE.stageMs, then);
  }
}

function triggerAlarm(record: ServiceDeploymentState, alarmName: string, actions: LifecycleActions, at: number): void {
  const alarms = record.alarms;
  if (alarms === undefined) return;
  alarms.status = 'TRIGGERED';
  alarms.triggeredAlarmNames = [alarmName];
  record.updatedAt = at;
  const configured = isObject(record.deploymentConfiguration.alarms) ? record.deploymentConfiguration.alarms : {};
  if (configured.rollback === true) {
    actions.rollBack(`Service deployment rolled back because the CloudWatch alarm ${alarmName} is in ALARM state.`, at);
  } else {
    actions.stop(`Service deployment stopped because the CloudWatch alarm ${alarmName} is in ALARM state.`, at);
  }
}

/** What ecs-rollout.ts lends the lifecycle of one deployment. */
export interface RolloutParts {
  readonly scheduler: SimulatedScheduler;
  readonly service: ServiceState;
  readonly deployment: DeploymentState;
  readonly record: ServiceDeploymentState;
  /** The deployment is still the service's newest and settling. */
  readonly current: () => boolean;
  readonly faults: () => LifecycleFaults | undefined;
  /** Places the deployment's tasks. */
  readonly launchTasks: (at: number) => void;
  /** Starts ECS's rollback (ROLLBACK_IN_PROGRESS) a moment after it was requested. */
  readonly startRollback: (reason: string, at: number) => void;
}

/** The lifecycle's actions on the rollout: scale up, roll back or stop (cleanUp is the caller's). */
export function rolloutLifecycle(parts: RolloutParts): LifecycleActions {
  const { service, deployment, record } = parts;
  const fail = (reason: string, at: number): void => {
    deployment.launching = false;
    deployment.rolloutState = 'FAILED';
    deployment.rolloutStateReason = reason;
    deployment.updatedAt = at;
    record.statusReason = reason;
    record.updatedAt = at;
    // On the way back the previous revision takes all traffic again.
    if (record.traffic !== undefined) record.traffic = { test: 0, production: 0 };
  };
  return {
    scheduler: parts.scheduler,
    alive: () => parts.current() && record.status === 'IN_PROGRESS',
    // A revision that completed here before is known to work: the scenario's faults are the new revision's.
    faults: () => (service.knownGoodTaskDefinitions.has(deployment.taskDefinitionArn) ? undefined : parts.faults()),
    scaleUp: (at) => {
      deployment.launching = true;
      parts.launchTasks(at);
    },
    cleanUp: () => undefined,
    rollBack: (reason, at) => {
      fail(reason, at);
      record.status = 'ROLLBACK_REQUESTED';
      parts.startRollback(reason, at);
    },
    stop: (reason, at) => {
      fail(reason, at);
      record.status = 'STOPPED';
      record.stoppedAt = at;
    },
  };
}

/** A service's revision settled without a rollout (tests' starting state): all traffic on it. */
export function settledTraffic(record: ServiceDeploymentState): void {
  if (record.traffic !== undefined) record.traffic = { test: 100, production: 100 };
  if (record.alarms?.status === 'MONITORING') record.alarms.status = 'MONITORING_COMPLETE';
}
