/**
 * Bulk work: changing the status of 150 versions at once runs in batches of at most 100 (two
 * calls), shows its progress in the jobs panel and reports every version's result.
 */
import { ListPackageVersionsCommand } from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';
import { createDomainWithRepositories, publishGeneric } from './pages/seed-data';

test('a bulk status change of 150 versions runs as a job in batches', async ({ page, desk, saveScreen }) => {
  // 150 publishes, the job and an axe analysis: more than the default on a busy machine.
  test.setTimeout(180_000);
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  const versions = Array.from({ length: 150 }, (_, index) => `3.0.${index}`);
  for (let start = 0; start < versions.length; start += 15) {
    await Promise.all(
      versions.slice(start, start + 15).map((version) =>
        publishGeneric(desk.client, {
          domain: 'acme',
          repository: 'app',
          namespace: 'tools',
          package: 'many',
          version,
          assetName: 'many.bin',
          content: Buffer.from(`many ${version}`),
        }),
      ),
    );
  }
  const app = new AppPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await new RepositoryPage(page).openPackage('tools/many');
  await expect(page.getByTestId('status-filter-all')).toContainText('150');
  // The table is virtualised: only the rows in view are in the page.
  await expect(pkg.versionRows.first()).toBeVisible();
  expect(await pkg.versionRows.count()).toBeLessThan(150);

  const batches: number[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/console/api/UpdatePackageVersionsStatus')) {
      batches.push((JSON.parse(request.postData() ?? '{}') as { versions: string[] }).versions.length);
    }
  });
  await page.getByTestId('select-all-versions').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('150 selected');
  await pkg.bulk('status');
  await pkg.actionDialog.getByTestId('target-status').selectOption('Unlisted');
  await expect(pkg.consequence()).toContainText('batches of 100');
  await pkg.confirm();
  await expect(pkg.results.getByTestId('successful-versions').locator('li')).toHaveCount(150);
  expect(batches).toEqual([100, 50]);
  await pkg.closeResults();

  await page.getByTestId('jobs-button').click();
  const job = page.getByTestId('job').first();
  await expect(job.getByTestId('job-state')).toHaveText('Done');
  await expect(job).toContainText('150 of 150');
  await expect(job.getByTestId('job-progress')).toHaveAttribute('value', '100');
  await expectNoSeriousViolations(page, 'jobs panel');
  await saveScreen('jobs-panel');

  const listed = await desk.client.send(
    new ListPackageVersionsCommand({
      domain: 'acme',
      repository: 'app',
      format: 'generic',
      namespace: 'tools',
      package: 'many',
      status: 'Unlisted',
      maxResults: 1000,
    }),
  );
  expect(listed.versions).toHaveLength(150);
});
