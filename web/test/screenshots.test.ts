import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type BrowserSession, openBrowser, saveScreenshot, uiSuite } from './support/chromium.ts';
import { signIn } from './support/people.ts';
import {
  startUiStack,
  streamChunks,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type UiStack,
} from './support/stack.ts';

const IMAGES_DIR = new URL('../../docs/images/', import.meta.url).pathname;
const MODELS = ['acme/atlas-8b:free', 'acme/quill-3b:free', 'example/orbit-70b:free'];
const REPLY = [
  'Portcullis forwards each request to OpenRouter with **your own key** and records it.',
  '',
  'To call it from code, point any OpenAI client at the gateway:',
  '',
  '```python',
  'from openai import OpenAI',
  '',
  'client = OpenAI(base_url="http://127.0.0.1:8080/v1", api_key="pcl_...")',
  'reply = client.chat.completions.create(',
  '    model="acme/atlas-8b:free",',
  '    messages=[{"role": "user", "content": "Hello"}],',
  ')',
  'print(reply.choices[0].message.content)',
  '```',
  '',
  '| Limit | Where |',
  '| --- | --- |',
  '| requests per minute | per user |',
  '| requests and tokens per day | per user and model |',
  '',
].join('\n');

/** Writes the README's images; runs only under `npm run screenshots`. */
function screenshotSuite(body: () => void): void {
  if (process.env.PORTCULLIS_SCREENSHOTS === '1') uiSuite('README screenshots', body);
  else describe('README screenshots', { skip: 'run by npm run screenshots only' }, () => undefined);
}

screenshotSuite(() => {
  let stack: UiStack;
  let user: BrowserSession;
  let admin: BrowserSession;
  let userToken: string;

  before(async () => {
    stack = await startUiStack();
    await seedModels(stack);
    const created = await stack.gateway.createUser({ email: 'lin@example.test' });
    userToken = created.token;
    await call(stack, userToken, 'PUT', '/api/user/api-key', {
      apiKey: 'sk-or-v1-screens-000000000000000042',
    });
    const models = (await call(stack, userToken, 'GET', '/api/user/models')) as { id: number }[];
    for (const model of models) {
      await call(stack, userToken, 'PUT', `/api/user/models/${model.id}/toggle`, { enabled: true });
    }
    await seedTraffic(stack, userToken);
    user = await openBrowser({ width: 1280, height: 800 });
    admin = await openBrowser({ width: 1280, height: 900 });
    await signIn(user.page, stack.url, created.row.email, created.password);
    await signIn(admin.page, stack.url, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await mkdir(IMAGES_DIR, { recursive: true });
  });

  after(async () => {
    await user?.close();
    await admin?.close();
    await stack?.close();
  });

  it('playground image', async () => {
    const { page } = user;
    await stack.addScenario({
      match: { stream: true },
      rawChunks: streamChunks(MODELS[0] ?? '', REPLY),
    });
    await page.goto(`${stack.url}/playground`);
    await page
      .getByRole('textbox', { name: 'Message' })
      .fill('How do I call the gateway from Python?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'Reply' }).getByLabel('Token usage').waitFor();
    await settle(page);
    await page.screenshot({ path: join(IMAGES_DIR, 'playground.png') });

    await page.setViewportSize({ width: 375, height: 760 });
    await settle(page);
    await saveScreenshot(page, 'playground-375px');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `the playground fits 375 px, overflow ${overflow} px`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('settings image', async () => {
    const { page } = user;
    await page.goto(`${stack.url}/settings`);
    await page.getByRole('region', { name: 'Usage today' }).getByRole('table').waitFor();
    await settle(page);
    await page.screenshot({ path: join(IMAGES_DIR, 'settings.png'), fullPage: true });
  });

  it('dashboard image', async () => {
    const { page } = admin;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${stack.url}/admin/dashboard`);
    await page.getByRole('figure', { name: 'Top users' }).locator('svg.recharts-surface').waitFor();
    await settle(page);
    await page.screenshot({ path: join(IMAGES_DIR, 'dashboard.png'), fullPage: true });
  });
});

async function seedModels(stack: UiStack): Promise<void> {
  const token = await stack.gateway.adminToken();
  await call(stack, token, 'POST', '/api/admin/sync-models');
  for (const modelId of MODELS) {
    await call(stack, token, 'PUT', '/api/admin/models/toggle', { modelId, enabled: true });
  }
  await call(stack, token, 'PUT', '/api/admin/usage-limits', {
    modelId: MODELS[0],
    maxRequestsPerDay: 200,
    maxTokensPerDay: 50_000,
  });
}

/** Sends a few completions so the dashboard and usage table have data. */
async function seedTraffic(stack: UiStack, token: string): Promise<void> {
  for (const [index, model] of MODELS.entries()) {
    for (let count = 0; count <= index; count += 1) {
      await call(stack, token, 'POST', '/api/chat/completions', {
        model,
        messages: [{ role: 'user', content: `Sample request ${count}` }],
      });
    }
  }
}

async function call(stack: UiStack, token: string, method: string, path: string, body?: unknown) {
  const response = await stack.gateway.request(method, path, { token, body });
  assert.ok(
    response.status < 300,
    `${method} ${path} returned ${response.status}: ${response.text}`,
  );
  return response.body;
}

/** Waits for fonts, charts' animations and notifications to finish. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(1200);
}
