import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TestGateway } from '../support/gateway.ts';

// No upstream call is made here, so a closed loopback port is the upstream.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';

interface ErrorBody {
  error: { code: string; param?: string; message: string; type: string };
}
interface UserBody {
  id: number;
  email: string;
  role: string;
  status: string;
  mustChangePassword: boolean;
  createdAt: string;
}
interface SessionBody {
  token: string;
  expiresAt: string;
  user: UserBody;
}

let counter = 0;
function uniqueEmail(): string {
  counter += 1;
  return `person${counter}-${process.pid}@example.test`;
}

describe('auth accounts', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { TRUST_PROXY: '127.0.0.1', REGISTER_LIMIT_PER_HOUR: '3', JWT_EXPIRATION_MS: '3600000' },
    });
  });
  after(async () => {
    await gateway.close();
  });

  test('register returns a session', async () => {
    const email = uniqueEmail();
    const response = await gateway.request<SessionBody>('POST', '/api/auth/register', {
      body: { email: `  ${email.toUpperCase()} `, password: 'long-enough-password' },
    });
    assert.equal(response.status, 201);
    assert.equal(response.body.user.email, email);
    assert.equal(response.body.user.role, 'user');
    assert.equal(response.body.user.status, 'active');
    assert.equal(response.body.user.mustChangePassword, false);
    assert.ok(Number.isInteger(response.body.user.id));
    assert.ok(!Number.isNaN(Date.parse(response.body.user.createdAt)));
    const lifetime = Date.parse(response.body.expiresAt) - Date.now();
    assert.ok(lifetime > 3_500_000, `lifetime ${lifetime}`);
    assert.ok(lifetime <= 3_600_000, `lifetime ${lifetime}`);
    const me = await gateway.request<UserBody>('GET', '/api/auth/me', {
      token: response.body.token,
    });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, response.body.user);
  });

  test('register rejects a taken email', async () => {
    const email = uniqueEmail();
    const headers = { 'x-forwarded-for': '10.1.0.1' };
    const body = { email, password: 'long-enough-password' };
    assert.equal(
      (await gateway.request('POST', '/api/auth/register', { body, headers })).status,
      201,
    );
    const again = await gateway.request<ErrorBody>('POST', '/api/auth/register', {
      body: { ...body, email: email.toUpperCase() },
      headers,
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'email_taken');
  });

  test('register validates email and password', async () => {
    const headers = { 'x-forwarded-for': '10.1.0.2' };
    const cases: Array<[unknown, string]> = [
      [{ email: 'no-at-sign', password: 'long-enough-password' }, 'email'],
      [{ email: 'a b@example.test', password: 'long-enough-password' }, 'email'],
      [{ email: `${'x'.repeat(250)}@example.test`, password: 'long-enough-password' }, 'email'],
      [{ email: uniqueEmail(), password: 'short' }, 'password'],
      [{ email: uniqueEmail(), password: 'x'.repeat(257) }, 'password'],
      [{ password: 'long-enough-password' }, 'email'],
      [{ email: uniqueEmail() }, 'password'],
    ];
    for (const [body, param] of cases) {
      const response = await gateway.request<ErrorBody>('POST', '/api/auth/register', {
        body,
        headers,
      });
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal(response.body.error.code, 'validation_failed');
      assert.equal(response.body.error.param, param);
    }
  });

  test('lookalike emails are rejected', async () => {
    const cases: Array<[string, string]> = [
      ['zero-width space', `alice${process.pid}@example.test\u200b`],
      ['zero-width joiner', `al\u200dice${process.pid}@example.test`],
      ['cyrillic a', `\u0430lice${process.pid}@example.test`],
      ['non-ascii domain', `alice${process.pid}@exampl\u00e9.test`],
      ['no-break space', `alice${process.pid}\u00a0@example.test`],
      ['line separator', `alice${process.pid}\u2028@example.test`],
      ['control character', `ali\u0007ce${process.pid}@example.test`],
    ];
    for (const [index, [label, email]] of cases.entries()) {
      const response = await gateway.request<ErrorBody>('POST', '/api/auth/register', {
        body: { email, password: 'long-enough-password' },
        headers: { 'x-forwarded-for': `10.1.1.${index + 1}` },
      });
      assert.equal(response.status, 400, label);
      assert.equal(response.body.error.code, 'validation_failed', label);
      assert.equal(response.body.error.param, 'email', label);
    }
  });

  test('fullwidth email matches its ascii form', async () => {
    const email = uniqueEmail();
    const first = await gateway.request('POST', '/api/auth/register', {
      body: { email, password: 'long-enough-password' },
      headers: { 'x-forwarded-for': '10.1.2.1' },
    });
    assert.equal(first.status, 201);
    // NFKC folds fullwidth letters (U+FF41 ...) to ASCII, so this is the same address.
    const fullwidth = [...email]
      .map((char) => (/[a-z]/.test(char) ? String.fromCharCode(char.charCodeAt(0) + 0xfee0) : char))
      .join('');
    const again = await gateway.request<ErrorBody>('POST', '/api/auth/register', {
      body: { email: fullwidth, password: 'long-enough-password' },
      headers: { 'x-forwarded-for': '10.1.2.2' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'email_taken');
  });

  test('single-label email domain is accepted', async () => {
    const response = await gateway.request<SessionBody>('POST', '/api/auth/register', {
      body: { email: `solo${process.pid}@intranet`, password: 'long-enough-password' },
      headers: { 'x-forwarded-for': '10.1.0.3' },
    });
    assert.equal(response.status, 201);
  });

  test('register limit per client address', async () => {
    const headers = { 'x-forwarded-for': '10.1.0.9' };
    for (let i = 0; i < 3; i += 1) {
      const response = await gateway.request('POST', '/api/auth/register', {
        body: { email: uniqueEmail(), password: 'long-enough-password' },
        headers,
      });
      assert.equal(response.status, 201);
    }
    const limited = await gateway.request<ErrorBody>('POST', '/api/auth/register', {
      body: { email: uniqueEmail(), password: 'long-enough-password' },
      headers,
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0, `Retry-After ${retryAfter}`);
    assert.ok(retryAfter <= 3600, `Retry-After ${retryAfter}`);
    const elsewhere = await gateway.request('POST', '/api/auth/register', {
      body: { email: uniqueEmail(), password: 'long-enough-password' },
      headers: { 'x-forwarded-for': '10.1.0.10' },
    });
    assert.equal(elsewhere.status, 201);
  });

  test('login returns a session', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request<SessionBody>('POST', '/api/auth/login', {
      body: { email: user.row.email.toUpperCase(), password: user.password },
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.user.id, user.row.id);
    const me = await gateway.request<UserBody>('GET', '/api/auth/me', {
      token: response.body.token,
    });
    assert.equal(me.body.email, user.row.email);
  });

  test('login failure does not reveal the email', async () => {
    const user = await gateway.createUser();
    const headers = { 'x-forwarded-for': '10.2.0.1' };
    const wrong = await gateway.request<ErrorBody>('POST', '/api/auth/login', {
      body: { email: user.row.email, password: 'not-the-password' },
      headers,
    });
    const unknown = await gateway.request<ErrorBody>('POST', '/api/auth/login', {
      body: { email: 'nobody-here@example.test', password: 'not-the-password' },
      headers,
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.error.code, 'unauthorized');
  });

  async function disable(userId: number): Promise<void> {
    const { ctx } = gateway.running;
    await ctx.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', userId)
      .execute();
    ctx.users.forget(userId);
  }

  function login(email: string, password: string, ip: string) {
    return gateway.request<ErrorBody>('POST', '/api/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': ip },
    });
  }

  test('disabled account cannot sign in', async () => {
    const user = await gateway.createUser();
    await disable(user.row.id);
    const response = await login(user.row.email, user.password, '10.2.0.2');
    assert.equal(response.status, 401);
    assert.equal(response.body.error.code, 'unauthorized');
  });

  test('disabled account hides the password check', async () => {
    const user = await gateway.createUser();
    await disable(user.row.id);
    const right = await login(user.row.email, user.password, '10.2.0.3');
    const wrong = await login(user.row.email, 'not-the-password', '10.2.0.3');
    assert.equal(right.status, 401);
    assert.equal(wrong.status, 401);
    assert.deepEqual(right.body, wrong.body);
  });

  test('disabled account login counts as failure', async () => {
    const user = await gateway.createUser();
    const ip = '10.2.0.4';
    await disable(user.row.id);
    for (let i = 0; i < 4; i += 1) {
      assert.equal((await login(user.row.email, `wrong-password-${i}`, ip)).status, 401);
    }
    assert.equal((await login(user.row.email, user.password, ip)).status, 401);
    const next = await login(user.row.email, user.password, ip);
    assert.equal(next.status, 429);
    assert.equal(next.body.error.code, 'login_throttled');
  });

  test('change password issues a new session', async () => {
    const user = await gateway.createUser();
    const second = await gateway.request<SessionBody>('POST', '/api/auth/login', {
      body: { email: user.row.email, password: user.password },
    });
    const changed = await gateway.request<SessionBody>('POST', '/api/auth/change-password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'a-brand-new-password' },
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.user.id, user.row.id);
    for (const old of [user.token, second.body.token]) {
      const response = await gateway.request('GET', '/api/auth/me', { token: old });
      assert.equal(response.status, 401);
    }
    const fresh = await gateway.request('GET', '/api/auth/me', { token: changed.body.token });
    assert.equal(fresh.status, 200);
    const oldLogin = await gateway.request('POST', '/api/auth/login', {
      body: { email: user.row.email, password: user.password },
    });
    assert.equal(oldLogin.status, 401);
    const newLogin = await gateway.request('POST', '/api/auth/login', {
      body: { email: user.row.email, password: 'a-brand-new-password' },
    });
    assert.equal(newLogin.status, 200);
  });

  test('change password checks the current one', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request<ErrorBody>('POST', '/api/auth/change-password', {
      token: user.token,
      body: { currentPassword: 'wrong-password-here', newPassword: 'a-brand-new-password' },
      headers: { 'x-forwarded-for': '10.3.0.1' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'validation_failed');
    assert.equal(response.body.error.param, 'currentPassword');
    const stillValid = await gateway.request('GET', '/api/auth/me', { token: user.token });
    assert.equal(stillValid.status, 200);
  });

  test('change password validates the new one', async () => {
    const user = await gateway.createUser();
    for (const newPassword of ['short', user.password]) {
      const response = await gateway.request<ErrorBody>('POST', '/api/auth/change-password', {
        token: user.token,
        body: { currentPassword: user.password, newPassword },
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.error.param, 'newPassword');
    }
  });

  test('wrong current password counts as a failure', async () => {
    const user = await gateway.createUser();
    const headers = { 'x-forwarded-for': '10.3.0.2' };
    for (let i = 0; i < 5; i += 1) {
      const response = await gateway.request('POST', '/api/auth/change-password', {
        token: user.token,
        body: { currentPassword: `wrong-password-${i}`, newPassword: 'a-brand-new-password' },
        headers,
      });
      assert.equal(response.status, 400);
    }
    const login = await gateway.request<ErrorBody>('POST', '/api/auth/login', {
      body: { email: user.row.email, password: user.password },
      headers,
    });
    assert.equal(login.status, 429);
    assert.equal(login.body.error.code, 'login_throttled');
  });

  test('logout-all revokes every token', async () => {
    const user = await gateway.createUser();
    const second = await gateway.request<SessionBody>('POST', '/api/auth/login', {
      body: { email: user.row.email, password: user.password },
    });
    const response = await gateway.request('POST', '/api/auth/logout-all', { token: user.token });
    assert.equal(response.status, 204);
    assert.equal(response.text, '');
    for (const token of [user.token, second.body.token]) {
      assert.equal((await gateway.request('GET', '/api/auth/me', { token })).status, 401);
    }
    const again = await gateway.request('POST', '/api/auth/login', {
      body: { email: user.row.email, password: user.password },
    });
    assert.equal(again.status, 200);
  });

  test('empty bodies accepted on bodiless routes', async () => {
    const user = await gateway.createUser();
    for (const contentType of [
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
    ]) {
      const me = await gateway.request('GET', '/api/auth/me', {
        token: user.token,
        headers: { 'content-type': contentType },
      });
      assert.equal(me.status, 200, `me with ${contentType}`);
    }
    for (const contentType of ['application/json', 'text/plain', 'application/octet-stream']) {
      const session = await gateway.request<SessionBody>('POST', '/api/auth/login', {
        body: { email: user.row.email, password: user.password },
      });
      const response = await gateway.request('POST', '/api/auth/logout-all', {
        token: session.body.token,
        body: '',
        headers: { 'content-type': contentType },
      });
      assert.equal(response.status, 204, `logout-all with ${contentType}`);
    }
  });

  test('auth bodies are capped', async () => {
    const response = await gateway.request<ErrorBody>('POST', '/api/auth/login', {
      body: { email: 'someone@example.test', password: 'x'.repeat(70_000) },
    });
    assert.equal(response.status, 413);
    assert.equal(response.body.error.code, 'request_too_large');
  });

  test('forced password change allows only three routes', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    await ctx.db
      .updateTable('users')
      .set({ must_change_password: 1 })
      .where('id', '=', user.row.id)
      .execute();
    ctx.users.forget(user.row.id);
    const blocked = await gateway.request<ErrorBody>('GET', '/api/user/api-key/status', {
      token: user.token,
    });
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.error.code, 'password_change_required');
    const keys = await gateway.request<ErrorBody>('GET', '/api/user/gateway-keys', {
      token: user.token,
    });
    assert.equal(keys.status, 403);
    const me = await gateway.request<UserBody>('GET', '/api/auth/me', { token: user.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.mustChangePassword, true);
    const changed = await gateway.request<SessionBody>('POST', '/api/auth/change-password', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'a-brand-new-password' },
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.user.mustChangePassword, false);
    const open = await gateway.request('GET', '/api/user/api-key/status', {
      token: changed.body.token,
    });
    assert.equal(open.status, 200);
  });

  test('forced change still allows logout-all', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    await ctx.db
      .updateTable('users')
      .set({ must_change_password: 1 })
      .where('id', '=', user.row.id)
      .execute();
    ctx.users.forget(user.row.id);
    const response = await gateway.request('POST', '/api/auth/logout-all', { token: user.token });
    assert.equal(response.status, 204);
  });

  test('openapi documents the auth and key routes', async () => {
    const response = await gateway.request<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/api/openapi.json',
    );
    const { paths } = response.body;
    for (const [path, method] of [
      ['/api/auth/register', 'post'],
      ['/api/auth/login', 'post'],
      ['/api/auth/me', 'get'],
      ['/api/auth/change-password', 'post'],
      ['/api/auth/logout-all', 'post'],
      ['/api/user/api-key', 'put'],
      ['/api/user/api-key/status', 'get'],
      ['/api/user/gateway-keys', 'post'],
      ['/api/user/gateway-keys/{id}', 'delete'],
    ] as const) {
      assert.ok(paths[path]?.[method] !== undefined, `${method} ${path}`);
    }
  });

  test('first-run admin signs in', async () => {
    const response = await gateway.request<SessionBody>('POST', '/api/auth/login', {
      body: { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD },
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.user.role, 'admin');
    assert.equal(response.body.user.mustChangePassword, false);
  });
});

describe('auth with registration closed', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { REGISTRATION: 'closed' },
    });
  });
  after(async () => {
    await gateway.close();
  });

  test('register answers registration_closed', async () => {
    const response = await gateway.request<ErrorBody>('POST', '/api/auth/register', {
      body: { email: uniqueEmail(), password: 'long-enough-password' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.body.error.code, 'registration_closed');
    assert.equal(response.body.error.type, 'permission_error');
  });

  test('existing accounts still sign in', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request('POST', '/api/auth/login', {
      body: { email: user.row.email, password: user.password },
    });
    assert.equal(response.status, 200);
  });
});
