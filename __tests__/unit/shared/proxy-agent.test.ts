// The SDK clients' proxy agents against a real local CONNECT proxy and endpoint (no AWS): which requests
// tunnel through the proxy and which go direct.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { requestHandlerOption } from '../../../src/shared/proxy-agent.js';
import { DIRECT, type ProxySettings } from '../../../src/shared/proxy-settings.js';

let endpoint: Server;
let proxy: Server;
let endpointPort = 0;
let proxyUrl = '';
const tunnels: string[] = [];

beforeAll(async () => {
  endpoint = createServer((_request, answer) => {
    answer.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{"authorizationData":[]}');
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  endpointPort = (endpoint.address() as AddressInfo).port;
  // Resolves every name to this host, as a corporate proxy resolves names the runner cannot.
  proxy = createServer();
  proxy.on('connect', (request, client) => {
    tunnels.push(request.url ?? '');
    const port = Number((request.url ?? '').split(':').pop());
    const upstream = connect({ host: '127.0.0.1', port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  endpoint.closeAllConnections();
  await Promise.all([new Promise((resolve) => proxy.close(resolve)), new Promise((resolve) => endpoint.close(resolve))]);
});

async function callThrough(settings: ProxySettings, host: string): Promise<void> {
  const client = new ECRClient({
    region: 'us-east-1',
    endpoint: `http://${host}:${endpointPort}`,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    ...requestHandlerOption(settings),
  });
  try {
    await client.send(new GetAuthorizationTokenCommand({}));
  } finally {
    client.destroy();
  }
}

describe('requestHandlerOption', () => {
  test('without a proxy the SDK keeps its own handler', () => {
    expect(requestHandlerOption(DIRECT)).toEqual({});
  });

  test('an http endpoint tunnels through HTTP_PROXY with CONNECT, so a name only the proxy resolves is reached', async () => {
    tunnels.length = 0;
    await callThrough({ httpsProxy: undefined, httpProxy: proxyUrl, noProxy: [], fromInput: false }, 'ecr.proxy-only.invalid');
    expect(tunnels).toEqual([`ecr.proxy-only.invalid:${endpointPort}`]);
  });

  test('a NO_PROXY host goes direct', async () => {
    tunnels.length = 0;
    await callThrough({ httpsProxy: proxyUrl, httpProxy: proxyUrl, noProxy: ['0.0.0.0'], fromInput: true }, '0.0.0.0');
    expect(tunnels).toEqual([]);
  });

  test('a loopback endpoint goes direct even without NO_PROXY', async () => {
    tunnels.length = 0;
    await callThrough({ httpsProxy: proxyUrl, httpProxy: proxyUrl, noProxy: [], fromInput: true }, '127.0.0.1');
    expect(tunnels).toEqual([]);
  });
});
