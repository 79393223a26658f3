// The batched polling loop of one watch: read the service, our service deployment and (when something
// stopped) our stopped tasks, feed the snapshot to the pure watch (observe.ts), print what it says, and
// keep going on the poll policy's cadence until it gives a verdict. Every failed call arrives here already
// classified (FailedCall), because "keep waiting" on AccessDenied is exactly what users hate in the tools
// we replace: only throttled and transient failures are waited out, on the shared backoff, and only so often.
import type { Service } from '@aws-sdk/client-ecs';
import { describeError } from '../shared/errors.js';
import type { ContainerLogs } from './container-logs.js';
import { readWatchedService, ServiceDeploymentReader, type StoppedTaskReader } from './ecs-reads.js';
import { findOurDeployment } from './find-deployment.js';
import { observe } from './observe.js';
import { POLL_POLICY, nextPollDelay } from './poll-policy.js';
import { needsStoppedTaskLookup } from './stopped-tasks.js';
import { judgeTime } from './verdict.js';
import { asFailedCall } from './watch-calls.js';
import type { WatchContext } from './watch-request.js';
import { startWatch, type Carried, type FinalVerdict, type WatchState, type WatchTarget } from './watch-state.js';
import { lastKnownSummary, stoppedWatchingReason } from './wording.js';

/** One service's watch: shared by its deploy and rollback watches, so nothing is warned about or fetched twice. */
export interface ServiceWatch extends WatchContext {
  readonly stoppedTasks: StoppedTaskReader;
  readonly containerLogs: ContainerLogs;
}

export interface RunResult {
  readonly verdict: FinalVerdict;
  readonly state: WatchState;
  readonly serviceDeploymentArn: string | undefined;
  /** The service as last read, for deciding on a rollback. */
  readonly service: Service | undefined;
  /** The watch ended because we could not read ECS, not because of anything ECS said. */
  readonly pollFailed: boolean;
}

/** Polls until the state machine gives a verdict. */
export async function runWatch(watch: ServiceWatch, target: WatchTarget, carried?: Carried): Promise<RunResult> {
  const { calls, print } = watch;
  let state = startWatch(target, carried);
  const serviceDeployments = new ServiceDeploymentReader(watch, target);
  let delay: number = POLL_POLICY.intervalMs;
  let consecutiveErrors = 0;
  let lastService: Service | undefined;
  const result = (verdict: FinalVerdict, pollFailed = false): RunResult => ({
    verdict,
    state,
    serviceDeploymentArn: serviceDeployments.arn,
    service: lastService,
    pollFailed,
  });
  await calls.sleep(POLL_POLICY.firstPollDelayMs);

  for (;;) {
    try {
      const service = await readWatchedService(watch);
      lastService = service;
      const serviceDeployment = await serviceDeployments.read(state.deploymentId);
      const ours = findOurDeployment(service, state);
      const stoppedTasks =
        ours?.id !== undefined && needsStoppedTaskLookup(ours, state)
          ? await watch.stoppedTasks.read(ours.id, state.seenTaskArns)
          : undefined;
      const step = observe(state, { nowMs: calls.now(), service, serviceDeployment, stoppedTasks });
      state = step.state;
      consecutiveErrors = 0;
      delay = nextPollDelay(delay, 'ok', calls.random);
      for (const line of step.lines) print.info(line);
      for (const report of step.newStoppedTasks) {
        if (report.kind === 'scale-in' || report.kind === 'interrupted') continue;
        print.annotateOnce(report);
        await watch.containerLogs.show(report);
      }
      if (step.verdict.kind !== 'continue') return result(step.verdict);
    } catch (error) {
      const failure = asFailedCall(error);
      consecutiveErrors += 1;
      if (!failure.retryable || consecutiveErrors > POLL_POLICY.maxConsecutiveErrors) {
        const reason = stoppedWatchingReason(
          target.service,
          failure.operation,
          consecutiveErrors,
          describeError(failure.cause),
          lastKnownSummary(state),
        );
        return result({ kind: 'failed', rolloutState: state.rolloutState, reason, rollbackBy: 'none' }, true);
      }
      delay = nextPollDelay(delay, failure.kind === 'throttled' ? 'throttled' : 'transient', calls.random);
      print.info(
        `${failure.operation} ${failure.kind === 'throttled' ? 'was throttled' : `failed (${describeError(failure.cause)})`}; next poll in ${String(delay / 1000)} s`,
      );
      const late = judgeTime(state, calls.now(), lastKnownSummary(state));
      if (late !== undefined) return result(late);
    }
    const remaining = target.deadlineMs - calls.now();
    // One last look at the deadline, so a deployment finishing in the last seconds is not called a timeout.
    await calls.sleep(Math.max(0, Math.min(delay, remaining)));
  }
}
