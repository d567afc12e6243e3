/**
 * npm packages in the UI, published with the real npm CLI through the repository's npm endpoint:
 * a version's README.md rendered as Markdown and sanitised (text shown, no script, no `javascript:`
 * link, no inline handler run), and every dist-tag of the package shown as a chip in the versions
 * view, following `npm dist-tag add`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createNpmEnv, type NpmEnv, type NpmResult } from '../clients/npm/npm-env';
import { createRepositories, packageSource } from '../clients/npm/npm-setup';
import { expect, test, type Desk } from './fixtures';
import { AppPage } from './pages/app-page';
import { PackagePage } from './pages/package-page';
import { RepositoryPage } from './pages/repository-page';

const readme = [
  '# Widget Kit',
  '',
  'Widgets for **every** occasion, rendered from the package readme.',
  '',
  '- first point',
  '- second point',
  '',
  '[harmless link](javascript:window.__readmeRan=1)',
  '',
  '<script>window.__readmeRan = 1</script>',
  '<img src="nowhere.png" onerror="window.__readmeRan = 1">',
  '',
].join('\n');

function expectOk(result: NpmResult): void {
  expect(result.stderr + result.stdout).not.toMatch(/ERR!/);
  expect(result.exitCode).toBe(0);
}

async function npmFor(desk: Desk): Promise<NpmEnv> {
  const { token, endpoint } = await createRepositories(desk.client, 'acme', [{ name: 'app' }]);
  const npm = await createNpmEnv();
  await npm.configure(await endpoint('app'), token);
  return npm;
}

async function publish(npm: NpmEnv, version: string, tag?: string): Promise<void> {
  const source = await packageSource(npm.home, 'widget-kit', version, `widget-kit ${version}`);
  await writeFile(path.join(source, 'README.md'), readme);
  expectOk(await npm.npm(['publish', ...(tag ? ['--tag', tag] : [])], source));
}

test('an npm version published with a README shows it rendered and sanitised', async ({
  page,
  desk,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const npm = await npmFor(desk);
  try {
    await publish(npm, '1.0.0');
  } finally {
    await npm.dispose();
  }

  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  const pkg = new PackagePage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('app');
  await repository.openPackage('widget-kit');
  await pkg.openVersion('1.0.0');

  const rendered = page.getByTestId('readme');
  await expect(rendered.getByRole('heading', { level: 1 })).toHaveText('Widget Kit');
  await expect(rendered).toContainText('Widgets for every occasion, rendered from the package readme.');
  await expect(rendered.locator('strong')).toHaveText('every');
  await expect(rendered.locator('li')).toHaveText(['first point', 'second point']);
  // Sanitised: the link keeps its text but loses the script URL; no script, no live handler.
  await expect(rendered.getByText('harmless link')).toBeVisible();
  expect(await rendered.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await rendered.locator('script, [onerror]').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as { __readmeRan?: unknown }).__readmeRan)).toBeUndefined();
  await saveScreen('version-npm-readme');
});

test('every dist-tag of an npm package shows as a chip in the versions view', async ({
  page,
  desk,
  saveScreen,
}) => {
  test.setTimeout(180_000);
  const npm = await npmFor(desk);
  try {
    await publish(npm, '1.0.0');
    await publish(npm, '2.0.0-beta.1', 'next');

    const app = new AppPage(page);
    const repository = new RepositoryPage(page);
    const pkg = new PackagePage(page);
    await app.open(desk.consoleUrl);
    await app.openRepository('app');
    await repository.openPackage('widget-kit');

    await expect(pkg.distTags()).toHaveText(['latest: 1.0.0', 'next: 2.0.0-beta.1']);
    await expect(pkg.versionTags('1.0.0')).toHaveText(['latest']);
    await expect(pkg.versionTags('2.0.0-beta.1')).toHaveText(['next']);

    // Tags changed with npm appear without a reload: the console follows the service's changes.
    expectOk(await npm.npm(['dist-tag', 'add', 'widget-kit@1.0.0', 'stable'], npm.home));
    expectOk(await npm.npm(['dist-tag', 'add', 'widget-kit@2.0.0-beta.1', 'latest'], npm.home));
    await expect(pkg.distTags()).toHaveText(['latest: 2.0.0-beta.1', 'next: 2.0.0-beta.1', 'stable: 1.0.0']);
    await expect(pkg.versionTags('2.0.0-beta.1')).toHaveText(['latest', 'next']);
    await expect(pkg.versionTags('1.0.0')).toHaveText(['stable']);
    await saveScreen('package-npm-dist-tags');
  } finally {
    await npm.dispose();
  }
});
