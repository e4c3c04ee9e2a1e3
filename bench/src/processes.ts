import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HOST = '127.0.0.1';

/** A child process the benchmark started, with its loopback URL. */
export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Returns a free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 'NaN');
  return kib / 1024;
}

// Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every common architecture.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not respond within ${timeoutMs} ms`);
}

function run(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null)
      process.stderr.write(`${name} exited with ${code}: ${stderr}\n`);
  });
  return child;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() };
}

/** Starts the OpenRouter emulator (`npm run emulator`'s entry point) on a free port. */
export async function startEmulatorProcess(): Promise<Service> {
  const port = await freePort();
  const child = run(
    'emulator',
    process.execPath,
    ['--import', 'tsx', 'emulator/src/cli.ts', '--port', String(port)],
    baseEnv(),
  );
  const url = `http://${HOST}:${port}`;
  await waitForHttp(`${url}/__emulator/requests`, child);
  return { name: 'emulator', url, child, stop: stopper(child) };
}

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';
export const OPERATOR_KEY = 'sk-or-v1-bench-operator-key';

/** Starts `portcullis serve` from its bundle against the emulator: auth on, limiter raised, chat logs on. */
export async function startGatewayProcess(
  upstreamOrigin: string,
  dataDir: string,
): Promise<Service> {
  const port = await freePort();
  const env = {
    ...baseEnv(),
    PORTCULLIS_HOST: HOST,
    PORTCULLIS_PORT: String(port),
    PORTCULLIS_DATA_DIR: dataDir,
    OPENROUTER_BASE_URL: `${upstreamOrigin}/api/v1`,
    KEY_POLICY: 'shared',
    OPENROUTER_API_KEY: OPERATOR_KEY,
    REGISTRATION: 'closed',
    ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    RATE_LIMIT_PER_MINUTE: '10000000',
    MODEL_SYNC_ON_START: 'false',
    LOG_LEVEL: 'warn',
    LOG_CONTENT: 'true',
  };
  // BENCH_PROFILE=DIR writes a V8 CPU profile of the gateway into DIR when it stops.
  const profile = process.env.BENCH_PROFILE;
  const flags = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
  // The same entry point as `npm start`: the esbuild bundle, rebuilt first when a source is newer.
  const args = [...flags, 'server/bin/portcullis.mjs', 'serve'];
  const child = run('gateway', process.execPath, args, env);
  const url = `http://${HOST}:${port}`;
  await waitForHttp(`${url}/api/health`, child);
  return { name: 'gateway', url, child, stop: stopper(child) };
}

const NGINX = '/usr/sbin/nginx';

/** Starts Debian's nginx as a plain reverse proxy to the emulator, or returns undefined when absent. */
export async function startNginx(
  upstreamOrigin: string,
  workDir: string,
): Promise<Service | undefined> {
  if (!existsSync(NGINX)) return undefined;
  const port = await freePort();
  const prefix = join(workDir, 'nginx');
  mkdirSync(join(prefix, 'temp'), { recursive: true });
  const upstream = new URL(upstreamOrigin).host;
  const config = `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${prefix}/temp/body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  upstream emulator { server ${upstream}; keepalive 256; }
  server {
    listen ${HOST}:${port};
    location / {
      proxy_pass http://emulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, config);
  const child = run('nginx', NGINX, ['-p', prefix, '-c', file], baseEnv());
  const url = `http://${HOST}:${port}`;
  await waitForHttp(`${url}/__emulator/requests`, child, 10_000);
  return { name: 'nginx', url, child, stop: stopper(child) };
}

/** A temporary directory for the run's data, removed by `cleanup`. */
export function makeWorkDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
