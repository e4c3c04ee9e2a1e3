#!/usr/bin/env node
// Builds what is missing or older than its sources: the gateway bundle
// (server/dist/portcullis.mjs, by esbuild) and the web UI (web/dist, by Vite).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const builtIndex = join(web, 'dist', 'index.html');
const WEB_SOURCES = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'postcss.config.cjs',
  'package.json',
];
export const SERVER_BUNDLE = join(root, 'server', 'dist', 'portcullis.mjs');
const SERVER_SOURCES = ['server/src', 'server/package.json', 'emulator/src', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isStale(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestMtime(source) > built);
}

/** Builds web/dist when it is missing or older than a source file. */
export function ensureWebBuilt({ force = false } = {}) {
  if (
    !force &&
    !isStale(
      builtIndex,
      WEB_SOURCES.map((source) => join(web, source)),
    )
  )
    return;
  process.stderr.write('Building the web UI into web/dist...\n');
  const result = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('The web UI build failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
}

/**
 * Bundles the gateway's TypeScript into one ES module (dependencies stay in
 * node_modules), so it starts without a TypeScript loader in the process.
 */
export async function ensureServerBuilt({ force = false } = {}) {
  if (
    !force &&
    !isStale(
      SERVER_BUNDLE,
      SERVER_SOURCES.map((source) => join(root, source)),
    )
  )
    return;
  process.stderr.write('Building the gateway into server/dist...\n');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'server', 'src', 'cli', 'main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  await ensureServerBuilt({ force });
  ensureWebBuilt({ force });
}
