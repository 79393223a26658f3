// Pure parts of the stand-in: IAM's trust policy evaluation (by the IAM policy evaluator), GitHub's sub formats, image references.
import { describe, expect, test } from '@jest/globals';
import { evaluateTrustPolicy, parseTrustPolicy, type PolicyDocument, type TrustRequest } from '../iam.js';
import { DEFAULT_GITHUB_CLAIMS, subjectFor } from '../oidc.js';
import { parseImageReference } from '../registry.js';
import { registryAction } from '../registry-proxy.js';

const ISSUER = '127.0.0.1:4000/github/oidc';
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const ROLE = 'arn:aws:iam::123456789012:role/my-deploy-role';

const webIdentityRequest = (sub: string, aud = 'sts.amazonaws.com'): TrustRequest => ({
  action: 'sts:AssumeRoleWithWebIdentity',
  principal: PROVIDER,
  roleArn: ROLE,
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

  test('a role session matches its role’s ARN, its account and the account root, in this account or another', () => {
    const chain = (principal: string) => policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });
    const request: TrustRequest = {
      action: 'sts:AssumeRole',
      principal: 'arn:aws:sts::123456789012:assumed-role/deploy/run-1',
      roleArn: 'arn:aws:iam::210987654321:role/my-target-role',
      context: {},
    };
    expect(evaluateTrustPolicy(chain('arn:aws:iam::123456789012:role/deploy'), request)).toBe('allow');
    expect(evaluateTrustPolicy(chain('arn:aws:iam::123456789012:root'), request)).toBe('allow');
    expect(evaluateTrustPolicy(chain('123456789012'), request)).toBe('allow');
    expect(evaluateTrustPolicy(chain('arn:aws:iam::123456789012:role/other'), request)).toBe('implicit-deny');
    expect(evaluateTrustPolicy(chain('arn:aws:iam::999999999999:root'), request)).toBe('implicit-deny');
  });
});

describe('parseTrustPolicy', () => {
  test('refuses an operator IAM does not know rather than ignoring it', () => {
    expect(() => parseTrustPolicy(policy(allowGithub({ StringMatches: { [`${ISSUER}:sub`]: 'x' } })))).toThrow('StringMatches');
    expect(() => parseTrustPolicy(policy(allowGithub({ 'ForAnyValue:StringLikeIfExists': { [`${ISSUER}:sub`]: 'x' } })))).not.toThrow();
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

describe('registryAction: a registry request as the ECR action AWS authorizes', () => {
  test.each([
    ['HEAD', 'blobs', 'sha256:abc', 'ecr:BatchCheckLayerAvailability'],
    ['GET', 'blobs', 'sha256:abc', 'ecr:GetDownloadUrlForLayer'],
    ['POST', 'blobs', 'uploads/', 'ecr:InitiateLayerUpload'],
    ['PATCH', 'blobs', 'uploads/5f0c', 'ecr:UploadLayerPart'],
    ['PUT', 'blobs', 'uploads/5f0c', 'ecr:CompleteLayerUpload'],
    ['PUT', 'manifests', 'v1', 'ecr:PutImage'],
    ['HEAD', 'manifests', 'v1', 'ecr:BatchGetImage'],
    ['GET', 'manifests', 'sha256:abc', 'ecr:BatchGetImage'],
    ['GET', 'tags', 'list', 'ecr:ListImages'],
  ])('%s %s/%s is %s', (method, kind, reference, action) => {
    expect(registryAction(method, kind, reference)).toBe(action);
  });
});
