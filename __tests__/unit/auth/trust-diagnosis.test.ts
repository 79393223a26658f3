import { describe, expect, test } from '@jest/globals';
import { CLASSIC_SUB, ENVIRONMENT_SUB, IMMUTABLE_SUB } from '../../../__fixtures__/oidc-token.js';
import type { OidcClaims } from '../../../src/auth/oidc-token.js';
import {
  diagnoseChainHopFailure,
  diagnoseWebIdentityFailure,
  issuerUrl,
  parseSubject,
  providerHost,
  roleArnOfSession,
  subjectNotes,
  webIdentityFailureKind,
  webIdentityTrustStatement,
  type WebIdentityFailureFacts,
  type WebIdentityFailureKind,
} from '../../../src/auth/trust-diagnosis.js';

const ROLE = 'arn:aws:iam::123456789012:role/my-deploy-role';
const claims = (sub: string, extra: Partial<OidcClaims> = {}): OidcClaims => ({
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'sts.amazonaws.com',
  sub,
  ...extra,
});
const facts = (code: string, message: string, tokenClaims: OidcClaims = claims(CLASSIC_SUB)): WebIdentityFailureFacts => ({
  failure: { code, message },
  roleArn: ROLE,
  audience: 'sts.amazonaws.com',
  claims: tokenClaims,
  roleDurationSeconds: 3600,
  nowMs: Date.parse('2027-01-01T00:10:00Z'),
});

describe('parseSubject', () => {
  test.each([
    { sub: CLASSIC_SUB, format: 'classic', owner: 'my-org', repository: 'my-app', context: 'ref' },
    { sub: IMMUTABLE_SUB, format: 'immutable', owner: 'my-org', repository: 'my-app', context: 'ref' },
    { sub: ENVIRONMENT_SUB, format: 'classic', owner: 'my-org', repository: 'my-app', context: 'environment' },
    {
      sub: 'repo:my-org@1234567/my-app@89012345:environment:production',
      format: 'immutable',
      owner: 'my-org',
      repository: 'my-app',
      context: 'environment',
    },
    { sub: 'repo:my-org/my-app:pull_request', format: 'classic', owner: 'my-org', repository: 'my-app', context: 'pull_request' },
    {
      sub: 'repo:my-org@1234567/my-app@89012345:pull_request',
      format: 'immutable',
      owner: 'my-org',
      repository: 'my-app',
      context: 'pull_request',
    },
    {
      sub: 'repository_owner_id:1234567:repository_id:89012345',
      format: 'custom',
      owner: undefined,
      repository: undefined,
      context: 'other',
    },
  ])('$sub is $format, context $context', ({ sub, format, owner, repository, context }) => {
    const parsed = parseSubject(sub);
    expect(parsed.format).toBe(format);
    expect(parsed.owner).toBe(owner);
    expect(parsed.repository).toBe(repository);
    expect(parsed.context).toBe(context);
  });

  test('keeps the owner and repository ids of the immutable format', () => {
    expect(parseSubject(IMMUTABLE_SUB)).toMatchObject({ ownerId: '1234567', repositoryId: '89012345', rest: 'ref:refs/heads/main' });
  });
});

describe('helpers', () => {
  test.each([
    { iss: undefined, host: 'token.actions.githubusercontent.com' },
    { iss: 'https://token.actions.githubusercontent.com', host: 'token.actions.githubusercontent.com' },
    { iss: 'https://token.actions.githubusercontent.com/my-enterprise/', host: 'token.actions.githubusercontent.com/my-enterprise' },
  ])('issuer $iss names the provider $host', ({ iss, host }) => {
    expect(providerHost(iss === undefined ? {} : { iss })).toBe(host);
  });

  test.each([
    { session: 'arn:aws:sts::210987654321:assumed-role/my-target-role/run-1', role: 'arn:aws:iam::210987654321:role/my-target-role' },
    { session: 'arn:aws-us-gov:sts::210987654321:assumed-role/r/s', role: 'arn:aws-us-gov:iam::210987654321:role/r' },
    { session: 'arn:aws:iam::210987654321:user/me', role: undefined },
  ])('session $session belongs to role $role', ({ session, role }) => {
    expect(roleArnOfSession(session)).toBe(role);
  });

  test('the trust statement names the provider of the role account and both conditions', () => {
    const statement: unknown = JSON.parse(webIdentityTrustStatement(ROLE, claims(IMMUTABLE_SUB), 'sts.amazonaws.com'));
    expect(statement).toEqual({
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': IMMUTABLE_SUB,
        },
      },
    });
  });
});

describe('subjectNotes', () => {
  test('a classic branch sub needs no note', () => {
    expect(subjectNotes(CLASSIC_SUB, claims(CLASSIC_SUB))).toEqual([]);
  });

  test('an immutable sub is called out with the old form that no longer matches and the new one', () => {
    const [note] = subjectNotes(IMMUTABLE_SUB, claims(IMMUTABLE_SUB));
    expect(note).toContain("GitHub's immutable format");
    expect(note).toContain('2026-07-15');
    expect(note).toContain('`repo:my-org/my-app:…` no longer match it');
    expect(note).toContain('`repo:my-org@1234567/my-app@89012345:…`');
  });

  test('an environment sub explains why a branch condition fails', () => {
    const notes = subjectNotes(ENVIRONMENT_SUB, claims(ENVIRONMENT_SUB, { environment: 'production' }));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('environment `production`');
    expect(notes[0]).toContain('ref:refs/heads/');
  });

  test('a pull request sub explains it has no branch', () => {
    expect(subjectNotes('repo:my-org/my-app:pull_request', {})[0]).toContain(':pull_request');
  });

  test('a customized template says to match it exactly', () => {
    expect(subjectNotes('repository_owner_id:1:repository_id:2', {})[0]).toContain('customized subject template');
  });
});

describe('diagnoseWebIdentityFailure', () => {
  test.each([
    { label: 'classic branch sub', sub: CLASSIC_SUB, mentionsImmutable: false },
    { label: 'immutable sub', sub: IMMUTABLE_SUB, mentionsImmutable: true },
    { label: 'environment sub', sub: ENVIRONMENT_SUB, mentionsImmutable: false },
  ])('AccessDenied with a $label names the role, the claims and a matching condition', ({ sub, mentionsImmutable }) => {
    const text = diagnoseWebIdentityFailure(facts('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', claims(sub)));
    const [first] = text.split('\n');
    expect(first).toBe(
      `Not authorized to perform sts:AssumeRoleWithWebIdentity on ${ROLE}: the role's trust policy does not accept this token's claims (usually its \`sub\` condition): token sub ${sub}, aud sts.amazonaws.com; see the log for a statement that accepts it.`,
    );
    expect(text).toContain(`token sub: ${sub}`);
    expect(text).toContain('token aud: sts.amazonaws.com');
    expect(text).toContain(`"token.actions.githubusercontent.com:sub": "${sub}"`);
    expect(text).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"');
    expect(text).toContain('"StringEquals"');
    expect(text.includes('immutable format')).toBe(mentionsImmutable);
  });

  test('a wrong audience names the audience input, the provider client IDs and the aud condition', () => {
    const text = diagnoseWebIdentityFailure({
      ...facts('InvalidIdentityToken', 'Incorrect token audience', claims(CLASSIC_SUB, { aud: 'my-custom-audience' })),
      audience: 'my-custom-audience',
    });
    expect(text).toContain('"my-custom-audience"');
    expect(text).toContain('client ID list');
    expect(text).toContain('IAM OIDC provider token.actions.githubusercontent.com in account 123456789012');
    expect(text).toContain('`token.actions.githubusercontent.com:aud` condition');
    expect(text).not.toContain('Not authorized');
  });

  test('a wrong audience names it and the role on the first line, which alone becomes the annotation', () => {
    const text = diagnoseWebIdentityFailure({
      ...facts('InvalidIdentityToken', 'Incorrect token audience', claims(CLASSIC_SUB, { aud: 'my-custom-audience' })),
      audience: 'my-custom-audience',
    });
    expect(text.split('\n')[0]).toMatch(
      new RegExp(`^AWS rejected the token's audience "my-custom-audience" for ${ROLE} \\(Incorrect token audience\\)`),
    );
  });

  test('a thumbprint mismatch names the provider, its account and the role', () => {
    const [first] = diagnoseWebIdentityFailure(
      facts('InvalidIdentityToken', "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"),
    ).split('\n');
    expect(first).toContain('The IAM OIDC provider https://token.actions.githubusercontent.com in account 123456789012');
    expect(first).toContain('thumbprint');
    expect(first).toContain(ROLE);
  });

  test('a missing identity provider says which one to create', () => {
    const text = diagnoseWebIdentityFailure(
      facts('InvalidIdentityToken', 'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com'),
    );
    expect(text).toMatch(/^Account 123456789012 has no IAM OIDC identity provider for https:\/\/token\.actions\.githubusercontent\.com/);
    expect(text.split('\n')[0]).toContain(`client ID (audience) "sts.amazonaws.com", then trust it in ${ROLE}`);
  });

  test('an expired token gives its expiry and the runner clock', () => {
    const text = diagnoseWebIdentityFailure(
      facts('ExpiredToken', 'Token expired', claims(CLASSIC_SUB, { exp: Date.parse('2027-01-01T00:05:00Z') / 1000 })),
    );
    expect(text).toContain('had expired');
    expect(text).toContain('2027-01-01T00:05:00.000Z');
    expect(text).toContain('2027-01-01T00:10:00.000Z');
  });

  test('other invalid tokens quote the code and message', () => {
    expect(diagnoseWebIdentityFailure(facts('InvalidIdentityToken', 'The signature is invalid'))).toContain(
      'InvalidIdentityToken: The signature is invalid',
    );
  });

  test('a session longer than the role allows names the input to lower', () => {
    const text = diagnoseWebIdentityFailure(
      facts('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
    );
    expect(text).toContain('`role-duration-seconds` (now 3600)');
  });
});

test.each([
  [{ iss: 'https://token.actions.githubusercontent.com' }, 'https://token.actions.githubusercontent.com'],
  [{ iss: 'https://token.actions.githubusercontent.com/my-enterprise/' }, 'https://token.actions.githubusercontent.com/my-enterprise'],
  [{}, 'https://token.actions.githubusercontent.com'],
])('the issuer URL of %j is %s, as the provider must name it', (tokenClaims, url) => {
  expect(issuerUrl(tokenClaims)).toBe(url);
});

describe('webIdentityFailureKind', () => {
  test.each<[string, string, WebIdentityFailureKind]>([
    ['AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 'trust-policy'],
    ['InvalidIdentityToken', 'Incorrect token audience', 'audience'],
    [
      'InvalidIdentityToken',
      'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
      'provider-missing',
    ],
    ['InvalidIdentityToken', "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint", 'thumbprint'],
    ['ExpiredToken', 'Token expired', 'token-expired'],
    ['InvalidIdentityToken', 'The signature is invalid', 'token-refused'],
    ['IDPRejectedClaim', 'Claim rejected', 'token-refused'],
    ['ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 'session-length'],
    ['RegionDisabled', 'STS is not activated in this region', 'other'],
  ])('%s "%s" is %s', (code, message, kind) => {
    expect(webIdentityFailureKind({ code, message })).toBe(kind);
  });
});

describe('diagnoseChainHopFailure', () => {
  const hop = {
    hop: 2,
    hops: 2,
    roleArn: 'arn:aws:iam::210987654321:role/my-target-role',
    callerArn: 'arn:aws:sts::123456789012:assumed-role/my-hub-role/run-1',
    requestedDurationSeconds: 3600,
  };

  test('AccessDenied names the hop, the caller and the trust statement the target needs', () => {
    const text = diagnoseChainHopFailure({
      ...hop,
      callerRoleArn: 'arn:aws:iam::123456789012:role/ci/my-hub-role',
      failure: { code: 'AccessDenied', message: 'denied' },
    });
    expect(text.split('\n')[0]).toContain('sts:AssumeRole on arn:aws:iam::210987654321:role/my-target-role (role-chain hop 2 of 2');
    const json = text.slice(text.indexOf('{'));
    expect(JSON.parse(json)).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/ci/my-hub-role' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
  });

  test('without the caller role ARN the principal is derived from the session ARN', () => {
    const text = diagnoseChainHopFailure({ ...hop, callerRoleArn: undefined, failure: { code: 'AccessDenied', message: 'denied' } });
    expect(text).toContain('"AWS": "arn:aws:iam::123456789012:role/my-hub-role"');
  });

  test('other failures quote the code and message with the hop', () => {
    const text = diagnoseChainHopFailure({
      ...hop,
      callerRoleArn: undefined,
      failure: { code: 'RegionDisabled', message: 'STS is not activated' },
    });
    expect(text).toContain('role-chain hop 2 of 2');
    expect(text).toContain('RegionDisabled: STS is not activated');
  });
});
