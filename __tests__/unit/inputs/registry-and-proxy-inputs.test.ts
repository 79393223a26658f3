import { describe, expect, test } from '@jest/globals';
import type { InputName } from '../../../src/inputs/field-readers.js';
import { readRegistries } from '../../../src/inputs/registry-inputs.js';
import { readProxy } from '../../../src/inputs/proxy-inputs.js';

const reader =
  (inputs: Partial<Record<InputName, string>>) =>
  (name: InputName): string =>
    inputs[name] ?? '';

describe('readRegistries', () => {
  test.each([
    ['nothing', '', []],
    ['an account id, in aws-region', '210987654321', [{ registryId: '210987654321', region: 'us-east-1' }]],
    [
      'a registry host, in its own region',
      '210987654321.dkr.ecr.eu-west-1.amazonaws.com',
      [{ registryId: '210987654321', region: 'eu-west-1' }],
    ],
    [
      'lines and commas, each registry once',
      '210987654321, 111122223333\n210987654321.dkr.ecr.us-east-1.amazonaws.com\n# a comment',
      [
        { registryId: '210987654321', region: 'us-east-1' },
        { registryId: '111122223333', region: 'us-east-1' },
      ],
    ],
    [
      'a China registry host with its scheme',
      'https://210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn',
      [{ registryId: '210987654321', region: 'cn-north-1' }],
    ],
  ])('%s', (_name, value, expected) => {
    expect(readRegistries(reader({ registries: value }), 'us-east-1')).toEqual(expected);
  });
});

describe('readProxy', () => {
  test('the input overrides HTTPS_PROXY and HTTP_PROXY for both schemes and keeps NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://other:8080', http_proxy: 'http://other:8081', NO_PROXY: 'internal.example.com, .corp' };
    expect(readProxy(reader({ 'http-proxy': 'http://me:pa55@proxy.example.com:3128' }), env)).toEqual({
      httpsProxy: 'http://me:pa55@proxy.example.com:3128',
      httpProxy: 'http://me:pa55@proxy.example.com:3128',
      noProxy: ['internal.example.com', '.corp'],
      fromInput: true,
    });
  });

  test('without the input the runner variables apply, lower case before upper case as @actions/http-client reads them', () => {
    const env = {
      https_proxy: 'http://lower:3128',
      HTTPS_PROXY: 'http://upper:3128',
      HTTP_PROXY: 'http://plain:3128',
      no_proxy: 'a.example.com',
    };
    expect(readProxy(reader({}), env)).toEqual({
      httpsProxy: 'http://lower:3128',
      httpProxy: 'http://plain:3128',
      noProxy: ['a.example.com'],
      fromInput: false,
    });
  });

  test('no input and no variables: every request goes direct', () => {
    expect(readProxy(reader({}), {})).toEqual({ httpsProxy: undefined, httpProxy: undefined, noProxy: [], fromInput: false });
  });

  test('an https proxy URL is accepted', () => {
    expect(readProxy(reader({ 'http-proxy': 'https://proxy.example.com' }), {}).httpsProxy).toBe('https://proxy.example.com');
  });
});
