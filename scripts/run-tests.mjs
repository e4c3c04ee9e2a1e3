#!/usr/bin/env node
// Runs the whole suite on node's test runner. Node 20's runner neither strips
// TypeScript nor expands globs, so this script collects the test files itself
// and loads them through tsx.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const workspaces = ['emulator', 'server', 'web', 'bench'];

function collectTests(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(collectTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const screenshots = process.argv.includes('--screenshots');
const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
let files = workspaces.flatMap((workspace) => collectTests(join(root, workspace, 'test'))).sort();
if (screenshots) files = files.filter((file) => file.endsWith('screenshots.test.ts'));
if (filters.length > 0) files = files.filter((file) => filters.some((f) => file.includes(f)));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

const args = [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=3',
  '--test-reporter=spec',
  '--test-timeout=300000',
  ...files.map((file) => relative(root, file)),
];
const env = { ...process.env };
if (screenshots) env.PORTCULLIS_SCREENSHOTS = '1';
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
