/**
 * A package's page as a public registry shows it: the install line of the latest visible version, its
 * readme with GitHub tables, task lists and highlighted code, the versions table with publish dates
 * and sizes, sortable (newest first in semver order, not text order), and the dependencies of a
 * version as links to the packages this repository holds, which in turn list who uses them.
 */
import { npmPublish } from '../clients/npm/npm-http-publish';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture } from '../clients/npm/tarball-writer';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';

const readme = [
  '| Option | Default |',
  '| --- | --- |',
  '| `depth` | 3 |',
  '',
  '- [x] tables',
  '- [ ] wings',
  '',
  '```js',
  'const kit = require("app-kit");',
  '```',
].join('\n');

test('the package page shows install line, GFM readme, sortable versions and dependency links', async ({
  page,
  desk,
  saveScreen,
}) => {
  const setup = await createRepositories(desk.client, 'acme', [{ name: 'app' }]);
  const registry = await setup.endpoint('app');
  await npmPublish(registry, setup.token, npmFixture('left-kit', '1.0.0', 'left'), 'latest');
  for (const version of ['1.0.0', '1.2.0', '1.10.0'])
    await npmPublish(
      registry,
      setup.token,
      npmFixture('app-kit', version, readme, { dependencies: { 'left-kit': '^1.0.0' } }),
      'latest',
    );

  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.openPackage('app-kit');

  await expect(page.getByTestId('snippet-install-npm').getByTestId('snippet-text')).toHaveText(
    'npm install app-kit@1.10.0',
  );
  const rendered = page.getByTestId('package-readme').getByTestId('readme');
  await expect(rendered.locator('table th')).toHaveText(['Option', 'Default']);
  await expect(rendered.locator('table td')).toHaveText(['depth', '3']);
  await expect(rendered.locator('input[type="checkbox"]')).toHaveCount(2);
  await expect(rendered.locator('input[type="checkbox"]').first()).toBeChecked();
  await expect(rendered.locator('pre code.hljs .hljs-keyword').first()).toHaveText('const');

  const versionCells = page.getByTestId('versions-table').locator('tbody tr[data-nav-item] td:nth-child(2)');
  await expect(versionCells).toHaveText(['1.10.0', '1.2.0', '1.0.0']);
  await page.getByTestId('sort-version').click();
  await expect(versionCells).toHaveText(['1.0.0', '1.2.0', '1.10.0']);
  await expect(pkg.versionRow('1.2.0').getByTestId('version-published')).not.toHaveText('—');
  await expect(pkg.versionRow('1.2.0').getByTestId('version-size')).toHaveText(/\d+(\.\d+)? (B|KB|kB|KiB)/);
  await page.getByTestId('sort-size').click();
  await expect(page.getByTestId('sort-size').locator('..')).toHaveAttribute('aria-sort', 'descending');
  await saveScreen('package-page');

  await pkg.openVersion('1.10.0');
  await page.getByTestId('dependencies-table').getByTestId('dependency-link').click();
  await expect(page.getByTestId('package-title')).toHaveText('left-kit');
  await expect(page.getByTestId('used-by')).toContainText('app-kit');
});
