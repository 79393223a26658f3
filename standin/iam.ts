// IAM's part of role assumption: roles with trust policies, OIDC providers, and trust policy evaluation by
// an IAM policy evaluator (a condition operator IAM does not know is refused at createRole, so a test can
// never pass on a condition the stand-in silently ignored).
import { createValidatedPolicy, lintResourcePolicy } from '@cloud-copilot/iam-policy';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { newRoleId } from './ids.js';

export type StringOrList = string | readonly string[];

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | { readonly Federated?: StringOrList; readonly AWS?: StringOrList; readonly Service?: StringOrList };
  readonly Action: StringOrList;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, StringOrList>>>>;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement | readonly PolicyStatement[];
}

export interface RoleSpec {
  /** `arn:aws:iam::ACCOUNT:role/NAME` (a path before NAME is allowed). */
  readonly arn: string;
  /** The trust policy as IAM stores it: a JSON document (text or parsed). */
  readonly trustPolicy: PolicyDocument | string;
  /** Seconds, 3600..43200; default 3600 as IAM's. */
  readonly maxSessionDuration?: number;
  /**
   * The role's permission policy (identity-based). When given, every call of the role's sessions is
   * authorized against it by an IAM policy evaluator (permission-policy.ts); without one the role may do
   * anything, as before.
   */
  readonly permissionPolicy?: object;
}

export interface Role {
  readonly arn: string;
  readonly account: string;
  readonly name: string;
  readonly roleId: string;
  readonly trustPolicy: PolicyDocument;
  readonly maxSessionDuration: number;
  readonly permissionPolicy?: object;
}

export interface OidcProviderSpec {
  readonly account: string;
  /** Audiences the provider accepts; default `['sts.amazonaws.com']`. */
  readonly clientIds?: readonly string[];
}

export interface OidcProvider {
  readonly arn: string;
  readonly clientIds: readonly string[];
}

/** Who asks to assume which role, with the condition keys STS sets. */
export interface TrustRequest {
  readonly action: string;
  /** The OIDC provider ARN (web identity), or the calling session's ARN (role chaining). */
  readonly principal: string;
  /** The role whose trust policy decides. */
  readonly roleArn: string;
  /** Condition keys (any case) to values. */
  readonly context: Readonly<Record<string, string>>;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): { account: string; name: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  const account = match?.[1];
  const name = match?.[2];
  return account !== undefined && name !== undefined ? { account, name } : undefined;
}

/** The condition operators IAM knows (and the evaluator implements), before `IfExists` and set qualifiers. */
const CONDITION_OPERATORS: ReadonlySet<string> = new Set(
  [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'ArnEquals',
    'ArnLike',
    'ArnNotEquals',
    'ArnNotLike',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'Null',
  ].map((operator) => operator.toLowerCase()),
);

function isKnownOperator(name: string): boolean {
  const base = name.replace(/^For(Any|All)Values?:/i, '').replace(/IfExists$/i, '');
  return CONDITION_OPERATORS.has(base.toLowerCase());
}

function statementsOf(policy: PolicyDocument): readonly PolicyStatement[] {
  return Array.isArray(policy.Statement) ? (policy.Statement as readonly PolicyStatement[]) : [policy.Statement as PolicyStatement];
}

/** Parses and checks a trust policy; throws with the reason when IAM (or the stand-in) would not take it. */
export function parseTrustPolicy(input: PolicyDocument | string): PolicyDocument {
  const policy: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  if (typeof policy !== 'object' || policy === null || !('Statement' in policy)) {
    throw new Error('MalformedPolicyDocument: the trust policy has no Statement');
  }
  const document = policy as PolicyDocument;
  for (const statement of statementsOf(document)) {
    const keys = Object.keys(statement);
    for (const unsupported of ['NotPrincipal', 'NotAction', 'Resource', 'NotResource']) {
      if (keys.includes(unsupported)) throw new Error(`MalformedPolicyDocument: ${unsupported} is not supported in this trust policy`);
    }
    // Parsed JSON has not earned its type yet: these fields may be anything until checked here.
    const effect: unknown = statement.Effect;
    const principal: unknown = statement.Principal;
    const action: unknown = statement.Action;
    if (effect !== 'Allow' && effect !== 'Deny') {
      throw new Error(`MalformedPolicyDocument: Effect must be Allow or Deny, got ${String(effect)}`);
    }
    if (principal === undefined || action === undefined) {
      throw new Error('MalformedPolicyDocument: a trust policy statement needs Principal and Action');
    }
    for (const operator of Object.keys(statement.Condition ?? {})) {
      if (!isKnownOperator(operator)) throw new Error(`MalformedPolicyDocument: IAM has no condition operator ${operator}`);
    }
  }
  return document;
}

/**
 * The trust policy's verdict, decided by the IAM policy evaluator (@cloud-copilot/iam-simulate, test-only)
 * through its lower-level entry point, which evaluates condition keys as given: the validating one drops keys
 * its data does not list, GitHub's `:sub` and `:aud` among them. The caller's own permission policy is
 * decided apart (permission-policy.ts), so here it allows everything and only the trust policy can refuse.
 */
export function evaluateTrustPolicy(policy: PolicyDocument, request: TrustRequest): 'allow' | 'deny' | 'implicit-deny' {
  const federated = request.principal.includes(':oidc-provider/');
  const result = runUnsafeSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.roleArn, accountId: parseRoleArn(request.roleArn)?.account ?? '' },
        contextVariables: { ...request.context },
      },
      identityPolicies: federated ? [] : [{ name: 'caller', policy: ALLOW_CALLER }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: createValidatedPolicy(policy, lintResourcePolicy, { name: 'trust-policy' }),
    },
    {},
  );
  return result === 'Allowed' ? 'allow' : result === 'ExplicitlyDenied' ? 'deny' : 'implicit-deny';
}

const ALLOW_CALLER = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] };

export interface Iam {
  createRole(spec: RoleSpec): Role;
  getRole(arn: string): Role | undefined;
  /** Every account has GitHub's provider (audience sts.amazonaws.com) unless replaced or deleted. */
  createOidcProvider(spec: OidcProviderSpec): OidcProvider;
  deleteOidcProvider(account: string): void;
  oidcProvider(account: string): OidcProvider | undefined;
}

export function createIam(issuerHost: string): Iam {
  const roles = new Map<string, Role>();
  const providers = new Map<string, readonly string[] | 'deleted'>();
  const providerArn = (account: string): string => `arn:aws:iam::${account}:oidc-provider/${issuerHost}`;

  return {
    createRole(spec) {
      const parsed = parseRoleArn(spec.arn);
      if (!parsed) throw new Error(`not a role ARN: ${spec.arn}`);
      const maxSessionDuration = spec.maxSessionDuration ?? 3600;
      if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > 43200) {
        throw new Error(`maxSessionDuration must be an integer from 3600 to 43200, got ${maxSessionDuration}`);
      }
      const role: Role = {
        arn: spec.arn,
        account: parsed.account,
        name: parsed.name,
        roleId: roles.get(spec.arn)?.roleId ?? newRoleId(),
        trustPolicy: parseTrustPolicy(spec.trustPolicy),
        maxSessionDuration,
        ...(spec.permissionPolicy === undefined ? {} : { permissionPolicy: spec.permissionPolicy }),
      };
      roles.set(spec.arn, role);
      return role;
    },
    getRole: (arn) => roles.get(arn),
    createOidcProvider(spec) {
      const clientIds = spec.clientIds ?? ['sts.amazonaws.com'];
      providers.set(spec.account, clientIds);
      return { arn: providerArn(spec.account), clientIds };
    },
    deleteOidcProvider(account) {
      providers.set(account, 'deleted');
    },
    oidcProvider(account) {
      const clientIds = providers.get(account) ?? ['sts.amazonaws.com'];
      return clientIds === 'deleted' ? undefined : { arn: providerArn(account), clientIds };
    },
  };
}

/** A trust policy as AWS's guide for GitHub writes it: aud pinned, sub matched with StringLike. */
export function githubTrustPolicy(options: {
  readonly account: string;
  readonly issuerHost: string;
  readonly sub: StringOrList;
  readonly audience?: string;
}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${options.account}:oidc-provider/${options.issuerHost}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${options.issuerHost}:aud`]: options.audience ?? 'sts.amazonaws.com' },
          StringLike: { [`${options.issuerHost}:sub`]: options.sub },
        },
      },
    ],
  };
}

/** A trust policy letting `principals` (role ARNs or account ids) assume the role, and tag the session. */
export function roleChainTrustPolicy(principals: StringOrList): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
  };
}
