import { describe, expect, test } from '@jest/globals';
import { formatImageReference, hostOfEndpoint, parseEcrHost, parseImageReference } from '../../../src/image/reference.js';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('parseImageReference', () => {
  test.each([
    ['nginx', undefined, 'nginx', undefined, undefined],
    ['nginx:1.27', undefined, 'nginx', '1.27', undefined],
    ['my-org/my-app:1.2.3', undefined, 'my-org/my-app', '1.2.3', undefined],
    ['localhost/my-app:v1', 'localhost', 'my-app', 'v1', undefined],
    ['127.0.0.1:5000/my-org/my-app:v1', '127.0.0.1:5000', 'my-org/my-app', 'v1', undefined],
    ['127.0.0.1:5000/my-app', '127.0.0.1:5000', 'my-app', undefined, undefined],
    [`${ECR}/my-org/team/my-app:abc_1.0-rc`, ECR, 'my-org/team/my-app', 'abc_1.0-rc', undefined],
    [`${ECR}/my-app@${DIGEST}`, ECR, 'my-app', undefined, DIGEST],
    [`${ECR}/my-app:v2@${DIGEST}`, ECR, 'my-app', 'v2', DIGEST],
    ['[::1]:5000/my-app:v1', '[::1]:5000', 'my-app', 'v1', undefined],
    ['Registry/my-app', 'Registry', 'my-app', undefined, undefined],
    ['my_org/my__app/x-y--z', undefined, 'my_org/my__app/x-y--z', undefined, undefined],
  ])('%s', (reference, host, repository, tag, digest) => {
    expect(parseImageReference(reference)).toEqual({ host, repository, tag, digest });
  });

  test.each([
    ['', 'repository path'],
    ['My-App:1', 'repository path'],
    ['my-app:', 'tag'],
    ['my-app:.hidden', 'tag'],
    ['my-app:has space', 'tag'],
    ['my-app@sha256:abc', 'digest'],
    [`my-app@${DIGEST}@${DIGEST}`, 'digest'],
    ['127.0.0.1:5000/', 'repository path'],
    ['my-org//my-app', 'repository path'],
    ['my-app-/x', 'repository path'],
    ['bad_host.example/my-app', 'registry host'],
  ])('rejects %j naming the bad %s', (reference, part) => {
    expect(() => parseImageReference(reference)).toThrow(part);
  });

  test.each(['nginx', '127.0.0.1:5000/my-org/my-app:v1', `${ECR}/my-app:v2@${DIGEST}`, `${ECR}/a/b@${DIGEST}`])(
    'formats %s back unchanged',
    (reference) => {
      expect(formatImageReference(parseImageReference(reference))).toBe(reference);
    },
  );
});

describe('parseEcrHost', () => {
  test.each([
    [ECR, { registryId: '123456789012', region: 'us-east-1' }],
    ['210987654321.dkr.ecr-fips.us-gov-west-1.amazonaws.com', { registryId: '210987654321', region: 'us-gov-west-1' }],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', { registryId: '123456789012', region: 'cn-north-1' }],
    ['123456789012.dkr-ecr.eu-west-1.on.aws', { registryId: '123456789012', region: 'eu-west-1' }],
    ['123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM', { registryId: '123456789012', region: 'eu-west-1' }],
    ['public.ecr.aws', undefined],
    ['127.0.0.1:5000', undefined],
    ['12345.dkr.ecr.us-east-1.amazonaws.com', undefined],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example', undefined],
  ])('%s', (host, expected) => {
    expect(parseEcrHost(host)).toEqual(expected);
  });
});

describe('hostOfEndpoint', () => {
  test.each([
    [`https://${ECR}`, ECR],
    ['http://127.0.0.1:5000/', '127.0.0.1:5000'],
    [ECR, ECR],
  ])('%s', (endpoint, host) => {
    expect(hostOfEndpoint(endpoint)).toBe(host);
  });
});
