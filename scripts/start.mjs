#!/usr/bin/env node
// `npm start`: builds what is missing or stale, then runs the gateway CLI in
// this process, so signals reach it directly.
import { ensureServerBuilt, ensureWebBuilt, SERVER_BUNDLE } from './ensure-built.mjs';

await ensureServerBuilt();
ensureWebBuilt();
process.argv = [process.argv[0], 'portcullis', ...process.argv.slice(2)];
await import(SERVER_BUNDLE);
