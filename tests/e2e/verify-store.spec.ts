/**
 * Data safety in the console: a backup into a folder, and "Verify store" run from the settings
 * screen. A package fetched through an external connection (a local stand-in for the public npm
 * registry) has its stored tarball damaged on disk; the verify lists it as damaged and repairable,
 * the repair fetches it again, and the next verify finds every file intact.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AssociateExternalConnectionCommand,
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-codeartifact';
import { npmFixture } from '../clients/npm/tarball-writer';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { withPublicNpm } from './public-npm';

const test = withPublicNpm([npmFixture('tiny-public', '1.4.0', 'from-the-public-registry')]);

test('verify store lists a damaged file, repairs it from its upstream, and verifies clean', async ({
  page,
  desk,
  saveScreen,
}) => {
  test.setTimeout(120_000);
  await desk.client.send(new CreateDomainCommand({ domain: 'safe' }));
  await desk.client.send(new CreateRepositoryCommand({ domain: 'safe', repository: 'npm-store' }));
  await desk.client.send(
    new AssociateExternalConnectionCommand({
      domain: 'safe',
      repository: 'npm-store',
      externalConnection: 'public:npmjs',
    }),
  );
  const { authorizationToken } = await desk.client.send(new GetAuthorizationTokenCommand({ domain: 'safe' }));
  const tarballUrl = `${desk.endpoint}/safe-${desk.accountId}/npm/npm-store/tiny-public/-/tiny-public-1.4.0.tgz`;
  const fetched = await fetch(tarballUrl, { headers: { authorization: `Bearer ${authorizationToken}` } });
  expect(fetched.status, 'the tarball comes in through the external connection').toBe(200);
  const tarball = Buffer.from(await fetched.arrayBuffer());
  const digest = createHash('sha256').update(tarball).digest('hex');
  await writeFile(
    path.join(desk.dataDir, 'blobs', 'safe', 'sha256', digest.slice(0, 2), digest.slice(2)),
    Buffer.alloc(tarball.length, 0x2a),
  );

  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await app.openSettings();

  const backupDir = await makeTempDir('artifact-desk-e2e-backup-');
  try {
    await page.getByTestId('backup-destination').fill(path.join(backupDir, 'copy'));
    await page.getByTestId('backup-start').click();
    await expect(page.getByTestId('backup-result')).toContainText('Backed up every change');
    await expect(page.getByTestId('backup-result')).toContainText('damaged or missing and are not in it');
  } finally {
    await removeDir(backupDir);
  }

  await page.getByTestId('verify-start').click();
  const finding = page.getByTestId('verify-finding');
  await expect(finding).toHaveCount(1);
  await expect(finding.getByTestId('verify-finding-kind')).toHaveText('Damaged');
  await expect(finding).toContainText('npm-store/npm/tiny-public@1.4.0/package.tgz');
  await expect(finding.getByTestId('verify-finding-repair')).toHaveText('Can be fetched again');
  await expect(page.getByTestId('verify-summary')).toContainText('Checked 1 file');
  await saveScreen('verify-store-damaged');

  await page.getByTestId('verify-repair').click();
  await expect(page.getByTestId('verify-repair-result')).toContainText('Repaired 1 of 1 file');
  await expect(finding.getByTestId('verify-finding-repair')).toContainText('Repaired: re-fetched from');

  await page.getByTestId('verify-start').click();
  await expect(page.getByTestId('verify-summary')).toContainText('every file is intact');
  await expect(page.getByTestId('verify-finding')).toHaveCount(0);
  const again = await fetch(tarballUrl, { headers: { authorization: `Bearer ${authorizationToken}` } });
  expect(
    Buffer.from(await again.arrayBuffer()).equals(tarball),
    'downloads serve the upstream bytes again',
  ).toBe(true);
});
