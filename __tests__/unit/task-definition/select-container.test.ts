import { describe, expect, test } from '@jest/globals';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { selectContainer } from '../../../src/task-definition/select-container.js';

const REGISTRY = '127.0.0.1:5000';

describe('selectContainer', () => {
  const definition = {
    family: 'my-app',
    containerDefinitions: [
      { name: 'app', image: `${REGISTRY}/my-org/my-app:1.4.0` },
      { name: 'worker', image: `${REGISTRY}/my-org/my-worker@sha256:${'b'.repeat(64)}` },
      { name: 'proxy', image: `proxy.example.org/my-org/my-app:2` },
      { name: 'agent', image: 'localhost:5001/tools/agent' },
    ],
  } as TaskDefinition;

  test.each([
    ['by name', { containerName: 'worker' }, 'worker'],
    ['by name even when the repository points elsewhere', { containerName: 'proxy', repositoryUri: `${REGISTRY}/my-org/my-app` }, 'proxy'],
    ['by repository with host, ignoring the tag', { repositoryUri: `${REGISTRY}/my-org/my-app` }, 'app'],
    ['by repository given with a tag of its own', { repositoryUri: `${REGISTRY}/my-org/my-app:latest` }, 'app'],
    ['by repository when the image is pinned by digest', { repositoryUri: `${REGISTRY}/my-org/my-worker` }, 'worker'],
    ['by repository on another registry with the same path', { repositoryUri: 'proxy.example.org/my-org/my-app' }, 'proxy'],
    ['by repository with a localhost host and no tag', { repositoryUri: 'localhost:5001/tools/agent' }, 'agent'],
    ['by repository path alone when only one registry has it', { repositoryUri: 'my-org/my-worker' }, 'worker'],
    ['by repository with a differently cased host', { repositoryUri: 'PROXY.example.org/my-org/my-app' }, 'proxy'],
  ])('picks %s', (_label, selector, expected) => {
    expect(selectContainer(definition, selector)).toBe(expected);
  });

  test.each([
    [
      'a name that is not there',
      { containerName: 'web' },
      'The task definition my-app has no container named "web"; its containers are app, worker, proxy, agent. Set container-name to one of them.',
    ],
    [
      'a repository path used on two registries',
      { repositoryUri: 'my-org/my-app' },
      `2 containers of the task definition my-app use images from my-org/my-app (containers: app → ${REGISTRY}/my-org/my-app:1.4.0, worker → ${REGISTRY}/my-org/my-worker@sha256:${'b'.repeat(64)}, proxy → proxy.example.org/my-org/my-app:2, agent → localhost:5001/tools/agent); set container-name to the one whose image should change.`,
    ],
    [
      'a repository no container uses',
      { repositoryUri: `${REGISTRY}/my-org/other` },
      `No container of the task definition my-app uses an image from ${REGISTRY}/my-org/other (containers: app → ${REGISTRY}/my-org/my-app:1.4.0,`,
    ],
    [
      'a repository whose path is only a prefix of an image',
      { repositoryUri: `${REGISTRY}/my-org/my` },
      'No container of the task definition my-app uses an image',
    ],
    ['a repository on a different host', { repositoryUri: 'other.example.org/my-org/my-app' }, 'No container'],
    ['neither a name nor a repository with several containers', {}, 'The task definition my-app has 4 containers (app → '],
  ])('fails for %s', (_label, selector, message) => {
    expect(() => selectContainer(definition, selector)).toThrow(message);
  });

  test('errors ask for container-name whenever the choice is ambiguous', () => {
    for (const selector of [{}, { repositoryUri: 'my-org/my-app' }, { repositoryUri: 'none/such' }]) {
      expect(() => selectContainer(definition, selector)).toThrow(/set container-name/);
    }
  });

  test('takes the only container when nothing else says which', () => {
    const single = { family: 'one', containerDefinitions: [{ name: 'solo', image: 'my-org/solo:1' }] } as TaskDefinition;
    expect(selectContainer(single, {})).toBe('solo');
  });

  // References the former selection parser read differently from the engines (and from the input check).
  describe('reads images with the one image-reference parser', () => {
    const SHA512 = `sha512:${'cd34'.repeat(32)}`;
    const mixed = {
      family: 'mixed',
      containerDefinitions: [
        { name: 'ipv6', image: '[::1]:5000/my-org/ipv6-app:v1' },
        { name: 'pinned', image: `registry.example.com/my-org/pinned@${SHA512}` },
        { name: 'capital-host', image: 'Registry/capital:1' },
        { name: 'unreadable', image: 'My-Org/My-App:1' },
      ],
    } as TaskDefinition;

    test.each([
      ['an IPv6 host with a port', '[::1]:5000/my-org/ipv6-app', 'ipv6'],
      ['an IPv6 image by path alone', 'my-org/ipv6-app', 'ipv6'],
      ['an image pinned by a sha512 digest', 'registry.example.com/my-org/pinned', 'pinned'],
      ['a host in capitals, by path alone', 'capital', 'capital-host'],
      ['a host in capitals, by host in other case', 'REGISTRY/capital', 'capital-host'],
    ])('picks %s', (_label, repositoryUri, expected) => {
      expect(selectContainer(mixed, { repositoryUri })).toBe(expected);
    });

    test('never picks an image an engine could not read, even when the text is the same', () => {
      expect(() => selectContainer(mixed, { repositoryUri: 'My-Org/My-App' })).toThrow(
        'No container of the task definition mixed uses an image from My-Org/My-App',
      );
    });
  });
});
