// The demo's command line: `npm run demo -- [--scenario NAME] [--debug]`. Scenarios are named for what
// a user would see happen, each mapped to the stand-in's Scenario.
import { parseArgs } from 'node:util';
import type { Scenario } from '../types.js';

export interface NamedScenario {
  readonly scenario: Scenario;
  /** What happens, said before the run so the log makes sense. */
  readonly story: string;
}

export const SCENARIOS: Readonly<Record<string, NamedScenario>> = {
  healthy: {
    scenario: { rollout: 'healthy' },
    story: 'tasks start in 3 s; the rollout completes about 6 s after UpdateService.',
  },
  'crash-loop': {
    scenario: { rollout: 'crash-loop' },
    story: 'the new container exits 1 right after starting: the circuit breaker fails the deployment, ECS rolls back, the step fails.',
  },
  'slow-start': {
    scenario: { rollout: 'slow-start' },
    story: 'tasks take 20 s to start; the action keeps watching and reports progress until the rollout completes.',
  },
  throttling: {
    scenario: { rollout: 'healthy', throttleShare: 0.25 },
    story:
      'a quarter of ECR and ECS calls answer ThrottlingException: the SDK retries them and the deployment watch polls less often (about 45 s in all).',
  },
  'sts-hiccup': {
    scenario: { rollout: 'healthy', stsIdpCommunicationErrors: 2 },
    story: 'the first two AssumeRoleWithWebIdentity calls answer IDPCommunicationError; the action retries and deploys.',
  },
};

export interface DemoOptions {
  readonly scenarioName: string;
  readonly named: NamedScenario;
  /** Show `::debug::` lines, as Actions does with step debug logging on. */
  readonly debug: boolean;
}

export type ParsedArguments = { readonly kind: 'run'; readonly options: DemoOptions } | { readonly kind: 'help'; readonly text: string };

export const USAGE = [
  'Usage: npm run demo -- [--scenario NAME] [--debug]',
  '',
  'Deploys examples/my-app with the bundled action (dist/) against the local AWS + GitHub stand-in,',
  'printing the Actions log, the job summary and the outputs. The exit code is the action’s.',
  '',
  'Scenarios:',
  ...Object.entries(SCENARIOS).map(([name, { story }]) => `  ${name.padEnd(12)} ${story}`),
  '',
  'Options:',
  '  --debug      also show ::debug:: lines (as with ACTIONS_STEP_DEBUG)',
].join('\n');

/** Throws with the usage on anything it does not understand. */
export function parseDemoArguments(argv: readonly string[]): ParsedArguments {
  let values: { scenario?: string; debug?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { scenario: { type: 'string', short: 's' }, debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, { cause: error });
  }
  if (values.help) return { kind: 'help', text: USAGE };
  const scenarioName = values.scenario ?? 'healthy';
  const named = SCENARIOS[scenarioName];
  if (!named) throw new Error(`unknown scenario "${scenarioName}"\n\n${USAGE}`);
  return { kind: 'run', options: { scenarioName, named, debug: values.debug ?? false } };
}
