import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { cliEnv, runCli, type ServeProcess, startServe } from './cli-process.ts';

describe('backup command', () => {
  let env: Record<string, string>;
  let serve: ServeProcess;
  let outDir: string;

  before(async () => {
    env = cliEnv({ ADMIN_PASSWORD: 'first-admin-password' });
    serve = await startServe(env);
    outDir = mkdtempSync(join(tmpdir(), 'portcullis-backup-'));
  });
  after(async () => {
    await serve.stop();
    rmSync(dirname(env.PORTCULLIS_DATA_DIR ?? ''), { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  test('backup copies a running database', async () => {
    const registered = await fetch(`${serve.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'kept@example.test', password: 'long-enough-password' }),
    });
    assert.equal(registered.status, 201);
    const target = join(outDir, 'copy.db');
    const result = await runCli(['backup', '--to', target], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(statSync(target).mode & 0o777, 0o600);
    const copy = new SqliteDatabase(target, { readonly: true });
    const rows = copy.prepare('select email from users order by id').all() as Array<{
      email: string;
    }>;
    copy.close();
    assert.deepEqual(
      rows.map((row) => row.email),
      ['admin@localhost', 'kept@example.test'],
    );
  });

  test('backup refuses an existing file', async () => {
    const target = join(outDir, 'twice.db');
    assert.equal((await runCli(['backup', '--to', target], { env })).code, 0);
    const again = await runCli(['backup', '--to', target], { env });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
  });

  test('backup needs --to', async () => {
    const result = await runCli(['backup'], { env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--to is required/);
  });

  test('backup points other databases at their tools', async () => {
    const cases = [
      ['postgres://portcullis@127.0.0.1:1/none', /pg_dump/],
      ['mysql://portcullis@127.0.0.1:1/none', /mysqldump/],
    ] as const;
    for (const [url, tool] of cases) {
      const result = await runCli(['backup', '--to', join(outDir, 'never.db')], {
        env: { ...env, DATABASE_URL: url },
      });
      assert.equal(result.code, 1, url);
      assert.match(result.stderr, tool);
      assert.match(result.stderr, /SQLite/);
    }
  });
});
