import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { type BrowserSession, openBrowser, uiSuite } from './support/chromium.ts';
import { signIn } from './support/people.ts';
import {
  startUiStack,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type UiStack,
} from './support/stack.ts';

const NEW_PASSWORD = 'a-brand-new-password';

uiSuite('account guards in the browser', () => {
  let stack: UiStack;
  let admin: BrowserSession;
  let user: BrowserSession;
  let userEmail: string;
  let userPassword: string;

  before(async () => {
    stack = await startUiStack();
    const created = await stack.gateway.createUser({ email: 'alan@example.test' });
    userEmail = created.row.email;
    userPassword = created.password;
    admin = await openBrowser();
    user = await openBrowser({ width: 375, height: 740 });
  });

  after(async () => {
    await user?.close();
    await admin?.close();
    await stack?.close();
  });

  it('user gets 403 page and no admin link', async () => {
    const { page } = user;
    await signIn(page, stack.url, userEmail, userPassword);
    await page.goto(`${stack.url}/admin/users`);
    await page.getByRole('heading', { name: /403/ }).waitFor();
    await page.getByRole('button', { name: 'Open navigation' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Admin' }).count(), 0);
  });

  it('session survives a reload', async () => {
    const { page } = user;
    await page.goto(`${stack.url}/settings`);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/settings');
  });

  it('gateway key shown once, then revoked', async () => {
    const { page } = user;
    await page.goto(`${stack.url}/settings`);
    const section = page.getByRole('region', { name: 'Gateway API keys' });
    await section.getByLabel('Key name').fill('laptop');
    await section.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByRole('dialog', { name: 'Gateway key created' });
    const key = ((await created.getByLabel('New gateway key').textContent()) ?? '').trim();
    assert.match(key, /^pcl_[0-9A-Za-z]+$/);
    assert.equal((await modelsWithKey(stack, key)).status, 200);
    await created.getByRole('button', { name: 'Done' }).click();

    await section.getByRole('button', { name: 'Revoke laptop' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke gateway key' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await section.getByText('No gateway keys yet.').waitFor();
    assert.equal((await modelsWithKey(stack, key)).status, 401);
    assert.equal(await page.getByText(key).count(), 0, 'the key is not shown again');
  });

  it('password reset forces a change first', async () => {
    await signIn(admin.page, stack.url, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await admin.page.goto(`${stack.url}/admin/users`);
    await admin.page.getByRole('button', { name: `Reset password of ${userEmail}` }).click();
    await admin.page
      .getByRole('dialog', { name: 'Reset password' })
      .getByRole('button', { name: 'Reset password' })
      .click();
    const passwordDialog = admin.page.getByRole('dialog', { name: 'Temporary password' });
    const temporary = (
      (await passwordDialog.getByLabel('Temporary password').textContent()) ?? ''
    ).trim();
    assert.ok(temporary.length >= 10, 'the temporary password is shown');

    // The reset revokes the user's token, so their next request signs them out.
    const { page } = user;
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('Email').fill(userEmail);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(temporary);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/change-password');
    await page.getByText('Choose a new password before you continue.').waitFor();

    await page.goto(`${stack.url}/playground`);
    await page.waitForURL((url) => url.pathname === '/change-password');
    await page.getByLabel('Current password').fill(temporary);
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL((url) => url.pathname === '/playground');
    assert.deepEqual(user.errors, []);
    assert.deepEqual(admin.errors, []);
  });
});

function modelsWithKey(stack: UiStack, key: string): Promise<Response> {
  return fetch(`${stack.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
}
