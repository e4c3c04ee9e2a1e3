import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EMULATOR_PLAIN_MODEL, LimitsFixture } from './limits-fixture.ts';

const PER_MINUTE = 2;

let fixture: LimitsFixture;

before(async () => {
  fixture = await LimitsFixture.start({ env: { RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) } });
});
after(async () => {
  await fixture?.close();
});

test('title generation takes no slot or unit', async () => {
  const user = await fixture.gateway.createUser();
  const created = await fixture.gateway.request<{ id: number }>('POST', '/api/conversations', {
    token: user.token,
    body: { model: EMULATOR_PLAIN_MODEL },
  });
  assert.equal(created.status, 201, created.text);
  const path = `/api/conversations/${created.body.id}/messages`;
  const first = await fixture.gateway.request<{
    title: string | null;
    usage: { totalTokens: number };
  }>('POST', path, {
    token: user.token,
    body: { content: 'Tell me about castles' },
  });
  assert.equal(first.status, 201, first.text);
  assert.ok(first.body.title, 'the first reply comes with a generated title');
  const upstreamCalls = await fixture.upstreamChats();
  assert.equal(upstreamCalls, 2, 'one reply and one title call');

  const usage = (await fixture.usage(user)).models.find(
    (model) => model.modelId === EMULATOR_PLAIN_MODEL,
  );
  assert.equal(usage?.requests, 1);
  assert.ok((usage?.totalTokens ?? 0) > first.body.usage.totalTokens, 'title tokens are counted');

  const second = await fixture.gateway.request('POST', path, {
    token: user.token,
    body: { content: 'And moats?' },
  });
  assert.equal(second.status, 201, 'the title call left the second slot free');
  const third = await fixture.gateway.request('POST', path, {
    token: user.token,
    body: { content: 'Walls?' },
  });
  assert.equal(third.status, 429);
});
