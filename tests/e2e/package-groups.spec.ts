/**
 * Package groups in the UI: the tree under the root group, creating a group, changing its origin
 * controls with a confirmation that states the consequence, the effective (inherited) settings of a
 * sub-group, and the packages a group holds — each checked through the SDK.
 */
import { CreatePackageGroupCommand, DescribePackageGroupCommand } from '@aws-sdk/client-codeartifact';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';
import { DomainPage } from './pages/domain-page';
import { createDomainWithRepositories, publishGeneric } from './pages/seed-data';

test('package group origin change', async ({ page, desk, saveScreen }) => {
  await createDomainWithRepositories(desk.client, 'acme', ['app']);
  await publishGeneric(desk.client, {
    domain: 'acme',
    repository: 'app',
    namespace: 'tools',
    package: 'cli',
    version: '1.0.0',
    assetName: 'cli.sh',
    content: Buffer.from('echo cli'),
  });
  const app = new AppPage(page);
  const domain = new DomainPage(page);
  await app.open(desk.consoleUrl);
  await app.openDomain('acme');
  await domain.tab('groups');
  await expect(domain.group('/*')).toBeVisible();

  await domain.createGroup('/generic/*', 'Every generic package');
  await expect(domain.groupDetail.getByTestId('associated-packages')).toContainText('tools/cli');
  await expect(domain.originMode('PUBLISH')).toHaveValue('INHERIT');

  await domain.originMode('PUBLISH').selectOption('BLOCK');
  await domain.originMode('EXTERNAL_UPSTREAM').selectOption('BLOCK');
  await page.getByTestId('save-origin-button').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm.getByTestId('consequence')).toContainText(
    'publishing new versions is refused in every repository',
  );
  await expect(confirm.getByTestId('consequence')).toContainText(
    'fetching versions from external connections',
  );
  await confirm.getByTestId('confirm-button').click();
  await expect(confirm).toBeHidden();
  await expect(domain.effectiveMode('PUBLISH')).toHaveText('BLOCK');
  await expect(domain.effectiveMode('EXTERNAL_UPSTREAM')).toHaveText('BLOCK');

  const { packageGroup } = await desk.client.send(
    new DescribePackageGroupCommand({ domain: 'acme', packageGroup: '/generic/*' }),
  );
  expect(packageGroup?.originConfiguration?.restrictions?.PUBLISH?.mode).toBe('BLOCK');
  expect(packageGroup?.originConfiguration?.restrictions?.EXTERNAL_UPSTREAM?.mode).toBe('BLOCK');
  expect(packageGroup?.originConfiguration?.restrictions?.INTERNAL_UPSTREAM?.mode).toBe('INHERIT');

  // A sub-group made elsewhere appears under its parent and shows the setting it inherits.
  await desk.client.send(new CreatePackageGroupCommand({ domain: 'acme', packageGroup: '/generic/tools/*' }));
  await expect(domain.group('/generic/tools/*')).toBeVisible();
  await domain.group('/generic/tools/*').click();
  await expect(domain.effectiveMode('PUBLISH')).toHaveText('BLOCK');
  await expect(page.getByTestId('origin-row-PUBLISH')).toContainText('/generic/*');
  await expect(domain.groupDetail.getByTestId('associated-packages')).toContainText('tools/cli');
  await expectNoSeriousViolations(page, 'package group detail');
  await saveScreen('package-groups');

  // Allow publishing again for the sub-group only.
  await domain.originMode('PUBLISH').selectOption('ALLOW');
  await page.getByTestId('save-origin-button').click();
  await expect(page.getByTestId('confirm-dialog').getByTestId('consequence')).toContainText(
    'publishing new versions is allowed in every repository',
  );
  await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
  await expect(domain.effectiveMode('PUBLISH')).toHaveText('ALLOW');
  const sub = await desk.client.send(
    new DescribePackageGroupCommand({ domain: 'acme', packageGroup: '/generic/tools/*' }),
  );
  expect(sub.packageGroup?.originConfiguration?.restrictions?.PUBLISH?.mode).toBe('ALLOW');
});
