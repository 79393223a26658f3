// Image references as container engines read them (`[host[:port]/]path[:tag][@digest]`), ECR's
// repository names and registry hosts. The one parser of them: input validation, container selection
// and the ECR lookups all read references here, so none accepts what another refuses. Pure.

export interface ImageReference {
  /** `host[:port]`; undefined when the reference names no host and so means Docker Hub. */
  readonly host: string | undefined;
  /** Slash-separated path inside the registry, e.g. `my-org/my-app`. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `algorithm:encoded` as the OCI image spec has it: `sha256:<64 hex>`, `sha512:<128 hex>`, …. */
  readonly digest: string | undefined;
}

export interface EcrRegistryHost {
  readonly registryId: string;
  readonly region: string;
}

const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// The OCI digest grammar; the algorithms the spec registers must also have their exact encoding, and any
// other algorithm the hex of at least 32 digits that container engines' reference grammar asks for.
const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
const REGISTERED_DIGEST_ENCODINGS: ReadonlyMap<string, RegExp> = new Map([
  ['sha256', /^[a-f0-9]{64}$/],
  ['sha512', /^[a-f0-9]{128}$/],
]);
const ENGINE_DIGEST_ENCODING = /^[a-fA-F0-9]{32,}$/;
// ECR's repository name rule (stricter than an image path: no `__` or `--`), 2 to 256 characters.
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
// Standard, FIPS and dual-stack registry endpoints of every partition: ACCOUNT.dkr.ecr[-fips].REGION.DOMAIN
// or ACCOUNT.dkr-ecr[-fips].REGION.DOMAIN, the domains being the partitions' DNS suffixes (and the
// dual-stack ones). Regions have two letters before the first `-`, four in the European Sovereign Cloud.
const ECR_HOST =
  /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z]{2}(?:[a-z]{2})?(?:-[a-z]+)+-\d{1,2})\.(?:amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;

/** Splits a reference into its parts; throws when an engine would refuse it. */
export function parseImageReference(reference: string): ImageReference {
  const invalid = (why: string): Error =>
    new Error(`"${reference}" is not a valid image reference (${why}); expected [host[:port]/]path[:tag][@sha256:<64 hex>].`);

  const at = reference.indexOf('@');
  const named = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  if (digest !== undefined && !isValidDigest(digest)) throw invalid(`digest "${digest}"`);

  // A colon after the last slash starts the tag; one before it belongs to the host's port.
  const lastColon = named.lastIndexOf(':');
  const hasTag = lastColon > named.lastIndexOf('/');
  const name = hasTag ? named.slice(0, lastColon) : named;
  const tag = hasTag ? named.slice(lastColon + 1) : undefined;
  if (tag !== undefined && !isValidTag(tag)) throw invalid(`tag "${tag}"`);

  // Engines read the first component as a host only when it could not be a path component.
  const firstSlash = name.indexOf('/');
  const first = firstSlash === -1 ? undefined : name.slice(0, firstSlash);
  const isHost =
    first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  const host = isHost ? first : undefined;
  const repository = isHost ? name.slice(firstSlash + 1) : name;
  if (host !== undefined && !HOST.test(host)) throw invalid(`registry host "${host}"`);
  if (repository === '' || !repository.split('/').every((component) => PATH_COMPONENT.test(component))) {
    throw invalid(`repository path "${repository}"`);
  }
  return { host, repository, tag, digest };
}

/** The reference's parts, or undefined when an engine would refuse it (for images we only compare). */
export function tryParseImageReference(reference: string): ImageReference | undefined {
  try {
    return parseImageReference(reference);
  } catch {
    return undefined;
  }
}

/** Docker's tag rule (ECR accepts more, but engines refuse anything else). */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export function isValidDigest(digest: string): boolean {
  const [, algorithm, encoded] = DIGEST.exec(digest) ?? [];
  if (algorithm === undefined || encoded === undefined) return false;
  return (REGISTERED_DIGEST_ENCODINGS.get(algorithm) ?? ENGINE_DIGEST_ENCODING).test(encoded);
}

export function isEcrRepositoryName(name: string): boolean {
  return name.length >= 2 && name.length <= 256 && ECR_REPOSITORY_NAME.test(name);
}

/** `host/path` without tag or digest (just the path for a reference written without a host). */
export function repositoryUriOf(reference: Pick<ImageReference, 'host' | 'repository'>): string {
  return reference.host === undefined ? reference.repository : `${reference.host}/${reference.repository}`;
}

export function formatImageReference(reference: ImageReference): string {
  return `${repositoryUriOf(reference)}${reference.tag === undefined ? '' : `:${reference.tag}`}${reference.digest === undefined ? '' : `@${reference.digest}`}`;
}

/** The account and region of an ECR registry host, or undefined for any other registry. */
export function parseEcrHost(host: string): EcrRegistryHost | undefined {
  const [, registryId, region] = ECR_HOST.exec(host.toLowerCase()) ?? [];
  return registryId === undefined || region === undefined ? undefined : { registryId, region };
}

/** `host[:port]` of a registry endpoint URL such as ECR's `proxyEndpoint` (`https://HOST`). */
export function hostOfEndpoint(endpoint: string): string {
  return endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
}
