// `npm run bench [-- --json] [-- --quick]`: what the action itself costs, measured by running the
// bundled action (dist/, as built) against the local stand-in at timeScale 1. Prints each figure's
// median beside its target; it asserts nothing (timings belong in a bench, not in tests).
// Progress goes to stderr, so `--json` leaves stdout pure JSON.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { nodeBinary, ROOT, TEST_NODE_VARIABLE } from '../standin/harness/run-action.js';
import { SERVICE } from '../standin/harness/world.js';
import { measureBundleLoad } from './bundle-load.js';
import { measureColdStart } from './cold-start.js';
import { measureDeploys, measureSlowStart, type DeploySample } from './deploys.js';
import { DIST, distFiles, distStamp } from './dist-size.js';
import { failureServices, measureFailures } from './failure.js';
import { figure, renderJson, renderMarkdown, type BenchReport, type CallCount, type Figure } from './figures.js';
import { measureLongWait } from './long-wait.js';
import { measurePruneCalls } from './prune.js';
import { measureHealthy, measureOneFailing, serviceNames, type ManyServicesSample } from './many-services.js';
import { median } from './stats.js';
import { withWorld } from './worlds.js';
import { CACHE_REPOSITORY, measureBuildCache } from './build-cache.js';
import { execFileSync } from 'node:child_process';

interface Repetitions {
  /** Runs under a second each: at least 10. */
  readonly fast: number;
  readonly buildDeploys: number;
  readonly givenImageDeploys: number;
  readonly failures: number;
  /** Runs of each many-services measurement (20 services healthy, one of 20 failing, 1 service throttled). */
  readonly manyServices: number;
  /** Pairs of a cold build and a warm rebuild with the layer cache in ECR. */
  readonly buildCachePairs: number;
}

const FULL: Repetitions = { fast: 10, buildDeploys: 5, givenImageDeploys: 5, failures: 5, manyServices: 5, buildCachePairs: 3 };
const QUICK: Repetitions = { fast: 5, buildDeploys: 2, givenImageDeploys: 3, failures: 3, manyServices: 3, buildCachePairs: 1 };
const MIB = 1024 * 1024;

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const quick = process.argv.includes('--quick');
  const repetitions = quick ? QUICK : FULL;
  if (!existsSync(path.join(DIST, 'index.js'))) {
    console.error('bench: dist/index.js is missing; run `npm run build` first.');
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const loadAverageAtStart = loadavg()[0] ?? 0;
  const warnings = staleBundleWarnings();
  stampAtStart = distStamp();

  const chosenBy = process.env[TEST_NODE_VARIABLE]
    ? TEST_NODE_VARIABLE
    : `the Node running the bench (set ${TEST_NODE_VARIABLE} to choose)`;
  log(`the action runs on Node ${nodeVersion()}, ${nodeBinary()}: ${chosenBy}`);
  log(`bundle load: ${repetitions.fast} runs of dist/index.js without inputs, and of node -e ''`);
  const load = await measureBundleLoad(repetitions.fast);

  const healthy = await withWorld({ scenario: { rollout: 'healthy' } }, async (world) => {
    log(`cold start: ${repetitions.fast} dry runs`);
    const coldStart = await measureColdStart(world, repetitions.fast);
    log(`healthy deploys: ${repetitions.buildDeploys} with a build, ${repetitions.givenImageDeploys} with image given (~10 s each)`);
    return { coldStart, ...(await measureDeploys(world, repetitions.buildDeploys, repetitions.givenImageDeploys)) };
  });

  log(`layer cache: ${repetitions.buildCachePairs} cold builds and warm rebuilds, each on an emptied engine (~25 s a pair)`);
  const buildCache = await withWorld({ scenario: { rollout: 'healthy' }, cacheRepository: { name: CACHE_REPOSITORY } }, (world) =>
    measureBuildCache(world, repetitions.buildCachePairs),
  );

  let slowStart: DeploySample[] = [];
  if (!quick) {
    log('slow start: one deploy whose rollout takes ~23 s');
    slowStart = [await withWorld({ scenario: { rollout: 'slow-start' } }, (world) => measureSlowStart(world))];
  }

  const services = failureServices(repetitions.failures);
  log(`failure → exit: ${services.length} crash loops with the circuit breaker (~12 s each)`);
  const failures = await withWorld({ scenario: { rollout: 'crash-loop' }, services }, (world) => measureFailures(world, services));
  const ownRollbacks = failures.filter((sample) => sample.ownRollbackCalls > 0).length;
  if (ownRollbacks > 0)
    warnings.push(`${ownRollbacks} crash-loop runs rolled back themselves although ECS's circuit breaker was rolling back`);

  log(`many services: ${repetitions.manyServices} deploys each of 1 and of 20 services, of 20 with one crash-looping, of 1 throttled`);
  const many = await measureManyServices(repetitions.manyServices);

  log('long wait: a crash loop without circuit breaker, wait-for-minutes 1 (~70 s)');
  const longWait = await withWorld({ scenario: { rollout: 'crash-loop' }, circuitBreaker: { enable: false, rollback: false } }, (world) =>
    measureLongWait(world),
  );

  log('keep-revisions: one deploy pruning a family of 7 revisions in a cluster of 3 services');
  const pruned = await withWorld({ scenario: { rollout: 'healthy' }, pruneRevisions: true }, (world) => measurePruneCalls(world));

  if (distChangedSince(stampAtStart))
    warnings.push('dist/ changed while the bench ran (a rebuild?): run it again for figures of one bundle');

  const deploys = [...healthy.built, ...healthy.givenImage];
  const everyDeploy = [...deploys, ...slowStart];
  const rss = [...everyDeploy.map((sample) => sample.maxRssBytes), ...failures.map((sample) => sample.maxRssBytes), longWait.maxRssBytes]
    .filter((bytes): bytes is number => bytes !== undefined)
    .map((bytes) => bytes / MIB);
  const distBytes = distFiles().reduce((total, entry) => total + entry.bytes, 0);
  const figures: Figure[] = [
    figure('cold start', 'ms', healthy.coldStart, 150, 'spawn → first request at the OIDC endpoint (dry runs)'),
    figure('bundle load', 'ms', load.bundle, 120, '`node dist/index.js` without inputs: spawn → exit 1'),
    figure('(reference) node start', 'ms', load.bareNode, undefined, "`node -e ''`: spawn → exit"),
    figure(
      'overhead, with a build',
      'ms',
      pick(healthy.built, 'overheadMs'),
      1000,
      'total − Image phase − ECS rollout (UpdateService → finishedAt)',
    ),
    figure('overhead, image given', 'ms', pick(healthy.givenImage, 'overheadMs'), 1000, 'total − ECS rollout (no build to subtract)'),
    figure(
      '(part of overhead) before the watch notices',
      'ms',
      deploys.map((sample) => sample.overheadMs - sample.completeToExitMs),
      undefined,
      'overhead − complete → exit: start, OIDC, STS, ECR, ECS calls',
    ),
    figure(
      'complete → exit',
      'ms',
      pick(deploys, 'completeToExitMs'),
      5000,
      'service deployment finishedAt → process exit (the 6 s rollouts above)',
    ),
    figure(
      'complete → exit, slow start',
      'ms',
      pick(slowStart, 'completeToExitMs'),
      5000,
      'the same for a ~23 s rollout (not with --quick)',
    ),
    figure(
      'Image phase, cold build with a layer cache',
      'ms',
      pick(buildCache, 'coldMs'),
      undefined,
      'podman, emptied engine, a slow step no cache holds: the build runs it and writes the cache to ECR',
    ),
    figure(
      'Image phase, warm rebuild with a layer cache',
      'ms',
      pick(buildCache, 'warmMs'),
      undefined,
      'the same context again on an emptied engine: its layers come from the cache repository',
    ),
    figure('failure → exit', 'ms', pick(failures, 'failureToExitMs'), 5000, 'circuit breaker turns the rollout FAILED → process exit'),
    figure(
      'API calls per minute of waiting (per service)',
      'calls',
      [longWait.busiestMinute],
      30,
      `most ECS + Logs calls in any sliding 60 s of a ${(longWait.waitedMs / 1000).toFixed(0)} s wait (crash loop, no breaker)`,
    ),
    figure('(same wait) average rate', 'calls/min', [longWait.callsPerMinute], undefined, 'calls after UpdateService ÷ minutes to exit'),
    figure(
      'calls per poll, 1 service',
      'calls',
      many.oneService.flatMap((sample) => sample.callsPerPoll),
      undefined,
      'ECS calls of each poll after UpdateService',
    ),
    figure(
      'calls per poll, 20 services',
      'calls',
      many.twentyServices.flatMap((sample) => sample.callsPerPoll),
      4,
      'the same, 20 services of one cluster watched together',
    ),
    figure(
      'complete → exit, 20 services',
      'ms',
      pick(many.twentyServices, 'toExitMs'),
      3000,
      'the last of 20 service deployments finishedAt → process exit',
    ),
    figure(
      'failure → exit, 20 services',
      'ms',
      pick(many.oneOfTwentyFailing, 'toExitMs'),
      undefined,
      '19 healthy services and one crash loop: circuit breaker turns it FAILED → process exit',
    ),
    figure(
      'complete → exit, throttled',
      'ms',
      pick(many.throttled, 'toExitMs'),
      3000,
      'one service, the stand-in throttling every 3rd ECS call',
    ),
    figure(
      'keep-revisions calls',
      'calls',
      [pruned.calls],
      undefined,
      `ListServices, DescribeServices, ListTaskDefinitions, DeregisterTaskDefinition of one deploy (3 services, ${String(pruned.deregistered)} deregistered)`,
    ),
    figure('peak RSS', 'MiB', rss, 100, 'maxRSS of the action process, every deploy above'),
    figure('dist size', 'MB', [distBytes / 1_000_000], 4, `bytes of dist/ (${distFiles().length} files; MB = 10^6 bytes)`),
  ];
  const report: BenchReport = {
    node: nodeVersion(),
    machine: { cpus: cpus().length, loadAverageAtStart },
    quick,
    figures,
    apiCalls: medianCalls(healthy.givenImage),
    warnings,
    seconds: (Date.now() - started) / 1000,
  };
  process.stdout.write(json ? renderJson(report) : renderMarkdown(report));
}

interface ManyServices {
  readonly oneService: ManyServicesSample[];
  readonly twentyServices: ManyServicesSample[];
  readonly oneOfTwentyFailing: ManyServicesSample[];
  readonly throttled: ManyServicesSample[];
}

async function measureManyServices(runs: number): Promise<ManyServices> {
  const oneService = await withWorld({ scenario: { rollout: 'healthy' } }, (world) => measureHealthy(world, [SERVICE], runs));
  const twenty = serviceNames('svc', 20);
  const twentyServices = await withWorld({ scenario: { rollout: 'healthy' }, services: twenty }, (world) =>
    measureHealthy(world, twenty, runs),
  );
  const healthy = serviceNames('svc', 19);
  const crashing = serviceNames('crash-loop', runs);
  const serviceRollouts = Object.fromEntries(crashing.map((service) => [service, 'crash-loop' as const]));
  const oneOfTwentyFailing = await withWorld(
    { scenario: { rollout: 'healthy', serviceRollouts }, services: [...healthy, ...crashing] },
    (world) => measureOneFailing(world, healthy, crashing),
  );
  const throttled = await withWorld({ scenario: { rollout: 'healthy', ecsThrottleEvery: 3 } }, (world) =>
    measureHealthy(world, [SERVICE], runs),
  );
  return { oneService, twentyServices, oneOfTwentyFailing, throttled };
}

/** Set when the bench starts; a rebuild changes it. */
let stampAtStart: number | undefined;

function distChangedSince(stamp: number | undefined): boolean {
  if (stamp === undefined) return false;
  try {
    return distStamp() !== stamp;
  } catch {
    return true;
  }
}

function pick<K extends string>(samples: readonly Record<K, number>[], key: K): number[] {
  return samples.map((sample) => sample[key]);
}

/** Per operation, the median count over the runs (0 in a run that did not call it), in first-call order. */
function medianCalls(samples: readonly DeploySample[]): CallCount[] {
  const operations = [...new Set(samples.flatMap((sample) => [...sample.calls.keys()]))];
  return operations.map((operation) => ({ operation, calls: median(samples.map((sample) => sample.calls.get(operation) ?? 0)) }));
}

/** The bench measures dist/ as built; say so when src/ has changed since. */
function staleBundleWarnings(): string[] {
  const newestSource = Math.max(...sourceFiles(path.join(ROOT, 'src')).map((file) => statSync(file).mtimeMs));
  const bundle = statSync(path.join(DIST, 'index.js')).mtimeMs;
  return newestSource > bundle
    ? ['src/ is newer than dist/index.js: these figures are for the bundle as built (`npm run build` to measure src/)']
    : [];
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(directory, entry.name)) : [path.join(directory, entry.name)],
  );
}

function nodeVersion(): string {
  return execFileSync(nodeBinary(), ['--version'], { encoding: 'utf8' }).trim();
}

try {
  await main();
} catch (error) {
  // The lead may rebuild dist/ while the bench runs; name that rather than the run it broke.
  const rebuilt = distChangedSince(stampAtStart);
  console.error(error instanceof Error ? error.message : String(error));
  if (rebuilt) console.error('bench: dist/ was rebuilt or removed while the bench ran; run it again once the build is done.');
  process.exitCode = 1;
}
