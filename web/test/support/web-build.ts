import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const WEB_DIR = new URL('../../', import.meta.url).pathname;
const DIST_INDEX = join(WEB_DIR, 'dist', 'index.html');
const LOCK_DIR = join(WEB_DIR, 'dist.lock');
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'postcss.config.cjs'];

/**
 * Builds web/dist when it is missing or older than the UI sources, because the gateway
 * serves the UI from there. Test files run in parallel, so a lock directory makes one
 * of them build while the others wait.
 */
export async function ensureWebBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!tryLock()) {
    if (Date.now() > deadline) throw new Error(`${LOCK_DIR} is held for over 120 s; remove it.`);
    await sleep(250);
  }
  try {
    if (builtAt() >= newestInput()) return;
    const result = spawnSync(process.execPath, [viteBin(), 'build', '--logLevel', 'warn'], {
      cwd: WEB_DIR,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stderr}`);
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK_DIR);
    return true;
  } catch {
    return false;
  }
}

function viteBin(): string {
  return new URL('../../../node_modules/vite/bin/vite.js', import.meta.url).pathname;
}

function builtAt(): number {
  try {
    return statSync(DIST_INDEX).mtimeMs;
  } catch {
    return 0;
  }
}

function newestInput(): number {
  return Math.max(...INPUTS.map((input) => newestIn(join(WEB_DIR, input))));
}

function newestIn(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestIn(join(path, name))));
}
