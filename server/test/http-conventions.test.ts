import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestGateway } from './support/gateway.ts';

// No upstream call is made here, so a closed loopback port stands in for it.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';

describe('http conventions', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM });
    await gateway.ready();
  });
  after(async () => {
    await gateway.close();
  });

  test('health answers ok once ready', async () => {
    const response = await gateway.request('GET', '/api/health');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok' });
  });

  test('unknown api path is a json 404', async () => {
    const response = await gateway.request<{ error: Record<string, unknown> }>('GET', '/api/nope');
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'not_found');
    assert.equal(response.body.error.type, 'not_found_error');
  });

  test('unknown v1 path with a bad token is still 404', async () => {
    const response = await gateway.request('GET', '/v1/nothing', { token: 'garbage' });
    assert.equal(response.status, 404);
  });

  test('security headers on every response', async () => {
    const response = await gateway.request('GET', '/api/health');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  });

  test('openapi document lists the health route', async () => {
    const response = await gateway.request<{ paths: Record<string, unknown> }>(
      'GET',
      '/api/openapi.json',
    );
    assert.equal(response.status, 200);
    assert.ok('/api/health' in response.body.paths);
  });

  test('docs page is public', async () => {
    const response = await gateway.request('GET', '/api/docs/');
    assert.equal(response.status, 200);
  });

  test('metrics answer loopback clients', async () => {
    const response = await gateway.request('GET', '/metrics');
    assert.equal(response.status, 200);
    assert.match(response.text, /portcullis_http_requests_total/);
  });

  test('bad percent-encoding gets the error body', async () => {
    const response = await gateway.request<{ error: Record<string, unknown> }>(
      'GET',
      '/v1/models/%',
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'validation_failed');
    assert.equal(response.body.error.param, 'path');
  });

  test('deeply nested json body is rejected', async () => {
    const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const body = `{"email":"a@b.c","password":"x","extra":${nested}}`;
    const response = await gateway.request<{ error: Record<string, unknown> }>(
      'POST',
      '/api/auth/login',
      { body },
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'validation_failed');
    assert.equal(response.body.error.param, 'body');
  });

  test('body types are not coerced', async () => {
    const response = await gateway.request<{ error: Record<string, unknown> }>(
      'POST',
      '/api/auth/register',
      { body: { email: 'typed@example.test', password: 12345678901 } },
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'validation_failed');
    assert.equal(response.body.error.param, 'password');
  });
});
