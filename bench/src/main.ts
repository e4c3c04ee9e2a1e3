import { cpus, loadavg, totalmem } from 'node:os';
import { closedLoop, type LoadResult, throughput } from './load.ts';
import { holdOpenStreams } from './open-streams.ts';
import {
  cpuMs,
  makeWorkDir,
  type Service,
  startEmulatorProcess,
  startGatewayProcess,
  startNginx,
} from './processes.ts';
import { printReport, type Report } from './report.ts';
import { emulatorTarget, gatewayTarget, type Target } from './targets.ts';

// Bounded run: each scenario lasts SECONDS per target.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const MODERATE_CONCURRENCY = 2;
const OPEN_STREAMS = 1000;
// BENCH_SCENARIOS and BENCH_TARGETS (comma-separated names) run a subset while iterating;
// BENCH_OPEN_STREAMS=0 skips the open-streams measurement.
const SCENARIO_FILTER = listFilter(process.env.BENCH_SCENARIOS);
const TARGET_FILTER = listFilter(process.env.BENCH_TARGETS);
const MEASURE_OPEN_STREAMS = process.env.BENCH_OPEN_STREAMS !== '0';
// One chunk a second keeps a 64-token stream open for about a minute.
const SLOW_CHUNK_MS = 1000;

function listFilter(value: string | undefined): (name: string) => boolean {
  if (value === undefined || value.trim() === '') return () => true;
  const names = new Set(value.split(',').map((name) => name.trim()));
  return (name) => names.has(name);
}

async function main(): Promise<void> {
  const work = makeWorkDir();
  const services: Service[] = [];
  try {
    const emulator = await startEmulatorProcess();
    services.push(emulator);
    const gateway = await startGatewayProcess(emulator.url, work.dir);
    services.push(gateway);
    const nginx = TARGET_FILTER('nginx') ? await startNginx(emulator.url, work.dir) : undefined;
    if (nginx === undefined)
      process.stdout.write('nginx not installed (/usr/sbin/nginx): its baseline is skipped.\n');
    else services.push(nginx);
    const targets: Target[] = [emulatorTarget('direct', emulator.url)];
    if (nginx !== undefined) targets.push(emulatorTarget('nginx', nginx.url));
    const gatewayRoute = await gatewayTarget(gateway.url);
    targets.push(gatewayRoute);
    const selected = targets.filter((target) => TARGET_FILTER(target.name));
    const pids = { emulator: emulator.child.pid ?? 0, gateway: gateway.child.pid ?? 0 };
    const loadBefore = loadavg()[0] ?? 0;
    const report = await measure(selected, gatewayRoute, emulator.url, pids);
    printReport(report, {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: totalmem() / 2 ** 30,
      loadAverage: [loadBefore, loadavg()[0] ?? 0],
    });
  } finally {
    for (const service of services.reverse()) await service.stop();
    work.cleanup();
  }
}

async function measure(
  targets: Target[],
  gateway: Target,
  emulatorUrl: string,
  pids: { emulator: number; gateway: number },
): Promise<Report> {
  const gatewayPid = pids.gateway;
  const report: Report = { seconds: SECONDS, scenarios: {}, openStreams: undefined };
  // Memory first, on a freshly started gateway, so the load scenarios' heap growth does not count.
  if (MEASURE_OPEN_STREAMS) {
    await slowStreams(emulatorUrl, SLOW_CHUNK_MS);
    process.stdout.write(`${OPEN_STREAMS} open streams · gateway …\n`);
    report.openStreams = await holdOpenStreams(gateway, gatewayPid, {
      count: OPEN_STREAMS,
      timeoutMs: 60_000,
    });
    await fetch(`${emulatorUrl}/__emulator/state`, { method: 'DELETE' });
  }
  const scenarios: Array<[string, (target: Target) => Promise<LoadResult>]> = [
    [
      'plain throughput',
      (t) => throughput(t, false, { connections: CONNECTIONS, seconds: SECONDS }),
    ],
    [
      'streamed throughput',
      (t) => throughput(t, true, { connections: CONNECTIONS, seconds: SECONDS }),
    ],
    [
      'plain latency',
      (t) => closedLoop(t, false, { concurrency: MODERATE_CONCURRENCY, seconds: SECONDS }),
    ],
    [
      'streamed latency',
      (t) => closedLoop(t, true, { concurrency: MODERATE_CONCURRENCY, seconds: SECONDS }),
    ],
    [
      'time to first token',
      (t) => closedLoop(t, true, { concurrency: 1, seconds: SECONDS, firstEvent: true }),
    ],
  ];
  for (const [name, run] of scenarios.filter(([name]) => SCENARIO_FILTER(name))) {
    report.scenarios[name] = {};
    for (const target of targets) {
      process.stdout.write(`${name} · ${target.name} …\n`);
      // The gateway's own CPU per request; for the others, the emulator's.
      const pid = target.name === 'gateway' ? pids.gateway : pids.emulator;
      const before = cpuMs(pid);
      const result = await run(target);
      result.serverCpuMsPerRequest = (cpuMs(pid) - before) / Math.max(1, result.requests);
      (report.scenarios[name] as Record<string, LoadResult>)[target.name] = result;
    }
  }
  return report;
}

async function slowStreams(emulatorUrl: string, chunkDelayMs: number): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ match: { stream: true }, times: 0, chunkDelayMs }),
  });
  if (response.status !== 201) throw new Error(`scenario rejected: ${await response.text()}`);
}

await main();
