// ECS's own blue/green, linear and canary strategies as the watch follows them: the service deployment's
// lifecycleStage printed once as it is entered, the production traffic on our revision at each step, the
// bake time left, the warning when the bake alone outlasts wait-for-minutes, and the first signal that ECS
// will not finish (a lifecycle hook that failed or timed out, an alarm in ALARM). Pure: the service and
// service deployment as DescribeServices / DescribeServiceDeployments answer them, and the time, go in.
import type { DeploymentConfiguration, Service, ServiceDeployment } from '@aws-sdk/client-ecs';

export type NativeStrategy = 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

const NATIVE: ReadonlySet<string> = new Set<NativeStrategy>(['BLUE_GREEN', 'LINEAR', 'CANARY']);

/** What each stage means for the user, in the words of ECS's own documentation. */
const STAGE_WORDS: Readonly<Record<string, string>> = {
  RECONCILE_SERVICE: 'reconciling the revisions the service still runs',
  PRE_SCALE_UP: 'before the new revision starts',
  SCALE_UP: "starting the new revision's tasks",
  POST_SCALE_UP: "the new revision's tasks run; no traffic on them yet",
  TEST_TRAFFIC_SHIFT: 'test traffic moving to the new revision',
  POST_TEST_TRAFFIC_SHIFT: 'all test traffic on the new revision',
  PRE_PRODUCTION_TRAFFIC_SHIFT: 'before production traffic moves',
  PRODUCTION_TRAFFIC_SHIFT: 'production traffic moving to the new revision',
  POST_PRODUCTION_TRAFFIC_SHIFT: 'all production traffic on the new revision',
  BAKE_TIME: 'both revisions kept running while the new one bakes',
  CLEAN_UP: "stopping the previous revision's tasks",
};

/** What the watch remembers of the lifecycle between polls. */
export interface LifecycleState {
  /** Stages already printed, so each is printed once however often ECS comes back to it (a step of LINEAR). */
  readonly stagesSeen: readonly string[];
  readonly stage: string | undefined;
  /** The watch's clock when BAKE_TIME was first seen. */
  readonly bakeStartedAtMs: number | undefined;
  readonly bakeMinutesLeftShown: number | undefined;
  readonly productionWeight: number | undefined;
  /** The bake-time warning has been considered (once per watch, at the first look at the service). */
  readonly bakeChecked: boolean;
}

export const LIFECYCLE_START: LifecycleState = {
  stagesSeen: [],
  stage: undefined,
  bakeStartedAtMs: undefined,
  bakeMinutesLeftShown: undefined,
  productionWeight: undefined,
  bakeChecked: false,
};

/** The configuration ECS deploys with: the service deployment's own copy when known, else the service's. */
function configurationOf(service: Service, serviceDeployment: ServiceDeployment | undefined): DeploymentConfiguration | undefined {
  return serviceDeployment?.deploymentConfiguration ?? service.deploymentConfiguration;
}

/** BLUE_GREEN, LINEAR or CANARY when the service deploys with one of ECS's own traffic-shifting strategies. */
export function nativeStrategy(service: Service, serviceDeployment?: ServiceDeployment): NativeStrategy | undefined {
  const strategy = configurationOf(service, serviceDeployment)?.strategy;
  return strategy !== undefined && NATIVE.has(strategy) ? (strategy as NativeStrategy) : undefined;
}

/** The minutes ECS waits on purpose: bakeTimeInMinutes, and the canary's or the linear steps' bakes before it. */
export function bakeMinutes(configuration: DeploymentConfiguration | undefined): { readonly total: number; readonly parts: string[] } {
  const parts: string[] = [];
  let total = 0;
  const bake = configuration?.bakeTimeInMinutes ?? 0;
  if (bake > 0) {
    total += bake;
    parts.push(`bakeTimeInMinutes ${String(bake)}`);
  }
  if (configuration?.strategy === 'CANARY') {
    const canaryBake = configuration.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10;
    if (canaryBake > 0) {
      total += canaryBake;
      parts.push(`canaryBakeTimeInMinutes ${String(canaryBake)}`);
    }
  }
  if (configuration?.strategy === 'LINEAR') {
    const step = configuration.linearConfiguration?.stepPercent ?? 10;
    const stepBake = configuration.linearConfiguration?.stepBakeTimeInMinutes ?? 6;
    // No bake after the last step: one fewer wait than steps.
    const waits = step > 0 ? Math.max(0, Math.ceil(100 / step) - 1) : 0;
    if (stepBake > 0 && waits > 0) {
      total += stepBake * waits;
      parts.push(`${String(waits)} × stepBakeTimeInMinutes ${String(stepBake)}`);
    }
  }
  return { total, parts };
}

/** The warning when the bake alone outlasts wait-for-minutes, naming both figures; undefined when it fits. */
export function bakeWarning(service: string, configuration: DeploymentConfiguration | undefined, waitMinutes: number): string | undefined {
  const bake = configuration?.bakeTimeInMinutes ?? 0;
  if (bake <= waitMinutes) return undefined;
  const { total, parts } = bakeMinutes(configuration);
  const detail = parts.length > 1 ? ` (${parts.join(' + ')} = ${String(total)} min in all)` : '';
  return `${service} bakes for ${String(bake)} min (bakeTimeInMinutes)${detail}, longer than wait-for-minutes ${String(waitMinutes)}: the watch will time out before ECS can call the deployment SUCCESSFUL. Set wait-for-minutes above ${String(total)}.`;
}

const percent = (weight: number): string => `${String(Math.round(weight * 10) / 10)} %`;

/** How the traffic on our revision moves in this strategy, for the traffic line. */
function stepWords(configuration: DeploymentConfiguration | undefined, weight: number): string {
  if (weight >= 100) return '';
  if (configuration?.strategy === 'CANARY') {
    const bake = configuration.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10;
    return ` (canary; the rest follows after ${String(bake)} min)`;
  }
  if (configuration?.strategy === 'LINEAR') {
    const step = configuration.linearConfiguration?.stepPercent ?? 10;
    const bake = configuration.linearConfiguration?.stepBakeTimeInMinutes ?? 6;
    return ` (linear: ${percent(step)} more every ${String(bake)} min)`;
  }
  return '';
}

export interface LifecycleStep {
  readonly state: LifecycleState;
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
}

export interface LifecycleInput {
  readonly service: Service;
  readonly serviceDeployment: ServiceDeployment | undefined;
  readonly nowMs: number;
  /** wait-for-minutes, for the bake-time warning; undefined: no warning (our own rollback's watch). */
  readonly waitMinutes: number | undefined;
  /** `my-app:8`: our revision, for the traffic lines. */
  readonly revision: string;
}

/** Follows one poll's lifecycle: the stage lines, traffic steps and bake time left, and the bake warning once. */
export function followLifecycle(previous: LifecycleState, input: LifecycleInput): LifecycleStep {
  const { service, serviceDeployment, nowMs } = input;
  const lines: string[] = [];
  const warnings: string[] = [];
  const strategy = nativeStrategy(service, serviceDeployment);
  let state = previous;
  if (!state.bakeChecked) {
    const warning =
      strategy === undefined || input.waitMinutes === undefined
        ? undefined
        : bakeWarning(service.serviceName ?? '', configurationOf(service, serviceDeployment), input.waitMinutes);
    if (warning !== undefined) warnings.push(warning);
    state = { ...state, bakeChecked: true };
  }
  // A rolling deployment's stage is in the status line already; only the traffic-shifting strategies get stage lines.
  if (strategy === undefined || serviceDeployment === undefined) return { state, lines, warnings };
  const configuration = configurationOf(service, serviceDeployment);

  const stage = serviceDeployment.lifecycleStage;
  if (stage !== undefined && stage !== state.stage) {
    if (!state.stagesSeen.includes(stage)) lines.push(`Stage ${stage}: ${STAGE_WORDS[stage] ?? stage.toLowerCase().replaceAll('_', ' ')}`);
    state = { ...state, stage, stagesSeen: state.stagesSeen.includes(stage) ? state.stagesSeen : [...state.stagesSeen, stage] };
  }

  const weight = serviceDeployment.targetServiceRevision?.requestedProductionTrafficWeight;
  if (weight !== undefined && weight !== state.productionWeight && (weight > 0 || state.productionWeight !== undefined)) {
    lines.push(`Production traffic on ${input.revision}: ${percent(weight)}${stepWords(configuration, weight)}`);
  }
  if (weight !== undefined) state = { ...state, productionWeight: weight };

  // No countdown once ECS is rolling back or stopping: the bake will not run out.
  if (stage === 'BAKE_TIME' && (serviceDeployment.status === 'IN_PROGRESS' || serviceDeployment.status === undefined)) {
    const bakeStartedAtMs = state.bakeStartedAtMs ?? nowMs;
    const bakeMs = (configuration?.bakeTimeInMinutes ?? 0) * 60_000;
    const left = Math.max(0, Math.ceil((bakeMs - (nowMs - bakeStartedAtMs)) / 60_000));
    if (left !== state.bakeMinutesLeftShown) lines.push(`Bake time left: ${String(left)} min`);
    state = { ...state, bakeStartedAtMs, bakeMinutesLeftShown: left };
  }
  return { state, lines, warnings };
}

/** ECS waits on purpose: baking, or between the steps of a canary or linear traffic shift. */
export function inPlannedWait(state: LifecycleState): boolean {
  if (state.stage === 'BAKE_TIME') return true;
  return state.stage === 'PRODUCTION_TRAFFIC_SHIFT' && state.productionWeight !== undefined && state.productionWeight < 100;
}

/** What made ECS give up on the deployment, when the service deployment names it. */
export type LifecycleFailure =
  | {
      readonly kind: 'hook';
      /** The Lambda function's ARN, or `PAUSE hook <id>`. */
      readonly hook: string;
      readonly status: 'FAILED' | 'TIMED_OUT';
      readonly stage: string | undefined;
    }
  | { readonly kind: 'alarm'; readonly alarmNames: readonly string[]; readonly stage: string | undefined };

/**
 * A lifecycle hook that answered FAILED, or timed out with the ROLLBACK action (the default), or a
 * CloudWatch alarm that went into ALARM: ECS rolls back (or stops) on either, so the watch fails at once.
 */
export function lifecycleFailure(
  serviceDeployment: ServiceDeployment | undefined,
  lastStage: string | undefined,
): LifecycleFailure | undefined {
  if (serviceDeployment === undefined) return undefined;
  const stage = serviceDeployment.lifecycleStage ?? lastStage;
  for (const hook of serviceDeployment.lifecycleHookDetails ?? []) {
    const failed = hook.status === 'FAILED' || (hook.status === 'TIMED_OUT' && hook.timeoutAction !== 'CONTINUE');
    if (!failed) continue;
    const name = hook.targetArn ?? `${hook.targetType ?? 'PAUSE'} hook ${hook.hookId ?? '(no id)'}`;
    return { kind: 'hook', hook: name, status: hook.status === 'FAILED' ? 'FAILED' : 'TIMED_OUT', stage };
  }
  const alarms = serviceDeployment.alarms;
  const triggered = alarms?.triggeredAlarmNames ?? [];
  if (triggered.length > 0 || alarms?.status === 'TRIGGERED') return { kind: 'alarm', alarmNames: triggered, stage };
  return undefined;
}
