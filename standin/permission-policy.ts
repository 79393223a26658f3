// Authorizes a role session's calls against the role's permission policy with a real IAM policy evaluator
// (@cloud-copilot/iam-simulate: test-only, AGPL, never bundled into dist/), and answers a refusal the way
// AWS does, naming the caller, the action and the resource.
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { IamRequest } from './iam-requests.js';
import { AwsError } from './types.js';

/**
 * The first request the policy does not allow, if any. The lower-level entry point evaluates the keys as
 * given: the validating one would drop condition keys its data does not list.
 */
export function firstDenied(policy: object, principal: string, account: string, requests: readonly IamRequest[]): IamRequest | undefined {
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
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      ) !== 'Allowed',
  );
}

/** AWS's refusal: `AccessDeniedException` (400) from the JSON services, `AccessDenied` (403) from STS. */
export function accessDenied(protocol: 'json' | 'query', principal: string, request: IamRequest): AwsError {
  const message =
    `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ` +
    `because no identity-based policy allows the ${request.action} action`;
  return protocol === 'json' ? new AwsError('AccessDeniedException', message, 400) : new AwsError('AccessDenied', message, 403);
}
