// An IAM refusal made one paste away: AWS's "User: … is not authorized to perform: ACTION on resource:
// ARN because …" read into its parts, and the statement that would allow exactly that call. Pure: text in,
// text out, so every service's wording (ECS, ECR and its registry, CloudWatch Logs, STS) is read the same.
import { errorField, errorMessage } from './errors.js';

/** Which policy refused, as AWS's message says it. */
export type DenialReason =
  /** `because no identity-based policy allows the … action`: the role's permission policy lacks a statement. */
  | { readonly kind: 'not-allowed'; readonly policy: string }
  /** `with an explicit deny in a service control policy`: a Deny wins, so no Allow can help. */
  | { readonly kind: 'explicit-deny'; readonly policy: string }
  /** No reason given (older wording, and STS's): most often the permission policy. */
  | { readonly kind: 'unspecified' };

export interface AccessDenial {
  /** The caller: an assumed-role session ARN, a user or a role. */
  readonly principal: string;
  readonly action: string;
  /** The resource ARN, or `*` for actions without a resource type. */
  readonly resource: string;
  readonly reason: DenialReason;
}

// `… because no identity-based policy allows the X action` or `… with an explicit deny in a service control
// policy`; the resource may be left out (actions without a resource type) and a sentence may follow.
const DENIAL =
  /User: (\S+) is not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9]+)(?: on resource: (\S+?))?(?=[.,;)]?(?:\s|$))(?:[.,;)]?\s+(?:because no ((?:[\w-]+ )*?(?:policy|boundary)) allows|with an explicit deny in (?:an? )?((?:[\w-]+ )*?(?:policy|boundary))))?/;

/** The refusal in an AWS error message, wherever it stands in the text; undefined when there is none. */
export function parseAccessDenial(text: string): AccessDenial | undefined {
  const match = DENIAL.exec(text.replace(/\s+/g, ' '));
  if (!match) return undefined;
  const [, principal = '', action = '', resource = '*', notAllowedBy, deniedBy] = match;
  const reason: DenialReason =
    notAllowedBy !== undefined
      ? { kind: 'not-allowed', policy: notAllowedBy }
      : deniedBy !== undefined
        ? { kind: 'explicit-deny', policy: deniedBy }
        : { kind: 'unspecified' };
  return { principal, action, resource, reason };
}

/** The first refusal in an error, its message or any of its causes (wrapped errors keep the SDK's below). */
export function accessDenialIn(error: unknown): AccessDenial | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = errorField(current, 'cause')) {
    seen.add(current);
    const found = parseAccessDenial(errorMessage(current));
    if (found) return found;
  }
  return undefined;
}

/** `arn:aws:sts::A:assumed-role/NAME/SESSION` → `arn:aws:iam::A:role/NAME`; other principals as they are. */
export function roleOfPrincipal(principal: string): string {
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(principal);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : principal;
}

/** The last part of a role ARN: what the IAM console lists the role as. */
export function roleName(roleArn: string): string {
  return roleArn.split('/').at(-1) ?? roleArn;
}

/**
 * The resource a statement should name so that the next run is allowed too: the exact resource, except the
 * ids each run makes anew (a task definition revision, a service deployment or revision, a task, a log
 * stream), which become `*` within their family, service, cluster or log group.
 */
export function statementResource(resource: string): string {
  return resource
    .replace(/(:task-definition\/[^:/]+):\d+$/, '$1:*')
    .replace(/(:service-(?:deployment|revision)\/[^/]+\/[^/]+)\/[^/]+$/, '$1/*')
    .replace(/(:(?:task|container-instance)\/[^/]+)\/[^/]+$/, '$1/*')
    .replace(/(:log-group:[^:]+:log-stream:).+$/, '$1*');
}

/** Whether adding an Allow to the caller's own permission policy is the fix. */
export function permissionStatementHelps(denial: AccessDenial): boolean {
  if (denial.reason.kind === 'explicit-deny') return false;
  if (denial.reason.kind === 'not-allowed') return /identity-based|permissions boundary|session policy/i.test(denial.reason.policy);
  // STS words a trust policy's refusal of AssumeRole without a reason: the trust diagnosis covers it.
  return !/^sts:(AssumeRole|TagSession)/i.test(denial.action);
}

/** The IAM statement that allows exactly this call, as JSON to paste into the role's permission policy. */
export function allowStatement(denial: AccessDenial): string {
  const statement = { Effect: 'Allow', Action: denial.action, Resource: statementResource(denial.resource) };
  return JSON.stringify(statement, null, 2);
}

/** The log lines after the failure: what was refused, and the statement to add (or the Deny to remove). */
export function accessDenialDetails(denial: AccessDenial): string[] {
  const role = roleOfPrincipal(denial.principal);
  const refused = `${role} may not perform ${denial.action} on ${denial.resource}`;
  if (denial.reason.kind === 'explicit-deny') {
    return [`${refused}: an explicit Deny in ${denial.reason.policy} refuses it, and no Allow can override a Deny; narrow that Deny.`];
  }
  if (!permissionStatementHelps(denial)) return [];
  const where =
    denial.reason.kind === 'not-allowed' && !/identity-based/i.test(denial.reason.policy) ? ` (and to the ${denial.reason.policy})` : '';
  return [`${refused}. Add this statement to the permission policy of ${roleName(role)}${where}:`, allowStatement(denial)];
}

/** What the `Next:` line says for a refusal. */
export function accessDenialNextStep(denial: AccessDenial): string {
  const role = roleName(roleOfPrincipal(denial.principal));
  if (denial.reason.kind === 'explicit-deny') return `narrow the explicit Deny of ${denial.action} in ${denial.reason.policy}`;
  return (
    `add the statement printed in the log (${denial.action} on ${statementResource(denial.resource)}) to the permission policy of ${role}, ` +
    'or redeploy the setup template with the capability that grants it'
  );
}

/** The lines to print for an error when it is a refusal a statement fixes; none otherwise. */
export function refusalDetails(error: unknown): string[] {
  const denial = accessDenialIn(error);
  return denial === undefined ? [] : accessDenialDetails(denial);
}
