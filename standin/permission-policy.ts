// Authorizes a role session's calls against the role's permission policy with a real IAM policy evaluator
// (@cloud-copilot/iam-simulate: test-only, AGPL, never bundled into dist/), and answers a refusal the way
// AWS does, naming the caller, the action and the resource.
import { createValidatedPolicy, lintResourcePolicy } from '@cloud-copilot/iam-policy';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { IamRequest } from './iam-requests.js';
import { AwsError } from './types.js';

/**
 * The first request the policy does not allow, if any. The lower-level entry point evaluates the keys as
 * given: the validating one would drop condition keys its data does not list.
 */
export function firstDenied(
  policy: object,
  principal: string,
  account: string,
  requests: readonly IamRequest[],
  resourcePolicy?: object,
): IamRequest | undefined {
  return requests.find(
    (request) =>
      runUnsafeSimulation(
        {
          request: {
            principal,
            action: request.action,
            resource: { resource: request.resource, accountId: account },
            contextVariables: { ...request.context },
          },
          identityPolicies: [{ name: 'permission-policy', policy }],
          // Another account's resource: its policy must allow the principal too (IAM's cross-account rule).
          ...(resourcePolicy === undefined
            ? {}
            : { resourcePolicy: createValidatedPolicy(resourcePolicy, lintResourcePolicy, { name: 'repository-policy' }) }),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      ) !== 'Allowed',
  );
}

/** One authorization the stand-in decided: who asked, under which policy, for what, and the answer. */
export interface Authorization {
  /** The role whose permission policy decided. */
  readonly roleArn: string;
  readonly principal: string;
  readonly account: string;
  readonly policy: object;
  readonly request: IamRequest;
  readonly allowed: boolean;
}

export interface Authorizer {
  /** Decides `requests` in order under the role's policy, records each, and returns the first refused. */
  authorize(
    caller: { readonly roleArn: string; readonly principal: string; readonly account: string },
    policy: object,
    requests: readonly IamRequest[],
    resourcePolicy?: object,
  ): IamRequest | undefined;
  /** Every decision so far, in order: what a run really needed, for the least-privilege proof. */
  recorded(): readonly Authorization[];
}

export function createAuthorizer(): Authorizer {
  const decisions: Authorization[] = [];
  return {
    authorize(caller, policy, requests, resourcePolicy) {
      for (const request of requests) {
        const allowed = firstDenied(policy, caller.principal, caller.account, [request], resourcePolicy) === undefined;
        decisions.push({ ...caller, policy, request, allowed });
        if (!allowed) return request;
      }
      return undefined;
    },
    recorded: () => [...decisions],
  };
}

/** AWS's refusal: `AccessDeniedException` (400) from the JSON services, `AccessDenied` (403) from STS. */
export function accessDenied(protocol: 'json' | 'query', principal: string, request: IamRequest): AwsError {
  const message =
    `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ` +
    `because no identity-based policy allows the ${request.action} action`;
  return protocol === 'json' ? new AwsError('AccessDeniedException', message, 400) : new AwsError('AccessDenied', message, 403);
}
