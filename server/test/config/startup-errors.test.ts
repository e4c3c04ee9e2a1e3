import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/parse.ts';
import { loadConfig } from '../../src/config/settings.ts';
import { cliEnv, runCli, startServe } from '../cli/cli-process.ts';

// Bad settings given to a real `serve` process, and the variable its one-line message must name.
const SERVE_CASES: Array<[Record<string, string>, string]> = [
  [{ PORTCULLIS_PORT: 'abc' }, 'PORTCULLIS_PORT'],
  [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
  [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
  [{ KEY_POLICY: 'shared' }, 'KEY_POLICY'],
  [{ ENCRYPTION_MASTER_KEY: 'abc123' }, 'ENCRYPTION_MASTER_KEY'],
];

// The same rule for every other kind of value, checked on the parser itself.
const PARSER_CASES: Array<[Record<string, string>, string]> = [
  [{ PORTCULLIS_PORT: '70000' }, 'PORTCULLIS_PORT'],
  [{ TRUST_PROXY: 'not-an-address' }, 'TRUST_PROXY'],
  [{ TRUST_PROXY: '10.0.0.0/40' }, 'TRUST_PROXY'],
  [{ KEY_POLICY: 'everyone' }, 'KEY_POLICY'],
  [{ JWT_SECRET: 'not base64 at all!' }, 'JWT_SECRET'],
  [{ REGISTRATION: 'sometimes' }, 'REGISTRATION'],
  [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
  [{ DATABASE_URL: 'ftp://127.0.0.1/db' }, 'DATABASE_URL'],
  [{ OPENROUTER_BASE_URL: 'ftp://127.0.0.1/api' }, 'OPENROUTER_BASE_URL'],
  [{ USAGE_TIMEZONE: 'Mars/Olympus' }, 'USAGE_TIMEZONE'],
  [{ CORS_ORIGINS: 'https://ok.example,not an origin' }, 'CORS_ORIGINS'],
  [{ LOG_CONTENT: 'maybe' }, 'LOG_CONTENT'],
  [{ MAX_AUTH_BODY_BYTES: '10' }, 'MAX_AUTH_BODY_BYTES'],
  [{ JWT_EXPIRATION_MS: '-5' }, 'JWT_EXPIRATION_MS'],
];

describe('start-up settings', () => {
  test('parser names the bad variable', () => {
    for (const [settings, variable] of PARSER_CASES) {
      const label = JSON.stringify(settings);
      assert.throws(
        () => loadConfig({ PORTCULLIS_DATA_DIR: '/nonexistent', ...settings }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, label);
          assert.ok(error.message.startsWith(`${variable}: `), `${label}: ${error.message}`);
          assert.ok(!error.message.includes('\n'), label);
          return true;
        },
        label,
      );
    }
  });

  test('good settings parse', () => {
    const config = loadConfig({
      PORTCULLIS_DATA_DIR: '/nonexistent',
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
      KEY_POLICY: 'shared',
      OPENROUTER_API_KEY: 'sk-or-operator',
      REGISTRATION: 'closed',
      REGISTER_LIMIT_PER_HOUR: '3',
      MAX_AUTH_BODY_BYTES: '2048',
      CORS_ORIGINS: 'https://app.example.test',
    });
    assert.deepEqual(config.trustProxy, ['127.0.0.1', '10.0.0.0/8']);
    assert.equal(config.keyPolicy, 'shared');
    assert.equal(config.registration, 'closed');
    assert.equal(config.registerLimitPerHour, 3);
    assert.equal(config.maxAuthBodyBytes, 2048);
    assert.deepEqual(config.corsOrigins, ['https://app.example.test']);
  });

  test('bad settings stop serve with one line', async () => {
    const envs = SERVE_CASES.map(([settings]) =>
      cliEnv({ ADMIN_PASSWORD: 'chosen-admin-password', ...settings }),
    );
    try {
      const results = await Promise.all(envs.map((env) => runCli(['serve'], { env })));
      results.forEach((result, index) => {
        const [settings, variable] = SERVE_CASES[index] ?? [{}, ''];
        const label = JSON.stringify(settings);
        assert.notEqual(result.code, 0, label);
        const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
        assert.equal(lines.length, 1, `${label}: ${result.stderr}`);
        assert.ok(lines[0]?.startsWith(`${variable}:`), `${label}: ${lines[0]}`);
        assert.equal(result.stdout, '', label);
      });
    } finally {
      for (const env of envs)
        rmSync(dirname(env.PORTCULLIS_DATA_DIR ?? ''), { recursive: true, force: true });
    }
  });

  test('wrong encryption key refuses to start', async () => {
    const firstKey = 'a'.repeat(64);
    const env = cliEnv({
      ADMIN_PASSWORD: 'chosen-admin-password',
      ENCRYPTION_MASTER_KEY: firstKey,
    });
    try {
      const serve = await startServe(env);
      assert.equal((await serve.stop()).code, 0);
      const result = await runCli(['serve'], {
        env: { ...env, ENCRYPTION_MASTER_KEY: 'b'.repeat(64) },
      });
      assert.equal(result.code, 1);
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0] ?? '', /^ENCRYPTION_MASTER_KEY: /);
      const restarted = await startServe(env);
      assert.equal((await restarted.stop()).code, 0, 'the original key still works');
    } finally {
      rmSync(dirname(env.PORTCULLIS_DATA_DIR ?? ''), { recursive: true, force: true });
    }
  });
});
