// The `http-proxy` input, and the proxy settings of the run: the input when given, else the runner's
// proxy variables. A bad input names itself without the credentials it may hold. Pure.
import { Input } from '../shared/constants.js';
import { proxySettingsFrom, withoutCredentials, type ProxySettings } from '../shared/proxy-settings.js';
import { InputError, optional, type ReadInput } from './field-readers.js';

export function readProxy(read: ReadInput, env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const given = optional(read(Input.httpProxy));
  if (given !== undefined && !isProxyUrl(given)) {
    throw new InputError(
      Input.httpProxy,
      withoutCredentials(given),
      'a proxy URL such as `http://proxy.example.com:3128` or `http://user:password@proxy.example.com:3128` (http or https, a host, no path)',
    );
  }
  return proxySettingsFrom(given, env);
}

function isProxyUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== '' && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
