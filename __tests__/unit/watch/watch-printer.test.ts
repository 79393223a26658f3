import { expect, test } from '@jest/globals';
import type { StoppedTaskReport } from '../../../src/watch/stopped-tasks.js';
import { stoppedTaskAnnotation } from '../../../src/watch/watch-printer.js';
import { explainingLine, type LastLogLine } from '../../../src/watch/container-logs.js';

const REPORT: StoppedTaskReport = {
  taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef0123456789abcdef',
  taskId: '0123456789abcdef0123456789abcdef',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:8',
  kind: 'failure',
  signature: 'exit app 1',
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  containers: [{ name: 'app', exitCode: 1, reason: '' }],
};
const DESCRIBED =
  'task 0123456789abcdef0123456789abcdef stopped (EssentialContainerExited): Essential container in task exited; containers: app exit 1';

test.each<[string, LastLogLine | undefined, string]>([
  ['no logs read', undefined, DESCRIBED],
  ['an empty last line', { container: 'app', line: '   ', kind: 'last' }, DESCRIBED],
  [
    "the container's last error",
    { container: 'app', line: 'Error: DATABASE_URL is not set', kind: 'error' },
    `${DESCRIBED}; last error logged by app: Error: DATABASE_URL is not set`,
  ],
  [
    "the container's last line",
    { container: 'app', line: 'shutting down', kind: 'last' },
    `${DESCRIBED}; last log line of app: shutting down`,
  ],
  [
    'a line with tabs and newlines, on one line',
    { container: 'app', line: 'panic:\tboom\n  at main', kind: 'error' },
    `${DESCRIBED}; last error logged by app: panic: boom at main`,
  ],
  [
    'a very long line, cut',
    { container: 'app', line: 'x'.repeat(400), kind: 'last' },
    `${DESCRIBED}; last log line of app: ${'x'.repeat(299)}…`,
  ],
])('a stopped task annotation with %s', (_, lastLogLine, annotation) => {
  expect(stoppedTaskAnnotation(REPORT, lastLogLine)).toBe(annotation);
});

test.each<[string, string[], LastLogLine]>([
  [
    'the error above its stack trace and exit message',
    [
      'Starting app',
      'Error: connect ECONNREFUSED 10.0.12.7:5432',
      '    at TCPConnectWrap.afterConnect (node:net:1611:16)',
      'app exited with code 1',
    ],
    { container: 'app', line: 'Error: connect ECONNREFUSED 10.0.12.7:5432', kind: 'error' },
  ],
  ['the last of several errors', ['ERROR one', 'FATAL two', 'bye'], { container: 'app', line: 'FATAL two', kind: 'error' }],
  [
    'the last line when none names an error',
    ['Starting app', 'app exited with code 1'],
    { container: 'app', line: 'app exited with code 1', kind: 'last' },
  ],
  ['no error in words that only contain it', ['terrorism report generated', 'done'], { container: 'app', line: 'done', kind: 'last' }],
])('the log line that explains a stop: %s', (_, lines, line) => {
  expect(explainingLine('app', lines)).toEqual(line);
});
