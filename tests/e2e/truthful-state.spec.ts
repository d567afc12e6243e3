/**
 * What the UI says is what clients get: the package header's "Latest" follows what npm would resolve
 * after status changes (with a warning when the `latest` tag names a version npm cannot see), the
 * Change status dialog starts with no status chosen and offers only real changes, a disposed version
 * offers only Delete, a missing repository is reported once with nothing to act on, and tokens stay
 * masked in the Connect snippets (absent from the page) until revealed while Copy copies the real one.
 */
import { npmPublish } from '../clients/npm/npm-http-publish';
import { createRepositories } from '../clients/npm/npm-setup';
import { consoleCall, valueOf } from '../console/console-http';
import { npmFixture } from '../clients/npm/tarball-writer';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';

test('Latest follows what npm resolves through status changes; a disposed version offers only Delete', async ({
  page,
  desk,
  saveScreen,
}) => {
  const setup = await createRepositories(desk.client, 'acme', [{ name: 'app' }]);
  const registry = await setup.endpoint('app');
  for (const version of ['1.0.0', '1.1.0'])
    await npmPublish(registry, setup.token, npmFixture('widget-kit', version, `wk-${version}`), 'latest');

  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.openPackage('widget-kit');
  await expect(page.getByTestId('package-latest')).toHaveText('1.1.0');

  await pkg.select('1.1.0');
  await pkg.bulk('status');
  const target = pkg.actionDialog.getByTestId('target-status');
  await expect(target, 'no status is chosen for the user').toHaveValue('');
  await expect(pkg.actionDialog.getByTestId('confirm-button')).toBeDisabled();
  // A Published version can move to Unlisted or Archived, not to Published again.
  await expect(target.locator('option')).toHaveText(['Choose a status…', 'Unlisted', 'Archived']);
  await target.selectOption('Archived');
  await pkg.confirm();
  await pkg.closeResults();

  await expect(page.getByTestId('package-latest')).toHaveText('1.0.0');
  await expect(page.getByTestId('hidden-tag-warning')).toContainText('latest');
  await expect(page.getByTestId('hidden-tag-warning')).toContainText('1.1.0, which is Archived');
  await saveScreen('package-latest-warning');

  await pkg.select('1.0.0');
  await pkg.bulk('dispose');
  await expect(pkg.consequence()).toContainText('cannot be undone');
  await pkg.confirm();
  await pkg.closeResults();
  await expect(page.getByTestId('package-latest-none')).toContainText('No version is visible to npm');

  await pkg.openVersion('1.0.0');
  const actions = page.getByTestId('version-actions').getByRole('button');
  await expect(actions, 'a disposed version can only be deleted').toHaveText(['Delete…']);
});

test('a missing repository is reported once, with nothing to delete', async ({ page, desk }) => {
  await createRepositories(desk.client, 'acme', [{ name: 'app' }]);
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/d/acme/r/gone/packages';
  });
  await expect(page.getByTestId('repository-title')).toHaveText('gone');
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByRole('alert')).toContainText('gone');
  await expect(page.getByTestId('delete-repository-button')).toHaveCount(0);
});

test('tokens stay masked in every Connect snippet until revealed; Copy copies the real value', async ({
  page,
  desk,
  context,
}) => {
  await createRepositories(desk.client, 'acme', [{ name: 'app' }]);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.tab('connect');

  // Exactly the formats whose endpoints the service serves are offered (plus generic, which the API serves).
  const served = valueOf<string[]>(
    await consoleCall(desk.endpoint, 'app.servedFormats', {}, desk.consoleToken),
  );
  const offered = await page.getByTestId('connect-format').locator('option').allTextContents();
  expect(served).toEqual(expect.arrayContaining(['npm', 'pypi', 'maven']));
  expect([...offered].sort()).toEqual([...served, 'generic'].sort());

  await expect(repository.snippet('npm-npmrc')).toContainText(':_authToken=••••');
  await page.getByTestId('copy-npm-npmrc').click();
  const copied = await page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
  const token = /:_authToken=(\S+)/.exec(copied)?.[1] ?? '';
  expect(token.length, `copied .npmrc carries the real token: ${copied}`).toBeGreaterThan(20);
  expect(await page.content(), 'a masked token is nowhere in the page').not.toContain(token);

  await page.getByTestId('toggle-token').click();
  await expect(repository.snippet('npm-npmrc')).toContainText(token);
  await expect(page.getByTestId('auth-token')).toHaveText(token);
  await page.getByTestId('toggle-token').click();
  expect(await page.content()).not.toContain(token);

  await page.getByTestId('connect-format').selectOption('pypi');
  await expect(repository.snippet('pypirc')).toContainText('password = ••••');
  expect(await page.content()).not.toContain(token);
});
