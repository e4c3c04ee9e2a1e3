import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { type BrowserSession, openBrowser, saveScreenshot, uiSuite } from './support/chromium.ts';
import { enableModelAsAdmin, waitUntil } from './support/people.ts';
import {
  startUiStack,
  streamChunks,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type UiStack,
} from './support/stack.ts';

const MODEL = 'acme/atlas-8b:free';
const USER_EMAIL = 'ada@example.test';
const USER_PASSWORD = 'correct-horse-battery';
const MARKDOWN_REPLY = [
  '## Plan',
  '',
  '- first **step**',
  '- second step',
  '',
  '```js',
  'const answer = 42;',
  '```',
  '',
].join('\n');

uiSuite('user journey in the browser', () => {
  let stack: UiStack;
  let admin: BrowserSession;
  let user: BrowserSession;

  before(async () => {
    stack = await startUiStack();
    admin = await openBrowser();
    user = await openBrowser();
  });

  after(async () => {
    await user?.close();
    await admin?.close();
    await stack?.close();
  });

  it('first-run admin signs in and enables a model', async () => {
    const { page } = admin;
    await page.goto(`${stack.url}/admin/models`);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('Email').fill(TEST_ADMIN_EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(TEST_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Sign-in returns to the page asked for before it.
    await page.waitForURL((url) => url.pathname === '/admin/models');
    await enableModelAsAdmin(page, stack.url, MODEL);
    assert.deepEqual(admin.errors, []);
  });

  it('new user registers and stores a key', async () => {
    const { page } = user;
    await page.goto(`${stack.url}/register`);
    await page.getByLabel('Email').fill(USER_EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(USER_PASSWORD);
    await page.getByLabel('Confirm password').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((url) => url.pathname === '/playground');

    await page.getByRole('link', { name: 'Settings' }).first().click();
    const keySection = page.getByRole('region', { name: 'OpenRouter key' });
    await keySection.getByText('No key stored').waitFor();
    await keySection.getByLabel('OpenRouter key').fill('sk-or-v1-ui-test-0000000000000000abcd');
    await keySection.getByRole('button', { name: 'Save key' }).click();
    await keySection.getByText('Key ending in').waitFor();
    assert.match((await keySection.textContent()) ?? '', /abcd/);
    assert.equal(await keySection.getByLabel('New OpenRouter key').inputValue(), '');
  });

  it('user enables the model the admin enabled', async () => {
    const { page } = user;
    await page.reload();
    const toggle = page
      .getByRole('region', { name: 'My models' })
      .getByRole('switch', { name: /Atlas/i });
    await toggle.waitFor();
    if (!(await toggle.isChecked())) await toggle.click({ force: true });
    await waitUntil(() => toggle.isChecked(), 'the user switch to be on');
    await saveScreenshot(page, 'settings');
  });

  it('playground streams a Markdown reply', async () => {
    const { page } = user;
    await stack.addScenario({
      match: { stream: true },
      rawChunks: streamChunks(MODEL, MARKDOWN_REPLY),
    });
    await page.getByRole('link', { name: 'Playground' }).first().click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Give me a plan');
    await page.getByRole('button', { name: 'Send' }).click();

    const reply = page.getByRole('article', { name: 'Reply' }).last();
    await reply.getByRole('heading', { name: 'Plan' }).waitFor();
    await reply.locator('pre code.hljs').waitFor();
    assert.equal(await reply.getByRole('listitem').count(), 2);
    await reply.getByRole('button', { name: 'Copy code' }).waitFor();
    await reply.getByLabel('Token usage').waitFor();
    await page.waitForURL((url) => /\/playground\/\d+$/.test(url.pathname));
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('link')
      .first()
      .waitFor();
  });

  it('Stop aborts a reply mid-stream', async () => {
    const { page } = user;
    await stack.addScenario({ match: { stream: true }, chunkDelayMs: 250 });
    await page.getByRole('textbox', { name: 'Message' }).fill('Tell me a long story');
    await page.getByRole('button', { name: 'Send' }).click();

    const reply = page.getByRole('article', { name: 'Reply' }).last();
    await waitUntil(
      async () => ((await reply.textContent()) ?? '').includes('Emulated answer'),
      'the first tokens of the second reply',
    );
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await reply.getByText('Stopped').waitFor({ timeout: 10_000 });

    // 64 tokens at 250 ms would take 16 s; a stopped reply is cut well short of that.
    const text = (await reply.textContent()) ?? '';
    assert.ok(text.length < 300, `the stopped reply is short, got ${text.length} characters`);
    assert.equal(await page.getByRole('article', { name: 'Reply' }).count(), 2);
    await saveScreenshot(page, 'playground');
    assert.deepEqual(user.errors, []);
  });

  it('conversation can be renamed and deleted', async () => {
    const { page } = user;
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await list
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename conversation' });
    await rename.getByLabel('Title').fill('Plans and stories');
    await rename.getByRole('button', { name: 'Save' }).click();
    await list.getByRole('link', { name: /Plans and stories/ }).waitFor();

    await list.getByRole('button', { name: 'Actions for Plans and stories' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete conversation' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await list.getByText('No conversations yet.').waitFor();
    await page.waitForURL((url) => url.pathname === '/playground');
    assert.deepEqual(user.errors, []);
  });
});
