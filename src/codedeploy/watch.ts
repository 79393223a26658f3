// Follows a CodeDeploy deployment of an ECS service to its end: GetDeployment each poll, the service's
// target and its lifecycle events (ListDeploymentTargets once, then BatchGetDeploymentTargets), each event
// printed once per state with its diagnostics, then DescribeServices to check which revision the service
// serves. Loaded only for CODE_DEPLOY services (see by-controller.ts).
import * as core from '@actions/core';
import {
  BatchGetDeploymentTargetsCommand,
  GetDeploymentCommand,
  ListDeploymentTargetsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
  type LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { defaultSleep } from '../shared/retry.js';
import { errorMessage } from '../shared/errors.js';
import { POLL_POLICY } from '../watch/poll-policy.js';
import type { WatchOutcome } from '../watch/watch-request.js';
import { codeDeployClientLike } from './client.js';
import { codeDeployVerdict, hasEnded, lifecycleLine, liveRevision } from './verdict.js';

export interface CodeDeployWatchRequest {
  readonly cluster: string;
  readonly service: string;
  readonly deploymentId: string;
  readonly taskDefinitionArn: string;
  readonly waitMinutes: number;
}

export interface CodeDeployWatchDeps {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** Every CODE_DEPLOY service's deployment, watched side by side with one CodeDeploy client. */
export async function watchCodeDeployments(
  ecs: ECSClient,
  requests: readonly CodeDeployWatchRequest[],
  deps: CodeDeployWatchDeps = {},
): Promise<WatchOutcome[]> {
  const client = await codeDeployClientLike(ecs);
  try {
    return await Promise.all(requests.map((request) => watchCodeDeploy(client, ecs, request, deps)));
  } finally {
    client.destroy();
  }
}

export async function watchCodeDeploy(
  client: CodeDeployClient,
  ecs: ECSClient,
  request: CodeDeployWatchRequest,
  deps: CodeDeployWatchDeps = {},
): Promise<WatchOutcome> {
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const started = now();
  const deadline = started + request.waitMinutes * 60_000;
  const { deploymentId, service } = request;
  let apiCalls = 0;
  const printed = new Set<string>();
  const lines: string[] = [];
  let targetId: string | undefined;
  let info: DeploymentInfo | undefined;
  let events: readonly LifecycleEvent[] = [];
  let timedOut = false;
  const outcome = (status: WatchOutcome['status'], reason: string): WatchOutcome => ({
    service,
    status,
    rolloutState: info?.status ?? '',
    deploymentId,
    reason,
    stoppedTasks: [],
    events: lines,
    durationMs: now() - started,
    apiCalls,
  });

  try {
    for (;;) {
      apiCalls += 1;
      info = (await client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo;
      if (targetId === undefined) {
        apiCalls += 1;
        targetId = (await client.send(new ListDeploymentTargetsCommand({ deploymentId }))).targetIds?.[0];
      }
      if (targetId !== undefined) {
        apiCalls += 1;
        const targets = await client.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: [targetId] }));
        events = targets.deploymentTargets?.[0]?.ecsTarget?.lifecycleEvents ?? events;
      }
      for (const event of events) {
        const line = lifecycleLine(event);
        if (event.status === 'Pending' || printed.has(line)) continue;
        printed.add(line);
        lines.push(line);
        core.info(`${service}: CodeDeploy ${deploymentId} ${line}`);
      }
      if (hasEnded(info?.status)) break;
      if (now() >= deadline) {
        timedOut = true;
        break;
      }
      await sleep(Math.min(POLL_POLICY.intervalMs, Math.max(deadline - now(), 0)));
    }
    apiCalls += 1;
    const described = await ecs.send(new DescribeServicesCommand({ cluster: request.cluster, services: [service] }));
    const verdict = codeDeployVerdict({
      deploymentId,
      info,
      events,
      ours: request.taskDefinitionArn,
      live: liveRevision(described.services?.[0]),
      ...(timedOut ? { timedOutAfterMinutes: request.waitMinutes } : {}),
    });
    return outcome(verdict.status, verdict.reason);
  } catch (error) {
    return outcome('failed', `The watch could not read CodeDeploy deployment ${deploymentId}: ${errorMessage(error)}`);
  }
}
