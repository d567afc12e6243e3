/**
 * Packages published through the SDK appear in the UI on their own (the console follows the
 * service's change events); a package's versions, a version's detail and its asset download (bytes
 * checked); copying two versions to another repository with per-version results; archiving,
 * disposing and deleting versions, each confirmed with its consequence and checked through the SDK.
 */
import { readFile } from 'node:fs/promises';
import {
  ListPackageVersionAssetsCommand,
  ListPackageVersionsCommand,
  type CodeartifactClient,
  type PackageVersionStatus,
} from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';
import { createDomainWithRepositories, publishGeneric, sha256Hex } from './pages/seed-data';

const cli = { domain: 'acme', repository: 'app', namespace: 'tools', package: 'cli' };
const versions = ['1.0.0', '1.1.0', '1.2.0', '1.3.0'];
const contentOf = (version: string): Buffer =>
  Buffer.from(`#!/bin/sh\necho "cli ${version}"\n${'x'.repeat(2000)}\n`);

async function statuses(
  client: CodeartifactClient,
  repository: string,
): Promise<Record<string, PackageVersionStatus | undefined>> {
  const { versions: listed } = await client.send(
    new ListPackageVersionsCommand({
      domain: 'acme',
      repository,
      format: 'generic',
      namespace: 'tools',
      package: 'cli',
    }),
  );
  return Object.fromEntries((listed ?? []).map((item) => [item.version, item.status]));
}

test('published packages appear; versions are read, downloaded, copied, archived, disposed and deleted', async ({
  page,
  desk,
  saveScreen,
}) => {
  // A long walk through every version action; on a loaded two-core machine it needs more than 90 s.
  test.setTimeout(180_000);
  await createDomainWithRepositories(desk.client, 'acme', ['app', 'release']);
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await expect(page.getByTestId('packages-empty')).toBeVisible();

  // Published while the page is open: the list updates from the service's change events.
  for (const version of versions) {
    await publishGeneric(desk.client, {
      ...cli,
      version,
      assetName: `cli-${version}.sh`,
      content: contentOf(version),
    });
  }
  await publishGeneric(desk.client, {
    ...cli,
    package: 'lib',
    version: '0.1.0',
    assetName: 'lib.tgz',
    content: Buffer.from('lib'),
  });
  await expect(repository.packageRows).toHaveCount(2);
  await expect(repository.package('tools/cli').getByTestId('latest-version')).toHaveText('1.3.0');
  await expect(repository.package('tools/cli').getByTestId('origin-badges')).toContainText('publish allowed');
  await expect(app.repository('app').getByTestId('package-count')).toHaveText('2');
  await repository.search.fill('cli');
  await expect(repository.packageRows).toHaveCount(1);
  await expect(repository.total).toContainText('1 of 2 packages');
  await expectNoSeriousViolations(page, 'repository packages');
  await saveScreen('repository-packages');

  // The package: every version, Published, with the latest tag.
  await repository.openPackage('tools/cli');
  await expect(pkg.versionRows).toHaveCount(4);
  for (const version of versions) await expect(pkg.status(version)).toHaveText('Published');
  await expect(pkg.versionRow('1.3.0').getByTestId('dist-tag')).toHaveText('latest');

  // A version: metadata, asset size and hashes, no readme for a generic package, download.
  await pkg.openVersion('1.3.0');
  await expect(page.getByTestId('version-status')).toHaveText('Published');
  const asset = pkg.asset('cli-1.3.0.sh');
  await expect(asset.getByTestId('asset-size')).toHaveAttribute(
    'title',
    `${contentOf('1.3.0').length} bytes`,
  );
  await expect(asset.getByTestId('asset-hash-SHA-256')).toHaveText(sha256Hex(contentOf('1.3.0')));
  await expect(page.getByTestId('readme-empty')).toBeVisible();
  await expect(page.getByTestId('dependencies-empty')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await asset.getByTestId('download-asset').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('cli-1.3.0.sh');
  expect((await readFile(await download.path())).equals(contentOf('1.3.0'))).toBe(true);
  await saveScreen('version-detail');

  // Copy two versions to another repository: both succeed and are listed per version.
  await page.getByTestId('breadcrumb-package').click();
  await pkg.select('1.0.0', '1.1.0');
  await pkg.bulk('copy');
  await pkg.actionDialog.getByTestId('copy-destination').selectOption('release');
  await expect(pkg.consequence()).toContainText('copied with their assets and status to release');
  await pkg.confirm();
  await expect(pkg.results.getByTestId('result-ok-1.0.0')).toContainText('Published');
  await expect(pkg.results.getByTestId('result-ok-1.1.0')).toContainText('Published');
  await expectNoSeriousViolations(page, 'copy results dialog');
  await saveScreen('copy-results');
  await pkg.closeResults();
  expect(await statuses(desk.client, 'release')).toEqual({ '1.0.0': 'Published', '1.1.0': 'Published' });

  // Copying the same versions again without overwrite: each is reported per version with the
  // service's code and message (ALREADY_EXISTS, as the API reference says).
  await pkg.select('1.0.0', '1.1.0');
  await pkg.bulk('copy');
  await pkg.actionDialog.getByTestId('copy-destination').selectOption('release');
  await pkg.confirm();
  await expect(pkg.results.getByTestId('result-failed-1.0.0')).toContainText('ALREADY_EXISTS');
  await expect(pkg.results.getByTestId('result-failed-1.1.0')).toContainText('already exists');
  await pkg.closeResults();

  // Archive one.
  await pkg.select('1.1.0');
  await pkg.bulk('status');
  await pkg.actionDialog.getByTestId('target-status').selectOption('Archived');
  await expect(pkg.consequence()).toContainText('can no longer be downloaded');
  await pkg.confirm();
  await expect(pkg.results.getByTestId('result-ok-1.1.0')).toContainText('Archived');
  await pkg.closeResults();
  await expect(pkg.status('1.1.0')).toHaveText('Archived');

  // Dispose one, from its own screen.
  await pkg.openVersion('1.2.0');
  await pkg.versionAction('dispose');
  await expect(pkg.consequence()).toContainText('This cannot be undone');
  await pkg.confirm();
  await expect(pkg.results.getByTestId('result-ok-1.2.0')).toContainText('Disposed');
  await pkg.closeResults();
  await expect(page.getByTestId('version-status')).toHaveText('Disposed');
  await expect(page.getByTestId('assets-empty')).toBeVisible();
  const { assets } = await desk.client.send(
    new ListPackageVersionAssetsCommand({ ...cli, format: 'generic', packageVersion: '1.2.0' }),
  );
  expect(assets ?? []).toEqual([]);

  // Delete one.
  await page.getByTestId('breadcrumb-package').click();
  await pkg.select('1.0.0');
  await pkg.bulk('delete');
  await expect(pkg.consequence()).toContainText('can be published again');
  await pkg.confirm();
  await expect(pkg.results.getByTestId('result-ok-1.0.0')).toBeVisible();
  await pkg.closeResults();
  await expect(pkg.versionRow('1.0.0')).toHaveCount(0);
  await expect(pkg.versionRows).toHaveCount(3);

  expect(await statuses(desk.client, 'app')).toEqual({
    '1.1.0': 'Archived',
    '1.2.0': 'Disposed',
    '1.3.0': 'Published',
  });

  // The status filter shows one status at a time.
  await pkg.filter('Archived');
  await expect(pkg.versionRows).toHaveCount(1);
  await expect(pkg.versionRow('1.1.0')).toBeVisible();
  await pkg.filter('all');
  await saveScreen('package-versions');
});

test('the packages list is navigable with the keyboard', async ({ page, desk }) => {
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  for (const name of ['alpha', 'beta', 'gamma']) {
    await publishGeneric(desk.client, {
      ...cli,
      package: name,
      version: '1.0.0',
      assetName: `${name}.bin`,
      content: Buffer.from(name),
    });
  }
  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await expect(repository.packageRows).toHaveCount(3);
  await repository.packageList.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(repository.package('tools/gamma')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('package-title')).toHaveText('tools/beta');
});
