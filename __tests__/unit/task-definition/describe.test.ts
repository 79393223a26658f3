import { beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientException, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { describeTaskDefinitionWithTags } from '../../../src/task-definition/describe.js';
import { classifyPollError } from '../../../src/watch/poll-policy.js';
import { ACCOUNT, errorOf, metadata } from '../ecs-failures.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });

const PREVIOUS_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/my-app:41`;

beforeEach(() => {
  ecsMock.reset();
});

describe('describeTaskDefinitionWithTags', () => {
  test('asks for the tags and returns them with the definition', async () => {
    const tags = [{ key: 'team', value: 'payments' }];
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: PREVIOUS_ARN, family: 'my-app' }, tags });

    const described = await describeTaskDefinitionWithTags(ecs, PREVIOUS_ARN);

    expect(described).toStrictEqual({ taskDefinition: { taskDefinitionArn: PREVIOUS_ARN, family: 'my-app' }, tags });
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((call) => call.args[0].input)).toStrictEqual([
      { taskDefinition: PREVIOUS_ARN, include: ['TAGS'] },
    ]);
  });

  test('gives an empty tag list when the revision has none', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { family: 'my-app' } });

    expect((await describeTaskDefinitionWithTags(ecs, 'my-app')).tags).toStrictEqual([]);
  });

  test('an unknown definition names it and says what to check', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ $metadata: metadata, message: 'Unable to describe task definition.' }));

    const error = await errorOf(describeTaskDefinitionWithTags(ecs, 'my-app:99'));

    expect(error.message).toBe(
      'ClientException from ECS DescribeTaskDefinition for task definition "my-app:99": Unable to describe task definition. Check that the task definition exists in this account and region, and that the role may call ecs:DescribeTaskDefinition.',
    );
  });

  test('a network failure without an AWS name still names the operation and resource', async () => {
    const socketError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(socketError);

    const error = await errorOf(describeTaskDefinitionWithTags(ecs, 'my-app'));

    expect(error.message).toBe('Error from ECS DescribeTaskDefinition for task definition "my-app": connect ECONNREFUSED 127.0.0.1:443');
    expect(classifyPollError(error)).toBe('transient');
  });
});
