// Who may assume the deploy role: the `sub` claims GitHub puts in the OIDC tokens of the workflows allowed
// to deploy, one exact value per repository form and branch, GitHub Environment or tag. Pure; the template
// renders it with its parameters, the tests with example names.

export const GITHUB_ISSUER_HOST = 'token.actions.githubusercontent.com';

export interface TrustedWorkflows {
  /** `my-org/my-app`, and for repositories created since 2026-07-15 also `my-org@1234567/my-app@890123456`. */
  readonly repositories: readonly string[];
  readonly branches: readonly string[];
  readonly environments: readonly string[];
  readonly tags: readonly string[];
}

/**
 * Every `sub` to accept with StringEquals. Never a pattern: a pull request (`:pull_request`), another branch,
 * a fork (another repository) or a repository whose name merely starts the same matches none of them.
 */
export function trustedSubjects(trusted: TrustedWorkflows): string[] {
  return trusted.repositories.flatMap((repository) => [
    ...trusted.branches.map((branch) => `repo:${repository}:ref:refs/heads/${branch}`),
    ...trusted.environments.map((environment) => `repo:${repository}:environment:${environment}`),
    ...trusted.tags.map((tag) => `repo:${repository}:ref:refs/tags/${tag}`),
  ]);
}
