// The registries a build logs into: the one it pushes to and those `registries` adds (base images of
// other accounts or regions). One GetAuthorizationToken per region for all of that region's registries,
// the regions at once; other regions through an ECR client of their own, with the same credentials.
import type { ExtraRegistry } from '../inputs/config.js';
import type { AwsClients } from '../shared/aws-clients.js';
import { getRegistryLogin, getRegistryLogins, type RegistryLogin } from './ecr.js';

/** Which registry ids to ask each region for: the push registry first, each registry once. Pure. */
export function loginRequests(region: string, pushRegistryId: string, extra: readonly ExtraRegistry[]): Map<string, string[]> {
  const byRegion = new Map<string, string[]>([[region, [pushRegistryId]]]);
  for (const registry of extra) {
    const ids = byRegion.get(registry.region) ?? [];
    if (!ids.includes(registry.registryId)) ids.push(registry.registryId);
    byRegion.set(registry.region, ids);
  }
  return byRegion;
}

/**
 * The push registry's login first, then one per extra registry. Without extra registries this is the
 * one call it always was: the registry `repository` names (`givenRegistryId`), else the caller's default.
 * With them, the push registry is asked for by its id (`pushRegistryId`, from DescribeRepositories).
 */
export async function registryLoginsForBuild(
  clients: AwsClients,
  region: string,
  { givenRegistryId, pushRegistryId }: { readonly givenRegistryId: string | undefined; readonly pushRegistryId: string },
  extra: readonly ExtraRegistry[],
): Promise<[RegistryLogin, ...RegistryLogin[]]> {
  const pushId = givenRegistryId ?? pushRegistryId;
  if (extra.length === 0 || pushId === '') {
    const requests = [...loginRequests(region, '', extra)].map(([where, ids]) => [where, ids.filter((id) => id !== '')] as const);
    const [push, ...others] = await Promise.all([
      getRegistryLogin(clients.ecr, givenRegistryId),
      ...requests.map(([where, ids]) => logins(clients, region, where, ids)),
    ]);
    return [push, ...others.flat()];
  }
  const answers = await Promise.all([...loginRequests(region, pushId, extra)].map(([where, ids]) => logins(clients, region, where, ids)));
  const [push, ...others] = answers.flat();
  if (push === undefined) throw new Error('ECR GetAuthorizationToken answered no login for the push registry.');
  return [push, ...others];
}

function logins(clients: AwsClients, region: string, where: string, ids: readonly string[]): Promise<RegistryLogin[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return getRegistryLogins(where === region ? clients.ecr : clients.ecrIn(where), ids);
}
