import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ModelList } from '../src/index.ts';
import { startCli, stopCli } from './cli-helpers.ts';
import { KEY } from './helpers.ts';

// The real catalogue snapshot is not part of the repository, so its path comes from the
// environment. The test fails when the variable names a file that cannot be read.
const snapshotPath = process.env.OPENROUTER_CATALOG_SNAPSHOT;
const skip = snapshotPath ? false : 'OPENROUTER_CATALOG_SNAPSHOT is unset';

describe('real snapshot', () => {
  test('served via --catalog', { skip }, async () => {
    const expected = JSON.parse(readFileSync(snapshotPath as string, 'utf8')) as ModelList;
    const cli = await startCli(['--port', '0', '--catalog', snapshotPath as string]);
    try {
      const response = await fetch(`${cli.origin}/api/v1/models`);
      assert.equal(response.status, 200);
      const served = (await response.json()) as ModelList;
      assert.equal(served.total_count, expected.data.length);
      assert.deepEqual(served.data, expected.data);
      assert.deepEqual(served.links, { next: null });

      const freeWithTools = expected.data.find(
        (model) => model.id.endsWith(':free') && model.supported_parameters.includes('tools'),
      );
      assert.ok(freeWithTools);
      const chat = await fetch(`${cli.origin}/api/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: freeWithTools.id,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      assert.equal(chat.status, 200);
      const single = await fetch(`${cli.origin}/api/v1/model/${freeWithTools.id}`);
      assert.equal(single.status, 200);
    } finally {
      await stopCli(cli);
    }
  });
});
