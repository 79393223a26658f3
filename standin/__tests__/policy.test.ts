// Pure parts of the stand-in: IAM's trust policy evaluation, GitHub's sub formats, image references.
import { describe, expect, test } from '@jest/globals';
import { evaluateTrustPolicy, parseTrustPolicy, stringLike, type PolicyDocument, type TrustRequest } from '../iam.js';
import { DEFAULT_GITHUB_CLAIMS, subjectFor } from '../oidc.js';
import { parseImageReference } from '../registry.js';

const ISSUER = '127.0.0.1:4000/github/oidc';
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;

describe('stringLike', () => {
  test.each([
    ['repo:my-org/*', 'repo:my-org/my-app:ref:refs/heads/main', true],
    ['repo:my-org/*', 'repo:my-org2/my-app:ref:refs/heads/main', false],
    ['repo:my-org/my-app:environment:prod?', 'repo:my-org/my-app:environment:prod1', true],
    ['repo:my-org/my-app:environment:prod?', 'repo:my-org/my-app:environment:prod', false],
    ['repo:a.b/c', 'repo:aXb/c', false],
    ['*', '', true],
    ['Repo:my-org/*', 'repo:my-org/x', false],
  ])('%s against %s is %s', (pattern, value, expected) => {
    expect(stringLike(pattern, value)).toBe(expected);
  });
});

const webIdentityRequest = (sub: string, aud = 'sts.amazonaws.com'): TrustRequest => ({
  action: 'sts:AssumeRoleWithWebIdentity',
  principalType: 'Federated',
  principalNames: [PROVIDER],
  context: { [`${ISSUER}:aud`]: aud, [`${ISSUER}:sub`]: sub },
});

const policy = (...statements: PolicyDocument['Statement'][]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements.flat() });
const allowGithub = (condition: Record<string, Record<string, string | string[]>>) => ({
  Effect: 'Allow' as const,
  Principal: { Federated: PROVIDER },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: condition,
});

describe('evaluateTrustPolicy', () => {
  test.each([
    [
      'StringEquals on sub and aud',
      { StringEquals: { [`${ISSUER}:sub`]: 'repo:o/r:ref:refs/heads/main', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
      'repo:o/r:ref:refs/heads/main',
      'allow',
    ],
    [
      'StringEquals with a different branch',
      { StringEquals: { [`${ISSUER}:sub`]: 'repo:o/r:ref:refs/heads/main' } },
      'repo:o/r:ref:refs/heads/dev',
      'implicit-deny',
    ],
    [
      'StringLike with a list, second matches',
      { StringLike: { [`${ISSUER}:sub`]: ['repo:x/*', 'repo:o/r:*'] } },
      'repo:o/r:pull_request',
      'allow',
    ],
    ['condition keys in another case', { StringLike: { [`${ISSUER.toUpperCase()}:SUB`]: 'repo:o/*' } }, 'repo:o/r:pull_request', 'allow'],
    [
      'StringNotLike excluding pull requests',
      { StringNotLike: { [`${ISSUER}:sub`]: '*:pull_request' } },
      'repo:o/r:pull_request',
      'implicit-deny',
    ],
    [
      'a condition on a key the token lacks',
      { StringEquals: { [`${ISSUER}:repository`]: 'o/r' } },
      'repo:o/r:ref:refs/heads/main',
      'implicit-deny',
    ],
    [
      'IfExists on a key the token lacks',
      { StringEqualsIfExists: { [`${ISSUER}:repository`]: 'o/r' } },
      'repo:o/r:ref:refs/heads/main',
      'allow',
    ],
  ])('%s gives %s', (_case, condition, sub, verdict) => {
    expect(evaluateTrustPolicy(policy(allowGithub(condition)), webIdentityRequest(sub))).toBe(verdict);
  });

  test('an explicit Deny wins over an Allow', () => {
    const document = policy(allowGithub({ StringLike: { [`${ISSUER}:sub`]: 'repo:o/*' } }), {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:*',
      Condition: { StringLike: { [`${ISSUER}:sub`]: '*:environment:dev' } },
    });
    expect(evaluateTrustPolicy(document, webIdentityRequest('repo:o/r:environment:prod'))).toBe('allow');
    expect(evaluateTrustPolicy(document, webIdentityRequest('repo:o/r:environment:dev'))).toBe('deny');
  });

  test('a statement for another provider or action does not apply', () => {
    const otherProvider = { ...allowGithub({}), Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/elsewhere' } };
    expect(evaluateTrustPolicy(policy(otherProvider), webIdentityRequest('repo:o/r:pull_request'))).toBe('implicit-deny');
    expect(evaluateTrustPolicy(policy({ ...allowGithub({}), Action: 'sts:AssumeRole' }), webIdentityRequest('x'))).toBe('implicit-deny');
  });

  test('AWS principals match by role ARN or account', () => {
    const chain = (principal: string) => policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });
    const request: TrustRequest = {
      action: 'sts:AssumeRole',
      principalType: 'AWS',
      principalNames: ['arn:aws:iam::123456789012:role/deploy', '123456789012', 'arn:aws:iam::123456789012:root'],
      context: {},
    };
    expect(evaluateTrustPolicy(chain('arn:aws:iam::123456789012:role/deploy'), request)).toBe('allow');
    expect(evaluateTrustPolicy(chain('arn:aws:iam::123456789012:root'), request)).toBe('allow');
    expect(evaluateTrustPolicy(chain('arn:aws:iam::123456789012:role/other'), request)).toBe('implicit-deny');
  });
});

describe('parseTrustPolicy', () => {
  test('refuses an operator the stand-in cannot evaluate rather than ignoring it', () => {
    expect(() => parseTrustPolicy(policy(allowGithub({ ArnLike: { 'aws:SourceArn': 'x' } })))).toThrow('ArnLike');
  });
  test('reads a policy given as JSON text', () => {
    expect(parseTrustPolicy(JSON.stringify(policy(allowGithub({}))))).toMatchObject({ Version: '2012-10-17' });
  });
});

describe("GitHub's sub", () => {
  test.each([
    [{}, 'repo:my-org/my-app:ref:refs/heads/main'],
    [{ branch: 'release/1.2' }, 'repo:my-org/my-app:ref:refs/heads/release/1.2'],
    [{ environment: 'production' }, 'repo:my-org/my-app:environment:production'],
    [{ eventName: 'pull_request' }, 'repo:my-org/my-app:pull_request'],
    [{ subFormat: 'immutable' as const }, 'repo:my-org@4242001/my-app@880011223:ref:refs/heads/main'],
    [{ subFormat: 'immutable' as const, environment: 'prod' }, 'repo:my-org@4242001/my-app@880011223:environment:prod'],
  ])('for %j is %s', (overrides, sub) => {
    expect(subjectFor({ ...DEFAULT_GITHUB_CLAIMS, ...overrides })).toBe(sub);
  });
});

describe('parseImageReference', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  test.each([
    ['127.0.0.1:5000/my-org/my-app:v1', { host: '127.0.0.1:5000', name: 'my-org/my-app', reference: 'v1' }],
    [`127.0.0.1:5000/my-org/my-app@${digest}`, { host: '127.0.0.1:5000', name: 'my-org/my-app', reference: digest }],
    ['127.0.0.1:5000/my-app', { host: '127.0.0.1:5000', name: 'my-app', reference: 'latest' }],
    ['127.0.0.1:5000/my-app@sha256:short', undefined],
    ['my-app', undefined],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });
});
