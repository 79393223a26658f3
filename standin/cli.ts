// Runs the stand-in on its own and prints what a manual run needs, as JSON on stdout:
//   npx tsx standin/cli.ts [--time-scale N] [--scenario '{"rollout":"crash-loop"}']
// It stops cleanly (registry process, temp dirs) on SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { startStandin, type StandinOptions } from './index.js';
import type { Scenario } from './types.js';

function optionsFrom(argv: readonly string[]): StandinOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'time-scale': { type: 'string' }, scenario: { type: 'string' } },
  });
  const options: StandinOptions = {};
  if (values['time-scale'] !== undefined) options.timeScale = Number(values['time-scale']);
  if (values.scenario !== undefined) options.scenario = JSON.parse(values.scenario) as Scenario;
  return options;
}

const standin = await startStandin(optionsFrom(process.argv.slice(2)));
process.stdout.write(
  `${JSON.stringify(
    {
      endpoint: standin.endpoint,
      registryHost: standin.registryHost,
      issuer: standin.github.issuer,
      scenario: standin.scenario(),
      env: standin.env(),
    },
    null,
    2,
  )}\n`,
);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`stand-in: ${signal}, stopping\n`);
  standin.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stand-in: stop failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
