// What the bench reports: each figure with its samples, unit and target, rendered as a Markdown table
// or as JSON with the same numbers.
import { spread, type Spread } from './stats.js';

export type Unit = 'ms' | 'MiB' | 'MB' | 'calls' | 'calls/min';

export interface Figure {
  readonly name: string;
  readonly unit: Unit;
  readonly value: Spread;
  /** The figure must not exceed this; undefined for figures that are listed, not judged. */
  readonly target: number | undefined;
  /** How it was measured, in a few words. */
  readonly how: string;
}

export interface CallCount {
  readonly operation: string;
  /** Median over the runs. */
  readonly calls: number;
}

export interface BenchReport {
  readonly node: string;
  readonly machine: { readonly cpus: number; readonly loadAverageAtStart: number };
  readonly quick: boolean;
  readonly figures: readonly Figure[];
  /** One deploy with `image` given: requests per operation, medians over the runs. */
  readonly apiCalls: readonly CallCount[];
  readonly warnings: readonly string[];
  readonly seconds: number;
}

export function figure(name: string, unit: Unit, samples: readonly number[], target: number | undefined, how: string): Figure {
  return { name, unit, value: spread(samples), target, how };
}

export function verdict(item: Figure): 'met' | 'MISSED' | '—' {
  if (item.target === undefined || Number.isNaN(item.value.median)) return '—';
  return item.value.median <= item.target ? 'met' : 'MISSED';
}

export function renderMarkdown(report: BenchReport): string {
  const lines = [
    `oidc-ecs-deploy bench: Node ${report.node}, ${report.machine.cpus} CPUs, load ${report.machine.loadAverageAtStart.toFixed(2)} at start` +
      `${report.quick ? ', --quick' : ''}, ${report.seconds.toFixed(0)} s`,
    '',
    '| figure | median | min – max | runs | target | | how |',
    '|---|---:|---:|---:|---:|---|---|',
    ...report.figures.map(
      (item) =>
        `| ${item.name} | ${amount(item.value.median, item.unit)} | ${amount(item.value.min, item.unit)} – ${amount(item.value.max, item.unit)} | ` +
        `${item.value.samples.length} | ${item.target === undefined ? '—' : `≤ ${amount(item.target, item.unit)}`} | ${verdict(item)} | ${item.how} |`,
    ),
    '',
    `API calls of one deploy with \`image\` given (median of the runs), ${sum(report.apiCalls)} in all:`,
    '',
    '| operation | calls |',
    '|---|---:|',
    ...report.apiCalls.map((entry) => `| ${entry.operation} | ${entry.calls} |`),
  ];
  if (report.warnings.length > 0) lines.push('', ...report.warnings.map((warning) => `warning: ${warning}`));
  return `${lines.join('\n')}\n`;
}

export function renderJson(report: BenchReport): string {
  return `${JSON.stringify(
    {
      ...report,
      figures: report.figures.map((item) => ({
        name: item.name,
        unit: item.unit,
        median: item.value.median,
        min: item.value.min,
        max: item.value.max,
        samples: item.value.samples,
        target: item.target ?? null,
        verdict: verdict(item),
        how: item.how,
      })),
    },
    null,
    2,
  )}\n`;
}

function amount(value: number, unit: Unit): string {
  if (Number.isNaN(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return Math.abs(value) >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
    case 'MiB':
    case 'MB':
      return `${value.toFixed(1)} ${unit}`;
    case 'calls':
    case 'calls/min':
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    default:
      return String(value);
  }
}

function sum(counts: readonly CallCount[]): number {
  return counts.reduce((total, entry) => total + entry.calls, 0);
}
