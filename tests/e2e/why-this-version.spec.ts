/**
 * "Why this version" on the package page: asked for a range, the page names the version a client
 * gets and why, and shows an Unlisted version filtered out with its reason.
 */
import { UpdatePackageVersionsStatusCommand } from '@aws-sdk/client-codeartifact';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture } from '../clients/npm/tarball-writer';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';
import { RepositoryPage } from './pages/repository-page';

test('the package page explains which version a range resolves to and why others are passed over', async ({
  page,
  desk,
}) => {
  const setup = await createRepositories(desk.client, 'why', [{ name: 'store' }]);
  const registry = await setup.endpoint('store');
  for (const version of ['1.0.0', '1.1.0'])
    await npmPublish(registry, setup.token, npmFixture('why-kit', version, version), 'latest');
  await desk.client.send(
    new UpdatePackageVersionsStatusCommand({
      domain: 'why',
      repository: 'store',
      format: 'npm',
      package: 'why-kit',
      versions: ['1.1.0'],
      targetStatus: 'Unlisted',
    }),
  );

  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('store');
  await new RepositoryPage(page).openPackage('why-kit');
  const why = page.getByTestId('why-version');
  await why.getByTestId('why-version-input').fill('^1.0.0');
  await why.getByTestId('why-version-explain').click();
  await expect(why.getByTestId('why-version-summary')).toContainText(
    "1.0.0 from 'store': the highest version that satisfies ^1.0.0",
  );
  const unlisted = why.locator('[data-testid="why-version-candidate"][data-version="1.1.0"]');
  await expect(unlisted).toHaveAttribute('data-eligible', 'false');
  await expect(unlisted).toContainText('Unlisted: not listed, so a range or latest never picks it');
  await expectNoSeriousViolations(page, 'package with why this version');
});
