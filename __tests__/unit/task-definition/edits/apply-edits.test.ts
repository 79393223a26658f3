import { describe, expect, test } from '@jest/globals';
import { applyChanges, checkEdits } from '../../../../src/task-definition/edits/apply-edits.js';
import { EditError, NO_EDITS, type TaskDefinitionEdits } from '../../../../src/task-definition/edits/model.js';
import { renderTaskDefinition } from '../../../../src/task-definition/render.js';

const BUILT = `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app@sha256:${'a'.repeat(64)}`;
const ENVOY = `123456789012.dkr.ecr.us-east-1.amazonaws.com/envoy@sha256:${'e'.repeat(64)}`;
const DEFINITION = Object.freeze({
  family: 'my-app',
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '512',
  memory: '1024',
  containerDefinitions: [
    { name: 'app', image: 'my-org/my-app:old', environment: [{ name: 'STAGE', value: 'dev' }] },
    { name: 'worker', image: 'my-org/my-app:old' },
    { name: 'envoy', image: 'envoy:1.30' },
  ],
});
const withEdits = (parts: Partial<TaskDefinitionEdits>): TaskDefinitionEdits => ({ ...NO_EDITS, ...parts });

describe('applyChanges', () => {
  test('the deployed image and the container edits go to every container named; the others keep theirs', () => {
    const edits = withEdits({
      containers: { ...NO_EDITS.containers, environment: [['STAGE', 'prod']], command: ['node', 'worker.js'] },
      task: { ...NO_EDITS.task, memory: '2048' },
    });
    expect(applyChanges(DEFINITION, 'my-app', { containerNames: ['app', 'worker'], image: BUILT, edits })).toEqual({
      ...DEFINITION,
      memory: '2048',
      containerDefinitions: [
        { name: 'app', image: BUILT, environment: [{ name: 'STAGE', value: 'prod' }], command: ['node', 'worker.js'] },
        { name: 'worker', image: BUILT, environment: [{ name: 'STAGE', value: 'prod' }], command: ['node', 'worker.js'] },
        { name: 'envoy', image: 'envoy:1.30' },
      ],
    });
  });

  test('other images go to their containers, without the container edits', () => {
    const edits = withEdits({ containers: { ...NO_EDITS.containers, environment: [['A', '1']] }, images: [['envoy', 'envoy:1.31']] });
    const changed = applyChanges(DEFINITION, 'my-app', { containerNames: ['app'], image: BUILT, otherImages: [['envoy', ENVOY]], edits });
    expect(changed['containerDefinitions']).toEqual([
      {
        name: 'app',
        image: BUILT,
        environment: [
          { name: 'STAGE', value: 'dev' },
          { name: 'A', value: '1' },
        ],
      },
      { name: 'worker', image: 'my-org/my-app:old' },
      { name: 'envoy', image: ENVOY },
    ]);
  });

  test('a container of `images` the definition lacks is an error naming the input and the containers it has', () => {
    const run = (): unknown =>
      applyChanges(DEFINITION, 'my-app', {
        containerNames: ['app'],
        image: BUILT,
        edits: withEdits({ images: [['proxy', 'envoy:1.31']] }),
      });
    expect(run).toThrow(EditError);
    expect(run).toThrow(
      'Input `images` was "proxy=envoy:1.31"; expected a container of the task definition my-app: `app`, `worker`, `envoy`.',
    );
  });

  test('a container of `images` that also gets the deployed image (picked by its repository) is an error', () => {
    const run = (): unknown =>
      applyChanges(DEFINITION, 'my-app', { containerNames: ['app'], image: BUILT, edits: withEdits({ images: [['app', 'envoy:1.31']] }) });
    expect(run).toThrow('Input `images` was "app=envoy:1.31"; expected a container other than app, which gets the deployed image.');
  });

  test('a deployed container the definition lacks is an error naming its containers', () => {
    expect(() => applyChanges(DEFINITION, 'my-app', { containerNames: ['web'], image: BUILT })).toThrow(
      'The task definition my-app has no container named "web"; its containers are app, worker, envoy.',
    );
  });

  test('the definition given is never modified', () => {
    const before = structuredClone(DEFINITION);
    applyChanges(DEFINITION, 'my-app', {
      containerNames: ['app'],
      image: BUILT,
      edits: withEdits({ containers: { ...NO_EDITS.containers, environment: [['STAGE', 'prod']] } }),
    });
    expect(DEFINITION).toEqual(before);
  });
});

describe('checkEdits', () => {
  test('passes edits the definition can take, with or without the deployed containers known', () => {
    const edits = withEdits({ images: [['envoy', 'envoy:1.31']], task: { ...NO_EDITS.task, cpu: '1024', memory: '2048' } });
    expect(() => checkEdits(DEFINITION, 'my-app', [], edits)).not.toThrow();
    expect(() => checkEdits(DEFINITION, 'my-app', ['app', 'worker'], edits)).not.toThrow();
  });

  test('throws the error the edits would raise: a Fargate size it does not offer', () => {
    expect(() => checkEdits(DEFINITION, 'my-app', [], withEdits({ task: { ...NO_EDITS.task, memory: '8192' } }))).toThrow(
      /Input `memory` was "cpu 512, memory 8192"; expected a Fargate task size/,
    );
  });
});

describe('renderTaskDefinition with edits', () => {
  test('renders the edits beside the image, with the tags passed back', () => {
    const edits = withEdits({ containers: { ...NO_EDITS.containers, dockerLabels: [['team', 'payments']] } });
    const rendered = renderTaskDefinition(
      { taskDefinition: { ...DEFINITION, revision: 4, status: 'ACTIVE' }, tags: [{ key: 'team', value: 'payments' }] },
      { containerNames: ['worker'], image: BUILT, edits },
    );
    expect(rendered.containerDefinitions?.[1]).toEqual({ name: 'worker', image: BUILT, dockerLabels: { team: 'payments' } });
    expect(rendered.tags).toEqual([{ key: 'team', value: 'payments' }]);
    expect(rendered).not.toHaveProperty('revision');
  });
});
