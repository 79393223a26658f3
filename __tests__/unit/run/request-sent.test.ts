import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nextRequestSent } from '../../../src/run/request-sent.js';

let server: Server;
let answer: (() => void) | undefined;
let port = 0;

beforeAll(async () => {
  // Holds every request open until the test answers it, like a token endpoint that is slow to reply.
  server = createServer((_request, response) => {
    answer = () => response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  answer?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('nextRequestSent', () => {
  test('resolves once the request is written out, before its answer arrives', async () => {
    // The limit outlasts the test's own timeout, so resolving at all means the request was written out.
    const sent = nextRequestSent(60_000);
    let answered = false;
    const outgoing = request({ host: '127.0.0.1', port, path: '/token' }, (response) => {
      answered = true;
      response.resume();
    });
    outgoing.end();
    await sent;
    expect(answered).toBe(false);
    answer?.();
  });

  test('gives up after its limit when no request starts, and not before', async () => {
    jest.useFakeTimers();
    try {
      let settled = false;
      const sent = nextRequestSent(50).then(() => {
        settled = true;
      });
      await jest.advanceTimersByTimeAsync(49);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await sent;
      expect(settled).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
