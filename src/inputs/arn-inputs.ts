// The ARN inputs checked against `aws-region` and against each other: every ARN is in a partition AWS
// has, and in the partition of `aws-region` (a role of `aws` cannot be assumed through the STS of
// `cn-north-1`); cluster and service ARNs are of `aws-region`, and a service ARN's cluster is `cluster`.
// Each of these would otherwise fail late, at STS or at UpdateService, far from the input. Pure.
import { Input } from '../shared/constants.js';
import { isPartition, partitionOfRegion, PARTITIONS } from '../shared/partitions.js';
import { InputError, type InputName } from './field-readers.js';

const ROLE_ARN = /^arn:([a-z0-9-]+):iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:([a-z0-9-]+):ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;
// Service ARNs name their cluster (`service/CLUSTER/NAME`) unless they are of the older, short form.
const SERVICE_ARN = /^arn:([a-z0-9-]+):ecs:([a-z0-9-]+):(\d{12}):service\/(?:([A-Za-z0-9_-]{1,255})\/)?([A-Za-z0-9_-]{1,255})$/;

/** The `cluster` input as far as a service ARN can be compared with it. */
export interface ClusterInput {
  readonly value: string;
  readonly name: string;
  /** Only when `cluster` is an ARN. */
  readonly account: string | undefined;
}

/** Throws unless `arn` is a role ARN in the partition of `region`. */
export function checkRoleArn(input: InputName, arn: string, region: string, example: string): void {
  const [, partition] = ROLE_ARN.exec(arn) ?? [];
  if (partition === undefined) throw new InputError(input, arn, example);
  checkPartition(input, arn, partition, region);
}

export function readCluster(value: string, region: string): ClusterInput {
  if (ECS_NAME.test(value)) return { value, name: value, account: undefined };
  const [, partition, arnRegion, account, name] = CLUSTER_ARN.exec(value) ?? [];
  if (partition === undefined || arnRegion === undefined || name === undefined) {
    throw new InputError(Input.cluster, value, 'a cluster name of up to 255 letters, digits, `-` and `_`, or a cluster ARN');
  }
  checkPartition(Input.cluster, value, partition, region);
  checkRegion(Input.cluster, value, 'a cluster', arnRegion, region);
  return { value, name, account };
}

/** Throws unless `service` is a service name, or a service ARN of `region` and of `cluster`. Returns its name. */
export function checkService(service: string, region: string, cluster: ClusterInput): string {
  if (ECS_NAME.test(service)) return service;
  const [, partition, arnRegion, account, clusterName, name] = SERVICE_ARN.exec(service) ?? [];
  if (partition === undefined || arnRegion === undefined || name === undefined) {
    throw new InputError(
      Input.service,
      service,
      'ECS service names of up to 255 letters, digits, `-` and `_` (or service ARNs), one per line',
    );
  }
  checkPartition(Input.service, service, partition, region);
  checkRegion(Input.service, service, 'a service', arnRegion, region);
  const otherAccount = cluster.account !== undefined && cluster.account !== account;
  if (clusterName !== undefined && (clusterName !== cluster.name || otherAccount)) {
    const its = otherAccount ? `cluster ${clusterName} of account ${account ?? ''}` : `cluster ${clusterName}`;
    throw new InputError(
      Input.service,
      service,
      `a service of the cluster that \`${Input.cluster}\` names (${cluster.value}), not of ${its}`,
    );
  }
  return name;
}

const FAMILY_REVISION = /^([A-Za-z0-9_-]{1,255}):([1-9]\d{0,8})$/;
const TASK_DEFINITION_ARN = /^arn:([a-z0-9-]+):ecs:([a-z0-9-]+):(\d{12}):task-definition\/([A-Za-z0-9_-]{1,255}):([1-9]\d{0,8})$/;

/**
 * Whether `task-definition` names an existing revision (`my-app:7`, or an ARN) rather than a file: a
 * family has no `.` or `/`, so no file path such as `deploy/task-definition.json` reads as one.
 */
export function namesRevision(value: string): boolean {
  return FAMILY_REVISION.test(value) || value.startsWith('arn:');
}

/** Throws unless `value` is `family:revision` or a task definition ARN of `region` (and of `cluster`'s account). */
export function checkRevision(value: string, region: string, cluster: ClusterInput): string {
  if (FAMILY_REVISION.test(value)) return value;
  const [, partition, arnRegion, account] = TASK_DEFINITION_ARN.exec(value) ?? [];
  if (partition === undefined || arnRegion === undefined) {
    throw new InputError(
      Input.taskDefinition,
      value,
      'a task definition revision ARN such as `arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7` (with its revision), `my-app:7`, or the path of a JSON file',
    );
  }
  checkPartition(Input.taskDefinition, value, partition, region);
  checkRegion(Input.taskDefinition, value, 'a task definition', arnRegion, region);
  if (cluster.account !== undefined && account !== cluster.account) {
    throw new InputError(
      Input.taskDefinition,
      value,
      `a task definition of account ${cluster.account}, the account of \`${Input.cluster}\` (a service runs revisions of its own account only), not of ${account ?? ''}`,
    );
  }
  return value;
}

export function checkPartition(input: InputName, arn: string, partition: string, region: string): void {
  if (!isPartition(partition)) {
    throw new InputError(input, arn, `an ARN whose partition is one of ${PARTITIONS.join(', ')}, not ${partition}`);
  }
  const regionPartition = partitionOfRegion(region);
  if (partition !== regionPartition) {
    throw new InputError(
      input,
      arn,
      `an ARN in partition ${regionPartition}, the partition of \`${Input.awsRegion}\` ${region}, not in ${partition}`,
    );
  }
}

function checkRegion(input: InputName, arn: string, what: string, arnRegion: string, region: string): void {
  if (arnRegion !== region) throw new InputError(input, arn, `${what} in \`${Input.awsRegion}\` ${region}, not in ${arnRegion}`);
}
