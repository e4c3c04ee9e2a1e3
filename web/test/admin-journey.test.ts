import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import { type BrowserSession, openBrowser, saveScreenshot, uiSuite } from './support/chromium.ts';
import { enableModelAsAdmin, signIn, waitUntil } from './support/people.ts';
import {
  startUiStack,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type UiStack,
} from './support/stack.ts';

const MODEL = 'acme/quill-3b:free';
const PROMPT = 'Which gate is open today?';

uiSuite('admin journey in the browser', () => {
  let stack: UiStack;
  let admin: BrowserSession;
  let user: BrowserSession;
  let userEmail: string;

  before(async () => {
    stack = await startUiStack();
    const created = await stack.gateway.createUser({ email: 'grace@example.test' });
    userEmail = created.row.email;
    const stored = await stack.gateway.request('PUT', '/api/user/api-key', {
      token: created.token,
      body: { apiKey: 'sk-or-v1-admin-journey-00000000000000' },
    });
    assert.ok([202, 204].includes(stored.status), `key stored, got ${stored.status}`);
    admin = await openBrowser();
    user = await openBrowser();
    await signIn(admin.page, stack.url, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await signIn(user.page, stack.url, userEmail, created.password);
  });

  after(async () => {
    await user?.close();
    await admin?.close();
    await stack?.close();
  });

  it('model enabled by the admin reaches the user', async () => {
    await user.page.goto(`${stack.url}/settings`);
    const myModels = user.page.getByRole('region', { name: 'My models' });
    await myModels.getByText('No model is available yet').waitFor();

    await enableModelAsAdmin(admin.page, stack.url, MODEL);

    await user.page.reload();
    const toggle = myModels.getByRole('switch', { name: /Quill/i });
    await toggle.waitFor();
    if (!(await toggle.isChecked())) await toggle.click({ force: true });
    await waitUntil(() => toggle.isChecked(), 'the user switch to be on');
  });

  it('user request shows in chat logs and CSV', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Playground' }).first().click();
    await page.getByRole('textbox', { name: 'Message' }).fill(PROMPT);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'Reply' }).getByLabel('Token usage').waitFor();

    const logs = admin.page;
    await logs
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Chat logs' })
      .click();
    await logs.getByLabel('User email').fill('grace@');
    await logs.getByRole('button', { name: 'Apply filters' }).click();
    const table = logs.getByRole('table', { name: 'Chat logs' });
    const row = table.getByRole('row').filter({ hasText: 'conversation' }).first();
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /grace@example\.test/);

    await row.getByRole('button', { name: /Details of request/ }).click();
    const drawer = logs.getByRole('dialog', { name: /Request \d+/ });
    await drawer.getByRole('region', { name: 'Prompt' }).getByText(PROMPT).waitFor();
    await drawer
      .getByRole('region', { name: 'Reply' })
      .getByText(/Emulated answer/)
      .waitFor();
    await logs.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    const [download] = await Promise.all([
      logs.waitForEvent('download'),
      logs.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.ok(lines.length >= 2, 'the CSV has a header and at least one row');
    assert.match(csv, /grace@example\.test/);
    assert.doesNotMatch(csv, /admin@localhost/, 'the export keeps the email filter');
    await saveScreenshot(logs, 'chat-logs');
  });

  it('dashboard renders its charts with data', async () => {
    const { page } = admin;
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    const requests = page.getByRole('group', { name: 'Requests today' });
    await requests.waitFor();
    await waitUntil(
      async () => /[1-9]/.test((await requests.textContent())?.replace('Requests today', '') ?? ''),
      'a non-zero request count',
    );
    for (const title of ['Requests per day', 'Tokens per day', 'Top models', 'Top users']) {
      const figure = page.getByRole('figure', { name: title });
      await figure.locator('svg.recharts-surface').first().waitFor();
    }
    assert.match(
      (await page.getByRole('figure', { name: 'Top users' }).textContent()) ?? '',
      /grace@/,
    );
    await saveScreenshot(page, 'dashboard');
  });

  it('own admin row has disabled protections', async () => {
    const { page } = admin;
    await page
      .getByRole('navigation', { name: 'Admin' })
      .getByRole('link', { name: 'Users' })
      .click();
    const table = page.getByRole('table', { name: 'Users' });
    await table.getByText(TEST_ADMIN_EMAIL).waitFor();
    assert.equal(
      await page.getByRole('button', { name: `Delete ${TEST_ADMIN_EMAIL}` }).isDisabled(),
      true,
    );
    assert.equal(
      await page.getByRole('switch', { name: `${TEST_ADMIN_EMAIL} is active` }).isDisabled(),
      true,
    );
    await table.getByText('You cannot change your own role').waitFor();
  });

  it('disabled user is signed out on next action', async () => {
    const { page } = admin;
    const status = page.getByRole('switch', { name: `${userEmail} is active` });
    await status.click({ force: true });
    await waitUntil(async () => !(await status.isChecked()), 'the user to show as disabled');

    await user.page.getByRole('link', { name: 'Settings' }).first().click();
    await user.page.waitForURL((url) => url.pathname === '/login');
    await user.page.getByText('Your session has ended').waitFor();
    await user.page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(admin.errors, []);
    assert.deepEqual(user.errors, []);
  });
});
