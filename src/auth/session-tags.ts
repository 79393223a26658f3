// The tags a chained role's session carries, so CloudTrail tells runs apart. Pure.
import type { Tag } from '@aws-sdk/client-sts';
import type { GitHubContext } from '../inputs/config.js';

export type RunIdentity = Pick<GitHubContext, 'repository' | 'runId' | 'runAttempt'>;

/** Repository and run; values limited to the characters STS accepts, empty ones left out. */
export function sessionTags(github: RunIdentity): Tag[] {
  const pairs: [string, string][] = [
    ['Repository', github.repository],
    ['RunId', github.runId],
    ['RunAttempt', github.runAttempt],
  ];
  return pairs
    .map(([Key, value]) => ({ Key, Value: value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256) }))
    .filter((tag) => tag.Value !== '');
}
