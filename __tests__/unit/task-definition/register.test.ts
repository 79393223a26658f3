import { beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AccessDeniedException,
  ClientException,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { ACCOUNT, accessDenied, errorOf, metadata } from '../ecs-failures.js';

// Imported first: a factory importing it lazily can hand jest the fixture before it is evaluated.
const coreFixture = await import('../../../__fixtures__/core.js');
jest.unstable_mockModule('@actions/core', () => coreFixture);
const { registerTaskDefinition } = await import('../../../src/task-definition/register.js');

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });

const TASK_DEFINITION_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:42`;

beforeEach(() => {
  ecsMock.reset();
});

describe('registerTaskDefinition', () => {
  const input: RegisterTaskDefinitionCommandInput = {
    family: 'my-app',
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/my-app-task`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/my-app-execution`,
    containerDefinitions: [{ name: 'app', image: `127.0.0.1:5000/my-org/my-app@sha256:${'c'.repeat(64)}` }],
    tags: [{ key: 'team', value: 'payments' }],
  };

  test('sends the rendered input unchanged and returns the new revision', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TASK_DEFINITION_ARN, family: 'my-app', revision: 42 } });

    const registered = await registerTaskDefinition(ecs, input);

    expect(registered.taskDefinitionArn).toBe(TASK_DEFINITION_ARN);
    const sent = ecsMock.commandCalls(RegisterTaskDefinitionCommand).map((call) => call.args[0].input);
    expect(sent).toStrictEqual([input]);
  });

  test('fails when ECS answers without an ARN', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { family: 'my-app' } });

    await expect(registerTaskDefinition(ecs, input)).rejects.toThrow(
      'ECS RegisterTaskDefinition answered without the new revision\'s ARN for task definition family "my-app".',
    );
  });

  test.each([
    ['ecs:RegisterTaskDefinition', 'The role needs ecs:RegisterTaskDefinition.'],
    [
      'iam:PassRole',
      `The role needs iam:PassRole on arn:aws:iam::${ACCOUNT}:role/my-app-task and arn:aws:iam::${ACCOUNT}:role/my-app-execution (besides ecs:RegisterTaskDefinition).`,
    ],
    [
      'ecs:TagResource',
      'The role needs ecs:TagResource to register a revision with tags (ECS authorizes tags on create), besides ecs:RegisterTaskDefinition.',
    ],
  ])('access denied for %s says what the role needs', async (action, advice) => {
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(accessDenied(action));

    const error = await errorOf(registerTaskDefinition(ecs, input));

    expect(
      error.message.startsWith('AccessDeniedException from ECS RegisterTaskDefinition for task definition family "my-app": User: '),
    ).toBe(true);
    expect(error.message.endsWith(` ${advice}`)).toBe(true);
  });

  test('PassRole advice comes only with an access error, and names both roles generically when the input has none', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new ClientException({ $metadata: metadata, message: 'not authorized to perform iam:PassRole' }));
    const error = await errorOf(registerTaskDefinition(ecs, { family: 'my-app', containerDefinitions: [] }));
    // ClientException is not an access error by name: the service's own message is all we add.
    expect(error.message).toBe(
      'ClientException from ECS RegisterTaskDefinition for task definition family "my-app": not authorized to perform iam:PassRole',
    );

    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new AccessDeniedException({ $metadata: metadata, message: 'Unable to assume role: PassRole denied' }));
    const denied = await errorOf(registerTaskDefinition(ecs, { family: 'my-app', containerDefinitions: [] }));
    expect(denied.message).toBe(
      'AccessDeniedException from ECS RegisterTaskDefinition for task definition family "my-app": Unable to assume role: PassRole denied. The role needs iam:PassRole on the task role and the execution role (besides ecs:RegisterTaskDefinition).',
    );
  });
});
