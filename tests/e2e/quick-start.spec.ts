/**
 * Quick start from the first-run screen: one action builds a domain, npm/PyPI/Maven stores with
 * their public connections (here pointed at a local stand-in for the public npm registry) and an
 * `app` repository reading through them; the dialog then shows each client's setup with the token
 * masked. The `.npmrc` lines it shows, once revealed, are all a real npm needs to install a public
 * package through `app`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ListRepositoriesInDomainCommand } from '@aws-sdk/client-codeartifact';
import { createNpmEnv } from '../clients/npm/npm-env';
import { npmFixture } from '../clients/npm/tarball-writer';
import { expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { withPublicNpm } from './public-npm';

const test = withPublicNpm([npmFixture('tiny-public', '1.4.0', 'from-the-public-registry')]);

test('quick start builds a working registry; its npm lines install a public package through app', async ({
  page,
  desk,
  publicNpm,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open(desk.consoleUrl);
  await expect(page.getByTestId('domains-empty')).toBeVisible();
  await saveScreen('first-run');
  await page.getByTestId('empty-quick-start').click();
  const dialog = page.getByTestId('quick-start-dialog');
  await expect(dialog.getByTestId('quick-start-domain')).toHaveValue('local');
  await dialog.getByTestId('quick-start-run').click();
  await expect(dialog.getByTestId('quick-start-setup')).toBeVisible();
  await expect(dialog.getByTestId('quick-start-steps').locator('li[data-state="done"]')).toHaveCount(8);

  const { repositories } = await desk.client.send(new ListRepositoriesInDomainCommand({ domain: 'local' }));
  expect((repositories ?? []).map((repository) => repository.name).sort()).toEqual([
    'app',
    'maven-store',
    'npm-store',
    'pypi-store',
  ]);

  const npmrc = dialog
    .getByTestId('quick-start-npm')
    .getByTestId('snippet-npm-npmrc')
    .getByTestId('snippet-text');
  await expect(npmrc).toContainText(':_authToken=••••');
  await expect(dialog.getByTestId('quick-start-pypi').getByTestId('snippet-pip-login')).toContainText(
    '--tool pip',
  );
  await expect(dialog.getByTestId('quick-start-maven').getByTestId('snippet-maven-settings')).toContainText(
    '<password>••••',
  );
  await saveScreen('quick-start');
  await dialog.getByTestId('quick-start-reveal').click();
  const lines = (await npmrc.textContent()) ?? '';
  expect(lines).not.toContain('••••');
  expect(lines).toMatch(/^registry=http:\/\/127\.0\.0\.1:\d+\/local-\d{12}\/npm\/app\/\n/);

  const npm = await createNpmEnv();
  try {
    await writeFile(npm.userconfig, `${lines}\n`);
    const project = await npm.project('consumer', { 'tiny-public': '^1.0.0' });
    const installed = await npm.npm(['install'], project);
    expect(installed.stderr + installed.stdout).not.toMatch(/ERR!/);
    expect(installed.exitCode).toBe(0);
    const index = await readFile(path.join(project, 'node_modules', 'tiny-public', 'index.js'), 'utf8');
    expect(index).toContain('from-the-public-registry');
    expect(
      publicNpm.requests.length,
      'the package came through npm-store from the public stand-in',
    ).toBeGreaterThan(0);
  } finally {
    await npm.dispose();
  }

  await dialog.getByTestId('quick-start-open-app').click();
  await expect(page.getByTestId('repository-title')).toHaveText('app');
});
