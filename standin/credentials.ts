// Temporary credentials STS has issued: SigV4 verification looks callers up here.
import type { StandinClock } from './clock.js';
import { newAccessKeyId, newSecretAccessKey, newSessionToken } from './ids.js';
import type { Role } from './iam.js';
import type { Caller } from './types.js';

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Simulated epoch ms after which the credentials are refused. */
  readonly expiresAt: number;
  readonly role: Role;
  readonly sessionName: string;
  readonly caller: Caller;
  /** `ROLEID:SESSION`, what GetCallerIdentity calls UserId. */
  readonly assumedRoleId: string;
}

export interface CredentialStore {
  issue(role: Role, sessionName: string, lifetimeSeconds: number): IssuedCredentials;
  find(accessKeyId: string): IssuedCredentials | undefined;
  isExpired(credentials: IssuedCredentials): boolean;
  /** Every secret key and session token issued, for the tests that scan the action's traces. */
  secrets(): string[];
}

export function createCredentialStore(clock: StandinClock): CredentialStore {
  const issued = new Map<string, IssuedCredentials>();
  return {
    issue(role, sessionName, lifetimeSeconds) {
      const accessKeyId = newAccessKeyId();
      const credentials: IssuedCredentials = {
        accessKeyId,
        secretAccessKey: newSecretAccessKey(),
        sessionToken: newSessionToken(),
        expiresAt: clock.now() + lifetimeSeconds * 1000,
        role,
        sessionName,
        assumedRoleId: `${role.roleId}:${sessionName}`,
        caller: { accessKeyId, account: role.account, arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}` },
      };
      issued.set(accessKeyId, credentials);
      return credentials;
    },
    find: (accessKeyId) => issued.get(accessKeyId),
    isExpired: (credentials) => clock.now() >= credentials.expiresAt,
    secrets: () => [...issued.values()].flatMap((credentials) => [credentials.secretAccessKey, credentials.sessionToken]),
  };
}
