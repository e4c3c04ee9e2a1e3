import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { recordAudit } from '../../src/admin/audit-log.ts';
import { TEST_ADMIN_EMAIL, TestGateway } from '../support/gateway.ts';
import { describeEachDatabase } from '../support/services.ts';

// No upstream call is made here, so a closed loopback port stands in for it.
const UNUSED_UPSTREAM = 'http://127.0.0.1:9/api/v1';
const ZONE = 'Asia/Tokyo';

interface AuditItem {
  id: number;
  createdAt: string;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

interface Page {
  items: AuditItem[];
  total: number;
}

describeEachDatabase('admin audit', (database) => {
  let gateway: TestGateway;
  let adminToken: string;
  let adminId: number;
  let userId: number;

  async function list(query: string): Promise<Page> {
    const response = await gateway.request<Page>('GET', `/api/admin/audit?${query}`, {
      token: adminToken,
    });
    assert.equal(response.status, 200, response.text);
    return response.body;
  }

  before(async () => {
    gateway = await TestGateway.start({
      upstream: UNUSED_UPSTREAM,
      database,
      env: { USAGE_TIMEZONE: ZONE },
    });
    adminToken = await gateway.adminToken();
    adminId = (await gateway.request<{ id: number }>('GET', '/api/auth/me', { token: adminToken }))
      .body.id;
    const send = (method: string, path: string, body?: unknown) =>
      gateway.request<{ id: number }>(method, path, {
        token: adminToken,
        ...(body === undefined ? {} : { body }),
      });
    const created = await send('POST', '/api/admin/users', {
      email: 'audited@x.test',
      password: 'long-enough-password',
    });
    userId = created.body.id;
    await send('PUT', `/api/admin/users/${userId}/role`, { role: 'admin' });
    await send('PUT', `/api/admin/users/${userId}/status`, { status: 'disabled' });
    await send('POST', `/api/admin/users/${userId}/reset-password`);
    await send('DELETE', `/api/admin/users/${userId}`);
    // Tokyo is UTC+9: its 1 December runs from 30 November 15:00Z to 1 December 15:00Z.
    const db = gateway.running.ctx.db;
    await recordAudit(
      db,
      { actor: null, action: 'models.sync', targetType: 'models', targetId: null },
      Date.parse('2026-11-30T14:59:59Z'),
    );
    await recordAudit(
      db,
      { actor: null, action: 'models.sync', targetType: 'models', targetId: null },
      Date.parse('2026-11-30T15:00:00Z'),
    );
    await recordAudit(
      db,
      { actor: null, action: 'models.sync', targetType: 'models', targetId: null },
      Date.parse('2026-12-01T15:00:00Z'),
    );
  });
  after(async () => {
    await gateway.close();
  });

  test('every user change is recorded with actor', async () => {
    const page = await list(`size=200&from=${encodeURIComponent('2026-12-02T00:00:00Z')}`);
    const actions = page.items
      .filter((item) => item.targetId === String(userId))
      .map((item) => item.action);
    assert.deepEqual(actions, [
      'user.delete',
      'user.reset_password',
      'user.status',
      'user.role',
      'user.create',
    ]);
    assert.ok(
      page.items.every((item) => item.actorId === adminId && item.actorEmail === TEST_ADMIN_EMAIL),
    );
  });

  test('before and after come back as JSON', async () => {
    const role = (await list('action=user.role')).items[0];
    assert.deepEqual(role?.before, { role: 'user' });
    assert.deepEqual(role?.after, { role: 'admin' });
    assert.equal(role?.targetType, 'user');
    const status = (await list('action=user.status')).items[0];
    assert.deepEqual(status?.after, { status: 'disabled' });
    const created = (await list('action=user.create')).items[0];
    assert.equal(created?.before, null);
    assert.equal((created?.after as { email?: string } | undefined)?.email, 'audited@x.test');
    const deleted = (await list('action=user.delete')).items[0];
    assert.equal((deleted?.before as { email?: string } | undefined)?.email, 'audited@x.test');
  });

  test('action filter is exact', async () => {
    assert.equal((await list('action=user.role')).total, 1);
    assert.equal((await list('action=user')).total, 0);
  });

  test('a date is the whole zone day', async () => {
    const page = await list('action=models.sync&from=2026-12-01&to=2026-12-01');
    assert.deepEqual(
      page.items.map((item) => item.createdAt),
      ['2026-11-30T15:00:00.000Z'],
    );
  });

  test('date-time to is exclusive', async () => {
    const page = await list(`action=models.sync&to=${encodeURIComponent('2026-11-30T15:00:00Z')}`);
    assert.deepEqual(
      page.items.map((item) => item.createdAt),
      ['2026-11-30T14:59:59.000Z'],
    );
  });

  test('bad audit filters are validation_failed', async () => {
    const response = await gateway.request<{ error: { code: string; param: string } }>(
      'GET',
      '/api/admin/audit?from=tomorrow',
      { token: adminToken },
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error.param, 'from');
  });

  test('audit is for admins only', async () => {
    const user = await gateway.createUser();
    assert.equal(
      (await gateway.request('GET', '/api/admin/audit', { token: user.token })).status,
      403,
    );
  });
});
