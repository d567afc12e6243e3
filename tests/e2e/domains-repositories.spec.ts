/**
 * Creating a domain and repositories in the UI: they appear in the sidebar with counts, the service
 * holds them (checked through the SDK), a refused name shows the service's message verbatim, and an
 * empty domain says how to begin.
 */
import {
  CreateDomainCommand,
  DescribeDomainCommand,
  ListRepositoriesInDomainCommand,
} from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('create a domain and repositories in the UI', async ({ page, desk, saveScreen }) => {
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await expect(page.getByTestId('domains-empty')).toBeVisible();
  await saveScreen('home-empty');

  await app.createDomain('acme');
  await expect(page.getByTestId('repositories-empty')).toBeVisible();
  await app.createRepository('npm-store', { description: 'Packages fetched from the public registry' });
  await app.openDomain('acme');
  await app.createRepository('app', { description: 'Our applications', upstreams: ['npm-store'] });

  await expect(app.repository('npm-store')).toBeVisible();
  await expect(app.repository('app')).toBeVisible();
  await expect(app.domain('acme').getByTestId('repository-count')).toHaveText('2');

  const { domain } = await desk.client.send(new DescribeDomainCommand({ domain: 'acme' }));
  expect(domain?.repositoryCount).toBe(2);
  const { repositories } = await desk.client.send(new ListRepositoriesInDomainCommand({ domain: 'acme' }));
  expect(repositories?.map((repository) => [repository.name, repository.description])).toEqual([
    ['app', 'Our applications'],
    ['npm-store', 'Packages fetched from the public registry'],
  ]);

  await app.openDomain('acme');
  await expect(page.getByTestId('repository-row-app')).toBeVisible();
  await saveScreen('domain-repositories');
});

test('a name the service refuses shows its message verbatim and keeps the dialog open', async ({
  page,
  desk,
}) => {
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.createDomain('acme');
  await page.getByTestId('new-domain-button').click();
  const dialog = page.getByTestId('create-domain-dialog');
  await dialog.getByTestId('domain-name-input').fill('acme');
  await dialog.getByTestId('submit-button').click();
  const error = dialog.getByTestId('error-message');
  await expect(error).toContainText('ConflictException');
  // The message is the service's own: compare with what the SDK is told for the same request.
  const sdkMessage = await desk.client.send(new CreateDomainCommand({ domain: 'acme' })).then(
    () => '',
    (failure: Error) => failure.message,
  );
  expect(sdkMessage).not.toBe('');
  await expect(error).toContainText(sdkMessage);
  // Escape closes the dialog and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('new-domain-button')).toBeFocused();
});

test('dialogs keep focus inside while open', async ({ page, desk }) => {
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await page.getByTestId('new-domain-button').click();
  const dialog = page.getByTestId('create-domain-dialog');
  await expect(dialog.getByTestId('domain-name-input')).toBeFocused();
  for (let press = 0; press < 8; press++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement))).toBe(
      true,
    );
  }
  await page.keyboard.press('Shift+Tab');
  expect(await dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement))).toBe(
    true,
  );
});
