// The `registries` input: more ECR registries the build logs into (for `FROM` images of other accounts
// or regions), each an account id in `aws-region` or an ECR registry host, which names its region. Pure.
import type { ExtraRegistry } from './config.js';
import { Input } from '../shared/constants.js';
import { parseEcrHost } from '../image/reference.js';
import { InputError, lines, type ReadInput } from './field-readers.js';

const ACCOUNT_ID = /^\d{12}$/;

/** Each registry once, in the order given; `region` is `aws-region` for a bare account id. */
export function readRegistries(read: ReadInput, region: string): ExtraRegistry[] {
  const registries: ExtraRegistry[] = [];
  for (const entry of lines(read(Input.registries), /[\n,]/)) {
    const registry = ACCOUNT_ID.test(entry) ? { registryId: entry, region } : parseEcrHost(entry.replace(/^https:\/\//i, ''));
    if (registry === undefined) {
      throw new InputError(
        Input.registries,
        entry,
        'ECR registries as 12-digit account ids (in `aws-region`) or ECR registry hosts (the `<registry>` of a repository URI), one per line or comma separated',
      );
    }
    if (!registries.some((known) => known.registryId === registry.registryId && known.region === registry.region))
      registries.push(registry);
  }
  return registries;
}
