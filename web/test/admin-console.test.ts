import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { type BrowserSession, openBrowser, uiSuite } from './support/chromium.ts';
import { signIn, waitUntil } from './support/people.ts';
import {
  startUiStack,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type UiStack,
} from './support/stack.ts';

const NEW_EMAIL = 'katherine@example.test';
const MODEL = 'acme/atlas-8b:free';

uiSuite('admin console in the browser', () => {
  let stack: UiStack;
  let admin: BrowserSession;
  let adminToken: string;

  before(async () => {
    stack = await startUiStack();
    adminToken = await stack.gateway.adminToken();
    await stack.gateway.request('POST', '/api/admin/sync-models', { token: adminToken });
    admin = await openBrowser();
    await signIn(admin.page, stack.url, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
  });

  after(async () => {
    await admin?.close();
    await stack?.close();
  });

  it('admin creates a user and edits it', async () => {
    const { page } = admin;
    await page.goto(`${stack.url}/admin/users`);
    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('Email').fill(NEW_EMAIL);
    await dialog
      .getByRole('textbox', { name: 'Password', exact: true })
      .fill('created-by-the-admin');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const rateLimit = page.getByLabel(`Requests per minute for ${NEW_EMAIL}`);
    await rateLimit.fill('7');
    await page.getByRole('button', { name: `Save rate limit for ${NEW_EMAIL}` }).click();
    await page.getByText(`Rate limit of ${NEW_EMAIL} saved.`).waitFor();

    await page.getByRole('combobox', { name: `Role of ${NEW_EMAIL}` }).click();
    await page.getByRole('option', { name: 'Admin' }).click();
    await page.getByText(`Role of ${NEW_EMAIL} changed.`).waitFor();

    const users = await stack.gateway.request<{
      items: { email: string; role: string; requestsPerMinute: number | null }[];
    }>('GET', `/api/admin/users?q=${encodeURIComponent(NEW_EMAIL)}`, { token: adminToken });
    const row = users.body.items.find((item) => item.email === NEW_EMAIL);
    assert.equal(row?.role, 'admin');
    assert.equal(row?.requestsPerMinute, 7);
  });

  it('admin deletes the user', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: `Delete ${NEW_EMAIL}` }).click();
    await page
      .getByRole('dialog', { name: 'Delete user' })
      .getByRole('button', { name: 'Delete user' })
      .click();
    await waitUntil(
      async () =>
        (await page.getByRole('table', { name: 'Users' }).getByText(NEW_EMAIL).count()) === 0,
      'the deleted user to leave the table',
    );
  });

  it('model daily limits save inline', async () => {
    const { page } = admin;
    await page.goto(`${stack.url}/admin/models`);
    await page.getByLabel('Search models').fill('atlas');
    await page.getByLabel(`Requests per day for ${MODEL}`).fill('25');
    await page.getByRole('button', { name: `Save limits for ${MODEL}` }).click();
    await page.getByText(`Daily limits of ${MODEL} saved.`).waitFor();
    const limits = await stack.gateway.request<
      { modelId: string; maxRequestsPerDay: number | null }[]
    >('GET', '/api/admin/usage-limits', { token: adminToken });
    const limit = limits.body.find((item) => item.modelId === MODEL);
    assert.equal(limit?.maxRequestsPerDay, 25);
  });

  it('audit list filters by action', async () => {
    const { page } = admin;
    await page.goto(`${stack.url}/admin/audit`);
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.getByText('usage_limits.update').waitFor();
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'user.delete' }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await waitUntil(
      async () => (await table.getByText('usage_limits.update').count()) === 0,
      'the filter to hide other actions',
    );
    await table.getByText('user.delete').first().waitFor();
    assert.deepEqual(admin.errors, []);
  });
});
