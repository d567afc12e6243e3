/**
 * The web console starts: serve's console URL opens the app in Chromium, the page takes the token
 * out of the address bar, shows the endpoint it talks to, and is served with the console's
 * security headers. Without the token, the API refuses the page.
 */
import { CreateDomainCommand } from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { ConsoleEntry } from './pages/console-entry';

test('the console opens with its token and shows the endpoint', async ({ page, desk, saveScreen }) => {
  await desk.client.send(new CreateDomainCommand({ domain: 'smoke' }));
  const response = await page.goto(desk.consoleUrl);
  expect(response?.status()).toBe(200);
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');

  const entry = new ConsoleEntry(page);
  const started = Date.now();
  await entry.waitReady();
  await expect(entry.endpoint).toHaveText(desk.endpoint);
  test.info().annotations.push({ type: 'ready-after-ms', description: String(Date.now() - started) });
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await expect(page.getByText('smoke').first()).toBeVisible();
  await saveScreen('console-home');
});

test('the console API refuses a page without the token', async ({ page, desk }) => {
  await page.goto(`${desk.endpoint}/`);
  const status = await page.evaluate(async () => {
    const answer = await fetch('/console/api/ListDomains', { method: 'POST', body: '{}' });
    return {
      status: answer.status,
      body: (await answer.json()) as { ok: boolean; error?: { name: string } },
    };
  });
  expect(status.status).toBe(401);
  expect(status.body).toMatchObject({ ok: false, error: { name: 'UnauthorizedException' } });
});
