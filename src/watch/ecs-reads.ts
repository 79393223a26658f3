// The ECS reads of one poll: the watched service, our service deployment (found once, then described), and
// the tasks of our deployment that stopped. Each degrades on its own terms: the service deployments API
// may be missing, stopped tasks may be unreadable or throttled, and only the service read is essential.
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  type Service,
  type ServiceDeployment,
  type Task,
} from '@aws-sdk/client-ecs';
import { describeError } from '../shared/errors.js';
import { pickServiceDeployment } from './find-deployment.js';
import { POLL_POLICY, meansServiceDeploymentsUnavailable } from './poll-policy.js';
import { FailedCall, asFailedCall } from './watch-calls.js';
import type { WatchContext } from './watch-request.js';
import type { WatchTarget } from './watch-state.js';

/** The watched service from DescribeServices; a service that is not there is a FailedCall like any other. */
export async function readWatchedService(context: WatchContext): Promise<Service> {
  const { ecs, cluster, service } = context.request;
  const answer = await context.calls.call('DescribeServices', () =>
    ecs.send(new DescribeServicesCommand({ cluster, services: [service] })),
  );
  const found =
    answer.services?.find((candidate) => candidate.serviceName === service || candidate.serviceArn === service) ?? answer.services?.[0];
  if (found === undefined) {
    const failure = answer.failures?.[0];
    const why = failure?.reason === undefined ? '' : ` (${failure.reason}${failure.detail === undefined ? '' : `: ${failure.detail}`})`;
    throw new FailedCall(
      'DescribeServices',
      Object.assign(new Error(`service ${service} not found in cluster ${cluster}${why}`), { name: 'ServiceNotFoundException' }),
    );
  }
  return found;
}

/** Our service deployment across the polls of one watch: looked up a few times at most, then described each poll. */
export class ServiceDeploymentReader {
  /** 'missing' once the API said it is not there for us; the watch then uses deployments[] alone. */
  private api: 'unknown' | 'available' | 'missing' = 'unknown';
  private lookups = 0;
  private knownArn: string | undefined;

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

  async read(deploymentId: string | undefined): Promise<ServiceDeployment | undefined> {
    if (this.api === 'missing') return undefined;
    try {
      if (this.knownArn === undefined) {
        if (this.lookups >= POLL_POLICY.maxServiceDeploymentLookups) return undefined;
        this.lookups += 1;
        this.knownArn = await this.lookUp(deploymentId);
        if (this.knownArn === undefined) return undefined;
      }
      const arn = this.knownArn;
      const described = await this.context.calls.call('DescribeServiceDeployments', () =>
        this.context.request.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })),
      );
      this.api = 'available';
      return described.serviceDeployments?.find((deployment) => deployment.serviceDeploymentArn === arn);
    } catch (error) {
      const failure = asFailedCall(error);
      if (!meansServiceDeploymentsUnavailable(failure.cause)) throw failure;
      this.api = 'missing';
      this.knownArn = undefined;
      this.context.print.debug(
        `Service deployments API unavailable (${describeError(failure.cause)}); watching DescribeServices deployments[] instead.`,
      );
      return undefined;
    }
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

  /** Tasks not seen before (up to the poll's share); undefined when not looked up this time (budget, throttling, denied). */
  async read(deploymentId: string, seenTaskArns: ReadonlySet<string>): Promise<Task[] | undefined> {
    const { context } = this;
    if (this.denied || !context.calls.fits(2)) return undefined;
    const { ecs, cluster } = context.request;
    try {
      const listed = await context.calls.call('ListTasks', () =>
        ecs.send(new ListTasksCommand({ cluster, startedBy: deploymentId, desiredStatus: 'STOPPED' })),
      );
      // Drop the tasks already reported before taking the poll's share: ListTasks promises no order, so
      // the first few could all be old ones while new ones wait beyond them.
      const arns = (listed.taskArns ?? []).filter((arn) => !seenTaskArns.has(arn)).slice(0, POLL_POLICY.maxStoppedTasksPerPoll);
      if (arns.length === 0) return [];
      const described = await context.calls.call('DescribeTasks', () => ecs.send(new DescribeTasksCommand({ cluster, tasks: arns })));
      return described.tasks ?? [];
    } catch (error) {
      const failure = asFailedCall(error);
      if (failure.kind === 'denied') {
        this.denied = true;
        context.print.warning(
          `Cannot read stopped tasks (${describeError(failure.cause)}); allow ecs:ListTasks and ecs:DescribeTasks to see why tasks stop (max-failed-tasks needs them too).`,
        );
        return undefined;
      }
      // Throttled or flaky: the lookup stays pending and is tried on a later poll.
      if (failure.retryable) return undefined;
      throw failure;
    }
  }
}
