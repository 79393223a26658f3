// Which revisions of a family `keep-revisions` deregisters: those older than the newest N, less every
// revision still in use (a service of the cluster runs it, this deploy rolled it out, or a service would
// roll back to it). Pure: the ARNs come in, the choice comes out.

/** `arn:…:task-definition/my-app:12` → { family: 'my-app', revision: 12 }; undefined for anything else. */
export function parseRevisionArn(arn: string): { readonly family: string; readonly revision: number } | undefined {
  const match = /:task-definition\/([A-Za-z0-9_-]{1,255}):(\d+)$/.exec(arn);
  if (match === null) return undefined;
  return { family: match[1] ?? '', revision: Number(match[2]) };
}

export interface PruneChoice {
  readonly family: string;
  /** The newest revisions, kept whatever they are. */
  readonly kept: readonly string[];
  /** Older than the newest N but in use: kept, with why. */
  readonly inUse: readonly { readonly arn: string; readonly why: string }[];
  /** Older than the newest N and in use nowhere: to deregister, oldest first. */
  readonly deregister: readonly string[];
}

/**
 * The choice for one family. `listed` are its ACTIVE revisions as ListTaskDefinitions gave them (its
 * `familyPrefix` also matches `my-app-worker` for `my-app`: only the family's own count); `pending` revisions
 * not registered yet (a dry run's) count among the newest N; `protect` maps ARNs in use to why.
 */
export function choosePrunable(
  family: string,
  listed: readonly string[],
  keep: number,
  protect: ReadonlyMap<string, string>,
  pending = 0,
): PruneChoice {
  const own = listed
    .map((arn) => ({ arn, parsed: parseRevisionArn(arn) }))
    .filter((entry) => entry.parsed?.family === family)
    .sort((a, b) => (b.parsed?.revision ?? 0) - (a.parsed?.revision ?? 0))
    .map((entry) => entry.arn);
  const kept = own.slice(0, Math.max(0, keep - pending));
  const older = own.slice(kept.length);
  const inUse = older.flatMap((arn) => {
    const why = protect.get(arn);
    return why === undefined ? [] : [{ arn, why }];
  });
  const deregister = older.filter((arn) => !protect.has(arn)).reverse();
  return { family, kept, inUse, deregister };
}
