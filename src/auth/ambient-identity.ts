// Without `role-to-assume`: the credentials already in the environment, found by the STS client's own
// default chain (environment variables, shared files, container or instance roles), and whose they are.
import * as core from '@actions/core';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { callerIdentityFailure, CredentialsError, NO_CREDENTIALS_MESSAGE } from './credentials-error.js';
import { acceptCredentials, toStsCredentials, type Identity } from './identity.js';
import { rootError } from '../shared/retry.js';
import { isMissingCredentials } from './sts-errors.js';
import { connectSts, type StsContext } from './sts-client.js';

export class AmbientIdentity {
  private provider: AwsCredentialIdentityProvider | undefined;
  private arn: string | undefined;

  constructor(
    private readonly region: string,
    private readonly sts: StsContext,
  ) {}

  async get(first: boolean): Promise<Identity> {
    if (!first && this.provider && this.arn !== undefined) {
      // Renewal: the default chain refreshes by itself; only the chain on top needs assuming again.
      return acceptCredentials(toStsCredentials(await this.provider()), this.arn, 'environment', this.sts.now());
    }
    const connection = connectSts(this.sts, { region: this.region, operation: 'GetCallerIdentity' });
    try {
      const provider = (this.provider ??= () => connection.client.config.credentials());
      const caller = await connection.call((client) => client.send(new GetCallerIdentityCommand({})));
      const identity = acceptCredentials(toStsCredentials(await provider()), caller.Arn, 'GetCallerIdentity', this.sts.now());
      this.arn = identity.arn;
      core.info(`Using AWS credentials already present in the environment (${identity.arn}).`);
      return identity;
    } catch (error) {
      if (error instanceof CredentialsError) throw error;
      if (isMissingCredentials(rootError(error))) throw new CredentialsError(NO_CREDENTIALS_MESSAGE, error, 'no-credentials');
      throw callerIdentityFailure(error);
    } finally {
      // The provider outlives the client: it loads credentials with its own connections.
      connection.destroy();
    }
  }
}
