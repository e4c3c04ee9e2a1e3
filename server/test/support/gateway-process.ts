import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertLoopback, TEST_ADMIN_PASSWORD } from './gateway.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(REPO_ROOT, 'server', 'src', 'cli', 'main.ts');

export interface GatewayProcessOptions {
  /** Settings for the child; OPENROUTER_BASE_URL is required and must be on loopback. */
  env: Record<string, string>;
  /** Milliseconds to wait for the listening line. Default 120 s, for a loaded machine. */
  startTimeoutMs?: number;
}

/** A gateway running as `portcullis serve` in a child process. */
export interface GatewayProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  child: ChildProcess;
  /** The data dir (a temporary one unless PORTCULLIS_DATA_DIR was given). */
  dataDir: string;
  /** Sends the signal (SIGTERM by default) and resolves with the exit code once the child exits. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Everything the child wrote to stdout so far (pino JSON lines). */
  readonly stdout: string;
  readonly stderr: string;
  /** Deletes a temporary data dir; call after stop. */
  cleanup(): void;
}

/**
 * Starts `node --import tsx server/src/cli/main.ts serve` with only the given
 * settings (plus PATH and HOME), on a free loopback port, with a temporary
 * data dir, ADMIN_PASSWORD set, cheap argon2 and no start-up sync. Resolves
 * once the gateway prints its listening line.
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  assertLoopback(options.env.OPENROUTER_BASE_URL ?? '');
  const ownDataDir = options.env.PORTCULLIS_DATA_DIR === undefined;
  const dataDir =
    options.env.PORTCULLIS_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'portcullis-proc-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    PORTCULLIS_HOST: '127.0.0.1',
    PORTCULLIS_PORT: '0',
    PORTCULLIS_DATA_DIR: dataDir,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    MODEL_SYNC_ON_START: 'false',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await waitForListening(child, output, options.startTimeoutMs ?? 120_000);
  return {
    url,
    child,
    dataDir,
    get stdout() {
      return output.stdout;
    },
    get stderr() {
      return output.stderr;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    cleanup() {
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForListening(
  child: ChildProcess,
  output: { stdout: string; stderr: string },
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error('gateway process did not start in time')),
      timeoutMs,
    );
    const onData = () => {
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Portcullis listening"/.exec(
        output.stdout,
      );
      if (match?.[1] === undefined) return;
      cleanup();
      resolve(match[1]);
    };
    const onExit = (code: number | null) =>
      fail(new Error(`gateway process exited with ${code}: ${output.stderr}`));
    function fail(error: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
