// Lets the OIDC token request leave the process before main.ts loads the AWS SDK chunk: compiling that
// chunk blocks the event loop for ~100 ms, and without this wait the request would only be written
// after it, so the two would not overlap at all.
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

const REQUEST_START = 'http.client.request.start';

/** Resolves once the next HTTP request this process starts has been written out, or after `limitMs`. */
export function nextRequestSent(limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      diagnostics.unsubscribe(REQUEST_START, onStart);
      resolve();
    };
    const onStart = (message: unknown): void => {
      const request = (message as { request?: ClientRequest }).request;
      if (request === undefined) {
        finish();
        return;
      }
      request.once('finish', finish).once('error', finish).once('close', finish);
    };
    const timer = setTimeout(finish, limitMs);
    diagnostics.subscribe(REQUEST_START, onStart);
  });
}
