import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../src/api/errors.ts';
import { HttpClient } from '../src/api/http.ts';

/** Fixed responses of the local test server, by path. */
const routes: Record<string, { status: number; body?: unknown; headers?: Record<string, string> }> =
  {
    '/ok': { status: 200, body: { value: 1 } },
    '/empty': { status: 204 },
    '/accepted': { status: 202, body: { verified: false, message: 'not checked' } },
    '/expired': {
      status: 401,
      body: {
        error: { message: 'Token expired.', type: 'authentication_error', code: 'unauthorized' },
      },
    },
    '/change': {
      status: 403,
      body: {
        error: {
          message: 'Change it.',
          type: 'permission_error',
          code: 'password_change_required',
        },
      },
    },
    '/limited': {
      status: 429,
      headers: { 'retry-after': '17' },
      body: { error: { message: 'Slow down.', type: 'rate_limit_error', code: 'rate_limited' } },
    },
    '/html': { status: 502 },
  };

describe('HttpClient', () => {
  let server: Server;
  let origin: string;
  const seenAuthorization: (string | undefined)[] = [];
  const seenUrls: string[] = [];

  before(async () => {
    server = createServer((request, response) => {
      seenAuthorization.push(request.headers.authorization);
      seenUrls.push(request.url ?? '');
      const route = routes[(request.url ?? '').split('?')[0] ?? ''] ?? { status: 404 };
      response.writeHead(route.status, { 'content-type': 'application/json', ...route.headers });
      response.end(route.body === undefined ? '' : JSON.stringify(route.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function client(token: string | null = 'jwt-1') {
    const calls = { unauthorized: 0, passwordChange: 0 };
    const http = new HttpClient({
      getToken: () => token,
      onUnauthorized: () => {
        calls.unauthorized += 1;
      },
      onPasswordChangeRequired: () => {
        calls.passwordChange += 1;
      },
    });
    return { http, calls };
  }

  it('sends the bearer token and parses JSON', async () => {
    const { http } = client();
    assert.deepEqual(await http.request('GET', `${origin}/ok`), { value: 1 });
    assert.equal(seenAuthorization.at(-1), 'Bearer jwt-1');
  });

  it('returns undefined for an empty body', async () => {
    const { http } = client();
    assert.equal(await http.request('DELETE', `${origin}/empty`), undefined);
  });

  it('keeps the status of a 202', async () => {
    const { http } = client();
    const result = await http.send('PUT', `${origin}/accepted`, { body: { apiKey: 'x' } });
    assert.equal(result.status, 202);
  });

  it('reports a 401 once per request', async () => {
    const { http, calls } = client();
    await assert.rejects(http.request('GET', `${origin}/expired`), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'unauthorized');
      return true;
    });
    assert.equal(calls.unauthorized, 1);
  });

  it('ignores 401 on sign-in routes', async () => {
    const { http, calls } = client();
    await assert.rejects(http.request('POST', `${origin}/expired`, { authenticated: false }));
    assert.equal(calls.unauthorized, 0);
    assert.equal(seenAuthorization.at(-1), undefined, 'sign-in requests carry no token');
  });

  it('reports a forced password change', async () => {
    const { http, calls } = client();
    await assert.rejects(http.request('GET', `${origin}/change`));
    assert.equal(calls.passwordChange, 1);
    assert.equal(calls.unauthorized, 0);
  });

  it('reads Retry-After on 429', async () => {
    const { http } = client();
    await assert.rejects(http.request('POST', `${origin}/limited`), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.details.retryAfterSeconds, 17);
      assert.equal(error.details.type, 'rate_limit_error');
      return true;
    });
  });

  it('names the status when the body is no error', async () => {
    const { http } = client();
    await assert.rejects(http.request('GET', `${origin}/html`), /HTTP 502/);
  });

  it('drops empty query values', async () => {
    const { http } = client();
    await http.request('GET', `${origin}/ok`, { query: { user: '', model: 'a/b', page: 0 } });
    assert.equal(seenUrls.at(-1), '/ok?model=a%2Fb&page=0');
  });
});
