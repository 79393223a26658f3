import { describe, expect, test } from '@jest/globals';
import {
  bypassesProxy,
  describeProxy,
  DIRECT,
  handProxyInputToEnvironment,
  proxyFor,
  proxySecrets,
  withoutCredentials,
  type ProxySettings,
} from '../../../src/shared/proxy-settings.js';

const VIA_PROXY: ProxySettings = {
  httpsProxy: 'http://proxy.example.com:3128',
  httpProxy: 'proxy.example.com:3129',
  noProxy: ['internal.example.com', '.corp.example.com', 'api.example.com:8443'],
  fromInput: false,
};

describe('proxyFor', () => {
  test.each([
    ['an https endpoint takes HTTPS_PROXY', 'https:', 'ecs.us-east-1.amazonaws.com', undefined, 'http://proxy.example.com:3128/'],
    ['an http endpoint takes HTTP_PROXY, written without a scheme', 'http:', 'ecs.example.com', 80, 'http://proxy.example.com:3129/'],
    ['a NO_PROXY host goes direct', 'https:', 'internal.example.com', 443, undefined],
    ['a subdomain of a NO_PROXY host goes direct', 'https:', 'a.internal.example.com', 443, undefined],
    ['a NO_PROXY `.suffix` matches below it', 'https:', 'sts.corp.example.com', 443, undefined],
    ['a NO_PROXY `host:port` matches that port only', 'https:', 'api.example.com', 8443, undefined],
    ['… and not another', 'https:', 'api.example.com', 443, 'http://proxy.example.com:3128/'],
    [
      'a name that only ends like a NO_PROXY host does not match',
      'https:',
      'notinternal.example.com',
      443,
      'http://proxy.example.com:3128/',
    ],
    ['localhost goes direct', 'http:', 'localhost', 8080, undefined],
    ['127.0.0.1 goes direct', 'http:', '127.0.0.1', 8080, undefined],
    ['[::1] goes direct', 'http:', '[::1]', 8080, undefined],
  ])('%s', (_name, protocol, host, port, expected) => {
    expect(proxyFor(VIA_PROXY, protocol, host, port)?.href).toBe(expected);
  });

  test('NO_PROXY `*` sends everything direct', () => {
    expect(bypassesProxy(['*'], 'https:', 'ecr.us-east-1.amazonaws.com', undefined)).toBe(true);
  });

  test('without settings nothing goes through a proxy', () => {
    expect(proxyFor(DIRECT, 'https:', 'sts.amazonaws.com', 443)).toBeUndefined();
  });
});

describe('withoutCredentials', () => {
  test.each([
    ['http://me:pa55@proxy.example.com:3128', 'http://***@proxy.example.com:3128'],
    ['me:p@ss@proxy.example.com', '***@proxy.example.com'],
    ['http://proxy.example.com:3128', 'http://proxy.example.com:3128'],
  ])('%s → %s', (given, expected) => {
    expect(withoutCredentials(given)).toBe(expected);
  });
});

describe('proxySecrets', () => {
  test('masks the URL, the user information and the password as written and decoded, from the input and the variables', () => {
    expect(
      proxySecrets('http://me:p%40ss@proxy.example.com', {
        HTTPS_PROXY: 'http://other:word@proxy.example.com',
        HTTP_PROXY: 'http://plain.example.com',
      }),
    ).toEqual([
      'http://me:p%40ss@proxy.example.com',
      'me:p%40ss',
      'me:p@ss',
      'p%40ss',
      'p@ss',
      'http://other:word@proxy.example.com',
      'other:word',
      'word',
    ]);
  });

  test('nothing to mask without credentials', () => {
    expect(proxySecrets('', { HTTPS_PROXY: 'http://proxy.example.com:3128' })).toEqual([]);
  });
});

describe('handProxyInputToEnvironment', () => {
  test('the input replaces the four proxy variables, NO_PROXY stays', () => {
    const env: Record<string, string | undefined> = { HTTPS_PROXY: 'http://old:1', NO_PROXY: 'internal.example.com' };
    handProxyInputToEnvironment({ ...VIA_PROXY, httpsProxy: 'http://new:3128', httpProxy: 'http://new:3128', fromInput: true }, env);
    expect(env).toEqual({
      HTTPS_PROXY: 'http://new:3128',
      https_proxy: 'http://new:3128',
      HTTP_PROXY: 'http://new:3128',
      http_proxy: 'http://new:3128',
      NO_PROXY: 'internal.example.com',
    });
  });

  test('settings from the variables leave the environment as it is', () => {
    const env: Record<string, string | undefined> = { HTTPS_PROXY: 'http://old:1' };
    handProxyInputToEnvironment(VIA_PROXY, env);
    expect(env).toEqual({ HTTPS_PROXY: 'http://old:1' });
  });
});

describe('describeProxy', () => {
  test('says where requests go, without credentials', () => {
    expect(
      describeProxy({
        httpsProxy: 'http://me:pw@proxy.example.com:3128',
        httpProxy: 'http://me:pw@proxy.example.com:3128',
        noProxy: ['internal.example.com'],
        fromInput: true,
      }),
    ).toBe(
      'AWS calls and the OIDC token request go through http://***@proxy.example.com:3128, from the `http-proxy` input, except loopback hosts and NO_PROXY (internal.example.com).',
    );
  });

  test('nothing to say without a proxy', () => {
    expect(describeProxy(DIRECT)).toBeUndefined();
  });
});
