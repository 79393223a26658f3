// One STS client per operation. Its retries are the SDK's own (the retry middleware resends, and the
// SDK classifies what is transient), driven by the project's one backoff scheme, so an issuer that is
// unreachable for most of a minute is ridden out and each retry is logged.
import * as core from '@actions/core';
import type { STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { USER_AGENT } from '../shared/aws-clients.js';
import { requestHandlerOption } from '../shared/proxy-agent.js';
import type { ProxySettings } from '../shared/proxy-settings.js';
import { describeAwsError } from '../shared/errors.js';
import { SdkRetryStrategy, type RetryPolicy } from '../shared/retry.js';
import { isTransientStsError } from './sts-errors.js';

/** Attempts and time for one STS call: about a minute, the usual length of an issuer's hiccup. */
export const STS_RETRY = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 15_000, totalBudgetMs: 60_000 } as const;

/** The one place STS clients are made; tests wrap it to see which credentials each client got. */
export type CreateStsClient = (config: STSClientConfig) => STSClient;

/** How STS is reached, and the clock, sleep and random source its retries use (injected by the tests). */
export interface StsContext {
  readonly createClient: CreateStsClient;
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Every STS client sends through this proxy (agents of its own); direct when absent. */
  readonly proxy?: ProxySettings;
}

export interface StsConnection {
  readonly client: STSClient;
  /** Sends through `client`; a failure the retries ran out on comes back as a RetryExhaustedError. */
  call<T>(send: (client: STSClient) => Promise<T>): Promise<T>;
  destroy(): void;
}

export interface StsConnectionOptions {
  readonly region: string;
  /** What the retry log lines call the operation, e.g. `AssumeRole (role-chain hop 2)`. */
  readonly operation: string;
  /** Signs the calls; absent, the client's own default chain (environment, files, instance roles). */
  readonly credentials?: AwsCredentialIdentity;
}

export function connectSts(context: StsContext, options: StsConnectionOptions): StsConnection {
  const retryStrategy = new SdkRetryStrategy(stsRetryPolicy(options.operation, context));
  // No endpoint: AWS_ENDPOINT_URL(_STS) still applies.
  const client = context.createClient({
    region: options.region,
    customUserAgent: USER_AGENT,
    // The strategy decides; maxAttempts only tells STS "attempt n of 8" in the amz-sdk-request header.
    maxAttempts: STS_RETRY.maxAttempts,
    retryStrategy,
    ...(context.proxy && requestHandlerOption(context.proxy)),
    ...(options.credentials && { credentials: options.credentials }),
  });
  return {
    client,
    call: (send) => retryStrategy.call(() => send(client)),
    destroy: () => client.destroy(),
  };
}

function stsRetryPolicy(operation: string, context: StsContext): RetryPolicy {
  return {
    ...STS_RETRY,
    now: context.now,
    ...(context.sleep && { sleep: context.sleep }),
    ...(context.random && { random: context.random }),
    jitter: 'full',
    isRetryable: isTransientStsError,
    onRetry: (error, attempt, delayMs) =>
      core.info(
        `STS ${operation} failed (${describeAwsError(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${STS_RETRY.maxAttempts}).`,
      ),
  };
}
