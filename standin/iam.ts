// IAM's part of role assumption: roles with trust policies, OIDC providers, and trust policy evaluation
// the way IAM does it for the operators we support (an unsupported one is refused at createRole, so a
// test can never pass on a condition the stand-in silently ignored).
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

/** Who asks, for what: `principal` is matched against the statements' Principal of `principalType`. */
export interface TrustRequest {
  readonly action: string;
  readonly principalType: 'Federated' | 'AWS';
  /** Every name the principal matches as: e.g. the provider ARN, or role ARN, account id and account root. */
  readonly principalNames: readonly string[];
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

const asList = (value: StringOrList | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/** IAM's StringLike: `*` any run of characters, `?` exactly one. */
export function stringLike(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

type Comparator = (expected: string, actual: string) => boolean;

const COMPARATORS: Readonly<Record<string, { compare: Comparator; negated: boolean }>> = {
  stringequals: { compare: (expected, actual) => expected === actual, negated: false },
  stringnotequals: { compare: (expected, actual) => expected === actual, negated: true },
  stringequalsignorecase: { compare: (expected, actual) => expected.toLowerCase() === actual.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (expected, actual) => expected.toLowerCase() === actual.toLowerCase(), negated: true },
  stringlike: { compare: (expected, actual) => stringLike(expected, actual), negated: false },
  stringnotlike: { compare: (expected, actual) => stringLike(expected, actual), negated: true },
};

interface ParsedOperator {
  readonly compare: Comparator;
  readonly negated: boolean;
  readonly ifExists: boolean;
}

function parseOperator(name: string): ParsedOperator | undefined {
  // Context values here are single-valued, so ForAnyValue/ForAllValues reduce to the plain operator.
  let base = name.replace(/^For(Any|All)Value:/i, '');
  const ifExists = /IfExists$/i.test(base);
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const comparator = COMPARATORS[base.toLowerCase()];
  return comparator ? { ...comparator, ifExists } : undefined;
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
      if (!parseOperator(operator)) throw new Error(`the stand-in does not evaluate the condition operator ${operator}`);
    }
  }
  return document;
}

function principalMatches(statement: PolicyStatement, request: TrustRequest): boolean {
  if (statement.Principal === '*') return true;
  const named = asList(statement.Principal[request.principalType]);
  return named.some((name) => name === '*' || request.principalNames.includes(name));
}

function conditionsHold(statement: PolicyStatement, context: Readonly<Record<string, string>>): boolean {
  const lowerContext = new Map(Object.entries(context).map(([key, value]) => [key.toLowerCase(), value]));
  return Object.entries(statement.Condition ?? {}).every(([operatorName, keys]) => {
    const operator = parseOperator(operatorName);
    if (!operator) return false;
    return Object.entries(keys).every(([key, expected]) => {
      const actual = lowerContext.get(key.toLowerCase());
      if (actual === undefined) return operator.ifExists || operator.negated;
      const anyMatches = asList(expected).some((value) => operator.compare(value, actual));
      return operator.negated ? !anyMatches : anyMatches;
    });
  });
}

/** IAM's order: an explicit Deny wins, then any Allow, else the implicit deny. */
export function evaluateTrustPolicy(policy: PolicyDocument, request: TrustRequest): 'allow' | 'deny' | 'implicit-deny' {
  const applicable = statementsOf(policy).filter(
    (statement) =>
      asList(statement.Action).some((action) => stringLike(action, request.action, true)) &&
      principalMatches(statement, request) &&
      conditionsHold(statement, request.context),
  );
  if (applicable.some((statement) => statement.Effect === 'Deny')) return 'deny';
  return applicable.some((statement) => statement.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

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
