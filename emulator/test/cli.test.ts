import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli, startCli, stopCli } from './cli-helpers.ts';

describe('cli', () => {
  test('help lists every option', async () => {
    const { code, output } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const flag of [
      '--port',
      '--host',
      '--catalog',
      '--keys',
      '--rpm',
      '--first-token-ms',
      '--chunk-delay-ms',
      '--reply-tokens',
    ]) {
      assert.ok(output.includes(flag), `help lacks ${flag}`);
    }
  });

  test('bad value exits 1', async () => {
    const { code, output } = await runCli(['--rpm', 'ten']);
    assert.equal(code, 1);
    assert.match(output, /Invalid --rpm value "ten"/);
  });

  test('unknown flag exits 1', async () => {
    const { code } = await runCli(['--colour']);
    assert.equal(code, 1);
  });

  test('listens on loopback by default', async () => {
    const cli = await startCli(['--port', '0']);
    try {
      assert.match(cli.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${cli.origin}/api/v1/models`);
      assert.equal(response.status, 200);
      const lines = cli.output().trim().split('\n');
      assert.equal(lines.length, 1);
    } finally {
      await stopCli(cli);
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} exits cleanly`, async () => {
      const cli = await startCli(['--port', '0']);
      assert.equal(await stopCli(cli, signal), 0);
    });
  }

  test('flags reach the server', async () => {
    const cli = await startCli(['--port', '0', '--keys', 'k1,k2', '--reply-tokens', '3']);
    try {
      const post = (key: string) =>
        fetch(`${cli.origin}/api/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'acme/quill-3b:free',
            messages: [{ role: 'user', content: 'x' }],
          }),
        });
      assert.equal((await post('sk-or-other')).status, 401);
      const response = await post('k2');
      assert.equal(response.status, 200);
      const body = (await response.json()) as { usage: { completion_tokens: number } };
      assert.equal(body.usage.completion_tokens, 3);
    } finally {
      await stopCli(cli);
    }
  });
});
