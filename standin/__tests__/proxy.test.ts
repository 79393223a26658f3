// The stand-in's forward proxy: CONNECT tunnels and absolute-form requests, Basic proxy credentials, and
// the record of the hosts it carried.
import { afterEach, describe, expect, test } from '@jest/globals';
import { createServer, request, type RequestOptions, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startProxy, type StandinProxy } from '../proxy.js';

let proxy: StandinProxy | undefined;
let target: Server | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
  proxy = undefined;
  target = undefined;
});

/** A server that answers with the path it was asked for. */
async function startTarget(): Promise<number> {
  target = createServer((incoming, answer) => answer.end(`served ${incoming.url ?? ''}`));
  await new Promise<void>((resolve) => target?.listen(0, '127.0.0.1', resolve));
  return (target.address() as AddressInfo).port;
}

function send(options: RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(options, (answer) => {
      let body = '';
      answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function tunnel(proxyUrl: string, authority: string, authorization?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const connect = request({
      host: hostname,
      port,
      method: 'CONNECT',
      path: authority,
      headers: authorization ? { 'proxy-authorization': authorization } : {},
    });
    connect.on('connect', (answer, socket) => {
      if (answer.statusCode !== 200) {
        socket.destroy();
        resolve({ status: answer.statusCode ?? 0, body: '' });
        return;
      }
      socket.write(`GET /through-the-tunnel HTTP/1.1\r\nHost: ${authority}\r\nConnection: close\r\n\r\n`);
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve({ status: 200, body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
    });
    connect.on('error', reject);
    connect.end();
  });
}

describe('startProxy', () => {
  test('a CONNECT to a name only the proxy resolves reaches the target, and the record names the host as asked', async () => {
    const port = await startTarget();
    proxy = await startProxy({ hosts: { 'api.standin.test': '127.0.0.1' } });
    expect(await tunnel(proxy.url, `api.standin.test:${port}`)).toEqual({ status: 200, body: 'served /through-the-tunnel' });
    expect(proxy.records()).toEqual([{ method: 'CONNECT', host: 'api.standin.test', port, status: 200 }]);
  });

  test('an absolute-form GET is forwarded with its path', async () => {
    const port = await startTarget();
    proxy = await startProxy({ hosts: { 'api.standin.test': '127.0.0.1' } });
    const proxyAddress = new URL(proxy.url);
    expect(await send({ host: proxyAddress.hostname, port: proxyAddress.port, path: `http://api.standin.test:${port}/a?b=1` })).toEqual({
      status: 200,
      body: 'served /a?b=1',
    });
    expect(proxy.records()).toEqual([{ method: 'GET', host: 'api.standin.test', port, status: 200 }]);
  });

  test('with credentials required, a tunnel without them is refused 407 and recorded, one with them goes through', async () => {
    const port = await startTarget();
    proxy = await startProxy({ hosts: { 'api.standin.test': '127.0.0.1' }, credentials: { username: 'me', password: 'pw' } });
    expect((await tunnel(proxy.url, `api.standin.test:${port}`)).status).toBe(407);
    const basic = `Basic ${Buffer.from('me:pw').toString('base64')}`;
    expect((await tunnel(proxy.url, `api.standin.test:${port}`, basic)).status).toBe(200);
    expect(proxy.records().map((record) => record.status)).toEqual([407, 200]);
  });
});
