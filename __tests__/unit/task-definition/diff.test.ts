import { describe, expect, test } from '@jest/globals';
import { diffTaskDefinitions } from '../../../src/task-definition/diff.js';
import { renderTaskDefinition } from '../../../src/task-definition/render.js';
import { APP_IMAGE, NEW_IMAGE, RICH_READ_ONLY_FIELDS, TAGS, richDescribedDefinition, withoutKeys } from './fixtures.js';

describe('diffTaskDefinitions', () => {
  test('shows only the image change of a rendered revision, ignoring read-only fields and passed-back tags', () => {
    const before = richDescribedDefinition();
    const after = renderTaskDefinition({ taskDefinition: before, tags: TAGS }, { containerNames: ['app'], image: NEW_IMAGE });

    expect(diffTaskDefinitions({ ...before, tags: TAGS }, after)).toEqual([
      `~ containerDefinitions[app].image: ${APP_IMAGE} → ${NEW_IMAGE}`,
    ]);
  });

  test('reports additions, removals and changes by container, variable and tag name', () => {
    const before = {
      family: 'my-app',
      cpu: '256',
      containerDefinitions: [
        {
          name: 'app',
          image: 'a',
          environment: [
            { name: 'MODE', value: 'blue' },
            { name: 'OLD', value: 'x' },
          ],
          command: ['run', 'fast'],
        },
        { name: 'sidecar', image: 's' },
      ],
      tags: [{ key: 'team', value: 'payments' }],
    };
    const after = {
      family: 'my-app',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: 'b',
          environment: [
            { name: 'MODE', value: 'green and blue' },
            { name: 'NEW', value: 'y=z' },
          ],
          command: ['run', 'slow'],
        },
        { name: 'logger', image: 'l' },
      ],
      tags: [{ key: 'team', value: 'payments' }],
    };

    expect(diffTaskDefinitions(before, after)).toEqual([
      '- cpu: 256',
      '~ containerDefinitions[app].image: a → b',
      '~ containerDefinitions[app].environment[MODE].value: blue → green and blue',
      '- containerDefinitions[app].environment[OLD]: {"name":"OLD","value":"x"}',
      '+ containerDefinitions[app].environment[NEW]: {"name":"NEW","value":"y=z"}',
      '~ containerDefinitions[app].command: ["run","fast"] → ["run","slow"]',
      '- containerDefinitions[sidecar]: {"name":"sidecar","image":"s"}',
      '+ containerDefinitions[logger]: {"name":"logger","image":"l"}',
      '+ memory: 512',
    ]);
  });

  test('says when only the order of containers changed', () => {
    const a = { family: 'f', containerDefinitions: [{ name: 'x' }, { name: 'y' }] };
    const b = { family: 'f', containerDefinitions: [{ name: 'y' }, { name: 'x' }] };
    expect(diffTaskDefinitions(a, b)).toEqual(['~ containerDefinitions: order x, y → y, x']);
  });

  test('is empty for identical content', () => {
    expect(diffTaskDefinitions(richDescribedDefinition(), withoutKeys(richDescribedDefinition(), RICH_READ_ONLY_FIELDS))).toEqual([]);
  });
});
