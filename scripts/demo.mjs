#!/usr/bin/env node
// `npm run demo`: the OpenRouter emulator on 127.0.0.1:9090 and the gateway on
// 127.0.0.1:8080, wired together with data in ./data-demo (never ./data) and a
// fake operator key (KEY_POLICY=shared), so everything works offline. Every
// free emulator model is enabled, and the sign-in details are printed.
// Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from './ensure-built.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
const EMULATOR_PORT = 9090;
const GATEWAY_PORT = 8080;
const EMULATOR = `http://${HOST}:${EMULATOR_PORT}`;
const GATEWAY = `http://${HOST}:${GATEWAY_PORT}`;
const ADMIN_EMAIL = 'admin@localhost';
// Used only when ./data-demo has no admin yet; a changed password is kept.
const ADMIN_PASSWORD = 'portcullis-demo';
// The emulator accepts any key starting with sk-or-; this one is not a real key.
const OPERATOR_KEY = 'sk-or-demo-not-a-real-key';

const children = [];

function start(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped unexpectedly (${signal ?? code}); stopping the demo.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

// Settings of the demo gateway; the caller's OPENROUTER_*, DATABASE_URL and
// REDIS_URL are dropped so the demo never reaches a real upstream or database.
function gatewayEnv() {
  const env = { ...process.env };
  for (const name of ['OPENROUTER_API_KEY', 'DATABASE_URL', 'REDIS_URL', 'PORTCULLIS_DATA_DIR'])
    delete env[name];
  return {
    ...env,
    PORTCULLIS_HOST: HOST,
    PORTCULLIS_PORT: String(GATEWAY_PORT),
    PORTCULLIS_DATA_DIR: './data-demo',
    OPENROUTER_BASE_URL: `${EMULATOR}/api/v1`,
    KEY_POLICY: 'shared',
    OPENROUTER_API_KEY: OPERATOR_KEY,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PUBLIC_URL: GATEWAY,
  };
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not respond within ${timeoutMs / 1000} s`);
}

async function api(method, path, token, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${GATEWAY}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} failed: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

// Syncs the catalogue from the emulator and enables every free, available model.
async function enableFreeModels(token) {
  await api('POST', '/api/admin/sync-models', token);
  const models = await api('GET', '/api/admin/models', token);
  const free = models.filter((model) => model.free && model.available);
  for (const model of free) {
    if (!model.enabled)
      await api('PUT', '/api/admin/models/toggle', token, {
        modelId: model.modelId,
        enabled: true,
      });
  }
  return free.map((model) => model.modelId);
}

async function signIn() {
  try {
    return await api('POST', '/api/auth/login', undefined, {
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
    });
  } catch {
    return undefined;
  }
}

let stopping = false;

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  let left = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (left.length === 0) process.exit(code);
  for (const child of left) {
    child.once('exit', () => {
      left = left.filter((other) => other !== child);
      if (left.length === 0) process.exit(code);
    });
    child.kill('SIGTERM');
  }
}

process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

ensureWebBuilt();
start(
  'emulator',
  ['--import', 'tsx', 'emulator/src/cli.ts', '--host', HOST, '--port', String(EMULATOR_PORT)],
  process.env,
);
await waitFor(`${EMULATOR}/api/v1/models`, 30_000);
start('gateway', ['server/bin/portcullis.mjs', 'serve'], gatewayEnv());
await waitFor(`${GATEWAY}/api/health`, 120_000);

const session = await signIn();
if (session === undefined) {
  console.log(`\nSigning in as ${ADMIN_EMAIL} with the demo password failed (was it changed?).`);
  console.log(
    'Models were not enabled; sign in with your password and enable them under Admin → Models.',
  );
} else {
  const enabled = await enableFreeModels(session.token);
  const { key } = await api('POST', '/api/user/gateway-keys', session.token, {
    name: `demo ${new Date().toISOString()}`,
  });
  console.log(`
Portcullis demo is running (offline: the upstream is the emulator at ${EMULATOR}).

  Web UI        ${GATEWAY}
  Sign in       ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}
  Gateway key   ${key}
  Models        ${enabled.join(', ')}

Try it:
  curl -N ${GATEWAY}/v1/chat/completions -H "Authorization: Bearer ${key}" \\
    -H "Content-Type: application/json" \\
    -d '{"model":"${enabled[0] ?? 'MODEL'}","stream":true,"messages":[{"role":"user","content":"Hello"}]}'

Data lives in ./data-demo. Press Ctrl-C to stop both servers.
`);
}
