import { describe, expect, test } from '@jest/globals';
// The SDK's own table, reached through the clients' internal package: only to check ours against it.
import { partition as sdkPartition } from '@aws-sdk/core/client';
import { isPartition, partitionOfRegion, PARTITIONS } from '../../../src/shared/partitions.js';

const REGIONS: [string, string][] = [
  ['us-east-1', 'aws'],
  ['eu-west-1', 'aws'],
  ['ap-southeast-7', 'aws'],
  ['mx-central-1', 'aws'],
  ['il-central-1', 'aws'],
  ['cn-north-1', 'aws-cn'],
  ['cn-northwest-1', 'aws-cn'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-gov-east-1', 'aws-us-gov'],
  ['us-iso-east-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['eu-isoe-west-1', 'aws-iso-e'],
  ['us-isof-south-1', 'aws-iso-f'],
  ['eusc-de-east-1', 'aws-eusc'],
];

describe('partitionOfRegion', () => {
  test.each(REGIONS)('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  test.each(REGIONS)('%s: the SDK, which signs and routes the requests, agrees', (region) => {
    expect(sdkPartition(region).name).toBe(partitionOfRegion(region));
  });

  test('a region of a form no partition has is aws, as for the SDK', () => {
    expect([partitionOfRegion('xy-north-1'), sdkPartition('xy-north-1').name]).toEqual(['aws', 'aws']);
  });
});

describe('isPartition', () => {
  test('knows the eight partitions and nothing else', () => {
    expect(PARTITIONS.filter(isPartition)).toHaveLength(8);
    expect(['aws-xx', 'aws-us', 'AWS', ''].filter(isPartition)).toEqual([]);
  });
});
