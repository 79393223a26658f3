// A forward HTTP proxy as corporate networks run them: CONNECT tunnels (what clients use for https, and
// hpagent and @actions/http-client for http too) and absolute-form requests (`GET http://host/path`),
// optionally behind Basic proxy credentials (407 without them). It records every host it carried, so a
// test can prove which requests went through it. `hosts` maps names only the proxy can resolve (as a
// proxy resolves names the runner cannot) to addresses.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
  /** `CONNECT`, or the method of an absolute-form request. */
  readonly method: string;
  /** The host name as the client asked for it (before `hosts` mapped it). */
  readonly host: string;
  readonly port: number;
  /** 407 when the credentials were missing or wrong; 502 when the target was unreachable. */
  readonly status: number;
}

export interface ProxyOptions {
  /** Names the proxy resolves itself: name → address. Others connect as given. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Required Basic proxy credentials; absent: none needed. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

export interface StandinProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Every request it answered, in order. */
  records(): readonly ProxiedRequest[];
  close(): Promise<void>;
}

export async function startProxy(options: ProxyOptions = {}): Promise<StandinProxy> {
  const recorded: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const address = (host: string): string => options.hosts?.[host.toLowerCase()] ?? host;
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  const authorized = (request: IncomingMessage): boolean => expected === undefined || request.headers['proxy-authorization'] === expected;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end('absolute-form request expected');
      return;
    }
    const port = Number(target.port || 80);
    const record = (status: number) => recorded.push({ method: request.method ?? 'GET', host: target.hostname, port, status });
    if (!authorized(request)) {
      record(407);
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="standin-proxy"' }).end();
      return;
    }
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const outgoing = httpRequest(
      { host: address(target.hostname), port, method: request.method, path: `${target.pathname}${target.search}`, headers },
      (answer) => {
        record(answer.statusCode ?? 502);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => {
      record(502);
      if (!response.headersSent) response.writeHead(502).end();
    });
    request.pipe(outgoing);
  });

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, portText] = splitHostPort(request.url ?? '');
    const port = Number(portText);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!authorized(request)) {
      recorded.push({ method: 'CONNECT', host, port, status: 407 });
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="standin-proxy"\r\n\r\n');
      return;
    }
    const upstream = connect({ host: address(host), port }, () => {
      recorded.push({ method: 'CONNECT', host, port, status: 200 });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => {
      if (!client.writableEnded && upstream.connecting) {
        recorded.push({ method: 'CONNECT', host, port, status: 502 });
        client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      }
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records: () => [...recorded],
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** `host:port` or `[v6]:port` of a CONNECT request. */
function splitHostPort(authority: string): [string, string] {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(authority);
  if (bracketed) return [bracketed[1] ?? '', bracketed[2] ?? ''];
  const colon = authority.lastIndexOf(':');
  return colon === -1 ? [authority, '443'] : [authority.slice(0, colon), authority.slice(colon + 1)];
}
