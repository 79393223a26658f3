// A tiny STS on 127.0.0.1 speaking the Query protocol, so the real SDK client (its retry middleware
// included) runs end to end: queued failures are answered first, then credentials.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An STS error answer, or `reset`: the connection is dropped without an answer. */
export type StsFailureAnswer = { readonly status: number; readonly code: string; readonly message: string } | 'reset';

export interface FakeSts {
  readonly endpoint: string;
  /** Every request's form parameters (Action, RoleArn, …), in order. */
  readonly requests: URLSearchParams[];
  /** Answers the next requests with these failures, in order. */
  fail(...answers: StsFailureAnswer[]): void;
  /** Answers every request with this failure until `reset()`. */
  failAlways(answer: StsFailureAnswer): void;
  /** Answers every request whose form parameters pass `test` with this failure until `reset()`. */
  failWhen(test: (form: URLSearchParams) => boolean, answer: StsFailureAnswer): void;
  /** No queued or permanent failures, no recorded requests, numbering from 1 again. */
  reset(): void;
  close(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export async function startFakeSts(): Promise<FakeSts> {
  const queued: StsFailureAnswer[] = [];
  const requests: URLSearchParams[] = [];
  let always: StsFailureAnswer | undefined;
  const conditional: { test: (form: URLSearchParams) => boolean; answer: StsFailureAnswer }[] = [];
  let issued = 0;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push(form);
      const failure = queued.shift() ?? conditional.find(({ test }) => test(form))?.answer ?? always;
      if (failure === 'reset') {
        request.socket.destroy();
        return;
      }
      response.setHeader('content-type', 'text/xml');
      if (failure) {
        response.statusCode = failure.status;
        response.end(
          `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>${failure.message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
        );
        return;
      }
      issued += 1;
      response.end(success(form, issued));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    requests,
    fail: (...answers) => queued.push(...answers),
    failAlways: (answer) => {
      always = answer;
    },
    failWhen: (test, answer) => conditional.push({ test, answer }),
    reset: () => {
      queued.length = 0;
      requests.length = 0;
      always = undefined;
      conditional.length = 0;
      issued = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Credentials numbered by issue (ASIAWIRE1, wire-secret-1, …) for the assumed role, or the caller's identity. */
function success(form: URLSearchParams, issued: number): string {
  const action = form.get('Action') ?? '';
  if (action === 'GetCallerIdentity') {
    return `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/deployer</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
  }
  const [, account = '123456789012', role = 'my-deploy-role'] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(form.get('RoleArn') ?? '') ?? [];
  const session = form.get('RoleSessionName') ?? 'run-1';
  return (
    `<${action}Response xmlns="${NS}"><${action}Result>` +
    `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${role}/${session}</Arn><AssumedRoleId>AROAEXAMPLE:${session}</AssumedRoleId></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>ASIAWIRE${issued}</AccessKeyId><SecretAccessKey>wire-secret-${issued}</SecretAccessKey><SessionToken>wire-token-${issued}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
    `</${action}Result><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></${action}Response>`
  );
}
