// Build secrets as engine arguments: each names its id and where the engine reads the value (a file,
// or a variable of the engine's own environment), never the value itself. Pure.
import type { BuildSecret, ContainerEngineName } from '../inputs/config.js';

/** A secret ready for the engine: an inline value has been written to `file` by secret-files.ts. */
export type StagedSecret = { readonly id: string; readonly file: string } | { readonly id: string; readonly env: string };

/** `--secret` for each: docker spells a variable `env=NAME`, podman (buildah) `type=env,src=NAME`. */
export function secretArguments(engine: ContainerEngineName, secrets: readonly StagedSecret[]): string[] {
  return secrets.flatMap((secret) => {
    if ('file' in secret) return ['--secret', `id=${secret.id},src=${secret.file}`];
    return ['--secret', engine === 'docker' ? `id=${secret.id},env=${secret.env}` : `id=${secret.id},type=env,src=${secret.env}`];
  });
}

/** Where an inline value goes: its own file, named by its position so an id needs no escaping. */
export function stagedSecrets(secrets: readonly BuildSecret[], fileFor: (index: number) => string): StagedSecret[] {
  return secrets.map((secret, index) => {
    if (secret.source.kind === 'env') return { id: secret.id, env: secret.source.name };
    if (secret.source.kind === 'file') return { id: secret.id, file: secret.source.path };
    return { id: secret.id, file: fileFor(index) };
  });
}
