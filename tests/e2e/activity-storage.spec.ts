/**
 * A domain's activity timeline and storage chart in the console: publishes, a copy, a status change
 * made in the console itself and a delete each appear once with who, what and when, newest first;
 * the repository and package filters narrow it; the storage tab charts bytes per repository, per
 * format and the largest packages, with the domain's total. Both pass axe. Leaves pictures of both.
 */
import {
  CopyPackageVersionsCommand,
  CreateRepositoryCommand,
  DeletePackageVersionsCommand,
} from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { expectNoSeriousViolations } from './pages/axe-check';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';
import { createDomainWithRepositories, publishGeneric } from './pages/seed-data';

test('activity timeline and storage chart of a domain', async ({ page, desk, saveScreen }) => {
  test.setTimeout(180_000);
  await createDomainWithRepositories(desk.client, 'team', ['store']);
  await desk.client.send(new CreateRepositoryCommand({ domain: 'team', repository: 'app' }));
  const publish = (repository: string, pkg: string, version: string, bytes: number): Promise<void> =>
    publishGeneric(desk.client, {
      domain: 'team',
      repository,
      namespace: 'tools',
      package: pkg,
      version,
      assetName: `${pkg}-${version}.bin`,
      content: Buffer.alloc(bytes, version),
    });
  await publish('store', 'compiler', '1.0.0', 4096);
  await publish('store', 'compiler', '2.0.0', 2048);
  await publish('app', 'linter', '0.1.0', 512);
  const tool = { domain: 'team', format: 'generic' as const, namespace: 'tools', package: 'compiler' };
  await desk.client.send(
    new CopyPackageVersionsCommand({
      ...tool,
      sourceRepository: 'store',
      destinationRepository: 'app',
      versions: ['1.0.0'],
    }),
  );
  await desk.client.send(
    new DeletePackageVersionsCommand({ ...tool, repository: 'store', versions: ['2.0.0'] }),
  );

  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  // A status change made here, in the console.
  await app.openRepository('app');
  await repository.openPackage('tools/compiler');
  await pkg.select('1.0.0');
  await pkg.bulk('status');
  await pkg.actionDialog.getByTestId('target-status').selectOption('Archived');
  await pkg.confirm();
  await pkg.closeResults();

  await app.openDomain('team');
  await page.getByTestId('tab-activity').click();
  const events = page.getByTestId('activity-event');
  const what = page.getByTestId('activity-what');
  await expect(what).toHaveText([
    'tools/compiler 1.0.0: Published → Archived',
    'Deleted tools/compiler 2.0.0',
    'Copied tools/compiler 1.0.0 from store',
    'Published tools/linter 0.1.0',
    'Published tools/compiler 2.0.0',
    'Published tools/compiler 1.0.0',
    'Created repository app',
    'Created repository store',
  ]);
  await expect(events.first().getByTestId('activity-who')).toHaveText('web console');
  await expect(events.nth(1).getByTestId('activity-who')).toHaveText('CodeArtifact API');
  await expectNoSeriousViolations(page, 'domain activity');
  await saveScreen('activity');

  await page.getByTestId('activity-repository').selectOption('app');
  await expect(what).toHaveText([
    'tools/compiler 1.0.0: Published → Archived',
    'Copied tools/compiler 1.0.0 from store',
    'Published tools/linter 0.1.0',
    'Created repository app',
  ]);
  await page.getByTestId('activity-package').fill('lint');
  await expect(what).toHaveText(['Published tools/linter 0.1.0']);

  // A change made elsewhere shows up without reloading.
  await publish('app', 'linter', '0.2.0', 256);
  await expect(what).toHaveText(['Published tools/linter 0.2.0', 'Published tools/linter 0.1.0']);

  await page.getByTestId('tab-storage').click();
  await expect(page.getByTestId('storage-total')).toHaveText('4.8 KB');
  const repositories = page.getByTestId('storage-repositories').getByTestId('storage-bar');
  await expect(repositories).toHaveCount(2);
  await expect(repositories.first()).toHaveAttribute('data-label', 'app');
  await expect(repositories.first().getByTestId('storage-bytes')).toHaveText('4.8 KB');
  await expect(repositories.nth(1).getByTestId('storage-bytes')).toHaveText('4.0 KB');
  await expect(page.getByTestId('storage-formats').getByTestId('storage-bar')).toHaveCount(1);
  await expect(page.getByTestId('storage-packages').getByTestId('storage-bar').first()).toHaveAttribute(
    'data-label',
    'tools/compiler',
  );
  await expectNoSeriousViolations(page, 'domain storage');
  await saveScreen('storage');
});
