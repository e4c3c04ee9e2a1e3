import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** A CLI emulator started for a test. */
export interface CliEmulator {
  child: ChildProcess;
  origin: string;
  output: () => string;
}

/** Runs the CLI with tsx and waits for its listening line. */
export function startCli(args: string[]): Promise<CliEmulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${output}`)), 20_000);
    const onData = (part: Buffer) => {
      output += part.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, origin: match[1] as string, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}: ${output}`));
    });
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (part: Buffer) => {
    output += part.toString();
  });
  child.stderr.on('data', (part: Buffer) => {
    output += part.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Sends a signal and resolves with the exit code. */
export function stopCli(
  cli: CliEmulator,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (cli.child.exitCode !== null) return Promise.resolve(cli.child.exitCode);
  return new Promise((resolve) => {
    cli.child.once('exit', (code) => resolve(code));
    cli.child.kill(signal);
  });
}
