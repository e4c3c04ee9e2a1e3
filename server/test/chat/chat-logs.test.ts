import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeEachDatabase } from '../support/services.ts';
import { ChatFixture, chatBody } from './chat-fixture.ts';

async function post(fixture: ChatFixture, token: string, body: unknown) {
  const response = await fetch(`${fixture.gateway.url}/api/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describeEachDatabase('chat log writer', (kind) => {
  let fixture: ChatFixture;
  before(async () => {
    fixture = await ChatFixture.start({ database: kind });
  });
  after(async () => fixture.close());

  test('row is visible within a second', async () => {
    const user = await fixture.userWithKey();
    await post(fixture, user.token, chatBody());
    const rows = await fixture.logsOf(user.row.id, 1, 1000);
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row?.source, 'api');
    assert.equal(row?.user_email, user.row.email);
    assert.equal(row?.credential, 'jwt');
    assert.ok((row?.latency_ms ?? -1) >= 0);
    assert.equal(Number(row?.cost), 0);
  });

  test('database fault loses no row', async () => {
    const user = await fixture.userWithKey();
    const { db } = fixture.gateway.running.ctx;
    await db.schema.alterTable('chat_logs').renameTo('chat_logs_moved').execute();
    try {
      for (let index = 0; index < 5; index++) {
        assert.equal((await post(fixture, user.token, chatBody())).status, 200);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await db.schema.alterTable('chat_logs_moved').renameTo('chat_logs').execute();
    }
    const rows = await fixture.logsOf(user.row.id, 5, 8000);
    assert.equal(rows.length, 5);
    assert.match(fixture.gateway.logs.text, /chat log write failed; will retry/);
  });

  test('burst of rows is written in batches', async () => {
    const user = await fixture.userWithKey();
    const replies = await Promise.all(
      Array.from({ length: 30 }, () =>
        post(fixture, user.token, chatBody({ model: 'nobody/none' })),
      ),
    );
    assert.ok(replies.every((reply) => reply.status === 404));
    assert.equal((await fixture.logsOf(user.row.id, 30)).length, 30);
  });
});

describe('LOG_CONTENT=false', () => {
  let fixture: ChatFixture;
  before(async () => {
    fixture = await ChatFixture.start({ env: { LOG_CONTENT: 'false' } });
  });
  after(async () => fixture.close());

  test('rows keep metadata without prompt or reply', async () => {
    const user = await fixture.userWithKey();
    await post(fixture, user.token, chatBody());
    await post(fixture, user.token, chatBody({ stream: true }));
    const rows = await fixture.logsOf(user.row.id, 2);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.prompt, null);
      assert.equal(row.reply, null);
      assert.equal(row.outcome, 'ok');
      assert.ok(row.total_tokens > 0);
    }
  });
});
