/**
 * The Offline kit page with a lockfile of 207 packages dropped on it: the kit runs in the background
 * through the repository's upstream and a local fake public registry, the progress bar is seen
 * counting (packages done of the total, bytes fetched), and the report names the package no upstream
 * has and the one whose tarball differs from the lockfile's integrity.
 */
import { createHash } from 'node:crypto';
import { createRepositories } from '../clients/npm/npm-setup';
import { npmFixture, type NpmFixture } from '../clients/npm/tarball-writer';
import { expect } from './fixtures';
import { expectNoSeriousViolations } from './pages/axe-check';
import { AppPage } from './pages/app-page';
import { withPublicNpm } from './public-npm';

const fixtures: NpmFixture[] = Array.from({ length: 206 }, (_, i) => {
  const name = `kit-pkg-${String(i).padStart(3, '0')}`;
  return npmFixture(name, '1.0.0', name);
});

/** What the page code below uses of the browser (the tests are typed without the DOM library). */
interface PageGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: string[], name: string, options: { type: string }) => unknown;
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: Record<string, boolean>): void;
  };
  document: {
    body: unknown;
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
  kitSeen?: string[];
}

const kitTest = withPublicNpm(fixtures, { tarballDelayMs: 20 });

/** A lockfile of every fixture, one that differs from its tarball, and one no registry has. */
function lockfile(registryUrl: string): string {
  const packages: Record<string, unknown> = {};
  for (const [i, fixture] of fixtures.entries()) {
    const integrity =
      i === 0
        ? `sha512-${createHash('sha512').update('not this tarball').digest('base64')}`
        : fixture.integrity;
    packages[`node_modules/${fixture.name}`] = {
      version: fixture.version,
      resolved: `${registryUrl}${fixture.name}/-/${fixture.name}-${fixture.version}.tgz`,
      integrity,
    };
  }
  packages['node_modules/kit-nowhere'] = {
    version: '1.0.0',
    resolved: `${registryUrl}kit-nowhere/-/kit-nowhere-1.0.0.tgz`,
  };
  return JSON.stringify({ name: 'kit-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages });
}

kitTest(
  'a dropped lockfile of 207 packages is kitted with visible progress and a report',
  async ({ page, desk, publicNpm: registry }) => {
    kitTest.setTimeout(240_000);
    await createRepositories(desk.client, 'kit', [
      { name: 'npm-store', external: 'public:npmjs' },
      { name: 'app', upstreams: ['npm-store'] },
    ]);
    const app = new AppPage(page);
    await app.open(desk.consoleUrl);
    await page.getByTestId('kit-button').click();
    const screen = page.getByTestId('kit-screen');
    const dataTransfer = await page.evaluateHandle((text) => {
      const { DataTransfer, File } = globalThis as unknown as PageGlobals;
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'package-lock.json', { type: 'application/json' }));
      return transfer;
    }, lockfile(registry.url));
    await screen.getByTestId('kit-drop-zone').dispatchEvent('drop', { dataTransfer });
    await expect(screen.getByTestId('kit-file-name')).toContainText('package-lock.json');
    await screen.getByTestId('kit-domain').selectOption('kit');
    await screen.getByTestId('kit-repository').selectOption('app');

    // Every progress the page shows is recorded, so a count between none and all can be asserted after.
    await page.evaluate(() => {
      const globals = globalThis as unknown as PageGlobals;
      const { MutationObserver, document } = globals;
      const seen: string[] = [];
      globals.kitSeen = seen;
      new MutationObserver(() => {
        const progress = document.querySelector('[data-testid="kit-progress"]');
        if (progress)
          seen.push(`${progress.getAttribute('data-done')}/${progress.getAttribute('data-total')}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await screen.getByTestId('kit-start').click();

    const progress = screen.getByTestId('kit-progress');
    await expect(progress).toHaveAttribute('data-state', 'failed', { timeout: 180_000 });
    await expect(progress).toHaveAttribute('data-done', '207');
    await expect(screen.getByTestId('kit-progress-text')).toContainText(/^207\/207 packages \(100%\), \d/);
    const seen = await page.evaluate(() => (globalThis as unknown as PageGlobals).kitSeen ?? []);
    const partway = seen.filter((entry) => /^([1-9]\d*)\/207$/.test(entry) && entry !== '207/207');
    expect(partway.length, `progress counted up while the kit ran (seen: ${seen.join(' ')})`).toBeGreaterThan(
      0,
    );

    const report = screen.getByTestId('kit-report');
    await expect(report.getByTestId('kit-verdict')).toContainText('The kit is incomplete');
    await expect(report.getByTestId('kit-counts')).toContainText(
      '205 fetched, 0 cached, 1 missing, 1 mismatch',
    );
    await expect(report.locator('[data-package="kit-nowhere@1.0.0"]')).toHaveAttribute(
      'data-outcome',
      'missing',
    );
    const mismatch = report.locator('[data-package="kit-pkg-000@1.0.0"]');
    await expect(mismatch).toHaveAttribute('data-outcome', 'mismatch');
    await expect(mismatch).toContainText("does not match the lockfile's integrity");
    await expectNoSeriousViolations(page, 'offline kit with its report');
  },
);
