import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestGateway } from '../support/gateway.ts';

const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const APP_ORIGIN = 'https://app.example.test';

async function failLogins(
  gateway: TestGateway,
  email: string,
  forwardedFor: (i: number) => string,
  times: number,
) {
  for (let i = 0; i < times; i += 1) {
    const response = await gateway.request('POST', '/api/auth/login', {
      body: { email, password: 'wrong-password' },
      headers: { 'x-forwarded-for': forwardedFor(i) },
    });
    assert.equal(response.status, 401);
  }
}

describe('trust proxy', () => {
  test('forwarded-for is ignored by default', async () => {
    const gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM });
    try {
      const user = await gateway.createUser();
      // Five "different" clients are one socket address, so the pair limit applies.
      await failLogins(gateway, user.row.email, (i) => `203.0.113.${i + 1}`, 5);
      const response = await gateway.request('POST', '/api/auth/login', {
        body: { email: user.row.email, password: user.password },
        headers: { 'x-forwarded-for': '203.0.113.99' },
      });
      assert.equal(response.status, 429);
    } finally {
      await gateway.close();
    }
  });

  test('forwarded-for is believed from a listed proxy', async () => {
    const gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { TRUST_PROXY: '127.0.0.1' },
    });
    try {
      const user = await gateway.createUser();
      await failLogins(gateway, user.row.email, () => '203.0.113.1', 5);
      const response = await gateway.request('POST', '/api/auth/login', {
        body: { email: user.row.email, password: user.password },
        headers: { 'x-forwarded-for': '203.0.113.2' },
      });
      assert.equal(response.status, 200);
    } finally {
      await gateway.close();
    }
  });

  test('hop count takes the nearest forwarded address', async () => {
    const gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { TRUST_PROXY: '1' },
    });
    try {
      const user = await gateway.createUser();
      // With one trusted hop the client is the last X-Forwarded-For entry; the spoofed first one is ignored.
      await failLogins(gateway, user.row.email, (i) => `198.51.100.${i}, 203.0.113.7`, 5);
      const same = await gateway.request('POST', '/api/auth/login', {
        body: { email: user.row.email, password: user.password },
        headers: { 'x-forwarded-for': '198.51.100.200, 203.0.113.7' },
      });
      assert.equal(same.status, 429);
      const other = await gateway.request('POST', '/api/auth/login', {
        body: { email: user.row.email, password: user.password },
        headers: { 'x-forwarded-for': '203.0.113.8' },
      });
      assert.equal(other.status, 200);
    } finally {
      await gateway.close();
    }
  });

  test('forwarded-for from an unlisted peer is ignored', async () => {
    const gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { TRUST_PROXY: '10.0.0.1' },
    });
    try {
      const user = await gateway.createUser();
      await failLogins(gateway, user.row.email, (i) => `203.0.113.${i + 1}`, 5);
      const response = await gateway.request('POST', '/api/auth/login', {
        body: { email: user.row.email, password: user.password },
        headers: { 'x-forwarded-for': '203.0.113.99' },
      });
      assert.equal(response.status, 429);
    } finally {
      await gateway.close();
    }
  });
});

describe('cors origins', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { CORS_ORIGINS: APP_ORIGIN },
    });
  });
  after(async () => {
    await gateway.close();
  });

  test('preflight from a listed origin', async () => {
    const response = await gateway.request('OPTIONS', '/api/auth/login', {
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
  });

  test('simple request from a listed origin', async () => {
    const user = await gateway.createUser();
    const response = await gateway.request('GET', '/api/auth/me', {
      token: user.token,
      headers: { origin: APP_ORIGIN },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  });

  test('other origins get no cors headers', async () => {
    const simple = await gateway.request('GET', '/api/health', {
      headers: { origin: 'https://evil.example.test' },
    });
    assert.equal(simple.headers.get('access-control-allow-origin'), null);
    const preflight = await gateway.request('OPTIONS', '/api/auth/login', {
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.notEqual(preflight.status, 204);
  });
});

describe('cors without origins', () => {
  test('no origin is allowed by default', async () => {
    const gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM });
    try {
      const response = await gateway.request('OPTIONS', '/api/auth/login', {
        headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' },
      });
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      const simple = await gateway.request('GET', '/api/health', {
        headers: { origin: APP_ORIGIN },
      });
      assert.equal(simple.headers.get('access-control-allow-origin'), null);
    } finally {
      await gateway.close();
    }
  });
});
