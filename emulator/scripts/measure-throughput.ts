// Compares the emulator's non-streamed chat-completions throughput with a bare node:http
// server that returns the same bytes. Each server runs in its own process on 127.0.0.1
// and receives the same bounded load from wrk (or autocannon) over keep-alive connections.
// Rounds alternate between the two servers, after a warm-up of each, so that load from
// other processes on the machine affects both alike. The script prints each round, the
// median ratio of requests per second, and the server CPU time per request read from
// /proc, which other load on the machine does not change.
//
//   npx tsx emulator/scripts/measure-throughput.ts [--tool wrk|autocannon] [--seconds 10]
//     [--rounds 3] [--connections 50]

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../src/index.ts';

const KEY = 'sk-or-v1-throughput';
const PATH = '/api/v1/chat/completions';
const REQUEST_BODY = JSON.stringify({
  model: 'acme/quill-3b:free',
  messages: [{ role: 'user', content: 'Measure me.' }],
});
// Linux reports process CPU time in clock ticks of 10 ms (USER_HZ is 100).
const TICK_MS = 10;

interface Settings {
  tool: 'wrk' | 'autocannon';
  seconds: number;
  rounds: number;
  connections: number;
}

interface ChildServer {
  pid: number;
  port: number;
  stop: () => void;
}

/** Outcome of one bounded load run against one server. */
interface LoadResult {
  rate: number;
  cpuMicrosPerRequest: number;
}

interface Round {
  baseline: LoadResult;
  emulator: LoadResult;
}

/** Runs as the parent (the load driver) or, with `serve-*`, as one of the two servers. */
async function main(): Promise<void> {
  const role = process.argv[2];
  if (role === 'serve-emulator') return serveEmulator();
  if (role === 'serve-baseline') return serveBaseline(process.argv[3] as string);
  await compare(readSettings());
}

async function serveEmulator(): Promise<void> {
  const emulator = await startEmulator({ port: 0 });
  process.stdout.write(`${emulator.port}\n`);
}

// The whole server: no routing, no body parsing, one fixed reply.
function serveBaseline(bodyFile: string): void {
  const body = readFileSync(bodyFile);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`${address.port}\n`);
  });
}

async function compare(settings: Settings): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'emulator-throughput-'));
  const emulator = await startServer(['serve-emulator']);
  const sample = await fetchSample(emulator.port);
  const bodyFile = join(workDir, 'body.json');
  writeFileSync(bodyFile, sample);
  const baseline = await startServer(['serve-baseline', bodyFile]);
  try {
    const warmUp = { ...settings, seconds: 2 };
    measure(warmUp, baseline, workDir);
    measure(warmUp, emulator, workDir);
    const rounds: Round[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      rounds.push({
        baseline: measure(settings, baseline, workDir),
        emulator: measure(settings, emulator, workDir),
      });
    }
    report(settings, rounds, sample.length);
  } finally {
    baseline.stop();
    emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function report(settings: Settings, rounds: Round[], bytes: number): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpus().length} cores, ${cpu}, Node ${process.version}`);
  console.log(
    `load: ${settings.tool}, ${settings.connections} connections, ${settings.rounds} rounds of ${settings.seconds} s per server, ${bytes}-byte reply`,
  );
  for (const [index, { baseline, emulator }] of rounds.entries()) {
    console.log(
      `round ${index + 1}: bare node:http ${describe(baseline)}; emulator ${describe(emulator)}; ${percent(emulator.rate / baseline.rate)}`,
    );
  }
  const rateRatio = median(rounds.map((round) => round.emulator.rate / round.baseline.rate));
  const cpuRatio = median(
    rounds.map((round) => round.baseline.cpuMicrosPerRequest / round.emulator.cpuMicrosPerRequest),
  );
  console.log(`median throughput ratio: ${percent(rateRatio)}`);
  console.log(
    `median ratio of server CPU time per request (bare / emulator): ${percent(cpuRatio)}`,
  );
}

function describe(result: LoadResult): string {
  return `${result.rate.toFixed(0)} requests/s, ${result.cpuMicrosPerRequest.toFixed(1)} µs CPU/request`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function startServer(args: string[]): Promise<ChildServer> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (line: Buffer) => {
      const port = Number(line.toString().trim());
      resolve({ pid: child.pid as number, port, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`server ${args[0]} exited with ${code}`)));
  });
}

async function fetchSample(port: number): Promise<Buffer> {
  const response = await fetch(`http://127.0.0.1:${port}${PATH}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: REQUEST_BODY,
  });
  if (response.status !== 200) throw new Error(`emulator returned ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Runs one bounded load and reads the server's CPU time around it. */
function measure(settings: Settings, server: ChildServer, workDir: string): LoadResult {
  const ticksBefore = cpuTicks(server.pid);
  const { rate, requests } = runLoad(settings, server.port, workDir);
  const cpuMs = (cpuTicks(server.pid) - ticksBefore) * TICK_MS;
  return { rate, cpuMicrosPerRequest: (cpuMs * 1000) / requests };
}

/** Reads user plus system CPU time of a process, in clock ticks, from /proc/PID/stat. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function runLoad(settings: Settings, port: number, workDir: string) {
  const url = `http://127.0.0.1:${port}${PATH}`;
  if (settings.tool === 'wrk') return runWrk(settings, url, workDir);
  return runAutocannon(settings, url);
}

function runWrk(settings: Settings, url: string, workDir: string) {
  const script = join(workDir, 'post.lua');
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${JSON.stringify(REQUEST_BODY)}`,
      'wrk.headers["Content-Type"] = "application/json"',
      `wrk.headers["Authorization"] = "Bearer ${KEY}"`,
    ].join('\n'),
  );
  const args = ['-t1', `-c${settings.connections}`, `-d${settings.seconds}s`, '-s', script, url];
  const output = execFileSync('wrk', args, { encoding: 'utf8' });
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!rate || !requests || /Non-2xx/.test(output)) {
    throw new Error(`unexpected wrk output:\n${output}`);
  }
  return { rate: Number(rate[1]), requests: Number(requests[1]) };
}

function runAutocannon(settings: Settings, url: string) {
  const args = [
    'autocannon',
    '--json',
    '-c',
    String(settings.connections),
    '-d',
    String(settings.seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-H',
    `authorization=Bearer ${KEY}`,
    '-b',
    REQUEST_BODY,
    url,
  ];
  const output = execFileSync('npx', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const result = JSON.parse(output) as {
    requests: { average: number; total: number };
    non2xx: number;
  };
  if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx replies`);
  return { rate: result.requests.average, requests: result.requests.total };
}

function readSettings(): Settings {
  const { values } = parseArgs({
    options: {
      tool: { type: 'string' },
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
    },
  });
  const tool = values.tool ?? (hasWrk() ? 'wrk' : 'autocannon');
  if (tool !== 'wrk' && tool !== 'autocannon') {
    throw new Error(`Invalid --tool ${tool}: use wrk or autocannon.`);
  }
  const seconds = Math.min(60, Math.max(1, Number(values.seconds) || 10));
  const rounds = Math.min(10, Math.max(1, Number(values.rounds) || 3));
  const connections = Math.min(500, Math.max(1, Number(values.connections) || 50));
  return { tool, seconds, rounds, connections };
}

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

main().catch((error: unknown) => {
  console.error(`measure-throughput: ${(error as Error).message}`);
  process.exit(1);
});
