import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LimitsFixture } from './limits-fixture.ts';

// Nothing listens on port 9, so every Redis command fails.
const UNREACHABLE_REDIS = 'redis://127.0.0.1:9';

let fixture: LimitsFixture;

before(async () => {
  // The sign-in throttle also counts in Redis, so the admin token is signed directly.
  fixture = await LimitsFixture.start({
    env: { REDIS_URL: UNREACHABLE_REDIS, RATE_LIMIT_PER_MINUTE: '2' },
    adminLogin: false,
  });
});
after(async () => {
  await fixture?.close();
});

test('unreachable Redis falls back to memory counters', async () => {
  const user = await fixture.gateway.createUser();
  assert.equal((await fixture.chat(user.token)).status, 200);
  assert.equal((await fixture.chat(user.token)).status, 200);
  const refused = await fixture.chat(user.token);
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error.code, 'rate_limited');
  assert.match(fixture.gateway.logs.text, /redis connection failed/);
});
