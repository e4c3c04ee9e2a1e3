import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../emulator/src/index.ts';
import type { RegisteredRoute } from '../src/http/route-registry.ts';
import { ROUTE_CASES } from './authorization/index.ts';
import {
  CALLERS,
  type Caller,
  MATRIX_PASSWORD,
  type RouteCase,
  type World,
} from './authorization/types.ts';
import { TestGateway } from './support/gateway.ts';

/**
 * The only routes without an entry: public GETs of the built UI's files and
 * of the API docs' assets. Everything under /api and /v1, and /metrics, needs one.
 */
function isExemptAsset(route: RegisteredRoute): boolean {
  if (route.auth !== 'public' || route.method !== 'GET') return false;
  if (route.url === '/api/docs' || route.url.startsWith('/api/docs/')) return true;
  return !/^\/(api|v1)(\/|$)/.test(route.url) && route.url !== '/metrics';
}

function routeKey(route: RegisteredRoute): string {
  return `${route.method} ${route.url}`;
}

describe('authorization matrix', () => {
  let emulator: RunningEmulator;
  let gateway: TestGateway;
  let modelId: string;
  let serial = 0;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    gateway = await TestGateway.start({
      upstream: emulator.baseUrl,
      env: {
        // A shared operator key lets every caller chat without storing a key first.
        KEY_POLICY: 'shared',
        OPENROUTER_API_KEY: 'sk-or-v1-matrix-operator-key',
        REGISTER_LIMIT_PER_HOUR: '100000',
        RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    await gateway.ready();
    modelId = await enableOneModel();
  });
  after(async () => {
    await gateway.close();
    await emulator.close();
  });

  async function enableOneModel(): Promise<string> {
    const token = await gateway.adminToken();
    const sync = await gateway.request('POST', '/api/admin/sync-models', { token });
    assert.equal(sync.status, 200, sync.text);
    const models = await gateway.request<Array<{ modelId: string; available: boolean }>>(
      'GET',
      '/api/admin/models',
      {
        token,
      },
    );
    const usable = models.body.find((model) => model.available);
    assert.ok(usable, 'the emulator catalogue has an available model');
    const toggled = await gateway.request('PUT', '/api/admin/models/toggle', {
      token,
      body: { modelId: usable.modelId, enabled: true },
    });
    assert.equal(toggled.status, 200, toggled.text);
    return usable.modelId;
  }

  async function newWorld(): Promise<World> {
    const account = (role: 'user' | 'admin') =>
      gateway.createUser({ role, password: MATRIX_PASSWORD });
    const [user, otherUser, admin] = await Promise.all([
      account('user'),
      account('user'),
      account('admin'),
    ]);
    const created = await gateway.request<{ id: number; key: string }>(
      'POST',
      '/api/user/gateway-keys',
      {
        token: user.token,
        body: { name: 'matrix' },
      },
    );
    assert.equal(created.status, 201, created.text);
    return {
      gateway,
      user,
      otherUser,
      admin,
      gatewayKey: created.body,
      model: { modelId },
      unique: () => {
        serial += 1;
        return `matrix-${process.pid}-${serial}`;
      },
    };
  }

  function tokenOf(world: World, caller: Caller): string | undefined {
    if (caller === 'anonymous') return undefined;
    if (caller === 'gatewayKey') return world.gatewayKey.key;
    return world[caller].token;
  }

  async function statusFor(entry: RouteCase, caller: Caller): Promise<number> {
    // Each caller gets fresh accounts and objects, so no request depends on another's effects.
    const world = await newWorld();
    const built = (await entry.request?.(world)) ?? {};
    const [method = '', url = ''] = entry.route.split(' ');
    const token = tokenOf(world, caller);
    const response = await gateway.request(method, built.path ?? url, {
      ...(token === undefined ? {} : { token }),
      ...(built.body === undefined ? {} : { body: built.body }),
    });
    return response.status;
  }

  test('every route has an entry', () => {
    const registered = gateway.running.routes.routes
      .filter((route) => !isExemptAsset(route))
      .map(routeKey);
    const listed = ROUTE_CASES.map((entry) => entry.route);
    const missing = registered.filter((key) => !listed.includes(key));
    const stale = listed.filter((key) => !registered.includes(key));
    const duplicated = listed.filter((key, index) => listed.indexOf(key) !== index);
    assert.deepEqual(
      missing,
      [],
      'routes without a matrix entry (add them under test/authorization/)',
    );
    assert.deepEqual(stale, [], 'matrix entries for routes that are not registered');
    assert.deepEqual(duplicated, [], 'routes listed twice');
  });

  test('exempt routes are only assets', () => {
    const exempt = gateway.running.routes.routes.filter(isExemptAsset);
    for (const route of exempt) {
      assert.equal(route.auth, 'public', routeKey(route));
      assert.ok(!route.url.startsWith('/v1'), routeKey(route));
    }
  });

  for (const entry of ROUTE_CASES) {
    test(entry.route, async () => {
      const actual: Record<string, number> = {};
      for (const caller of CALLERS) actual[caller] = await statusFor(entry, caller);
      assert.deepEqual(actual, entry.expect);
    });
  }
});
