import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { issueToken } from '../../src/auth/tokens.ts';
import { TestGateway, type TestUser } from '../support/gateway.ts';

const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';

interface ErrorBody {
  error: { code: string; type: string };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('auth tokens', () => {
  let gateway: TestGateway;
  let clock = Date.now();

  before(async () => {
    gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM, now: () => clock });
  });
  after(async () => {
    await gateway.close();
  });

  async function assertRejected(token: string, reason: string): Promise<void> {
    const response = await gateway.request<ErrorBody>('GET', '/api/auth/me', { token });
    assert.equal(response.status, 401, reason);
    assert.equal(response.body.error.code, 'unauthorized', reason);
    assert.equal(response.body.error.type, 'authentication_error', reason);
  }

  function claimsOf(user: TestUser) {
    return { sc: user.row.session_counter, ss: user.row.session_salt };
  }

  test('valid token is accepted', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request('GET', '/api/auth/me', { token: user.token });
    assert.equal(response.status, 200);
  });

  test('missing or malformed header is rejected', async () => {
    for (const authorization of ['', 'Bearer', 'Basic abc', 'Bearer a b', 'Token xyz']) {
      const response = await gateway.request<ErrorBody>('GET', '/api/auth/me', {
        headers: { authorization },
      });
      assert.equal(response.status, 401, `header "${authorization}"`);
    }
    await assertRejected('not-a-jwt', 'garbage');
  });

  test('expired token is rejected', async () => {
    const user = await gateway.createUser();
    const { token } = await issueToken(
      gateway.running.ctx.secrets.jwtSecret,
      {
        userId: user.row.id,
        sessionCounter: user.row.session_counter,
        sessionSalt: user.row.session_salt,
      },
      60_000,
      clock - 120_000,
    );
    await assertRejected(token, 'expired');
  });

  test('token expires with the clock', async () => {
    const user = await gateway.createUser();
    const saved = clock;
    clock += gateway.running.ctx.config.jwtExpirationMs + 1000;
    try {
      await assertRejected(user.token, 'past its lifetime');
    } finally {
      clock = saved;
    }
  });

  test('tampered token is rejected', async () => {
    const user = await gateway.createUser();
    const other = await gateway.createUser();
    const [header, payload, signature] = user.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = base64url({ ...claims, sub: String(other.row.id) });
    await assertRejected(`${header}.${forged}.${signature}`, 'changed subject');
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    await assertRejected(`${header}.${payload}.${flipped}`, 'changed signature');
  });

  test('alg none is rejected', async () => {
    const user = await gateway.createUser();
    const now = Math.floor(clock / 1000);
    const payload = {
      ...claimsOf(user),
      sub: String(user.row.id),
      iss: 'portcullis',
      iat: now,
      exp: now + 600,
    };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
    await assertRejected(unsigned, 'alg none');
    await assertRejected(unsigned.slice(0, -1), 'alg none without the trailing dot');
  });

  test('token from another secret is rejected', async () => {
    const user = await gateway.createUser();
    const token = await new SignJWT(claimsOf(user))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(user.row.id))
      .setIssuer('portcullis')
      .setIssuedAt(Math.floor(clock / 1000))
      .setExpirationTime(Math.floor(clock / 1000) + 600)
      .sign(randomBytes(48));
    await assertRejected(token, 'other secret');
  });

  test('token of another algorithm is rejected', async () => {
    const user = await gateway.createUser();
    const token = await new SignJWT(claimsOf(user))
      .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
      .setSubject(String(user.row.id))
      .setIssuer('portcullis')
      .setExpirationTime(Math.floor(clock / 1000) + 600)
      .sign(gateway.running.ctx.secrets.jwtSecret);
    await assertRejected(token, 'HS512 with the right secret');
  });

  test('disabled user token is rejected', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    await ctx.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', user.row.id)
      .execute();
    ctx.users.forget(user.row.id);
    await assertRejected(user.token, 'disabled');
    await ctx.db
      .updateTable('users')
      .set({ status: 'active' })
      .where('id', '=', user.row.id)
      .execute();
    ctx.users.forget(user.row.id);
    const back = await gateway.request('GET', '/api/auth/me', { token: user.token });
    assert.equal(back.status, 200);
  });

  test('deleted user token is rejected', async () => {
    const user = await gateway.createUser();
    const { ctx } = gateway.running;
    await ctx.db.deleteFrom('users').where('id', '=', user.row.id).execute();
    ctx.users.forget(user.row.id);
    await assertRejected(user.token, 'deleted');
  });

  test('demoted admin gets 403 on admin routes', async () => {
    const admin = await gateway.createUser({ role: 'admin' });
    const before = await gateway.request('GET', '/api/admin/users', { token: admin.token });
    assert.equal(before.status, 200);
    const { ctx } = gateway.running;
    await ctx.db
      .updateTable('users')
      .set({ role: 'user' })
      .where('id', '=', admin.row.id)
      .execute();
    ctx.users.forget(admin.row.id);
    const after = await gateway.request<ErrorBody>('GET', '/api/admin/users', {
      token: admin.token,
    });
    assert.equal(after.status, 403);
    assert.equal(after.body.error.code, 'forbidden');
    const me = await gateway.request('GET', '/api/auth/me', { token: admin.token });
    assert.equal(me.status, 200);
  });

  test('token is for API routes, not gateway keys', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request<ErrorBody>('GET', '/api/auth/me', {
      token: 'pcl_notarealkey',
    });
    assert.equal(response.status, 401);
    assert.equal((await gateway.request('GET', '/api/auth/me', { token: user.token })).status, 200);
  });
});
