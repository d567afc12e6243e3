/**
 * axe-core on every screen (home, quick start, domain tabs, repository tabs, package, version,
 * settings), in both colour themes where colours matter: no serious or critical violation. Also the
 * skip link: the first Tab reaches it and it moves focus to the content. Leaves the README's
 * pictures of the main screens in test-results/screens/.
 */
import { GetAuthorizationTokenCommand, GetRepositoryEndpointCommand } from '@aws-sdk/client-codeartifact';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { npmFixture } from '../clients/npm/tarball-writer';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { expectNoSeriousViolations } from './pages/axe-check';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';

test('every screen passes axe with no serious or critical violation', async ({ page, desk, saveScreen }) => {
  test.setTimeout(240_000);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  await expect(page.getByTestId('domains-empty')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  await expectNoSeriousViolations(page, 'first-run home');

  await page.getByTestId('empty-quick-start').click();
  await expectNoSeriousViolations(page, 'quick start');
  await page.getByTestId('quick-start-run').click();
  await expect(page.getByTestId('quick-start-setup')).toBeVisible();
  await expectNoSeriousViolations(page, 'quick start result');
  await page.getByTestId('quick-start-open-app').click();

  const { authorizationToken } = await desk.client.send(
    new GetAuthorizationTokenCommand({ domain: 'local' }),
  );
  const { repositoryEndpoint } = await desk.client.send(
    new GetRepositoryEndpointCommand({ domain: 'local', repository: 'app', format: 'npm' }),
  );
  await npmPublish(
    repositoryEndpoint ?? '',
    authorizationToken ?? '',
    npmFixture('kit', '1.0.0', '| a | b |\n| - | - |\n| 1 | 2 |'),
    'latest',
  );
  await expectNoSeriousViolations(page, 'repository connect');
  await saveScreen('repository-connect');
  await repository.tab('settings');
  await expectNoSeriousViolations(page, 'repository settings');
  await repository.tab('packages');
  await repository.openPackage('kit');
  await expectNoSeriousViolations(page, 'package');
  await pkg.openVersion('1.0.0');
  await expectNoSeriousViolations(page, 'version');

  await app.domain('local').click();
  await expect(page.getByTestId('domain-repositories')).toBeVisible();
  await expectNoSeriousViolations(page, 'domain repositories');
  await saveScreen('domain');
  for (const tab of ['graph', 'groups']) {
    await page.getByTestId(`tab-${tab}`).click();
    await expectNoSeriousViolations(page, `domain ${tab}`);
  }
  await app.openSettings();
  await expect(page.getByTestId('data-safety-section')).toBeVisible();
  await expectNoSeriousViolations(page, 'settings with data safety');
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-toggle').click();
  await app.domain('local').click();
  await expectNoSeriousViolations(page, 'domain repositories, dark theme');
});
