/**
 * The console's token prompt (missing or wrong token), the settings screen (endpoint, access key
 * reveal and rotation, checked against the SDK) and the light/dark theme.
 */
import { ListDomainsCommand } from '@aws-sdk/client-codeartifact';
import { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('the console asks for its token when it has none or a wrong one', async ({ page, desk }) => {
  await page.goto(`${desk.endpoint}/`);
  const prompt = page.getByTestId('token-prompt');
  await expect(prompt).toBeVisible();
  await page.getByTestId('token-input').fill('not-the-token');
  await page.getByTestId('token-submit').click();
  await expect(page.getByTestId('token-rejected')).toBeVisible();
  await page.getByTestId('token-input').fill(desk.consoleToken);
  await page.getByTestId('token-submit').click();
  await new AppPage(page).entry.waitReady();
  await expect(page.getByTestId('header-endpoint')).toHaveText(desk.endpoint);
  // The token is kept for the tab: a reload goes straight to the app.
  await page.reload();
  await new AppPage(page).entry.waitReady();
  await expect(prompt).toBeHidden();
});

test('settings: endpoint, access key reveal and rotation, theme', async ({ page, desk, saveScreen }) => {
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.openSettings();
  await expect(page.getByTestId('settings-endpoint')).toHaveText(desk.endpoint);
  await expect(page.getByTestId('settings-account')).toHaveText(desk.accountId);
  // Each external connection says which upstream it uses and where that came from.
  for (const connection of ['public:npmjs', 'public:pypi', 'public:maven-central']) {
    await expect(page.getByTestId(`external-upstream-${connection}`)).not.toBeEmpty();
  }
  await expect(page.getByTestId('access-key-id')).toHaveCount(0);
  await page.getByTestId('reveal-credentials').click();
  await expect(page.getByTestId('access-key-id')).toHaveText(desk.credentials.accessKeyId);
  await expect(page.getByTestId('secret-access-key')).toHaveText(desk.credentials.secretAccessKey);

  await page.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await saveScreen('settings-dark');
  await page.getByTestId('theme-light').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // The theme button in the header cycles light → dark → follow the system.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);

  await page.getByTestId('rotate-credentials').click();
  await expect(page.getByTestId('confirm-dialog').getByTestId('consequence')).toContainText(
    'The old key stops working at once',
  );
  await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
  await expect(page.getByTestId('access-key-id')).not.toHaveText(desk.credentials.accessKeyId);
  const accessKeyId = (await page.getByTestId('access-key-id').textContent()) ?? '';
  const secretAccessKey = (await page.getByTestId('secret-access-key').textContent()) ?? '';
  await expect(desk.client.send(new ListDomainsCommand({}))).rejects.toThrow();
  const rotated = new CodeartifactClient({
    endpoint: desk.endpoint,
    region: desk.region,
    credentials: { accessKeyId, secretAccessKey },
  });
  try {
    await expect(rotated.send(new ListDomainsCommand({}))).resolves.toMatchObject({ domains: [] });
  } finally {
    rotated.destroy();
  }
});

test('settings: the upstream timeout and metadata TTL are saved in the data directory', async ({
  page,
  desk,
}) => {
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.openSettings();
  const timeout = page.getByTestId('upstream-timeoutSeconds');
  const ttl = page.getByTestId('upstream-ttlSeconds');
  const save = page.getByTestId('save-upstream-timings');
  await expect(timeout, 'the default timeout, as serve --help states it').toHaveValue('10');
  await expect(ttl, 'the default TTL').toHaveValue('300');
  await expect(save, 'nothing to save before a change').toBeDisabled();

  await timeout.fill('0');
  await expect(page.getByTestId('upstream-timeoutSeconds-hint')).toHaveText(
    'upstream-timeout takes a number of seconds from 0.1 to 86400.',
  );
  await expect(save, 'a value serve would refuse cannot be saved').toBeDisabled();
  await timeout.fill('2.5');
  await ttl.fill('60');
  await save.click();
  await expect(page.getByTestId('upstream-timings-saved')).toBeVisible();

  // Kept by the service, not the page: a reload reads them back from app.status.
  await page.reload();
  await app.entry.waitReady();
  await app.openSettings();
  await expect(timeout).toHaveValue('2.5');
  await expect(ttl).toHaveValue('60');
});

test.describe('with --upstream-ttl on the command line', () => {
  test.use({ serveArgs: ['--upstream-ttl', '30'] });

  test('settings: a timing the command line fixes is shown and cannot be edited', async ({ page, desk }) => {
    const app = new AppPage(page);
    await app.open(desk.consoleUrl);
    await app.openSettings();
    await expect(page.getByTestId('upstream-ttlSeconds')).toHaveValue('30');
    await expect(page.getByTestId('upstream-ttlSeconds')).toBeDisabled();
    await expect(page.getByTestId('upstream-ttlSeconds-hint')).toHaveText(
      'Set by --upstream-ttl for this run.',
    );
    await expect(page.getByTestId('upstream-timeoutSeconds')).toBeEnabled();
  });
});
