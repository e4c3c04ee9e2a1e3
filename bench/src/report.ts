import type { LoadResult } from './load.ts';
import type { OpenStreamsResult } from './open-streams.ts';

export interface Report {
  seconds: number;
  /** Scenario name → target name → result. */
  scenarios: Record<string, Partial<Record<'direct' | 'nginx' | 'gateway', LoadResult>>>;
  openStreams: OpenStreamsResult | undefined;
}

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  /** One-minute load average at the start and the end of the run. */
  loadAverage: [number, number];
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

function ratio(value: number | undefined, base: number | undefined): string {
  if (value === undefined || base === undefined || base === 0) return '–';
  return `${(value / base).toFixed(2)}×`;
}

function added(value: number | undefined, base: number | undefined): string {
  if (value === undefined || base === undefined) return '–';
  const difference = value - base;
  return `${difference >= 0 ? '+' : ''}${difference.toFixed(3)} ms`;
}

/** Prints the results as a Markdown table, ready for docs/benchmarks.md. */
export function printReport(report: Report, machine: Machine): void {
  const lines = [
    '',
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGiB.toFixed(1)} GiB RAM, Node ${process.version}; ${report.seconds} s per scenario and target; load average ${machine.loadAverage.map((value) => value.toFixed(1)).join(' → ')}.`,
    '',
    'CPU ms/req is the CPU time of the gateway process per request on gateway rows, and of the emulator on the others.',
    '',
    '| scenario | target | req/s | p50 ms | p99 ms | failures | CPU ms/req | req/s vs direct | req/s vs nginx | p50 added vs direct | p99 added vs direct |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, results] of Object.entries(report.scenarios)) {
    for (const [target, result] of Object.entries(results)) {
      const direct = results.direct;
      const nginx = results.nginx;
      lines.push(
        `| ${name} | ${target} | ${fixed(result?.requestsPerSecond, 0)} | ${fixed(result?.p50Ms, 3)} | ${fixed(result?.p99Ms, 3)} | ${result?.failures ?? '–'} | ${fixed(result?.serverCpuMsPerRequest, 2)} | ${ratio(result?.requestsPerSecond, direct?.requestsPerSecond)} | ${ratio(result?.requestsPerSecond, nginx?.requestsPerSecond)} | ${added(result?.p50Ms, direct?.p50Ms)} | ${added(result?.p99Ms, direct?.p99Ms)} |`,
      );
    }
  }
  const open = report.openStreams;
  if (open !== undefined) {
    lines.push(
      '',
      `Open streams: ${open.opened}/${open.streams} streams open through the gateway; gateway RSS ${open.rssBeforeMiB.toFixed(1)} MiB before, ${open.rssOpenMiB.toFixed(1)} MiB while holding them.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
