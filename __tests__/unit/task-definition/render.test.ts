import { describe, expect, test } from '@jest/globals';
import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { APP_IMAGE, NEW_IMAGE, REGISTRY, RICH_READ_ONLY_FIELDS, TAGS, richDescribedDefinition, withoutKeys } from './fixtures.js';
import { renderTaskDefinition } from '../../../src/task-definition/render.js';

describe('renderTaskDefinition', () => {
  test('keeps every registrable field of a rich definition and changes only the chosen container image', () => {
    const source = { taskDefinition: richDescribedDefinition(), tags: TAGS };

    const rendered = renderTaskDefinition(source, { containerNames: ['app'], image: NEW_IMAGE });

    const expected = withoutKeys(richDescribedDefinition(), RICH_READ_ONLY_FIELDS);
    const containers = expected['containerDefinitions'] as Record<string, unknown>[];
    containers[0] = { ...containers[0], image: NEW_IMAGE };
    expected['tags'] = TAGS;
    expect(rendered).toStrictEqual(expected);
  });

  test('drops exactly the read-only fields and keeps unknown top-level and nested fields', () => {
    const rendered = renderTaskDefinition(
      { taskDefinition: richDescribedDefinition(), tags: [] },
      { containerNames: ['app'], image: NEW_IMAGE },
    );

    for (const field of RICH_READ_ONLY_FIELDS) {
      expect(rendered).not.toHaveProperty(field);
    }
    expect(rendered).toHaveProperty('futureTopLevelSetting', { enabled: true });
    expect(rendered.containerDefinitions?.[0]).toHaveProperty('futureContainerSetting', { mode: 'strict', levels: [1, 2, 3] });
    expect(rendered).toHaveProperty('volumes.1', { name: 'scratch', configuredAtLaunch: true });
  });

  test('drops the deregistration fields of an inactive revision', () => {
    const inactive = {
      ...richDescribedDefinition(),
      status: 'INACTIVE',
      deregisteredAt: new Date('2026-09-02T10:00:00Z'),
      deleteRequestedAt: new Date('2026-09-03T10:00:00Z'),
    } as TaskDefinition;

    const rendered = renderTaskDefinition({ taskDefinition: inactive }, { containerNames: ['app'], image: NEW_IMAGE });

    for (const field of [...RICH_READ_ONLY_FIELDS, 'deregisteredAt', 'deleteRequestedAt']) {
      expect(rendered).not.toHaveProperty(field);
    }
  });

  test('changes only the named container even when another container uses the same image', () => {
    const rendered = renderTaskDefinition({ taskDefinition: richDescribedDefinition() }, { containerNames: ['app'], image: NEW_IMAGE });

    expect(rendered.containerDefinitions?.map((container) => [container.name, container.image])).toEqual([
      ['app', NEW_IMAGE],
      ['envoy', `${REGISTRY}/my-org/envoy:v1.31`],
      ['migrate', APP_IMAGE],
    ]);
  });

  test('keeps command arrays and environment values with = and spaces exactly as they were', () => {
    const rendered = renderTaskDefinition({ taskDefinition: richDescribedDefinition() }, { containerNames: ['app'], image: NEW_IMAGE });
    const app = rendered.containerDefinitions?.[0];

    expect(app?.command).toEqual(['node', 'server.js', '--mode', 'two words', '--flag=a=b']);
    expect(app?.environment).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://user@db:5432/app?sslmode=require&options=-c search_path=app' },
      { name: 'GREETING', value: 'hello world = still one value' },
      { name: 'EMPTY', value: '' },
    ]);
  });

  test('does not mutate the source definition or its tags', () => {
    const source = { taskDefinition: richDescribedDefinition(), tags: structuredClone(TAGS) };
    const snapshot = structuredClone(source);

    const rendered = renderTaskDefinition(source, { containerNames: ['app'], image: NEW_IMAGE });
    rendered.containerDefinitions?.[1]?.environment?.push({ name: 'LATER', value: 'edit' });
    rendered.tags?.push({ key: 'later', value: 'edit' });

    expect(source).toStrictEqual(snapshot);
  });

  test.each([
    ['no tags given', undefined],
    ['an empty tag list', [] as Tag[]],
  ])('omits tags when the source has %s', (_label, tags) => {
    const rendered = renderTaskDefinition(
      { taskDefinition: richDescribedDefinition(), tags },
      { containerNames: ['app'], image: NEW_IMAGE },
    );
    expect(rendered).not.toHaveProperty('tags');
  });

  test('adds no field that was absent: no volumeConfigurations and no empty lists', () => {
    const minimal = { family: 'tiny', containerDefinitions: [{ name: 'app', image: APP_IMAGE }] } as TaskDefinition;

    const rendered = renderTaskDefinition({ taskDefinition: minimal, tags: [] }, { containerNames: ['app'], image: NEW_IMAGE });

    expect(rendered).toStrictEqual({ family: 'tiny', containerDefinitions: [{ name: 'app', image: NEW_IMAGE }] });
  });

  test('keeps empty lists that the definition itself had', () => {
    const definition = {
      family: 'tiny',
      volumes: [],
      containerDefinitions: [{ name: 'app', image: APP_IMAGE, environment: [] }],
    } as TaskDefinition;

    const rendered = renderTaskDefinition({ taskDefinition: definition }, { containerNames: ['app'], image: NEW_IMAGE });

    expect(rendered).toStrictEqual({
      family: 'tiny',
      volumes: [],
      containerDefinitions: [{ name: 'app', image: NEW_IMAGE, environment: [] }],
    });
  });

  test('fails naming the containers when the container to change does not exist', () => {
    expect(() =>
      renderTaskDefinition({ taskDefinition: richDescribedDefinition() }, { containerNames: ['web'], image: NEW_IMAGE }),
    ).toThrow('The task definition my-app has no container named "web"; its containers are app, envoy, migrate.');
  });
});
