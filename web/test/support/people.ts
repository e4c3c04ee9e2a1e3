import type { Page } from 'playwright-core';

/** Signs in through the form at /login and waits until the app has left it. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Polls `check` until it returns true, failing with `description` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  description: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`);
}

/** Runs the admin's catalogue sync from the Models screen and enables one model. */
export async function enableModelAsAdmin(page: Page, baseUrl: string, modelId: string) {
  await page.goto(`${baseUrl}/admin/models`);
  await page.getByRole('button', { name: 'Sync models' }).click();
  const dialog = page.getByRole('dialog', { name: 'Catalogue synced' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  const toggle = page.getByRole('switch', { name: `Enable ${modelId}` });
  await toggle.waitFor();
  if (!(await toggle.isChecked())) await toggle.click({ force: true });
  await waitUntil(() => toggle.isChecked(), `${modelId} to be enabled`);
}
