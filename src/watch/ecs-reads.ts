// One service's own reads within a poll of the step: finding its service deployment (looked up once, then
// described in the step's batch), and listing the tasks of its deployment that stopped (described in the
// step's batch). Each degrades on its own terms: the service deployments API may be missing, stopped tasks
// may be unreadable or throttled. The batched calls themselves are in step-reads.ts.
import {
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  type ServiceDeployment,
  type Task,
} from '@aws-sdk/client-ecs';
import { describeError } from '../shared/errors.js';
import { refusalDetails } from '../shared/access-denied.js';
import type { BatchAnswer } from './batching.js';
import { pickServiceDeployment } from './find-deployment.js';
import { POLL_POLICY, meansServiceDeploymentsUnavailable } from './poll-policy.js';
import { asFailedCall } from './watch-calls.js';
import type { WatchContext } from './watch-request.js';
import type { WatchTarget } from './watch-state.js';

/** Our service deployment across the polls of one watch: looked up a few times at most, then described each poll. */
export class ServiceDeploymentReader {
  /** 'missing' once the API said it is not there for us; the watch then uses deployments[] alone. */
  private api: 'unknown' | 'available' | 'missing' = 'unknown';
  private lookups = 0;
  private knownArn: string | undefined;
  /** Our service deployment as last described. */
  private lastKnown: ServiceDeployment | undefined;

  constructor(
    private readonly context: WatchContext,
    private readonly target: WatchTarget,
  ) {
    this.knownArn = target.serviceDeploymentArn;
  }

  /** Our service deployment's ARN once known. */
  get arn(): string | undefined {
    return this.knownArn;
  }

  /** The ARN to describe in this poll's batch, looking it up first while unknown; undefined: none this poll. Throws FailedCall. */
  async arnToDescribe(deploymentId: string | undefined): Promise<string | undefined> {
    if (this.api === 'missing') return undefined;
    if (this.knownArn !== undefined) return this.knownArn;
    if (this.lookups >= POLL_POLICY.maxServiceDeploymentLookups) return undefined;
    this.lookups += 1;
    try {
      this.knownArn = await this.lookUp(deploymentId);
    } catch (error) {
      this.onFailure(error);
    }
    return this.knownArn;
  }

  /** Our service deployment from the batch's answer for our ARN. Throws FailedCall when the poll cannot go on without it. */
  accept(answer: BatchAnswer<ServiceDeployment | undefined>): ServiceDeployment | undefined {
    if (!answer.ok) {
      const failure = asFailedCall(answer.error);
      // Throttled even when tried again: the last answer stands in (the last poll judged it, so it can end
      // nothing by itself) and DescribeServices carries this poll, which still slows the step down.
      if (failure.kind === 'throttled' && this.lastKnown !== undefined) {
        this.context.calls.absorbThrottle();
        return this.lastKnown;
      }
      this.onFailure(answer.error);
      return undefined;
    }
    this.api = 'available';
    this.lastKnown = answer.value;
    return answer.value;
  }

  /** Without the API (too old a deployment, no permission, no such operation, not JSON) the watch goes on with deployments[] from the first such answer. */
  private onFailure(error: unknown): void {
    const failure = asFailedCall(error);
    if (!meansServiceDeploymentsUnavailable(failure.cause)) throw failure;
    this.api = 'missing';
    this.knownArn = undefined;
    // Said once per watch: after this answer the API is not asked again (api is 'missing').
    this.context.print.info(
      `Service deployments API unavailable (${failure.operation}: ${describeError(failure.cause)}); watching DescribeServices deployments[] instead.`,
    );
  }

  /** Our service deployment ARN from ListServiceDeployments (and DescribeServiceRevisions when several match). */
  private async lookUp(deploymentId: string | undefined): Promise<string | undefined> {
    const { context, target } = this;
    const { ecs, cluster, service } = context.request;
    const listed = await context.calls.call('ListServiceDeployments', () =>
      ecs.send(
        new ListServiceDeploymentsCommand({
          cluster,
          service,
          createdAt: { after: new Date(target.startedAtMs - POLL_POLICY.clockSkewMs) },
        }),
      ),
    );
    const candidates = listed.serviceDeployments ?? [];
    if (candidates.length <= 1) return pickServiceDeployment(candidates, target, deploymentId);
    const revisionArns = candidates
      .map((candidate) => candidate.targetServiceRevisionArn)
      .filter((arn): arn is string => arn !== undefined);
    const revisions = new Map<string, string>();
    if (revisionArns.length > 0 && context.calls.fits(1)) {
      try {
        const described = await context.calls.call('DescribeServiceRevisions', () =>
          ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: revisionArns.slice(0, 20) })),
        );
        for (const revision of described.serviceRevisions ?? []) {
          if (revision.serviceRevisionArn !== undefined && revision.taskDefinition !== undefined) {
            revisions.set(revision.serviceRevisionArn, revision.taskDefinition);
          }
        }
      } catch (error) {
        // Only a nicety for telling several recent deployments apart; the id and time heuristics remain.
        const failure = asFailedCall(error);
        if (failure.kind === 'expired') throw failure;
      }
    }
    return pickServiceDeployment(candidates, target, deploymentId, revisions);
  }
}

/** Stopped tasks of our deployment, for as long as the role may read them. */
export class StoppedTaskReader {
  private denied = false;

  constructor(private readonly context: WatchContext) {}

  /**
   * Stopped tasks not seen before (up to the poll's share), to describe in the step's batch; undefined when
   * not looked up this time (budget, throttling, denied). Throws FailedCall when the poll cannot go on.
   */
  async list(deploymentId: string, seenTaskArns: ReadonlySet<string>): Promise<string[] | undefined> {
    const { context } = this;
    // Two calls: this ListTasks, and this service's share of the batched DescribeTasks.
    if (this.denied || !context.calls.fits(2)) return undefined;
    const { ecs, cluster } = context.request;
    try {
      const listed = await context.calls.call('ListTasks', () =>
        ecs.send(new ListTasksCommand({ cluster, startedBy: deploymentId, desiredStatus: 'STOPPED' })),
      );
      return (listed.taskArns ?? []).filter((arn) => !seenTaskArns.has(arn)).slice(0, POLL_POLICY.maxStoppedTasksPerPoll);
    } catch (error) {
      this.onFailure(error);
      return undefined;
    }
  }

  /** The described tasks from the batch's answer; undefined when they could not be read this time. */
  accept(answer: BatchAnswer<Task[]>): Task[] | undefined {
    if (answer.ok) return answer.value;
    this.onFailure(answer.error);
    return undefined;
  }

  /** Denied: say once what to allow, and stop looking; throttled or flaky: try again later; else the poll fails. */
  private onFailure(error: unknown): void {
    const failure = asFailedCall(error);
    if (failure.kind === 'denied') {
      this.denied = true;
      this.context.print.warning(
        `Cannot read stopped tasks (${describeError(failure.cause)}); allow ecs:ListTasks and ecs:DescribeTasks to see why tasks stop (max-failed-tasks needs them too).`,
      );
      for (const line of refusalDetails(failure.cause)) this.context.print.info(line);
      return;
    }
    // Throttled or flaky: the lookup stays pending and is tried on a later poll.
    if (!failure.retryable) throw failure;
  }
}
