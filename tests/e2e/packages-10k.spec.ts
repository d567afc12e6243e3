/**
 * A repository with 10,000 packages: the list shows its first rows, streams in all 10k with only
 * the rows in view in the page, scrolls to its last row and filters in memory. How long each step
 * takes is printed (and attached to the report) each run; the bar for those times is judged by
 * `npm run bench -- renderer`, not here, as a loaded test machine makes any time threshold flaky.
 */
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { RepositoryPage } from './pages/repository-page';
import { createDomainWithRepositories, seedPackages } from './pages/seed-data';

const packageCount = 10_000;

/**
 * The little of the page's globals the in-page measurements use. The e2e specs compile without the
 * DOM library (they run in Node); these callbacks run in the browser.
 */
interface PageElement {
  click(): void;
  scrollTop: number;
  readonly scrollHeight: number;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null };
  performance: { now(): number };
  requestAnimationFrame(callback: () => void): number;
}
test('10k packages: first rows, the whole list virtualised, scrolling to the end and filtering', async ({
  page,
  desk,
  saveScreen,
}) => {
  test.setTimeout(600_000);
  await createDomainWithRepositories(desk.client, 'bench', ['big', 'small']);
  const seedStarted = Date.now();
  await seedPackages(desk.client, { domain: 'bench', repository: 'big' }, packageCount);
  const seedMs = Date.now() - seedStarted;

  const app = new AppPage(page);
  const repository = new RepositoryPage(page);
  await app.open(desk.consoleUrl);
  await app.openRepository('small');
  await expect(page.getByTestId('packages-empty')).toBeVisible();

  // Measured inside the page: from the click to the frame after the first row is in the document.
  const firstRowsMs = await page.evaluate(async () => {
    const { document, performance, requestAnimationFrame } = globalThis as unknown as PageGlobals;
    const link = document.querySelector('[data-testid="sidebar-repository-big"]');
    if (!link) throw new Error('no sidebar entry for the big repository');
    const started = performance.now();
    link.click();
    return new Promise<number>((resolve) => {
      const check = (): void => {
        if (document.querySelector('[data-testid="package-row"]'))
          requestAnimationFrame(() => resolve(performance.now() - started));
        else requestAnimationFrame(check);
      };
      check();
    });
  });
  await expect(repository.packageRows.first()).toBeVisible();

  const allStarted = Date.now();
  await expect(repository.total).toHaveText(`${packageCount.toLocaleString('en-US')} packages`, {
    timeout: 60_000,
  });
  const allLoadedMs = Date.now() - allStarted + firstRowsMs;
  // Only the rows in view (plus a small overscan) are in the page, however long the list.
  const rendered = await repository.packageRows.count();
  expect(rendered).toBeLessThan(100);

  // Scroll through the whole list in steps and to the end; time the frames while doing it.
  const scroll = await page.evaluate(async () => {
    const { document, performance, requestAnimationFrame } = globalThis as unknown as PageGlobals;
    const scroller = document.querySelector('[data-testid="package-rows"]');
    if (!scroller) throw new Error('no package list');
    const frames: number[] = [];
    let last = performance.now();
    const steps = 60;
    for (let step = 1; step <= steps; step++) {
      scroller.scrollTop = (scroller.scrollHeight * step) / steps;
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    return { p50: frames[Math.floor(frames.length / 2)] ?? 0, max: frames[frames.length - 1] ?? 0 };
  });
  await expect(repository.package('bench49/package-09999')).toBeVisible();

  // Search filters all 10k in memory.
  const searchStarted = Date.now();
  await repository.search.fill('package-0777');
  await expect(repository.packageRows).toHaveCount(10);
  const searchMs = Date.now() - searchStarted;
  await repository.search.fill('');
  await saveScreen('packages-10k');

  const table = [
    ['measure', 'value'],
    ['packages seeded through the SDK', `${packageCount} in ${(seedMs / 1000).toFixed(1)} s`],
    ['navigation → first rows painted', `${firstRowsMs.toFixed(0)} ms`],
    ['navigation → all 10k listed', `${allLoadedMs.toFixed(0)} ms`],
    ['rows in the page while listing 10k', String(rendered)],
    ['scroll frame time p50 / max', `${scroll.p50.toFixed(1)} / ${scroll.max.toFixed(1)} ms`],
    ['search over 10k (type → 10 rows shown)', `${searchMs} ms`],
  ];
  const text = table.map(([name, value]) => `${(name ?? '').padEnd(40)} ${value}`).join('\n');
  console.log(`\nRenderer benchmark (10k packages)\n${text}\n`);
  test.info().annotations.push({ type: 'benchmark', description: text });
});
