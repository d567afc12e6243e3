/**
 * Undo of a delete: deleting versions offers Undo, which brings them back (for the API too); the
 * domain's Trash tab lists deleted versions with when they are purged, restores one and deletes
 * another forever; the Dispose dialog says disposed versions cannot be restored. Trash passes axe.
 */
import { ListPackageVersionsCommand } from '@aws-sdk/client-codeartifact';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture } from '../clients/npm/tarball-writer';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';

test('deleted versions come back with Undo and from the Trash tab', async ({ page, desk }) => {
  const setup = await createRepositories(desk.client, 'bin', [{ name: 'app' }]);
  const registry = await setup.endpoint('app');
  for (const version of ['1.0.0', '1.1.0', '1.2.0'])
    await npmPublish(registry, setup.token, npmFixture('trash-kit', version, `tk-${version}`), 'latest');
  const versions = async () =>
    (
      await desk.client.send(
        new ListPackageVersionsCommand({
          domain: 'bin',
          repository: 'app',
          format: 'npm',
          package: 'trash-kit',
        }),
      )
    ).versions
      ?.map((v) => v.version)
      .sort() ?? [];

  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.openPackage('trash-kit');

  await pkg.select('1.0.0');
  await pkg.bulk('dispose');
  await expect(pkg.consequence()).toContainText('disposed versions cannot be restored');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await pkg.select('1.0.0');
  await pkg.bulk('delete');
  await expect(pkg.consequence().getByTestId('delete-undo-note')).toHaveText(
    'You can undo this from the domain’s Trash for 7 days.',
  );
  await pkg.confirm();
  await pkg.closeResults();
  await expect(pkg.versionRow('1.0.0')).toHaveCount(0);
  expect(await versions(), 'deleted for the API').toEqual(['1.1.0', '1.2.0']);
  await page.getByTestId('undo-delete-button').click();
  await expect(pkg.versionRow('1.0.0'), 'Undo brings the version back').toHaveCount(1);
  expect(await versions(), 'restored for the API').toEqual(['1.0.0', '1.1.0', '1.2.0']);

  await pkg.select('1.1.0', '1.2.0');
  await pkg.bulk('delete');
  await pkg.confirm();
  await pkg.closeResults();
  await expect(page.getByTestId('undo-delete')).toContainText('Deleted 2 versions of trash-kit');
  await page.getByTestId('undo-delete').getByRole('button', { name: 'Dismiss' }).click();

  await app.openDomain('bin');
  await page.getByTestId('tab-trash').click();
  const rows = page.getByTestId('trash-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId('trash-expires')).not.toBeEmpty();
  await expectNoSeriousViolations(page, 'domain trash');
  await page.locator('[data-testid="trash-row"][data-version="1.1.0"]').getByTestId('trash-restore').click();
  await expect(rows).toHaveCount(1);
  await page.locator('[data-testid="trash-row"][data-version="1.2.0"]').getByTestId('trash-purge').click();
  await page.getByTestId('trash-purge-dialog').getByTestId('confirm-button').click();
  await expect(page.getByTestId('trash-empty')).toBeVisible();
  expect(await versions(), 'one restored, one deleted for good').toEqual(['1.0.0', '1.1.0']);
});
