import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { type BrowserSession, openBrowser, saveScreenshot, uiSuite } from './support/chromium.ts';
import { signIn } from './support/people.ts';
import { startUiStack, type UiStack } from './support/stack.ts';

const WITHDRAWN = 'acme/atlas-8b:free';
const FALLBACK = 'acme/quill-3b:free';

uiSuite('playground errors in the browser', () => {
  let stack: UiStack;
  let user: BrowserSession;
  let token: string;

  before(async () => {
    stack = await startUiStack();
    const adminToken = await stack.gateway.adminToken();
    await stack.gateway.request('POST', '/api/admin/sync-models', { token: adminToken });
    for (const modelId of [WITHDRAWN, FALLBACK]) {
      const enabled = await stack.gateway.request('PUT', '/api/admin/models/toggle', {
        token: adminToken,
        body: { modelId, enabled: true },
      });
      assert.equal(enabled.status, 200, `enable ${modelId}: ${enabled.text}`);
    }
    const created = await stack.gateway.createUser({ email: 'joan@example.test' });
    token = created.token;
    const models = await stack.gateway.request<{ id: number; modelId: string }[]>(
      'GET',
      '/api/user/models',
      { token },
    );
    for (const model of models.body) {
      await stack.gateway.request('PUT', `/api/user/models/${model.id}/toggle`, {
        token,
        body: { enabled: true },
      });
    }
    user = await openBrowser();
    await signIn(user.page, stack.url, created.row.email, created.password);
    await user.page.goto(`${stack.url}/playground`);
    await user.page.getByRole('combobox', { name: 'Model' }).click();
    await user.page.getByRole('option', { name: /Atlas/ }).click();
  });

  after(async () => {
    await user?.close();
    await stack?.close();
  });

  it('missing key links to Settings', async () => {
    const { page } = user;
    await send(page, 'Hello without a key');
    const alert = page.getByRole('alert').filter({ hasText: 'No OpenRouter key stored' });
    await alert.waitFor();
    const link = alert.getByRole('link', { name: 'Add your OpenRouter key in Settings' });
    assert.equal(await link.getAttribute('href'), '/settings#openrouter-key');
    assert.equal(
      await page.getByRole('textbox', { name: 'Message' }).inputValue(),
      'Hello without a key',
      'the rejected prompt is back in the message box',
    );
    const stored = await stack.gateway.request('PUT', '/api/user/api-key', {
      token,
      body: { apiKey: 'sk-or-v1-playground-errors-0000000000' },
    });
    assert.ok([202, 204].includes(stored.status));
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
  });

  it('upstream 429 says when to retry', async () => {
    const { page } = user;
    await stack.addScenario({
      match: { stream: true },
      status: 429,
      headers: { 'retry-after': '42' },
      body: { error: { code: 429, message: 'Rate limit exceeded: free-models-per-min.' } },
    });
    await page.getByRole('textbox', { name: 'Message' }).fill('');
    await send(page, 'Hello too fast');
    const alert = page.getByRole('alert').filter({ hasText: 'Too many requests' });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Try again in 42 s/);
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
  });

  it('withdrawn model offers another model', async () => {
    const { page } = user;
    await stack.addScenario({
      match: { stream: true, model: WITHDRAWN },
      status: 404,
      body: {
        error: {
          code: 404,
          message: 'This model has been deprecated.',
          availability: { code: 'model_deprecated' },
        },
      },
    });
    await page.getByRole('textbox', { name: 'Message' }).fill('');
    await send(page, 'Hello old model');
    const alert = page.getByRole('alert').filter({ hasText: 'This model was withdrawn' });
    await alert.waitFor();
    await saveScreenshot(page, 'playground-withdrawn');
    await alert.getByRole('button', { name: 'Continue with this model' }).click();

    const reply = page.getByRole('article', { name: 'Reply' }).last();
    await reply.getByLabel('Token usage').waitFor();
    assert.match((await reply.textContent()) ?? '', /Emulated answer/);
    assert.equal(
      await page.getByRole('combobox', { name: 'Model' }).inputValue(),
      'Acme: Quill 3B (free)',
    );
    assert.deepEqual(user.errors, []);
  });
});

async function send(page: BrowserSession['page'], text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}
