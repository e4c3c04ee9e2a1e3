import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Model, type ModelList, startEmulator } from '../src/index.ts';
import { KEY, useEmulator } from './helpers.ts';

const emulator = useEmulator();

async function listModels(query = '', key?: string): Promise<ModelList> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const response = await fetch(`${emulator.current.baseUrl}/models${query}`, { headers });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  return (await response.json()) as ModelList;
}

describe('model list', () => {
  test('served without a key', async () => {
    const list = await listModels();
    assert.ok(list.data.length > 0);
    assert.equal(list.total_count, list.data.length);
    assert.deepEqual(list.links, { next: null });
  });

  test('served with a key', async () => {
    const list = await listModels('', KEY);
    assert.equal(list.total_count, list.data.length);
  });

  test('prices are strings', async () => {
    for (const model of (await listModels()).data) {
      assert.equal(typeof model.pricing.prompt, 'string', model.id);
      assert.equal(typeof model.pricing.completion, 'string', model.id);
    }
  });

  test('entries carry required fields', async () => {
    const required = [
      'id',
      'canonical_slug',
      'name',
      'created',
      'context_length',
      'architecture',
      'pricing',
      'top_provider',
      'per_request_limits',
      'supported_parameters',
      'default_parameters',
      'supported_voices',
      'links',
    ];
    for (const model of (await listModels()).data) {
      for (const field of required) assert.ok(field in model, `${model.id} lacks ${field}`);
    }
  });

  test('supported_parameters filter', async () => {
    const list = await listModels('?supported_parameters=tools');
    assert.ok(list.data.length > 0);
    for (const model of list.data) assert.ok(model.supported_parameters.includes('tools'));
    assert.ok(list.data.length < (await listModels()).data.length);
  });

  test('output_modalities filter', async () => {
    const images = await listModels('?output_modalities=image');
    assert.deepEqual(
      images.data.map((model) => model.id),
      ['example/canvas-1'],
    );
    const all = await listModels('?output_modalities=all');
    assert.equal(all.total_count, (await listModels()).total_count);
  });

  test('pagination links', async () => {
    const total = (await listModels()).total_count;
    const first = await listModels('?offset=0&limit=2');
    assert.equal(first.data.length, 2);
    assert.equal(first.total_count, total);
    assert.equal(first.links.next, '/api/v1/models?offset=2&limit=2');
    const last = await listModels(`?offset=${total - 1}&limit=2`);
    assert.equal(last.data.length, 1);
    assert.equal(last.links.next, null);
  });
});

describe('default catalogue', () => {
  async function models(): Promise<Model[]> {
    return (await listModels()).data;
  }

  test('free and paid pairs', async () => {
    const ids = new Set((await models()).map((model) => model.id));
    const pairs = [...ids].filter((id) => id.endsWith(':free') && ids.has(id.slice(0, -5)));
    assert.ok(pairs.length >= 2, `pairs: ${pairs.join(', ')}`);
  });

  test('free twin shares canonical slug', async () => {
    const all = await models();
    const free = all.find((model) => model.id === 'acme/atlas-8b:free');
    const paid = all.find((model) => model.id === 'acme/atlas-8b');
    assert.equal(free?.canonical_slug, paid?.canonical_slug);
    assert.match(free?.name ?? '', / \(free\)$/);
    assert.deepEqual(free?.pricing, { prompt: '0', completion: '0' });
  });

  test('free-only models', async () => {
    const ids = new Set((await models()).map((model) => model.id));
    const freeOnly = [...ids].filter((id) => id.endsWith(':free') && !ids.has(id.slice(0, -5)));
    assert.ok(freeOnly.length >= 1);
  });

  test('routers priced -1', async () => {
    const routers = (await models()).filter((model) => model.pricing.prompt === '-1');
    assert.ok(routers.length >= 1);
    for (const router of routers) assert.equal(router.pricing.completion, '-1');
  });

  test('tools and no tools', async () => {
    const all = await models();
    assert.ok(all.some((model) => model.supported_parameters.includes('tools')));
    assert.ok(all.some((model) => !model.supported_parameters.includes('tools')));
  });

  test('alias with alias_target', async () => {
    const alias = (await models()).find((model) => model.id.startsWith('~'));
    assert.ok(alias);
    assert.match(alias.id, /^~[a-z]+\/[a-z-]+-latest$/);
    assert.equal(typeof alias.alias_target?.slug, 'string');
    assert.equal(typeof alias.alias_target?.name, 'string');
  });

  test('batch id', async () => {
    assert.ok((await models()).some((model) => model.id.endsWith(':batch')));
  });

  test('expired free model', async () => {
    const expired = (await models()).filter(
      (model) => model.expiration_date && Date.parse(model.expiration_date) < Date.now(),
    );
    assert.equal(expired.length, 1);
    assert.ok(expired[0]?.id.endsWith(':free'));
  });

  test('non-text model', async () => {
    const nonText = (await models()).filter(
      (model) => !model.architecture.output_modalities.includes('text'),
    );
    assert.equal(nonText.length, 1);
    assert.deepEqual(nonText[0]?.architecture.output_modalities, ['image']);
  });

  test('first free tool model never expires', async () => {
    const first = (await models()).find(
      (model) => model.id.endsWith(':free') && model.supported_parameters.includes('tools'),
    );
    assert.ok(first);
    assert.equal(first.expiration_date ?? null, null);
  });
});

describe('single model', () => {
  test('known id', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/model/acme/atlas-8b:free`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { data: Model };
    assert.equal(body.data.id, 'acme/atlas-8b:free');
  });

  test('percent-encoded id', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/model/acme/atlas-8b%3Afree`);
    assert.equal(response.status, 200);
  });

  test('alias id', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/model/~acme/atlas-latest`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { data: Model };
    assert.equal(body.data.alias_target?.slug, 'acme/atlas-8b');
  });

  test('unknown id is 404', async () => {
    const response = await fetch(`${emulator.current.baseUrl}/model/acme/missing`);
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: { code: number; message: string } };
    assert.equal(body.error.code, 404);
    assert.match(body.error.message, /acme\/missing/);
  });
});

describe('catalogue file', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-catalog-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('served as given', async () => {
    const dir = tempDir();
    const path = join(dir, 'models.json');
    const model = {
      id: 'test/only-model:free',
      name: 'Only',
      pricing: { prompt: '0', completion: '0' },
    };
    writeFileSync(path, JSON.stringify({ data: [model, { broken: true }] }));
    const custom = await startEmulator({ catalogPath: path });
    try {
      const list = (await (await fetch(`${custom.baseUrl}/models`)).json()) as ModelList;
      assert.equal(list.total_count, 2);
      assert.equal(list.data[0]?.id, 'test/only-model:free');
      assert.deepEqual(list.data[1], { broken: true });
    } finally {
      await custom.close();
    }
  });

  test('unreadable file rejects start', async () => {
    await assert.rejects(startEmulator({ catalogPath: '/nonexistent/models.json' }), /ENOENT/);
  });

  test('file without data rejects start', async () => {
    const dir = tempDir();
    const path = join(dir, 'models.json');
    writeFileSync(path, '{"models": []}');
    await assert.rejects(startEmulator({ catalogPath: path }), /"data" array/);
  });
});
