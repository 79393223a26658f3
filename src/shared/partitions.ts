// AWS partitions: the closed list of ARN partitions, and the partition a region belongs to. The region
// patterns are the SDK's own (the `regionRegex` of each partition in @aws-sdk/core's endpoint rules), and
// a test checks that they agree with the SDK's `partition()`. Copied rather than imported: the SDK exports
// that table only from @aws-sdk/core, an internal package of the clients, whose import would load the SDK
// before the inputs are read (main.ts loads it only once the token request is under way). Pure.

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;

export type Partition = (typeof PARTITIONS)[number];

/** The more specific prefixes (`us-gov-`, `us-iso-`) come before the plain `us-` of the `aws` partition. */
const REGION_PARTITIONS: readonly (readonly [RegExp, Partition])[] = [
  [/^us-gov-\w+-\d+$/, 'aws-us-gov'],
  [/^us-iso-\w+-\d+$/, 'aws-iso'],
  [/^us-isob-\w+-\d+$/, 'aws-iso-b'],
  [/^eu-isoe-\w+-\d+$/, 'aws-iso-e'],
  [/^us-isof-\w+-\d+$/, 'aws-iso-f'],
  [/^eusc-de-\w+-\d+$/, 'aws-eusc'],
  [/^cn-\w+-\d+$/, 'aws-cn'],
  [/^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, 'aws'],
];

/**
 * The partition of `region`. A region of no known form is `aws`, as for the SDK, which sends its
 * requests to the `aws` endpoints: so a region newer than this table still deploys.
 */
export function partitionOfRegion(region: string): Partition {
  return REGION_PARTITIONS.find(([pattern]) => pattern.test(region))?.[1] ?? 'aws';
}

export function isPartition(name: string): name is Partition {
  return (PARTITIONS as readonly string[]).includes(name);
}
