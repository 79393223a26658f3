// A re-run decides from what the edits make of the definition: new edits register and deploy, the same
// edits again change nothing, however ECS reorders and fills in what it stored.
import { describe, expect, test } from '@jest/globals';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { decideService } from '../../../src/service/decision.js';
import { renderTaskDefinition } from '../../../src/task-definition/render.js';
import { NO_EDITS, type TaskDefinitionEdits } from '../../../src/task-definition/edits/model.js';

const CURRENT = 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:7';
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/my-org/my-app@sha256:${'a'.repeat(64)}`;
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:my-app/db-AbCdEf';
const target = { service: 'my-service', previousTaskDefinitionArn: CURRENT, render: 0 };
const completed = {
  taskDefinition: CURRENT,
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: CURRENT, rolloutState: 'COMPLETED' as const }],
};

/** Revision 7 as ECS describes it after registering these edits: lists reordered, defaults filled in. */
const storedWithEdits: TaskDefinition = {
  taskDefinitionArn: CURRENT,
  family: 'my-app',
  revision: 7,
  status: 'ACTIVE',
  cpu: '1024',
  memory: '2048',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    {
      name: 'app',
      image: IMAGE,
      essential: true,
      cpu: 0,
      environment: [
        { name: 'STAGE', value: 'prod' },
        { name: 'LOG_LEVEL', value: '' },
      ],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: SECRET }],
      command: ['sh', '-c', 'node server.js'],
      dockerLabels: { b: '2', a: '1' },
      mountPoints: [],
      volumesFrom: [],
    },
  ],
};
const edits: TaskDefinitionEdits = {
  ...NO_EDITS,
  containers: {
    ...NO_EDITS.containers,
    environment: [
      ['LOG_LEVEL', ''],
      ['STAGE', 'prod'],
    ],
    secrets: [['DB_PASSWORD', SECRET]],
    command: ['sh', '-c', 'node server.js'],
    dockerLabels: [
      ['a', '1'],
      ['b', '2'],
    ],
  },
  task: { ...NO_EDITS.task, cpu: '1024' },
};

function decide(running: TaskDefinition, given: TaskDefinitionEdits) {
  const wanted = renderTaskDefinition({ taskDefinition: running, tags: [] }, { containerNames: ['app'], image: IMAGE, edits: given });
  return decideService({ target, service: completed, running: { taskDefinition: running, tags: [] }, wanted, forceNewDeployment: false });
}

describe('decideService with task definition edits', () => {
  test('the same image and the same edits as the running revision: unchanged', () => {
    expect(decide(storedWithEdits, edits)).toMatchObject({ kind: 'unchanged', taskDefinitionArn: CURRENT });
  });

  test('the same image with a new environment variable: register, naming the change', () => {
    const more = {
      ...edits,
      containers: { ...edits.containers, environment: [...edits.containers.environment, ['FEATURE_X', 'on'] as const] },
    };
    expect(decide(storedWithEdits, more)).toEqual({
      kind: 'register',
      target,
      changes: ['+ containerDefinitions[app].environment[FEATURE_X]: {"name":"FEATURE_X","value":"on"}'],
    });
  });

  test('the same image with a changed value: register', () => {
    const changed = { ...edits, containers: { ...edits.containers, environment: [['STAGE', 'staging'] as const] } };
    expect(decide(storedWithEdits, changed)).toMatchObject({
      kind: 'register',
      changes: ['~ containerDefinitions[app].environment[STAGE].value: prod → staging'],
    });
  });

  test('the same image with another secret ARN, command or size: register', () => {
    const other = 'arn:aws:ssm:us-east-1:123456789012:parameter/my-app/db';
    expect(decide(storedWithEdits, { ...edits, containers: { ...edits.containers, secrets: [['DB_PASSWORD', other]] } })).toMatchObject({
      kind: 'register',
    });
    expect(decide(storedWithEdits, { ...edits, containers: { ...edits.containers, command: ['node', 'server.js'] } })).toMatchObject({
      kind: 'register',
    });
    expect(decide(storedWithEdits, { ...edits, task: { ...edits.task, memory: '3072' } })).toMatchObject({
      kind: 'register',
      changes: ['~ memory: 2048 → 3072'],
    });
  });
});
