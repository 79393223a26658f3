// Which proxy a request takes: the `http-proxy` input, else the runner's HTTPS_PROXY / HTTP_PROXY (lower
// case first), with NO_PROXY and loopback hosts going direct. The rules are @actions/http-client's, which
// makes the OIDC token request, so the AWS calls and the token request never disagree about a host. Pure.

export interface ProxySettings {
  /** For `https://` endpoints; undefined: direct. Credentials may be inside (masked by main.ts). */
  readonly httpsProxy: string | undefined;
  /** For `http://` endpoints. */
  readonly httpProxy: string | undefined;
  /** NO_PROXY entries: host names, `.suffix`, `host:port`, or `*`. */
  readonly noProxy: readonly string[];
  /** True when the `http-proxy` input chose the proxy (it is then handed to the OIDC request and the engine). */
  readonly fromInput: boolean;
}

export const DIRECT: ProxySettings = { httpsProxy: undefined, httpProxy: undefined, noProxy: [], fromInput: false };

type Environment = Readonly<Record<string, string | undefined>>;

/** The variables a proxy is read from, in the order they are tried. */
export const PROXY_VARIABLES = {
  https: ['https_proxy', 'HTTPS_PROXY'],
  http: ['http_proxy', 'HTTP_PROXY'],
  noProxy: ['no_proxy', 'NO_PROXY'],
} as const;

export function proxySettingsFrom(input: string | undefined, env: Environment): ProxySettings {
  const first = (names: readonly string[]): string | undefined =>
    names.map((name) => env[name]?.trim()).find((value) => value !== undefined && value !== '');
  const noProxy = (first(PROXY_VARIABLES.noProxy) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (input !== undefined) return { httpsProxy: input, httpProxy: input, noProxy, fromInput: true };
  return { httpsProxy: first(PROXY_VARIABLES.https), httpProxy: first(PROXY_VARIABLES.http), noProxy, fromInput: false };
}

/**
 * A proxy URL as @actions/http-client reads one: as written, or with `http://` in front when it has no
 * scheme. undefined when it is no URL even then.
 */
export function parseProxyUrl(value: string): URL | undefined {
  for (const candidate of [value, `http://${value}`]) {
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return url;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

/** The proxy for a request to `protocol//host:port`, or undefined to go direct. */
export function proxyFor(settings: ProxySettings, protocol: string, host: string, port: number | undefined): URL | undefined {
  const configured = protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (configured === undefined || bypassesProxy(settings.noProxy, protocol, host, port)) return undefined;
  return parseProxyUrl(configured);
}

/** http-client's rules: loopback always goes direct; NO_PROXY matches a host, `host:port`, a domain suffix or `*`. */
export function bypassesProxy(noProxy: readonly string[], protocol: string, host: string, port: number | undefined): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.startsWith('127.') || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const effectivePort = port ?? (protocol === 'https:' ? 443 : 80);
  const candidates = [name, `${name}:${effectivePort}`];
  return noProxy.some((raw) => {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    return candidates.some(
      (candidate) => candidate === entry || candidate.endsWith(`.${entry}`) || (entry.startsWith('.') && candidate.endsWith(entry)),
    );
  });
}

/** `http://***@host:port/`: the URL as logs and errors may show it, credentials replaced. */
export function withoutCredentials(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return value;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
  return `${scheme}***@${value.slice(at + 1)}`;
}

/**
 * What to mask of the proxy URLs in the input and the environment: each URL with credentials, and its
 * password and user information as written and decoded, before anything can print them.
 */
export function proxySecrets(input: string, env: Environment): string[] {
  const values = [input, ...[...PROXY_VARIABLES.https, ...PROXY_VARIABLES.http].map((name) => env[name] ?? '')];
  const secrets = new Set<string>();
  for (const value of values.map((text) => text.trim())) {
    const at = value.lastIndexOf('@');
    if (at === -1) continue;
    secrets.add(value);
    const schemeEnd = value.indexOf('://');
    const userInfo = value.slice(schemeEnd === -1 || schemeEnd > at ? 0 : schemeEnd + 3, at);
    const password = userInfo.includes(':') ? userInfo.slice(userInfo.indexOf(':') + 1) : userInfo;
    for (const secret of [userInfo, password]) {
      if (secret === '') continue;
      secrets.add(secret);
      try {
        secrets.add(decodeURIComponent(secret));
      } catch {
        // not percent-encoded: the raw form is masked already
      }
    }
  }
  return [...secrets];
}

/**
 * The `http-proxy` input written over the proxy variables of `env` (the step's own process.env): the OIDC
 * request (@actions/http-client) and the container engine read a proxy only from there. NO_PROXY stays.
 */
export function handProxyInputToEnvironment(settings: ProxySettings, env: Record<string, string | undefined>): void {
  if (!settings.fromInput || settings.httpsProxy === undefined) return;
  for (const name of [...PROXY_VARIABLES.https, ...PROXY_VARIABLES.http]) env[name] = settings.httpsProxy;
}

/** One line for the log: where requests go, credentials hidden. undefined when no proxy is set. */
export function describeProxy(settings: ProxySettings): string | undefined {
  if (settings.httpsProxy === undefined && settings.httpProxy === undefined) return undefined;
  const source = settings.fromInput ? 'the `http-proxy` input' : 'HTTPS_PROXY / HTTP_PROXY';
  const targets =
    settings.httpsProxy === settings.httpProxy
      ? `through ${withoutCredentials(settings.httpsProxy ?? '')}`
      : `through ${settings.httpsProxy === undefined ? 'no proxy' : withoutCredentials(settings.httpsProxy)} (https) and ${settings.httpProxy === undefined ? 'no proxy' : withoutCredentials(settings.httpProxy)} (http)`;
  const except = settings.noProxy.length === 0 ? 'loopback hosts' : `loopback hosts and NO_PROXY (${settings.noProxy.join(', ')})`;
  return `AWS calls and the OIDC token request go ${targets}, from ${source}, except ${except}.`;
}
