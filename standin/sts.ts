// STS (Query protocol): AssumeRoleWithWebIdentity, AssumeRole (role chaining) and GetCallerIdentity,
// with AWS's validation order, error codes and wording.
import type { JsonWebKey } from 'node:crypto';
import type { StandinClock } from './clock.js';
import type { CredentialStore, IssuedCredentials } from './credentials.js';
import { evaluateTrustPolicy, parseRoleArn, type Iam } from './iam.js';
import { decodeJwt, hasValidSignature } from './jwt.js';
import type { XmlTree } from './query-xml.js';
import type { IamRequest } from './iam-requests.js';
import { accessDenied, type Authorizer } from './permission-policy.js';
import { AwsError, type Caller, type JsonValue, type Scenario } from './types.js';

export interface StsDeps {
  readonly clock: StandinClock;
  readonly iam: Iam;
  readonly credentials: CredentialStore;
  /** The GitHub issuer STS knows keys for (as if fetched from its discovery document). */
  readonly issuer: { readonly issuer: string; readonly issuerHost: string; jwks(): readonly JsonWebKey[] };
  readonly scenario: () => Scenario;
  /** True while the scenario's first N AssumeRoleWithWebIdentity calls are still failing. */
  readonly idpCommunicationFails: () => boolean;
  /** Decides (and records) the caller's permission policy's part in AssumeRole. */
  readonly authorizer: Authorizer;
}

export interface Sts {
  /** False only for the operations STS serves unsigned. */
  requiresSignature(action: string): boolean;
  /** The `…Result` element's content; throws AwsError. `caller` is set for signed actions. */
  handle(action: string, params: URLSearchParams, caller: Caller | undefined): XmlTree;
}

const UNSIGNED_ACTIONS = new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);
const ROLE_CHAINING_MAX_SECONDS = 3600;

const validationError = (message: string): AwsError => new AwsError('ValidationError', message, 400);

function required(params: URLSearchParams, name: string, member: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function validateSessionName(name: string): void {
  const problems: string[] = [];
  if (name.length < 2) problems.push('Member must have length greater than or equal to 2');
  if (name.length > 64) problems.push('Member must have length less than or equal to 64');
  if (!/^[\w+=,.@-]*$/.test(name)) problems.push('Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  if (problems.length > 0) {
    throw validationError(
      `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ` +
        problems.map((problem) => `Value '${name}' at 'roleSessionName' failed to satisfy constraint: ${problem}`).join('; '),
    );
  }
}

function requestedDuration(params: URLSearchParams): number {
  const text = params.get('DurationSeconds');
  if (text === null) return 3600;
  const seconds = Number(text);
  if (!Number.isInteger(seconds)) throw new AwsError('MalformedInput', `Invalid value for DurationSeconds: ${text}`, 400);
  if (seconds < 900) {
    throw validationError(
      `1 validation error detected: Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  }
  if (seconds > 43200) {
    throw validationError(
      `1 validation error detected: Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`,
    );
  }
  return seconds;
}

function validateRoleArn(arn: string): void {
  if (arn.length < 20) {
    throw validationError(
      `1 validation error detected: Value '${arn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`,
    );
  }
  if (!arn.startsWith('arn:')) throw validationError(`${arn} is invalid`);
}

function sessionTagKeys(params: URLSearchParams): string[] {
  const keys: string[] = [];
  for (let index = 1; params.has(`Tags.member.${index}.Key`); index += 1) keys.push(params.get(`Tags.member.${index}.Key`) ?? '');
  return keys;
}

/** A token claim as STS quotes it in a message: text as it is, anything else as its JSON. */
const claimText = (value: JsonValue | undefined): string =>
  value === undefined ? 'undefined' : typeof value === 'string' ? value : JSON.stringify(value);

const isoSeconds = (epochMs: number): string => new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function createSts(deps: StsDeps): Sts {
  const { clock, iam, credentials } = deps;

  const lifetime = (requested: number): number => {
    const cap = deps.scenario().credentialTtlSeconds;
    return cap === undefined ? requested : Math.min(requested, cap);
  };

  const credentialsResult = (issued: IssuedCredentials): XmlTree => ({
    AssumedRoleUser: { AssumedRoleId: issued.assumedRoleId, Arn: issued.caller.arn },
    Credentials: {
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      // Wall time: the client compares it with its own clock to decide when to refresh.
      Expiration: isoSeconds(clock.toWallTime(issued.expiresAt)),
    },
  });

  function assumeRoleWithWebIdentity(params: URLSearchParams): XmlTree {
    const roleArn = required(params, 'RoleArn', 'roleArn');
    const sessionName = required(params, 'RoleSessionName', 'roleSessionName');
    const token = required(params, 'WebIdentityToken', 'webIdentityToken');
    validateRoleArn(roleArn);
    validateSessionName(sessionName);
    const duration = requestedDuration(params);

    const jwt = decodeJwt(token);
    if (!jwt) {
      throw new AwsError(
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    const issuer = jwt.payload['iss'];
    const roleAccount = parseRoleArn(roleArn)?.account;
    const provider = roleAccount === undefined ? undefined : iam.oidcProvider(roleAccount);
    if (issuer !== deps.issuer.issuer || !provider) {
      throw new AwsError('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${claimText(issuer)}`);
    }
    if (deps.idpCommunicationFails()) {
      throw new AwsError(
        'IDPCommunicationError',
        "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
      );
    }
    if (!hasValidSignature(jwt, deps.issuer.jwks())) {
      throw new AwsError('InvalidIdentityToken', 'Unable to verify the signature of the ID Token');
    }
    // The token's times are GitHub's, i.e. wall time.
    const nowSeconds = Math.floor(Date.now() / 1000);
    const exp = jwt.payload['exp'];
    if (typeof exp !== 'number' || exp <= nowSeconds) {
      throw new AwsError(
        'ExpiredTokenException',
        `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${claimText(exp)}`,
      );
    }
    const nbf = jwt.payload['nbf'];
    if (typeof nbf === 'number' && nbf > nowSeconds + 60) {
      throw new AwsError('InvalidIdentityToken', `Token is not valid before ${nbf}; current date/time ${nowSeconds}`);
    }
    const audienceClaim = jwt.payload['aud'];
    const audiences = (Array.isArray(audienceClaim) ? audienceClaim : [audienceClaim]).filter(
      (value): value is string => typeof value === 'string',
    );
    const audience = audiences.find((value) => provider.clientIds.includes(value));
    if (audience === undefined) throw new AwsError('InvalidIdentityToken', 'Incorrect token audience');
    const subject = typeof jwt.payload['sub'] === 'string' ? jwt.payload['sub'] : '';

    const role = iam.getRole(roleArn);
    const verdict = role
      ? evaluateTrustPolicy(role.trustPolicy, {
          action: 'sts:AssumeRoleWithWebIdentity',
          principal: provider.arn,
          roleArn,
          context: { [`${deps.issuer.issuerHost}:aud`]: audience, [`${deps.issuer.issuerHost}:sub`]: subject },
        })
      : 'implicit-deny';
    if (!role || verdict !== 'allow') {
      throw new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    }
    if (duration > role.maxSessionDuration) {
      throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const issued = credentials.issue(role, sessionName, lifetime(duration));
    return { ...credentialsResult(issued), SubjectFromWebIdentityToken: subject, Audience: audience, Provider: provider.arn };
  }

  function assumeRole(params: URLSearchParams, caller: Caller): XmlTree {
    const roleArn = required(params, 'RoleArn', 'roleArn');
    const sessionName = required(params, 'RoleSessionName', 'roleSessionName');
    validateRoleArn(roleArn);
    validateSessionName(sessionName);
    const duration = requestedDuration(params);
    const callerCredentials = credentials.find(caller.accessKeyId);
    const role = iam.getRole(roleArn);
    const trustRequest = (action: string) => ({
      action,
      principal: caller.arn,
      roleArn,
      context: {
        'aws:PrincipalArn': callerCredentials?.role.arn ?? caller.arn,
        'aws:PrincipalAccount': caller.account,
        'sts:RoleSessionName': sessionName,
      },
    });
    const notAuthorized = (action: string): AwsError =>
      new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${roleArn}`, 403);
    // The caller's own permission policy, when its role has one, must allow the hop too.
    const callerPolicy = callerCredentials?.role.permissionPolicy;
    if (callerPolicy !== undefined) {
      const tags = sessionTagKeys(params);
      const requests: IamRequest[] = [
        { action: 'sts:AssumeRole', resource: roleArn, context: {} },
        ...(tags.length > 0 ? [{ action: 'sts:TagSession', resource: roleArn, context: { 'aws:TagKeys': tags } }] : []),
      ];
      const denied = deps.authorizer.authorize(
        { roleArn: callerCredentials?.role.arn ?? caller.arn, principal: caller.arn, account: caller.account },
        callerPolicy,
        requests,
      );
      if (denied) throw accessDenied('query', caller.arn, denied);
    }
    if (!role || evaluateTrustPolicy(role.trustPolicy, trustRequest('sts:AssumeRole')) !== 'allow') throw notAuthorized('sts:AssumeRole');
    if (sessionTagKeys(params).length > 0 && evaluateTrustPolicy(role.trustPolicy, trustRequest('sts:TagSession')) !== 'allow') {
      throw notAuthorized('sts:TagSession');
    }
    // Every caller here holds role credentials, so every AssumeRole is role chaining.
    if (params.has('DurationSeconds') && duration > ROLE_CHAINING_MAX_SECONDS) {
      throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > role.maxSessionDuration) {
      throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    return credentialsResult(credentials.issue(role, sessionName, lifetime(Math.min(duration, ROLE_CHAINING_MAX_SECONDS))));
  }

  return {
    requiresSignature: (action) => !UNSIGNED_ACTIONS.has(action),
    handle(action, params, caller) {
      switch (action) {
        case 'AssumeRoleWithWebIdentity':
          return assumeRoleWithWebIdentity(params);
        case 'AssumeRole':
          if (!caller) throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
          return assumeRole(params, caller);
        case 'GetCallerIdentity': {
          if (!caller) throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
          const issued = credentials.find(caller.accessKeyId);
          return { Arn: caller.arn, UserId: issued?.assumedRoleId ?? caller.accessKeyId, Account: caller.account };
        }
        default:
          throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`, 400);
      }
    },
  };
}
