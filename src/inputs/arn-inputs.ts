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
