import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { TestGateway, type TestUser } from '../support/gateway.ts';
import { redisTestPrefix, serviceSkipReason } from '../support/services.ts';

const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
// X-Forwarded-For is believed only from the loopback proxy, so tests can play many client IPs.
const PROXY_ENV = { TRUST_PROXY: '127.0.0.1' };

interface ErrorBody {
  error: { code: string; type: string; message: string };
}

function login(gateway: TestGateway, email: string, password: string, ip: string) {
  return gateway.request<ErrorBody>('POST', '/api/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': ip },
  });
}

async function failTimes(
  gateway: TestGateway,
  email: string,
  ip: string,
  times: number,
): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    const response = await login(gateway, email, `wrong-password-${i}`, ip);
    assert.equal(response.status, 401, `failure ${i + 1} from ${ip}`);
  }
}

function assertThrottled(response: { status: number; headers: Headers; body: ErrorBody }): void {
  assert.equal(response.status, 429);
  assert.equal(response.body.error.code, 'login_throttled');
  assert.equal(response.body.error.type, 'rate_limit_error');
  const retryAfter = Number(response.headers.get('retry-after'));
  assert.ok(retryAfter >= 1, `Retry-After ${retryAfter}`);
  assert.ok(retryAfter <= 900, `Retry-After ${retryAfter}`);
}

describe('login throttle', () => {
  let gateway: TestGateway;
  let user: TestUser;

  before(async () => {
    gateway = await TestGateway.start({ upstream: UNUSED_UPSTREAM, env: PROXY_ENV });
  });
  after(async () => {
    await gateway.close();
  });

  test('five failures throttle that email and ip', async () => {
    user = await gateway.createUser();
    await failTimes(gateway, user.row.email, '10.10.0.1', 5);
    assertThrottled(await login(gateway, user.row.email, user.password, '10.10.0.1'));
    const otherIp = await login(gateway, user.row.email, user.password, '10.10.0.2');
    assert.equal(otherIp.status, 200, 'the same email from another address');
    const other = await gateway.createUser();
    const otherEmail = await login(gateway, other.row.email, other.password, '10.10.0.1');
    assert.equal(otherEmail.status, 200, 'another email from the same address');
  });

  test('four failures do not throttle', async () => {
    const person = await gateway.createUser();
    await failTimes(gateway, person.row.email, '10.11.0.1', 4);
    const response = await login(gateway, person.row.email, person.password, '10.11.0.1');
    assert.equal(response.status, 200);
  });

  test('unknown emails count as failures', async () => {
    await failTimes(gateway, 'ghost@example.test', '10.12.0.1', 5);
    assertThrottled(await login(gateway, 'ghost@example.test', 'any-password-here', '10.12.0.1'));
  });

  test('successes are not counted', async () => {
    const person = await gateway.createUser();
    for (let i = 0; i < 8; i += 1) {
      const response = await login(gateway, person.row.email, person.password, '10.13.0.1');
      assert.equal(response.status, 200, `success ${i + 1}`);
    }
    await failTimes(gateway, person.row.email, '10.13.0.1', 4);
    assert.equal(
      (await login(gateway, person.row.email, person.password, '10.13.0.1')).status,
      200,
    );
  });

  test('fifty failures throttle the ip', async () => {
    const ip = '10.14.0.1';
    for (let i = 0; i < 50; i += 1) {
      const response = await login(gateway, `spray${i}@example.test`, 'wrong-password', ip);
      assert.equal(response.status, 401, `failure ${i + 1}`);
    }
    const person = await gateway.createUser();
    assertThrottled(await login(gateway, person.row.email, person.password, ip));
    assert.equal(
      (await login(gateway, person.row.email, person.password, '10.14.0.2')).status,
      200,
    );
  });

  test('many failures across ips only slow down', async () => {
    const person = await gateway.createUser();
    // 21 failures from six addresses, none of them reaching five on its own.
    for (let i = 0; i < 21; i += 1) {
      const response = await login(gateway, person.row.email, 'wrong-password', `10.15.${i % 6}.1`);
      assert.equal(response.status, 401, `failure ${i + 1}`);
    }
    const started = Date.now();
    const response = await login(gateway, person.row.email, person.password, '10.15.9.9');
    const elapsed = Date.now() - started;
    assert.equal(response.status, 200, 'the owner can still sign in');
    assert.ok(elapsed >= 950, `attempt took ${elapsed} ms, expected the 1 s delay`);
  });
});

describe('login throttle under concurrency', () => {
  let gateway: TestGateway;

  before(async () => {
    // The production hashing cost keeps each check slow enough that the
    // attempts below overlap, as they do on a real server under attack.
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { ...PROXY_ENV, ARGON2_MEMORY_KIB: '19456', ARGON2_ITERATIONS: '2' },
    });
  });
  after(async () => {
    await gateway.close();
  });

  test('concurrent guesses check five passwords', async () => {
    const person = await gateway.createUser();
    const ip = '10.16.0.1';
    const guesses = Array.from({ length: 29 }, (_, i) => `wrong-password-${i}`);
    const responses = await Promise.all(
      [...guesses, person.password].map((password) =>
        login(gateway, person.row.email, password, ip),
      ),
    );
    const checked = responses.filter((response) => response.status !== 429);
    assert.ok(checked.length <= 5, `${checked.length} passwords were checked`);
    for (const response of responses) {
      if (response.status === 429) assertThrottled(response);
      else assert.equal(response.status, 401);
    }
    assertThrottled(responses[29] ?? assert.fail('no answer to the right password'));
    assertThrottled(await login(gateway, person.row.email, person.password, ip));
  });

  test('concurrent spraying checks fifty passwords', async () => {
    const ip = '10.17.0.1';
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        login(gateway, `sprayed${i}@example.test`, 'wrong-password', ip),
      ),
    );
    const checked = responses.filter((response) => response.status !== 429);
    assert.ok(checked.length <= 50, `${checked.length} passwords were checked`);
    for (const response of responses) {
      if (response.status === 429) assertThrottled(response);
      else assert.equal(response.status, 401);
    }
  });
});

const redisSkip = serviceSkipReason('TEST_REDIS_URL');

describe('login throttle on redis', redisSkip === undefined ? {} : { skip: redisSkip }, () => {
  let first: TestGateway;
  let second: TestGateway;
  let prefix: string;

  before(async () => {
    prefix = redisTestPrefix();
    const env = {
      ...PROXY_ENV,
      REDIS_URL: process.env.TEST_REDIS_URL ?? '',
      PORTCULLIS_REDIS_PREFIX: prefix,
    };
    first = await TestGateway.start({ upstream: UNUSED_UPSTREAM, env, database: 'sqlite' });
    second = await TestGateway.start({ upstream: UNUSED_UPSTREAM, env });
  });
  after(async () => {
    await first.close();
    await second.close();
    const client = new Redis(process.env.TEST_REDIS_URL ?? '');
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  test('failures on one instance throttle another', async () => {
    const email = 'shared-target@example.test';
    await failTimes(first, email, '10.20.0.1', 5);
    assertThrottled(await login(second, email, 'wrong-password', '10.20.0.1'));
    const client = new Redis(process.env.TEST_REDIS_URL ?? '');
    const keys = await client.keys(`${prefix}*`);
    await client.quit();
    assert.ok(keys.length > 0, 'counters live under the test prefix');
  });

  test('concurrent guesses across instances check five', async () => {
    const email = 'shared-burst@example.test';
    const ip = '10.22.0.1';
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        login(i % 2 === 0 ? first : second, email, `wrong-password-${i}`, ip),
      ),
    );
    const checked = responses.filter((response) => response.status !== 429);
    assert.ok(checked.length <= 5, `${checked.length} passwords were checked`);
    for (const response of responses) {
      if (response.status === 429) assertThrottled(response);
      else assert.equal(response.status, 401);
    }
  });

  test('registration limit is shared', async () => {
    const headers = { 'x-forwarded-for': '10.21.0.1' };
    const limit = first.running.ctx.config.registerLimitPerHour;
    for (let i = 0; i < limit; i += 1) {
      const target = i % 2 === 0 ? first : second;
      const response = await target.request('POST', '/api/auth/register', {
        body: { email: `shared${i}-${process.pid}@example.test`, password: 'long-enough-password' },
        headers,
      });
      assert.equal(response.status, 201, `registration ${i + 1}`);
    }
    const limited = await first.request<ErrorBody>('POST', '/api/auth/register', {
      body: { email: `shared-last-${process.pid}@example.test`, password: 'long-enough-password' },
      headers,
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
  });
});

describe('login throttle without redis', () => {
  let gateway: TestGateway;

  before(async () => {
    // Nothing listens on port 1, so every Redis command fails.
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      env: { ...PROXY_ENV, REDIS_URL: 'redis://127.0.0.1:1' },
    });
  });
  after(async () => {
    await gateway.close();
  });

  test('unreachable redis falls back to memory', async () => {
    const person = await gateway.createUser();
    assert.equal(
      (await login(gateway, person.row.email, person.password, '10.30.0.1')).status,
      200,
    );
    await failTimes(gateway, person.row.email, '10.30.0.2', 5);
    assertThrottled(await login(gateway, person.row.email, person.password, '10.30.0.2'));
    const records = gateway.logs.records(
      'redis for sign-in counters unreachable; counting in memory',
    );
    assert.equal(records.length, 1, 'one warning per outage');
  });
});
