// The HTTP agents the AWS clients send through when a proxy is set: hpagent's (the agent AWS's SDK guide
// uses; CONNECT tunnels that keep connections alive), routed per host so NO_PROXY and loopback hosts go
// direct, exactly as proxy-settings.ts decides for the OIDC request.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { parseProxyUrl, proxyFor, type ProxySettings } from './proxy-settings.js';

/** What `requestHandler` of an SDK client takes; undefined when no proxy is set (the SDK's own agents). */
export interface ProxyAgents {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
}

type Connect = (options: http.ClientRequestArgs, callback: (error: Error | null, socket: Duplex) => void) => Duplex | undefined;

/** New agents on every call: a client's destroy() destroys its agents, so clients never share them. */
export function proxyAgents(settings: ProxySettings): ProxyAgents | undefined {
  if (settings.httpsProxy === undefined && settings.httpProxy === undefined) return undefined;
  const httpProxy = settings.httpProxy === undefined ? undefined : parseProxyUrl(settings.httpProxy);
  const httpsProxy = settings.httpsProxy === undefined ? undefined : parseProxyUrl(settings.httpsProxy);
  return {
    httpAgent:
      httpProxy === undefined
        ? new http.Agent({ keepAlive: true })
        : routed(new HttpProxyAgent({ proxy: httpProxy, keepAlive: true }), 'http:', settings, http.Agent),
    httpsAgent:
      httpsProxy === undefined
        ? new https.Agent({ keepAlive: true })
        : routed(new HttpsProxyAgent({ proxy: httpsProxy, keepAlive: true }), 'https:', settings, https.Agent),
  };
}

/** The proxy agent, except that a host the settings send direct connects as the plain agent would. */
function routed<T extends http.Agent>(
  agent: T,
  protocol: string,
  settings: ProxySettings,
  plain: typeof http.Agent | typeof https.Agent,
): T {
  const viaProxy = (agent as unknown as { createConnection: Connect }).createConnection.bind(agent);
  const direct = (plain.prototype as unknown as { createConnection: Connect }).createConnection.bind(agent);
  (agent as unknown as { createConnection: Connect }).createConnection = (options, callback) => {
    const port = options.port === undefined || options.port === null ? undefined : Number(options.port);
    const host = options.host ?? options.hostname ?? '';
    return proxyFor(settings, protocol, host, port) === undefined ? direct(options, callback) : viaProxy(options, callback);
  };
  return agent;
}

/** `requestHandler` for an SDK client's settings: the proxy's agents, or nothing (the SDK's own). */
export function requestHandlerOption(proxy: ProxySettings): { requestHandler?: ProxyAgents } {
  const agents = proxyAgents(proxy);
  return agents === undefined ? {} : { requestHandler: agents };
}
