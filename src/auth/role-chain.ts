// `role-chain`: each role assumed in turn with the previous session's credentials (STS AssumeRole),
// the sessions tagged with the run when the trust policies allow it.
import * as core from '@actions/core';
import { AssumeRoleCommand, type Tag } from '@aws-sdk/client-sts';
import type { AuthConfig } from '../inputs/config.js';
import { chainHopFailure } from './credentials-error.js';
import { acceptCredentials, expiryText, type Identity } from './identity.js';
import { isAccessDenied } from './sts-errors.js';
import { connectSts, type StsContext } from './sts-client.js';

/** AWS caps sessions reached by role chaining at one hour. */
export const CHAINED_ROLE_MAX_SECONDS = 3600;

export type RoleChainSettings = Pick<AuthConfig, 'region' | 'roleToAssume' | 'roleChain' | 'roleSessionName' | 'roleDurationSeconds'>;

export class RoleChain {
  /** Hops whose trust policy refused sts:TagSession: assumed untagged from then on, renewals included. */
  private readonly untaggedHops = new Set<number>();

  constructor(
    private readonly settings: RoleChainSettings,
    private readonly tags: readonly Tag[],
    private readonly sts: StsContext,
  ) {}

  /** The identity at the end of the chain (`start` itself when there is none); `first` logs each hop. */
  async assumeAll(start: Identity, first: boolean): Promise<Identity> {
    const chain = this.settings.roleChain;
    let identity = start;
    for (const [index, roleArn] of chain.entries()) {
      const callerRoleArn = index === 0 ? this.settings.roleToAssume || undefined : chain[index - 1];
      identity = await this.assumeHop(identity, roleArn, index + 1, callerRoleArn, first);
    }
    return identity;
  }

  private async assumeHop(
    previous: Identity,
    roleArn: string,
    hop: number,
    callerRoleArn: string | undefined,
    first: boolean,
  ): Promise<Identity> {
    const connection = connectSts(this.sts, {
      region: this.settings.region,
      operation: `AssumeRole (role-chain hop ${hop})`,
      credentials: previous.credentials,
    });
    const hops = this.settings.roleChain.length;
    const durationSeconds = Math.min(this.settings.roleDurationSeconds, CHAINED_ROLE_MAX_SECONDS);
    const tags = this.untaggedHops.has(hop) ? [] : this.tags;
    const assume = (withTags: readonly Tag[]) =>
      connection.call((client) =>
        client.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: this.settings.roleSessionName,
            DurationSeconds: durationSeconds,
            ...(withTags.length > 0 && { Tags: [...withTags] }),
          }),
        ),
      );
    try {
      let response;
      try {
        response = await assume(tags);
      } catch (error) {
        if (tags.length === 0 || !isAccessDenied(error)) throw error;
        // A trust policy without sts:TagSession refuses tagged sessions only; an untagged one still deploys.
        response = await assume([]);
        this.untaggedHops.add(hop);
        core.warning(
          `The trust policy of ${roleArn} does not allow sts:TagSession, so the session is not tagged with the repository and run; add sts:TagSession for ${callerRoleArn ?? previous.arn} so CloudTrail can tell runs apart.`,
        );
      }
      const identity = acceptCredentials(response.Credentials, response.AssumedRoleUser?.Arn, 'AssumeRole', this.sts.now());
      if (first) core.info(`Role chain ${hop}/${hops}: assumed ${roleArn} as ${identity.arn}${expiryText(identity)}.`);
      return identity;
    } catch (error) {
      throw chainHopFailure(error, {
        hop,
        hops,
        roleArn,
        callerArn: previous.arn,
        callerRoleArn,
        requestedDurationSeconds: durationSeconds,
      });
    } finally {
      connection.destroy();
    }
  }
}
