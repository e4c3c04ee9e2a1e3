import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Nothing listens on port 9, so a child gateway never reaches a real upstream. */
export const CLOSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a child CLI: PATH and HOME from this process, cheap
 * password hashing, no start-up sync, a loopback upstream and a fresh data
 * dir, then `env`. Nothing else is inherited, so a developer's DATABASE_URL
 * or .env cannot leak in.
 */
export function cliEnv(env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    PORTCULLIS_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'portcullis-cli-')), 'data'),
    PORTCULLIS_PORT: '0',
    OPENROUTER_BASE_URL: CLOSED_UPSTREAM,
    MODEL_SYNC_ON_START: 'false',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    ...env,
  };
}

function spawnCli(args: string[], env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs `portcullis ARGS` to completion (at most 60 s) and collects its output. */
export function runCli(
  args: string[],
  options: { env: Record<string, string>; stdin?: string; cwd?: string },
): Promise<CliResult> {
  const child = spawnCli(args, options.env, options.cwd ?? tmpdir());
  child.stdin?.end(options.stdin ?? '');
  return collect(child, 60_000);
}

/** Collects a child's output until it exits; after `timeoutMs` it is killed and the promise rejects. */
function collect(child: ChildProcess, timeoutMs: number | undefined): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`CLI did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
          }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A `portcullis serve` child process that has printed its listening line. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Sends the signal and waits for the exit; after 30 s the child is killed and it rejects. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
}

/** Starts `portcullis serve` and resolves once it logs its listening line (at most 120 s). */
export function startServe(env: Record<string, string>, cwd = tmpdir()): Promise<ServeProcess> {
  const child = spawnCli(['serve'], env, cwd);
  child.stdin?.end();
  let stdout = '';
  let stderr = '';
  const exited = collect(child, undefined);
  return new Promise((resolve, reject) => {
    // Generous because each child compiles the whole gateway through tsx on a shared 2-core machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not listen within 120 s; stderr: ${stderr}`));
    }, 120_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = listeningUrl(stdout);
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => stopWithin(child, exited, signal, 30_000),
      });
    });
    void exited.then((result) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${result.code} before listening: ${result.stderr}`));
    });
  });
}

function listeningUrl(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.includes('Portcullis listening')) continue;
    const record = JSON.parse(line) as { url?: string };
    return record.url;
  }
  return undefined;
}

async function stopWithin(
  child: ChildProcess,
  exited: Promise<CliResult>,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<CliResult> {
  if (child.exitCode !== null) return exited;
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not exit within ${timeoutMs} ms of ${signal}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([exited, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
