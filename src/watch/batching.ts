// How one poll of a whole step reads ECS in as few calls as its APIs allow: services grouped by cluster and
// described ten at a time, service deployments twenty at a time, stopped tasks a hundred at a time per
// cluster; and each answer handed back to the services it was for. A service missing from an answer, or a
// batch whose call failed, is a result of that service alone, so the others are watched on. Pure.
import type { Service, ServiceDeployment, Task } from '@aws-sdk/client-ecs';

/** The most each ECS read accepts in one call. */
export const BATCH_LIMITS = Object.freeze({
  describeServices: 10,
  describeServiceDeployments: 20,
  describeTasks: 100,
});

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`internal error: chunk size ${String(size)}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** A service of the step as the user named it: a name or an ARN, in a cluster named or given by ARN. */
export interface ServiceKey {
  readonly cluster: string;
  readonly service: string;
}

/** One call's worth of items, all in one cluster. */
export interface ClusterBatch<T> {
  readonly cluster: string;
  readonly items: readonly T[];
}

/** Items grouped by cluster (clusters in order of first appearance), without repeats, then cut to `size`. */
export function clusterBatches<T>(entries: readonly { readonly cluster: string; readonly item: T }[], size: number): ClusterBatch<T>[] {
  const byCluster = new Map<string, T[]>();
  for (const { cluster, item } of entries) {
    const items = byCluster.get(cluster) ?? [];
    if (!items.includes(item)) items.push(item);
    byCluster.set(cluster, items);
  }
  return [...byCluster].flatMap(([cluster, items]) => chunk(items, size).map((part) => ({ cluster, items: part })));
}

/** The DescribeServices calls of one poll. */
export function serviceBatches(keys: readonly ServiceKey[]): ClusterBatch<string>[] {
  return clusterBatches(
    keys.map(({ cluster, service }) => ({ cluster, item: service })),
    BATCH_LIMITS.describeServices,
  );
}

/** What one batched call answered: its output, or the error it failed with (for every item of the batch). */
export type BatchAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export interface DescribeServicesAnswer {
  readonly services?: readonly Service[] | undefined;
  readonly failures?:
    | readonly { readonly arn?: string | undefined; readonly reason?: string | undefined; readonly detail?: string | undefined }[]
    | undefined;
}

/** One service's part of a poll's DescribeServices. */
export type ServiceRead =
  | { readonly kind: 'found'; readonly service: Service }
  /** ECS answered, but not with this service (its `failures[]` entry, when it gave one: MISSING, INACTIVE…). */
  | { readonly kind: 'missing'; readonly reason: string }
  /** The call for this service's batch failed. */
  | { readonly kind: 'failed'; readonly error: unknown };

/** The name in a service ARN (both ARN formats end in the name), or the name itself. */
function serviceNameOf(reference: string): string {
  return reference.startsWith('arn:') ? (reference.split('/').at(-1) ?? reference) : reference;
}

function isService(
  reference: string,
  candidate: { readonly serviceName?: string | undefined; readonly serviceArn?: string | undefined },
): boolean {
  return candidate.serviceArn === reference || candidate.serviceName === serviceNameOf(reference);
}

/** Hands each service its part of the answers to `batches` (as serviceBatches made them), in the order of `keys`. */
export function fanOutServices(
  keys: readonly ServiceKey[],
  batches: readonly ClusterBatch<string>[],
  answers: readonly BatchAnswer<DescribeServicesAnswer>[],
): ServiceRead[] {
  return keys.map(({ cluster, service }): ServiceRead => {
    const index = batches.findIndex((batch) => batch.cluster === cluster && batch.items.includes(service));
    const answer = answers[index];
    if (index < 0 || answer === undefined) throw new Error(`internal error: no batch for service ${service} in cluster ${cluster}`);
    if (!answer.ok) return { kind: 'failed', error: answer.error };
    const found = answer.value.services?.find((candidate) => isService(service, candidate));
    if (found !== undefined) return { kind: 'found', service: found };
    const failure = answer.value.failures?.find(
      (entry) => entry.arn !== undefined && isService(service, { serviceArn: entry.arn, serviceName: serviceNameOf(entry.arn) }),
    );
    const reason =
      failure?.reason === undefined ? 'MISSING' : `${failure.reason}${failure.detail === undefined ? '' : `: ${failure.detail}`}`;
    return { kind: 'missing', reason };
  });
}

/** ARNs without repeats, cut to `size`: service deployments are not per cluster. */
export function arnBatches(arns: readonly string[], size: number): string[][] {
  return chunk([...new Set(arns)], size);
}

/** Each service deployment by its ARN, from the answers of arnBatches; the ARNs of a failed call map to its error. */
export function fanOutServiceDeployments(
  batches: readonly (readonly string[])[],
  answers: readonly BatchAnswer<{ readonly serviceDeployments?: readonly ServiceDeployment[] | undefined }>[],
): Map<string, BatchAnswer<ServiceDeployment | undefined>> {
  const byArn = new Map<string, BatchAnswer<ServiceDeployment | undefined>>();
  for (const [index, batch] of batches.entries()) {
    const answer = answers[index];
    if (answer === undefined) throw new Error(`internal error: no answer for batch ${String(index)}`);
    for (const arn of batch) {
      // An ARN ECS did not describe (its failures[]) is a service deployment we cannot see this poll.
      byArn.set(
        arn,
        answer.ok
          ? { ok: true, value: answer.value.serviceDeployments?.find((deployment) => deployment.serviceDeploymentArn === arn) }
          : answer,
      );
    }
  }
  return byArn;
}

/** One service's stopped tasks to describe. */
export interface TaskRequest {
  readonly cluster: string;
  readonly taskArns: readonly string[];
}

/** The DescribeTasks calls of one poll, per cluster. */
export function taskBatches(requests: readonly TaskRequest[]): ClusterBatch<string>[] {
  return clusterBatches(
    requests.flatMap(({ cluster, taskArns }) => taskArns.map((item) => ({ cluster, item }))),
    BATCH_LIMITS.describeTasks,
  );
}

/** Each request's tasks, from the answers of taskBatches, in the order of `requests`; a failed call gives its error. */
export function fanOutTasks(
  requests: readonly TaskRequest[],
  batches: readonly ClusterBatch<string>[],
  answers: readonly BatchAnswer<{ readonly tasks?: readonly Task[] | undefined }>[],
): BatchAnswer<Task[]>[] {
  return requests.map(({ cluster, taskArns }): BatchAnswer<Task[]> => {
    const tasks: Task[] = [];
    for (const arn of taskArns) {
      const index = batches.findIndex((batch) => batch.cluster === cluster && batch.items.includes(arn));
      const answer = answers[index];
      if (index < 0 || answer === undefined) throw new Error(`internal error: no batch for task ${arn}`);
      if (!answer.ok) return answer;
      const task = answer.value.tasks?.find((candidate) => candidate.taskArn === arn);
      if (task !== undefined) tasks.push(task);
    }
    return { ok: true, value: tasks };
  });
}
