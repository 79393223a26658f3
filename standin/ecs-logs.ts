// CloudWatch Logs as far as the awslogs driver writes and GetLogEvents reads it. Timestamps are epoch
// milliseconds (integers), as CloudWatch Logs answers them, unlike ECS's epoch seconds.
import { isObject, optionalBoolean, optionalNumber, optionalString } from './ecs-input.js';
import type { ContainerState, EcsRegionState, LogStreamState, TaskState } from './ecs-state.js';
import { AwsError, type JsonObject } from './types.js';

export interface AwslogsTarget {
  readonly region: string | undefined;
  readonly group: string;
  readonly stream: string;
}

/** Where the awslogs driver sends a container's output: `PREFIX/CONTAINER/TASK_ID` in the configured group. */
export function awslogsTarget(containerDefinition: JsonObject, taskId: string): AwslogsTarget | undefined {
  const logConfiguration = containerDefinition.logConfiguration;
  if (!isObject(logConfiguration) || logConfiguration.logDriver !== 'awslogs' || !isObject(logConfiguration.options)) return undefined;
  const options = logConfiguration.options;
  const group = typeof options['awslogs-group'] === 'string' ? options['awslogs-group'] : undefined;
  const prefix = typeof options['awslogs-stream-prefix'] === 'string' ? options['awslogs-stream-prefix'] : undefined;
  const name = typeof containerDefinition.name === 'string' ? containerDefinition.name : undefined;
  if (group === undefined || prefix === undefined || name === undefined) return undefined;
  const region = typeof options['awslogs-region'] === 'string' ? options['awslogs-region'] : undefined;
  return { region, group, stream: `${prefix}/${name}/${taskId}` };
}

export function appendLogLines(state: EcsRegionState, target: AwslogsTarget, wallTimeMs: number, lines: readonly string[]): void {
  const streams = state.logGroups.get(target.group) ?? new Map<string, LogStreamState>();
  state.logGroups.set(target.group, streams);
  const stream: LogStreamState = streams.get(target.stream) ?? { events: [] };
  streams.set(target.stream, stream);
  const timestamp = Math.floor(wallTimeMs);
  for (const message of lines) stream.events.push({ timestamp, ingestionTime: timestamp + 150, message });
}

export function createLogGroup(state: EcsRegionState, group: string): void {
  if (!state.logGroups.has(group)) state.logGroups.set(group, new Map());
}

/** What a container "prints" at a step of its life, by behaviour. */
export function linesFor(moment: 'started' | 'crashed', task: TaskState, container: ContainerState): string[] {
  if (moment === 'started') {
    return [`Starting ${container.name} (task ${task.taskId})`, `${container.name} listening on port 8080`];
  }
  return [
    'Error: connect ECONNREFUSED 10.0.12.7:5432',
    '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)',
    `${container.name} exited with code 1`,
  ];
}

const TOKEN_PATTERN = /^([fb])\/(\d+)$/;
const token = (direction: 'f' | 'b', index: number): string => `${direction}/${String(index).padStart(56, '0')}`;

/** GetLogEvents: newest `limit` events unless startFromHead; forward/backward tokens by position. */
export function getLogEvents(state: EcsRegionState, input: JsonObject): JsonObject {
  const identifier = optionalString(input, 'logGroupIdentifier');
  const groupName =
    optionalString(input, 'logGroupName') ??
    (identifier === undefined ? undefined : identifier.replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, ''));
  const streamName = optionalString(input, 'logStreamName');
  if (groupName === undefined || streamName === undefined) {
    throw new AwsError('InvalidParameterException', 'logGroupName and logStreamName are required.');
  }
  const group = state.logGroups.get(groupName);
  if (group === undefined) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
  const stream = group.get(streamName);
  if (stream === undefined) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');

  const limit = Math.max(1, Math.min(10_000, optionalNumber(input, 'limit') ?? 10_000));
  const startTime = optionalNumber(input, 'startTime');
  const endTime = optionalNumber(input, 'endTime');
  const inWindow = stream.events
    .map((event, index) => ({ event, index }))
    .filter(
      ({ event }) => (startTime === undefined || event.timestamp >= startTime) && (endTime === undefined || event.timestamp < endTime),
    );

  const nextToken = optionalString(input, 'nextToken');
  const parsed = nextToken === undefined ? undefined : (TOKEN_PATTERN.exec(nextToken) ?? undefined);
  if (nextToken !== undefined && parsed === undefined)
    throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
  let selected: typeof inWindow;
  if (parsed !== undefined) {
    const position = Number(parsed[2]);
    selected =
      parsed[1] === 'f'
        ? inWindow.filter(({ index }) => index >= position).slice(0, limit)
        : inWindow.filter(({ index }) => index < position).slice(-limit);
  } else {
    selected = optionalBoolean(input, 'startFromHead') === true ? inWindow.slice(0, limit) : inWindow.slice(-limit);
  }
  const first = selected[0]?.index ?? (parsed !== undefined ? Number(parsed[2]) : stream.events.length);
  const last = selected.at(-1)?.index;
  return {
    events: selected.map(({ event }) => ({ timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime })),
    nextForwardToken: token('f', last === undefined ? first : last + 1),
    nextBackwardToken: token('b', first),
  };
}
