// The `repository` input: an ECR repository name, or the full repository URI that ECR shows and that
// other ECR actions take (`<registry>/my-org/my-app`). A URI is read with the one image-reference
// parser; it is accepted when its registry is an ECR registry of `aws-region`, and then stands for the
// repository of that name in that account's registry. Any other registry is not a place this action
// pushes to, so a first component that is not an ECR registry is read as part of the name. Pure.
import { Input } from '../shared/constants.js';
import { isEcrRepositoryName, parseEcrHost, repositoryUriOf, tryParseImageReference } from '../image/reference.js';
import { InputError } from './field-readers.js';
import type { InputNotice } from './input-rules.js';

export interface RepositoryInput {
  /** The repository name ECR's API takes, such as `my-org/my-app`. */
  readonly name: string;
  /** The account of the registry when the input was a URI; undefined means the caller's own registry. */
  readonly registryId: string | undefined;
  /** `host/name` when the input was a URI. */
  readonly uri: string | undefined;
}

const EXPECTED_NAME =
  'an ECR repository name such as `my-org/my-app` (lowercase letters, digits, `._-` and `/`), or its URI `<registry>/my-org/my-app`';

export function readRepository(value: string, region: string): RepositoryInput {
  // Only an ECR registry makes the first component a host: `my.org/my-app` is a repository name ECR allows.
  const reference = tryParseImageReference(value);
  const registry = reference?.host === undefined ? undefined : parseEcrHost(reference.host);
  if (reference === undefined || registry === undefined) {
    if (isEcrRepositoryName(value)) return { name: value, registryId: undefined, uri: undefined };
    throw new InputError(Input.repository, value, EXPECTED_NAME);
  }
  if (!isEcrRepositoryName(reference.repository)) throw new InputError(Input.repository, value, EXPECTED_NAME);
  if (reference.tag !== undefined || reference.digest !== undefined) {
    throw new InputError(Input.repository, value, `${EXPECTED_NAME}, without a tag or digest (\`${Input.imageTag}\` sets the tag)`);
  }
  if (registry.region !== region) {
    throw new InputError(
      Input.repository,
      value,
      `a repository in \`${Input.awsRegion}\` ${region}, not in ${registry.region} (or set \`${Input.awsRegion}\` to ${registry.region})`,
    );
  }
  return { name: reference.repository, registryId: registry.registryId, uri: repositoryUriOf(reference) };
}

/** What the log says about a repository given as a URI, so the user sees how it was read. */
export function repositoryNotice(repository: RepositoryInput): InputNotice | undefined {
  if (repository.registryId === undefined) return undefined;
  return {
    level: 'info',
    input: Input.repository,
    message: `\`${Input.repository}\` is a repository URI: using repository ${repository.name} of the ECR registry of account ${repository.registryId}.`,
  };
}
