import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliEnv, runCli, type ServeProcess, startServe } from './cli-process.ts';

interface SessionBody {
  token: string;
  user: { id: number; role: string; mustChangePassword: boolean };
}

async function login(url: string, email: string, password: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: (await response.json()) as SessionBody };
}

describe('admin command', () => {
  let env: Record<string, string>;
  let serve: ServeProcess;

  before(async () => {
    env = cliEnv({ ADMIN_PASSWORD: 'first-admin-password' });
    serve = await startServe(env);
  });
  after(async () => {
    await serve.stop();
    rmSync(dirname(env.PORTCULLIS_DATA_DIR ?? ''), { recursive: true, force: true });
  });

  test('create with a generated password', async () => {
    const result = await runCli(['admin', 'create', '--email', 'Ops@Example.test'], { env });
    assert.equal(result.code, 0, result.stderr);
    const match = /^Password: (\S+)$/m.exec(result.stdout);
    assert.ok(match?.[1], result.stdout);
    assert.equal(result.stdout.split(match[1]).length - 1, 1, 'the password is printed once');
    const session = await login(serve.url, 'ops@example.test', match[1]);
    assert.equal(session.status, 200);
    assert.equal(session.body.user.role, 'admin');
    assert.equal(session.body.user.mustChangePassword, true);
  });

  test('create with a password from stdin', async () => {
    const result = await runCli(
      ['admin', 'create', '--email', 'stdin@example.test', '--password-stdin'],
      {
        env,
        stdin: 'a-password-from-stdin\n',
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes('a-password-from-stdin'));
    const session = await login(serve.url, 'stdin@example.test', 'a-password-from-stdin');
    assert.equal(session.status, 200);
    assert.equal(session.body.user.mustChangePassword, false);
  });

  test('create refuses a taken email', async () => {
    const result = await runCli(['admin', 'create', '--email', 'ADMIN@localhost'], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already exists/);
  });

  test('create refuses a short password', async () => {
    const result = await runCli(
      ['admin', 'create', '--email', 'short@example.test', '--password-stdin'],
      {
        env,
        stdin: 'short',
      },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /10–256/);
  });

  test('reset-password revokes and forces a change', async () => {
    const signedIn = await login(serve.url, 'admin@localhost', 'first-admin-password');
    assert.equal(signedIn.status, 200);
    const token = signedIn.body.token;
    const created = await fetch(`${serve.url}/api/user/gateway-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'script' }),
    });
    const { key } = (await created.json()) as { key: string };
    assert.equal(
      (await fetch(`${serve.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } }))
        .status,
      200,
    );

    const result = await runCli(['admin', 'reset-password', '--email', 'admin@localhost'], { env });
    assert.equal(result.code, 0, result.stderr);
    const temporary = /^Temporary password for admin@localhost: (\S+)$/m.exec(result.stdout)?.[1];
    assert.ok(temporary, result.stdout);

    // The gateway's caches live 1 s, so the revocation reaches it within that.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const me = await fetch(`${serve.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(me.status, 401);
    const withKey = await fetch(`${serve.url}/v1/models`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(withKey.status, 401);
    assert.equal((await login(serve.url, 'admin@localhost', 'first-admin-password')).status, 401);
    const fresh = await login(serve.url, 'admin@localhost', temporary);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body.user.mustChangePassword, true);
  });

  test('reset-password of an unknown email fails', async () => {
    const result = await runCli(['admin', 'reset-password', '--email', 'nobody@example.test'], {
      env,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No account has the email nobody@example\.test/);
  });

  test('usage errors exit 2', async () => {
    const cases = [
      ['admin', 'promote'],
      ['admin', 'create', '--mail', 'x'],
    ];
    const results = await Promise.all(cases.map((args) => runCli(args, { env })));
    results.forEach((result, index) => {
      const label = cases[index]?.join(' ');
      assert.equal(result.code, 2, label);
      assert.equal(result.stderr.trim().split('\n').length, 1, label);
    });
  });

  test('help describes each command', async () => {
    const cases = [
      [
        ['admin', 'create', '--help'],
        /admin create --email E \[--password-stdin\][\s\S]*reset-password --email E/,
      ],
      [['backup', '--help'], /backup --to FILE/],
    ] as const;
    const results = await Promise.all(cases.map(([args]) => runCli([...args], { env })));
    results.forEach((result, index) => {
      const [args, pattern] = cases[index] ?? [[], /$^/];
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.stdout, pattern, args.join(' '));
    });
  });
});
