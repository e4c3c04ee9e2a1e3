#!/usr/bin/env node
// Runs the gateway CLI from its bundle, rebuilding the bundle first when a
// source file is newer.
import { ensureServerBuilt, SERVER_BUNDLE } from '../../scripts/ensure-built.mjs';

await ensureServerBuilt();
await import(SERVER_BUNDLE);
