import { describe, expect, test } from '@jest/globals';
import { observe } from '../../../src/watch/observe.js';
import { startWatch } from '../../../src/watch/watch-state.js';
import {
  OLD_ID,
  OUR_ID,
  PREVIOUS,
  T0,
  event,
  oldDeployment,
  ourDeployment,
  play,
  service,
  serviceDeployment,
  stoppedTask,
  watchTarget as target,
} from '../../../__fixtures__/watch-snapshots.js';

const rolling = (fields: Parameters<typeof ourDeployment>[0] = {}, breaker: 'off' | 'enabled' | 'rollback' = 'off') =>
  service({ deployments: [ourDeployment(fields), oldDeployment()], breaker });

describe('observe: what it prints', () => {
  test('prints each new service event once, oldest first, and none from before our update', () => {
    const first = service({
      deployments: [ourDeployment({ pendingCount: 2 }), oldDeployment()],
      events: [
        event(-60, '(service my-svc) has reached a steady state.', 'old'),
        event(2, '(service my-svc) has started 2 tasks: (task a) (task b).'),
      ],
    });
    const second = service({
      deployments: [ourDeployment({ runningCount: 2 }), oldDeployment()],
      events: [
        event(-60, '(service my-svc) has reached a steady state.', 'old'),
        event(2, '(service my-svc) has started 2 tasks: (task a) (task b).'),
        event(7, '(service my-svc) has stopped 2 running tasks: (task c) (task d).'),
        event(8, '(service my-svc) has reached a steady state.'),
      ],
    });
    const played = play(target(), [
      { second: 3, service: first },
      { second: 9, service: second },
    ]);
    const events = played.lines.filter((line) => line.startsWith('event '));
    expect(events).toEqual([
      'event 10:00:02 (service my-svc) has started 2 tasks: (task a) (task b).',
      'event 10:00:07 (service my-svc) has stopped 2 running tasks: (task c) (task d).',
      'event 10:00:08 (service my-svc) has reached a steady state.',
    ]);
  });

  // The previous deployment's last events come seconds before ours when a deploy follows another: within
  // the clock skew allowed around our call, but older than our deployment by ECS's own clock.
  test.each([
    { label: 'a second before our deployment', second: -1 },
    { label: 'four seconds before our deployment', second: -4 },
  ])('prints no event of the previous deployment from $label, once ours is listed', ({ second }) => {
    const played = play(target(), [
      {
        second: 3,
        service: service({
          deployments: [ourDeployment({ pendingCount: 2 }), oldDeployment()],
          events: [
            event(second - 0.5, `(service my-svc) (deployment ${OLD_ID}) deployment completed.`, 'completed'),
            event(second, '(service my-svc) has reached a steady state.', 'steady'),
            event(1, '(service my-svc) has started 2 tasks: (task a) (task b).'),
          ],
        }),
      },
    ]);
    expect(played.lines.filter((line) => line.startsWith('event '))).toEqual([
      'event 10:00:01 (service my-svc) has started 2 tasks: (task a) (task b).',
    ]);
  });

  test('before our deployment is listed, events are ours from our call on (give or take the clock skew); after, from its creation', () => {
    const previousSteady = event(-2, '(service my-svc) has reached a steady state.', 'steady');
    const played = play(target(), [
      { second: 1, service: service({ deployments: [oldDeployment({ status: 'PRIMARY' })], events: [previousSteady] }) },
      {
        second: 6,
        service: service({
          deployments: [ourDeployment({ createdAt: new Date(T0 + 500), pendingCount: 2 }), oldDeployment()],
          events: [
            previousSteady,
            event(0.2, '(service my-svc) registered 1 targets.', 'early'),
            event(2, '(service my-svc) has started 2 tasks.'),
          ],
        }),
      },
    ]);
    expect(played.lines.filter((line) => line.startsWith('event '))).toEqual([
      'event 09:59:58 (service my-svc) has reached a steady state.',
      'event 10:00:02 (service my-svc) has started 2 tasks.',
    ]);
  });

  test('prints the deployment status only when it changes', () => {
    const same = rolling({ pendingCount: 2 });
    const played = play(target(), [
      { second: 1, service: same },
      { second: 6, service: same },
      { second: 11, service: rolling({ runningCount: 1, pendingCount: 1 }) },
    ]);
    const statuses = played.lines.filter((line) => line.startsWith(OUR_ID));
    expect(statuses).toEqual([
      `${OUR_ID} (my-app:8) IN_PROGRESS: 0/2 running, 2 pending, 0 failed; my-app:7 ACTIVE COMPLETED: 2/2 running, 0 pending, 0 failed`,
      `${OUR_ID} (my-app:8) IN_PROGRESS: 1/2 running, 1 pending, 0 failed; my-app:7 ACTIVE COMPLETED: 2/2 running, 0 pending, 0 failed`,
    ]);
  });

  test('shows the circuit breaker count and lifecycle stage from the service deployment', () => {
    const played = play(target(), [
      {
        second: 6,
        service: rolling({ failedTasks: 1 }, 'rollback'),
        serviceDeployment: serviceDeployment({
          lifecycleStage: 'SCALE_UP',
          deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 1, threshold: 3 },
        }),
      },
    ]);
    expect(played.lines.join('\n')).toContain('service deployment IN_PROGRESS (SCALE_UP); circuit breaker 1/3');
  });

  test('describes a stopped task once, with stop code, reason and every container exit code', () => {
    const task = stoppedTask({
      exitCode: 137,
      containerReason: 'OutOfMemoryError: Container killed due to memory usage',
      containers: [
        { name: 'app', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
        { name: 'envoy', exitCode: 0 },
      ],
    });
    const played = play(target(), [
      { second: 6, service: rolling({ failedTasks: 1 }), stoppedTasks: [task] },
      { second: 11, service: rolling({ failedTasks: 1, pendingCount: 1 }), stoppedTasks: [task] },
    ]);
    const taskLines = played.lines.filter((line) => line.startsWith('task '));
    expect(taskLines).toEqual([
      expect.stringMatching(
        /^task \w+ stopped \(EssentialContainerExited\): Essential container in task exited; containers: app exit 137 \(OutOfMemoryError: Container killed due to memory usage\), envoy exit 0$/,
      ),
    ]);
  });

  test('ignores stopped tasks of another revision and waits for tasks still stopping', () => {
    let state = startWatch(target());
    const stopping = stoppedTask({ exitCode: 1, lastStatus: 'DEPROVISIONING' });
    const otherRevision = stoppedTask({ exitCode: 1, taskDefinitionArn: PREVIOUS });
    const first = observe(state, { nowMs: T0 + 6000, service: rolling({ failedTasks: 1 }), stoppedTasks: [stopping, otherRevision] });
    expect(first.newStoppedTasks).toEqual([]);
    expect(first.state.stoppingTasksPending).toBe(true);
    state = first.state;
    const second = observe(state, {
      nowMs: T0 + 11_000,
      service: rolling({ failedTasks: 1 }),
      stoppedTasks: [{ ...stopping, lastStatus: 'STOPPED' }],
    });
    expect(second.newStoppedTasks.map((report) => report.taskArn)).toEqual([stopping.taskArn]);
  });
});
