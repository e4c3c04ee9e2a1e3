import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { cliEnv, startServe } from './cli-process.ts';

interface SessionBody {
  user: { email: string; role: string; mustChangePassword: boolean };
}

async function login(url: string, email: string, password: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: (await response.json()) as SessionBody };
}

function cleanUp(env: Record<string, string>): void {
  rmSync(dirname(env.PORTCULLIS_DATA_DIR ?? ''), { recursive: true, force: true });
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

const INITIAL_ADMIN = /^Initial admin: (\S+) \/ (\S+)$/gm;

describe('serve command', () => {
  test('first run prints a generated admin once', async () => {
    const env = cliEnv();
    try {
      const serve = await startServe(env);
      const lines = [...serve.stderr().matchAll(INITIAL_ADMIN)];
      assert.equal(lines.length, 1, serve.stderr());
      const [, email, password] = lines[0] as RegExpMatchArray;
      assert.equal(email, 'admin@localhost');
      assert.ok(password !== undefined);
      assert.ok(password.length >= 10, password);
      assert.ok(!serve.stdout().includes(password), 'the password stays out of the log');
      const session = await login(serve.url, 'admin@localhost', password);
      assert.equal(session.status, 200);
      assert.equal(session.body.user.role, 'admin');
      assert.equal(session.body.user.mustChangePassword, true);
      const stopped = await serve.stop();
      assert.equal(stopped.code, 0, stopped.stderr);

      // Once an admin exists, the variables change nothing.
      const again = await startServe({ ...env, ADMIN_PASSWORD: 'a-later-admin-password' });
      assert.equal([...again.stderr().matchAll(INITIAL_ADMIN)].length, 0);
      assert.equal(
        (await login(again.url, 'admin@localhost', 'a-later-admin-password')).status,
        401,
      );
      assert.equal((await login(again.url, 'admin@localhost', password)).status, 200);
      assert.equal((await again.stop()).code, 0);
    } finally {
      cleanUp(env);
    }
  });

  test('given admin password needs no change', async () => {
    const env = cliEnv({
      ADMIN_EMAIL: 'Root@Example.test',
      ADMIN_PASSWORD: 'chosen-admin-password',
    });
    try {
      const serve = await startServe(env);
      assert.equal([...serve.stderr().matchAll(INITIAL_ADMIN)].length, 0);
      assert.ok(!serve.stdout().includes('chosen-admin-password'));
      const session = await login(serve.url, 'root@example.test', 'chosen-admin-password');
      assert.equal(session.status, 200);
      assert.equal(session.body.user.mustChangePassword, false);
      assert.equal((await serve.stop()).code, 0);

      const renamed = await startServe({ ...env, ADMIN_EMAIL: 'other@example.test' });
      assert.equal(
        (await login(renamed.url, 'other@example.test', 'chosen-admin-password')).status,
        401,
      );
      assert.equal((await renamed.stop()).code, 0);
    } finally {
      cleanUp(env);
    }
  });

  test('sigterm stops cleanly', async () => {
    const env = cliEnv({ ADMIN_PASSWORD: 'chosen-admin-password' });
    try {
      const serve = await startServe(env);
      const health = await fetch(`${serve.url}/api/health`);
      assert.equal(health.status, 200);
      const stopped = await serve.stop('SIGTERM');
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.match(serve.stdout(), /Portcullis stopped/);
      await assert.rejects(fetch(`${serve.url}/api/health`));
    } finally {
      cleanUp(env);
    }
  });

  test('data dir and its files are owner-only', async () => {
    const env = cliEnv({ ADMIN_PASSWORD: 'chosen-admin-password' });
    const dataDir = env.PORTCULLIS_DATA_DIR ?? '';
    try {
      const serve = await startServe(env);
      const secretsPath = join(dataDir, 'secrets.json');
      const secrets = readFileSync(secretsPath, 'utf8');
      assert.equal(modeOf(dataDir), 0o700);
      assert.equal(modeOf(secretsPath), 0o600);
      for (const suffix of ['', '-wal', '-shm']) {
        assert.equal(
          modeOf(join(dataDir, `portcullis.db${suffix}`)),
          0o600,
          `portcullis.db${suffix}`,
        );
      }
      assert.ok(!serve.stdout().includes(JSON.parse(secrets).jwtSecret));
      assert.equal((await serve.stop()).code, 0);

      const again = await startServe(env);
      assert.equal(readFileSync(secretsPath, 'utf8'), secrets, 'generated secrets are reused');
      assert.equal((await again.stop()).code, 0);
    } finally {
      cleanUp(env);
    }
  });
});
