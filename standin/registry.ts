// The real registry (CNCF distribution, Debian's /usr/bin/docker-registry) on a free local port with
// storage in a temp dir, plus the reads ECR's API answers from: manifests, digests and tags.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newOpaqueToken } from './ids.js';

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
] as const;

export interface StoredManifest {
  readonly digest: string;
  readonly mediaType: string;
  /** The manifest exactly as stored (its sha256 is `digest`). */
  readonly body: string;
}

/** Reads of the registry's content, by repository name as the registry stores it. */
export interface RegistryReader {
  manifest(name: string, reference: string): Promise<StoredManifest | undefined>;
  /** The digest a tag or digest resolves to, without fetching the manifest. */
  resolve(name: string, reference: string): Promise<string | undefined>;
  tags(name: string): Promise<string[]>;
  putManifest(name: string, reference: string, body: string, mediaType: string): Promise<string>;
}

export interface UpstreamRegistry extends RegistryReader {
  /** `http://127.0.0.1:PORT` of the registry itself (clients go through the proxy instead). */
  readonly url: string;
  stop(): Promise<void>;
}

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function configYaml(rootDirectory: string, port: number): string {
  // relativeurls: Location headers stay relative, so they are right behind the proxy too.
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${rootDirectory}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  relativeurls: true',
    `  secret: ${newOpaqueToken(24)}`,
    '',
  ].join('\n');
}

/** `died` names why the process is gone, or undefined while it runs. */
async function waitUntilServing(url: string, died: () => string | undefined, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const death = died();
    if (death !== undefined) throw new Error(`docker-registry ${death}: ${stderr()}`);
    try {
      const response = await fetch(`${url}/v2/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer on ${url} within 15 s: ${stderr()}`);
}

const isDigest = (reference: string): boolean => /^sha256:[0-9a-f]{64}$/.test(reference);

export function registryReader(url: string): RegistryReader {
  const manifestUrl = (name: string, reference: string) => `${url}/v2/${name}/manifests/${reference}`;
  const accept = { accept: MANIFEST_MEDIA_TYPES.join(', ') };
  return {
    async manifest(name, reference) {
      const response = await fetch(manifestUrl(name, reference), { headers: accept });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`registry answered ${response.status} for ${name}:${reference}`);
      const body = await response.text();
      const digest = response.headers.get('docker-content-digest') ?? '';
      return { digest, mediaType: (response.headers.get('content-type') ?? '').split(';')[0] ?? '', body };
    },
    async resolve(name, reference) {
      const response = await fetch(manifestUrl(name, reference), { method: 'HEAD', headers: accept });
      if (!response.ok) return undefined;
      return response.headers.get('docker-content-digest') ?? (isDigest(reference) ? reference : undefined);
    },
    async tags(name) {
      const response = await fetch(`${url}/v2/${name}/tags/list?n=10000`);
      if (response.status === 404) return [];
      if (!response.ok) throw new Error(`registry answered ${response.status} listing tags of ${name}`);
      const listed = (await response.json()) as { tags?: string[] | null };
      return [...(listed.tags ?? [])].sort();
    },
    async putManifest(name, reference, body, mediaType) {
      const response = await fetch(manifestUrl(name, reference), { method: 'PUT', headers: { 'content-type': mediaType }, body });
      if (response.status !== 201)
        throw new Error(`registry answered ${response.status} storing ${name}:${reference}: ${await response.text()}`);
      return response.headers.get('docker-content-digest') ?? '';
    },
  };
}

function describeDeath(child: ChildProcess, spawnError: Error | undefined): string | undefined {
  if (spawnError) return `could not start (${REGISTRY_BINARY}): ${spawnError.message}`;
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
  return undefined;
}

export async function startUpstreamRegistry(): Promise<UpstreamRegistry> {
  const directory = await mkdtemp(join(tmpdir(), 'standin-registry-'));
  const port = await freePort();
  const configPath = join(directory, 'config.yml');
  await writeFile(configPath, configYaml(join(directory, 'data'), port));
  const child = spawn(REGISTRY_BINARY, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (spawnError === undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(
      url,
      () => describeDeath(child, spawnError),
      () => stderr,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, ...registryReader(url), stop };
}

export interface ImageReference {
  readonly host: string;
  readonly name: string;
  /** A tag or a `sha256:` digest. */
  readonly reference: string;
}

/** `host:port/name@sha256:…`, `host:port/name:tag` or `host:port/name` (tag latest). */
export function parseImageReference(text: string): ImageReference | undefined {
  const slash = text.indexOf('/');
  if (slash <= 0) return undefined;
  const host = text.slice(0, slash);
  const rest = text.slice(slash + 1);
  const at = rest.indexOf('@');
  if (at !== -1) {
    const reference = rest.slice(at + 1);
    return isDigest(reference) && at > 0 ? { host, name: rest.slice(0, at), reference } : undefined;
  }
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  const name = hasTag ? rest.slice(0, colon) : rest;
  const reference = hasTag ? rest.slice(colon + 1) : 'latest';
  return name && reference ? { host, name, reference } : undefined;
}

/** Whether `imageReference` names a manifest the registry behind `registryHost` holds. */
export function imageExistsIn(reader: RegistryReader, registryHost: string): (imageReference: string) => Promise<boolean> {
  return async (imageReference) => {
    const parsed = parseImageReference(imageReference);
    if (parsed?.host !== registryHost) return false;
    return (await reader.resolve(parsed.name, parsed.reference)) !== undefined;
  };
}
