import { describe, expect, test } from '@jest/globals';
import { parseTaskDefinitionFile, TaskDefinitionFileError } from '../../../src/task-definition/parse-file.js';
import { renderTaskDefinition } from '../../../src/task-definition/render.js';
import { APP_IMAGE, NEW_IMAGE, TAGS } from './fixtures.js';

describe('parseTaskDefinitionFile', () => {
  const plain = { family: 'my-app', containerDefinitions: [{ name: 'app', image: APP_IMAGE }], cpu: '256' };

  test('reads a plain task definition, taking tags out of it', () => {
    const parsed = parseTaskDefinitionFile(JSON.stringify({ ...plain, tags: TAGS }), 'task-def.json');
    expect(parsed).toStrictEqual({ taskDefinition: plain, tags: TAGS });
  });

  test('reads the output of describe-task-definition with its tags', () => {
    const described = { taskDefinition: { ...plain, revision: 7, status: 'ACTIVE', registeredAt: '2026-09-01T10:00:00.000Z' }, tags: TAGS };
    const parsed = parseTaskDefinitionFile(JSON.stringify(described, null, 2), 'described.json');
    expect(parsed.tags).toStrictEqual(TAGS);
    expect(parsed.taskDefinition).toStrictEqual(described.taskDefinition);
  });

  test('a described file renders without its read-only fields', () => {
    const described = { taskDefinition: { ...plain, revision: 7, status: 'ACTIVE', registeredAt: '2026-09-01T10:00:00.000Z' }, tags: [] };
    const rendered = renderTaskDefinition(parseTaskDefinitionFile(JSON.stringify(described), 'd.json'), {
      containerNames: ['app'],
      image: NEW_IMAGE,
    });
    expect(rendered).toStrictEqual({ ...plain, containerDefinitions: [{ name: 'app', image: NEW_IMAGE }] });
  });

  test('accepts a byte order mark and gives no tags when there are none', () => {
    expect(parseTaskDefinitionFile(`\uFEFF${JSON.stringify(plain)}`, 'bom.json')).toStrictEqual({ taskDefinition: plain, tags: [] });
  });

  test.each([
    [
      'invalid JSON, with the line and column',
      '{\n  "family": "my-app",\n  "cpu": 256,,\n}',
      /^Task definition file bad\.json is not valid JSON: .*\(line 3,? column 14\)\.$/,
    ],
    [
      'an array',
      '[{"family": "my-app"}]',
      'Task definition file bad.json must hold a JSON object (a task definition, or the output of aws ecs describe-task-definition), found an array.',
    ],
    ['a string', '"my-app"', 'found a string.'],
    ['null', 'null', 'found null.'],
    [
      'no containerDefinitions',
      '{"family": "my-app"}',
      'Task definition file bad.json has no containerDefinitions (a non-empty array of containers is required).',
    ],
    ['empty containerDefinitions', '{"family": "my-app", "containerDefinitions": []}', 'has no containerDefinitions'],
    [
      'a describe output without containerDefinitions',
      '{"taskDefinition": {"family": "my-app"}, "tags": []}',
      'has no containerDefinitions in taskDefinition',
    ],
    [
      'a container that is not an object',
      '{"family": "f", "containerDefinitions": ["app"]}',
      'has containerDefinitions[0] that is a string, not an object.',
    ],
    [
      'a container without a name',
      '{"family": "f", "containerDefinitions": [{"name": "a"}, {"image": "x"}]}',
      'has containerDefinitions[1] without a name.',
    ],
    [
      'no family',
      '{"containerDefinitions": [{"name": "app"}]}',
      'Task definition file bad.json has no family (RegisterTaskDefinition needs one).',
    ],
    [
      'tags that are not key/value objects',
      '{"family": "f", "containerDefinitions": [{"name": "app"}], "tags": {"team": "x"}}',
      'has tags that are not a list',
    ],
  ])('fails on %s with one line naming the file', (_label, text, message) => {
    const parse = (): unknown => parseTaskDefinitionFile(text, 'bad.json');
    expect(parse).toThrow(TaskDefinitionFileError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(/^[^\n]*bad\.json[^\n]*$/);
  });
});
