import { describe, expect, test } from '@jest/globals';
import {
  formatImageReference,
  hostOfEndpoint,
  isEcrRepositoryName,
  isValidDigest,
  isValidTag,
  parseEcrHost,
  parseImageReference,
  repositoryUriOf,
  tryParseImageReference,
} from '../../../src/image/reference.js';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const SHA512 = `sha512:${'cd34'.repeat(32)}`;
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
    [`registry.example.com/my-org/my-app@${SHA512}`, 'registry.example.com', 'my-org/my-app', undefined, SHA512],
    [`[::1]:5000/my-app:v1@${SHA512}`, '[::1]:5000', 'my-app', 'v1', SHA512],
    ['[2001:db8::1]/my-app', '[2001:db8::1]', 'my-app', undefined, undefined],
    [`my-app@sha384:${'ab'.repeat(48)}`, undefined, 'my-app', undefined, `sha384:${'ab'.repeat(48)}`],
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
    [`my-app@sha512:${'cd34'.repeat(16)}`, 'digest'],
    [`my-app@sha256:${'AB12'.repeat(16)}`, 'digest'],
    [`my-app@SHA256:${'ab12'.repeat(16)}`, 'digest'],
    [`my-app@sha256:${'ab12'.repeat(32)}`, 'digest'],
    ['my-app@:abc', 'digest'],
    ['my-app@sha256', 'digest'],
    ['my-app@sha+:abc', 'digest'],
    ['[::1/my-app', 'registry host'],
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
    ['123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', { registryId: '123456789012', region: 'eusc-de-east-1' }],
    ['123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk', { registryId: '123456789012', region: 'eu-isoe-west-1' }],
    ['123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov', { registryId: '123456789012', region: 'us-isof-south-1' }],
    ['123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn', { registryId: '123456789012', region: 'cn-north-1' }],
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

describe('isValidDigest', () => {
  test.each([
    [DIGEST, true],
    [SHA512, true],
    [`sha384:${'ab'.repeat(48)}`, true],
    ['sha384:abc', false],
    ['multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8', false],
    ['blake3+b64:Zm9v_YmFy-cXV4=', false],
    [`sha256:${'ab12'.repeat(15)}`, false],
    [`sha512:${DIGEST.slice('sha256:'.length)}`, false],
    [`sha256:${'g'.repeat(64)}`, false],
    ['sha256:', false],
    ['constructor:abc', false],
    [`constructor:${'ab'.repeat(16)}`, true],
    ['a..b:abc', false],
    ['sha256:ab c', false],
  ])('%s → %s', (digest, valid) => {
    expect(isValidDigest(digest)).toBe(valid);
  });
});

describe('isValidTag', () => {
  test.each([
    ['v1', true],
    ['_internal', true],
    ['1.2.3-rc.1_build', true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false],
    ['.hidden', false],
    ['-dash', false],
    ['feature/x', false],
    ['', false],
  ])('%j → %s', (tag, valid) => {
    expect(isValidTag(tag)).toBe(valid);
  });
});

describe('isEcrRepositoryName', () => {
  test.each([
    ['my-app', true],
    ['my-org/team/my-app', true],
    ['a.b_c-d', true],
    ['ab', true],
    ['a', false],
    [`a/${'b'.repeat(254)}`, true],
    [`a/${'b'.repeat(255)}`, false],
    ['My-App', false],
    ['my-app:latest', false],
    ['my__app', false],
    ['my--app', false],
    ['my-org//my-app', false],
    ['/my-app', false],
  ])('%j → %s', (name, valid) => {
    expect(isEcrRepositoryName(name)).toBe(valid);
  });
});

describe('tryParseImageReference', () => {
  test('gives the parts of a valid reference and undefined for one an engine would refuse', () => {
    expect(tryParseImageReference('[::1]:5000/my-app:v1')).toEqual({
      host: '[::1]:5000',
      repository: 'my-app',
      tag: 'v1',
      digest: undefined,
    });
    expect(tryParseImageReference('My-Org/My-App:1')).toBeUndefined();
    expect(tryParseImageReference('my-app@sha256:abc')).toBeUndefined();
  });
});

describe('repositoryUriOf', () => {
  test.each([
    [{ host: '127.0.0.1:5000', repository: 'my-org/my-app' }, '127.0.0.1:5000/my-org/my-app'],
    [{ host: '[::1]:5000', repository: 'my-app' }, '[::1]:5000/my-app'],
    [{ host: undefined, repository: 'my-org/my-app' }, 'my-org/my-app'],
  ])('%j → %s', (reference, uri) => {
    expect(repositoryUriOf(reference)).toBe(uri);
  });
});
