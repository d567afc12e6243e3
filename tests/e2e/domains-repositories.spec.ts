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
import { expectNoSeriousViolations } from './pages/axe-check';
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
  await expectNoSeriousViolations(page, 'create domain dialog');
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

test('names are checked as they are typed, with the API constraints in plain words', async ({
  page,
  desk,
}) => {
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.createDomain('acme');
  await page.getByTestId('new-domain-button').click();
  const dialog = page.getByTestId('create-domain-dialog');
  const hint = dialog.getByTestId('domain-name-hint');
  await expect(hint).toHaveText(/^Lower-case letters, digits and hyphens.*2–50 characters\.$/);
  await dialog.getByTestId('domain-name-input').fill('Team_A');
  await expect(hint).toHaveText(
    'A domain name may contain only lower-case letters, digits and hyphens; it starts with a letter and ends with a letter or digit.',
  );
  await expect(dialog.getByTestId('domain-name-input')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByTestId('submit-button')).toBeDisabled();
  await dialog.getByTestId('domain-name-input').fill('x'.repeat(51));
  await expect(hint).toHaveText('A domain name can have at most 50 characters; this one has 51.');
  await page.keyboard.press('Escape');

  await page.getByTestId('new-repository-button').click();
  const repositoryDialog = page.getByTestId('create-repository-dialog');
  await repositoryDialog.getByTestId('repository-name-input').fill('-app');
  await expect(repositoryDialog.getByTestId('repository-name-hint')).toContainText(
    'A repository name may contain only letters, digits, dots, underscores and hyphens',
  );
  await expect(repositoryDialog.getByTestId('submit-button')).toBeDisabled();
  await repositoryDialog.getByTestId('repository-name-input').fill('app');
  await expect(repositoryDialog.getByTestId('submit-button')).toBeEnabled();
  await repositoryDialog.getByTestId('submit-button').click();
  await expect(page.getByTestId('repository-title')).toHaveText('app');
});
