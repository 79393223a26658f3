// `keep-revisions` after a successful deploy: read the family's revisions and what the cluster's services
// run, deregister what choose.ts picks, and say what was done. Batched reads: ListTaskDefinitions per family
// (newest first, 100 a page), ListServices (100 a page) and DescribeServices ten services at a time. A
// failure here is a warning, never a failed deploy: the deploy already succeeded.
import {
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import type { RevisionsReport } from '../report/report.js';
import { describeError } from '../shared/errors.js';
import { settleWithLimit } from '../shared/concurrency.js';
import { revisionName } from '../watch/wording.js';
import { choosePrunable, type PruneChoice } from './choose.js';
import type { PruneScope } from './scope.js';

/** DescribeServices takes ten services a call; the list calls a hundred items a page. */
const DESCRIBE_SERVICES_LIMIT = 10;
const PAGE_SIZE = 100;
/** Deregistrations side by side: few, so a family of hundreds stays well under ECS's rate limit. */
const DEREGISTER_CONCURRENCY = 2;

export interface PruneRequest extends PruneScope {
  readonly cluster: string;
  readonly keep: number;
  readonly dryRun: boolean;
}

/** The run's report of it (`deregistered`: on a dry run, what would be), the choices, and the calls made. */
export interface PruneReport extends RevisionsReport {
  readonly choices: readonly PruneChoice[];
  /** ECS calls made, for the bench. */
  readonly calls: number;
}

/** Prints as it goes: what to print, and the warnings. */
export interface PrunePrinter {
  info(line: string): void;
  warning(line: string): void;
}

export async function pruneRevisions(ecs: ECSClient, request: PruneRequest, print: PrunePrinter): Promise<PruneReport> {
  let calls = 0;
  const counted = <T>(send: () => Promise<T>): Promise<T> => {
    calls += 1;
    return send();
  };
  const base = { keep: request.keep, dryRun: request.dryRun };
  let choices: PruneChoice[];
  try {
    const running = await revisionsRunIn(ecs, request.cluster, counted);
    const protect = new Map(request.protect);
    for (const [arn, why] of running) if (!protect.has(arn)) protect.set(arn, why);
    choices = [];
    for (const [family, pending] of request.families) {
      const listed = await listRevisions(ecs, family, counted);
      choices.push(choosePrunable(family, listed, request.keep, protect, pending));
    }
  } catch (error) {
    const skipped = `could not read the revisions to prune (${describeError(error)}); nothing was deregistered`;
    print.warning(`keep-revisions: ${skipped}.`);
    return { ...base, choices: [], deregistered: [], failures: [], skipped, calls };
  }
  for (const line of pruneLines(choices, request)) print.info(line);
  const chosen = choices.flatMap((choice) => choice.deregister);
  if (request.dryRun || chosen.length === 0) return { ...base, choices, deregistered: chosen, failures: [], calls };

  const settled = await settleWithLimit(chosen, DEREGISTER_CONCURRENCY, (arn) =>
    counted(() => ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }))),
  );
  const deregistered: string[] = [];
  const failures: { arn: string; message: string }[] = [];
  for (const [index, result] of settled.entries()) {
    const arn = chosen[index] ?? '';
    if (result.status === 'fulfilled') {
      deregistered.push(arn);
      print.info(`Deregistered ${revisionName(arn)}`);
    } else {
      const message = describeError(result.reason);
      failures.push({ arn, message });
      print.warning(`keep-revisions: could not deregister ${revisionName(arn)} (${message}); it stays registered, the deploy succeeded.`);
    }
  }
  return { ...base, choices, deregistered, failures, calls };
}

/** The lines that say what is kept and why, and what goes (or would go, on a dry run). */
export function pruneLines(choices: readonly PruneChoice[], request: Pick<PruneRequest, 'keep' | 'dryRun'>): string[] {
  return choices.map((choice) => {
    const inUse = choice.inUse.map((entry) => `${revisionName(entry.arn)} (${entry.why})`);
    const going = choice.deregister.map(revisionName);
    const verb = request.dryRun ? 'would deregister' : 'deregistering';
    return (
      `keep-revisions ${String(request.keep)}: ${choice.family}: ${verb} ${going.length === 0 ? 'nothing' : going.join(', ')}` +
      (inUse.length === 0 ? '' : `; kept in use: ${inUse.join(', ')}`)
    );
  });
}

/** ACTIVE revisions of the family, newest first (familyPrefix also lists longer family names; choose.ts drops them). */
async function listRevisions(ecs: ECSClient, family: string, counted: <T>(send: () => Promise<T>) => Promise<T>): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await counted(() =>
      ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: PAGE_SIZE, nextToken })),
    );
    arns.push(...(page.taskDefinitionArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== '');
  return arns;
}

/** Every revision a service of the cluster runs or is rolling out or draining, with the service's name. */
async function revisionsRunIn(
  ecs: ECSClient,
  cluster: string,
  counted: <T>(send: () => Promise<T>) => Promise<T>,
): Promise<Map<string, string>> {
  const serviceArns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await counted(() => ecs.send(new ListServicesCommand({ cluster, maxResults: PAGE_SIZE, nextToken })));
    serviceArns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== '');
  const batches: string[][] = [];
  for (let start = 0; start < serviceArns.length; start += DESCRIBE_SERVICES_LIMIT) {
    batches.push(serviceArns.slice(start, start + DESCRIBE_SERVICES_LIMIT));
  }
  const running = new Map<string, string>();
  for (const batch of batches) {
    const described = await counted(() => ecs.send(new DescribeServicesCommand({ cluster, services: batch })));
    // A service ECS could not describe may run anything: better to prune nothing than the revision it runs.
    const failure = described.failures?.[0];
    if (failure !== undefined)
      throw new Error(`DescribeServices could not describe ${failure.arn ?? 'a service'} (${failure.reason ?? 'no reason'})`);
    for (const service of described.services ?? []) {
      const name = service.serviceName ?? service.serviceArn ?? 'a service';
      const revisions = [
        service.taskDefinition,
        ...(service.deployments ?? []).map((deployment) => deployment.taskDefinition),
        // CODE_DEPLOY and EXTERNAL controllers run their revisions in task sets.
        ...(service.taskSets ?? []).map((taskSet) => taskSet.taskDefinition),
      ];
      for (const arn of revisions) if (arn !== undefined && !running.has(arn)) running.set(arn, `${name} runs it`);
    }
  }
  return running;
}
