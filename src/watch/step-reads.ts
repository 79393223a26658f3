// The batched ECS reads of one poll of the step: DescribeServices per cluster ten services at a time,
// DescribeServiceDeployments twenty ARNs at a time, DescribeTasks per cluster a hundred tasks at a time.
// The calls of one read go out side by side; each is made once on the step's budget (tried once more
// within the poll when throttled) and counted for every service it read. Which service gets which part of an answer is batching.ts's (pure) job.
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  type ECSClient,
  type Service,
  type ServiceDeployment,
  type Task,
} from '@aws-sdk/client-ecs';
import { itemAt } from '../shared/collections.js';
import {
  BATCH_LIMITS,
  arnBatches,
  fanOutServiceDeployments,
  fanOutServices,
  fanOutTasks,
  serviceBatches,
  taskBatches,
  type BatchAnswer,
  type ServiceKey,
  type TaskRequest,
} from './batching.js';
import { FailedCall, type WatchCalls } from './watch-calls.js';

/** A service's part in a batched read: what it asks for, and its own count of calls. */
interface Member {
  readonly calls: WatchCalls;
}

/** Each batch's answer, read side by side, and how many calls each took (a throttled read is tried once more). */
async function readBatches<B, T>(
  step: WatchCalls,
  operation: string,
  batches: readonly B[],
  send: (batch: B) => Promise<T>,
): Promise<{ answers: BatchAnswer<T>[]; attempts: number[] }> {
  const attempts = batches.map(() => 0);
  const answers = await Promise.all(
    batches.map(async (batch, index): Promise<BatchAnswer<T>> => {
      try {
        const value = await step.read(operation, () => {
          attempts[index] = (attempts[index] ?? 0) + 1;
          return send(batch);
        });
        return { ok: true, value };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  return { answers, attempts };
}

/** Counts for a service every call made for a batch it was in. */
function creditCalls<B>(member: Member, batches: readonly B[], attempts: readonly number[], inBatch: (batch: B) => boolean): void {
  for (const [index, batch] of batches.entries()) {
    if (!inBatch(batch)) continue;
    for (let call = 0; call < (attempts[index] ?? 0); call++) member.calls.credit();
  }
}

/** Each service as DescribeServices answered it; a service ECS did not return is a FailedCall of its own. */
export async function readServices(
  step: WatchCalls,
  ecs: ECSClient,
  members: readonly (Member & ServiceKey)[],
): Promise<BatchAnswer<Service>[]> {
  const batches = serviceBatches(members);
  const { answers, attempts } = await readBatches(step, 'DescribeServices', batches, (batch) =>
    ecs.send(new DescribeServicesCommand({ cluster: batch.cluster, services: [...batch.items] })),
  );
  return fanOutServices(members, batches, answers).map((read, index): BatchAnswer<Service> => {
    const member = itemAt(members, index);
    const { cluster, service } = member;
    creditCalls(member, batches, attempts, (batch) => batch.cluster === cluster && batch.items.includes(service));
    if (read.kind === 'found') return { ok: true, value: read.service };
    if (read.kind === 'failed') return { ok: false, error: read.error };
    const missing = Object.assign(new Error(`service ${service} not found in cluster ${cluster} (${read.reason})`), {
      name: 'ServiceNotFoundException',
    });
    return { ok: false, error: new FailedCall('DescribeServices', missing) };
  });
}

/** Each service deployment by its ARN (undefined when ECS did not describe it), or the error of its batch. */
export async function readServiceDeployments(
  step: WatchCalls,
  ecs: ECSClient,
  members: readonly (Member & { readonly arn: string })[],
): Promise<Map<string, BatchAnswer<ServiceDeployment | undefined>>> {
  const batches = arnBatches(
    members.map((member) => member.arn),
    BATCH_LIMITS.describeServiceDeployments,
  );
  const { answers, attempts } = await readBatches(step, 'DescribeServiceDeployments', batches, (arns) =>
    ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns })),
  );
  for (const member of members) creditCalls(member, batches, attempts, (batch) => batch.includes(member.arn));
  return fanOutServiceDeployments(batches, answers);
}

/** Each request's stopped tasks, in order, or the error of its batch; no call at all when nothing is to be described. */
export async function readTasks(
  step: WatchCalls,
  ecs: ECSClient,
  members: readonly (Member & TaskRequest)[],
): Promise<BatchAnswer<Task[]>[]> {
  const batches = taskBatches(members);
  const { answers, attempts } = await readBatches(step, 'DescribeTasks', batches, (batch) =>
    ecs.send(new DescribeTasksCommand({ cluster: batch.cluster, tasks: [...batch.items] })),
  );
  for (const member of members)
    creditCalls(
      member,
      batches,
      attempts,
      (batch) => batch.cluster === member.cluster && member.taskArns.some((arn) => batch.items.includes(arn)),
    );
  return fanOutTasks(members, batches, answers);
}
