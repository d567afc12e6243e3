/**
 * Diff and promotion on a domain's Promote tab: two repositories compared (a version only in the
 * source, one both hold with different contents, one only in the destination), a preview that
 * answers per version with CopyPackageVersions' decisions and writes nothing, then the promotion with
 * its per-version result, after which the diff no longer lists the promoted version.
 */
import { ListPackageVersionsCommand } from '@aws-sdk/client-codeartifact';
import { npmPublish } from '../clients/npm/npm-http-publish';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture } from '../clients/npm/tarball-writer';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';

test('the Promote tab compares two repositories, previews a promotion and runs it', async ({
  page,
  desk,
}) => {
  const setup = await createRepositories(desk.client, 'promo', [{ name: 'staging' }, { name: 'release' }]);
  const staging = await setup.endpoint('staging');
  const release = await setup.endpoint('release');
  for (const version of ['1.0.0', '1.1.0'])
    await npmPublish(staging, setup.token, npmFixture('promo-kit', version, version), 'latest');
  await npmPublish(release, setup.token, npmFixture('promo-kit', '1.0.0', '1.0.0'), 'latest');
  await npmPublish(staging, setup.token, npmFixture('promo-pair', '2.0.0', 'staging build'), 'latest');
  await npmPublish(release, setup.token, npmFixture('promo-pair', '2.0.0', 'release build'), 'latest');
  await npmPublish(release, setup.token, npmFixture('promo-old', '0.1.0', 'old'), 'latest');

  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.openDomain('promo');
  await page.getByTestId('tab-promote').click();
  const panel = page.getByTestId('promote-panel');
  await panel.getByTestId('promote-source').selectOption('staging');
  await panel.getByTestId('promote-destination').selectOption('release');
  await panel.getByTestId('promote-compare').click();

  const onlyInSource = panel.getByTestId('diff-only-in-source').getByTestId('diff-row');
  await expect(onlyInSource).toHaveCount(1);
  await expect(onlyInSource).toHaveAttribute('data-version', 'npm:promo-kit@1.1.0');
  await expect(
    onlyInSource.getByTestId('diff-select'),
    'versions only in the source start chosen',
  ).toBeChecked();
  const differing = panel.getByTestId('diff-differing').getByTestId('diff-row');
  await expect(differing).toHaveAttribute('data-version', 'npm:promo-pair@2.0.0');
  await expect(panel.getByTestId('diff-only-in-destination').getByTestId('diff-row')).toHaveAttribute(
    'data-version',
    'npm:promo-old@0.1.0',
  );

  await differing.getByTestId('diff-select').check();
  await panel.getByTestId('promote-preview').click();
  const result = panel.getByTestId('promotion-result');
  await expect(result.getByTestId('promotion-summary')).toHaveText(
    'Preview: 1 of 2 version(s) would be copied; nothing was written.',
  );
  await expect(result.locator('[data-version="npm:promo-kit@1.1.0"]')).toHaveAttribute(
    'data-outcome',
    'WOULD_COPY',
  );
  await expect(result.locator('[data-version="npm:promo-pair@2.0.0"]')).toHaveAttribute(
    'data-outcome',
    'ALREADY_EXISTS',
  );
  await expectNoSeriousViolations(page, 'domain promote with a preview');
  const before = await desk.client.send(
    new ListPackageVersionsCommand({
      domain: 'promo',
      repository: 'release',
      format: 'npm',
      package: 'promo-kit',
    }),
  );
  expect(
    before.versions?.map((v) => v.version),
    'a preview writes nothing',
  ).toEqual(['1.0.0']);

  await differing.getByTestId('diff-select').uncheck();
  await panel.getByTestId('promote-run').click();
  await expect(result.getByTestId('promotion-summary')).toHaveText('Copied 1 of 1 version(s).');
  await expect(result.locator('[data-version="npm:promo-kit@1.1.0"]')).toHaveAttribute(
    'data-outcome',
    'COPIED',
  );
  await expect(
    panel.getByTestId('diff-only-in-source').getByTestId('diff-row'),
    'the diff is read again',
  ).toHaveCount(0);
  const after = await desk.client.send(
    new ListPackageVersionsCommand({
      domain: 'promo',
      repository: 'release',
      format: 'npm',
      package: 'promo-kit',
    }),
  );
  expect(after.versions?.map((v) => v.version).sort()).toEqual(['1.0.0', '1.1.0']);
});
