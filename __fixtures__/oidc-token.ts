// Unsigned JWTs shaped like GitHub's OIDC tokens: the action decodes claims but never verifies them.

export const CLASSIC_SUB = 'repo:my-org/my-app:ref:refs/heads/main';
export const IMMUTABLE_SUB = 'repo:my-org@1234567/my-app@89012345:ref:refs/heads/main';
export const ENVIRONMENT_SUB = 'repo:my-org/my-app:environment:production';

export function githubClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'sts.amazonaws.com',
    sub: CLASSIC_SUB,
    repository: 'my-org/my-app',
    repository_owner: 'my-org',
    repository_owner_id: '1234567',
    repository_id: '89012345',
    ref: 'refs/heads/main',
    event_name: 'push',
    job_workflow_ref: 'my-org/my-app/.github/workflows/deploy.yml@refs/heads/main',
    workflow: 'deploy',
    run_id: '4242',
    iat: 1_800_000_000,
    exp: 1_800_000_300,
    ...overrides,
  };
}

export function fakeJwt(claims: Record<string, unknown> = githubClaims(), signature = 'c2lnbmF0dXJl'): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${encode(claims)}.${signature}`;
}
