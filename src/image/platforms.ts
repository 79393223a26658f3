// Image platforms (`os/architecture[/variant]`): the `platform` input's list, the platforms an image
// index lists, and whether they can run where a task definition's `runtimePlatform` places its tasks.
// Pure.

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/** ECS's cpuArchitecture as image platforms name it (`GOARCH`). */
const ARCHITECTURE_OF_CPU: Readonly<Record<string, string>> = { X86_64: 'amd64', ARM64: 'arm64' };

export const INDEX_MEDIA_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];

/** Every manifest media type ECR may store for an image, so BatchGetImage answers an index as it is. */
export const ACCEPTED_MANIFEST_MEDIA_TYPES = [
  ...INDEX_MEDIA_TYPES,
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export function isPlatform(text: string): boolean {
  return PLATFORM.test(text);
}

/** The `platform` input's items, comma or newline separated, each once in the order given. */
export function splitPlatforms(text: string): string[] {
  const items = text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...new Set(items)];
}

/** The image platforms an image built for the runner's machine has, when `platform` is empty. */
export function nativePlatform(arch: string): string | undefined {
  const architecture = { x64: 'amd64', arm64: 'arm64' }[arch];
  return architecture === undefined ? undefined : `linux/${architecture}`;
}

/**
 * The platforms of the images an index lists, or undefined when `manifest` is no index. Attestation
 * entries (`unknown/unknown`, or marked `vnd.docker.reference.type: attestation-manifest`) run nowhere
 * and are left out.
 */
export function platformsOfIndex(manifest: string): string[] | undefined {
  const images = imagesOfIndex(manifest);
  return images === undefined ? undefined : [...new Set(images.map((image) => image.platform))];
}

/** One image an index lists: the platform it runs on and its own manifest's digest. */
export interface IndexedImage {
  readonly platform: string;
  readonly digest: string;
}

/** The images an index lists, in its order, attestations left out; undefined when `manifest` is no index. */
export function imagesOfIndex(manifest: string): IndexedImage[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { mediaType, manifests } = parsed as { mediaType?: unknown; manifests?: unknown };
  const isIndex = (typeof mediaType === 'string' && INDEX_MEDIA_TYPES.includes(mediaType)) || Array.isArray(manifests);
  if (!isIndex || !Array.isArray(manifests)) return undefined;
  const images: IndexedImage[] = [];
  for (const entry of manifests as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { platform, annotations, digest } = entry as { platform?: unknown; annotations?: unknown; digest?: unknown };
    const reference = (annotations as Record<string, unknown> | undefined)?.['vnd.docker.reference.type'];
    if (reference === 'attestation-manifest' || typeof platform !== 'object' || platform === null) continue;
    const { os, architecture, variant } = platform as { os?: unknown; architecture?: unknown; variant?: unknown };
    if (typeof os !== 'string' || typeof architecture !== 'string' || os === 'unknown' || architecture === 'unknown') continue;
    const text = typeof variant === 'string' && variant !== '' ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
    images.push({ platform: text, digest: typeof digest === 'string' ? digest : '' });
  }
  return images;
}

/** `platform` items the index does not list (a variant given as `linux/arm64/v8` counts as `linux/arm64`). */
export function missingPlatforms(wanted: readonly string[], listed: readonly string[]): string[] {
  const listedBase = new Set(listed.map(withoutVariant));
  return wanted.filter((platform) => !listed.includes(platform) && !listedBase.has(withoutVariant(platform)));
}

/** Where a task definition places its tasks, as far as an image's platform matters. */
export interface RuntimePlatformLike {
  readonly runtimePlatform?: { readonly cpuArchitecture?: string; readonly operatingSystemFamily?: string };
  readonly requiresCompatibilities?: readonly string[];
}

/** The platform a task definition's tasks need, or undefined when it does not say (EC2 places them on any instance). */
export function requiredPlatform(
  definition: RuntimePlatformLike,
): { cpu: string; architecture: string; os: string | undefined } | undefined {
  const given = definition.runtimePlatform?.cpuArchitecture;
  // AWS: without runtimePlatform, Fargate runs X86_64; EC2 takes whatever instance the task lands on.
  const cpu = given ?? (definition.requiresCompatibilities?.includes('FARGATE') === true ? 'X86_64' : undefined);
  if (cpu === undefined) return undefined;
  const architecture = ARCHITECTURE_OF_CPU[cpu];
  if (architecture === undefined) return undefined;
  const family = definition.runtimePlatform?.operatingSystemFamily;
  const os = family === undefined ? undefined : family.startsWith('WINDOWS') ? 'windows' : family === 'LINUX' ? 'linux' : undefined;
  return { cpu, architecture, os };
}

/**
 * Why an image of `platforms` cannot run where `definition` places its tasks, as the middle of a
 * sentence, or undefined when one of them fits (or the definition does not say where).
 */
export function platformMismatch(platforms: readonly string[], definition: RuntimePlatformLike): string | undefined {
  const required = requiredPlatform(definition);
  if (required === undefined || platforms.length === 0) return undefined;
  const fits = platforms.some((platform) => {
    const [os, architecture] = platform.split('/');
    return architecture === required.architecture && (required.os === undefined || os === required.os);
  });
  if (fits) return undefined;
  const given = definition.runtimePlatform?.cpuArchitecture === undefined ? ' (absent, which means X86_64 on Fargate)' : '';
  const family = required.os === undefined ? '' : ` and operatingSystemFamily ${definition.runtimePlatform?.operatingSystemFamily ?? ''}`;
  return `runtimePlatform.cpuArchitecture ${required.cpu}${given}${family} needs ${required.os ?? 'linux'}/${required.architecture}, but the image holds ${platforms.join(', ')} only`;
}

function withoutVariant(platform: string): string {
  return platform.split('/').slice(0, 2).join('/');
}
