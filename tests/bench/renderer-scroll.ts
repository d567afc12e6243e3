/**
 * Renderer scale: the console in Chromium (through Playwright) with a repository of 10,000 packages
 * and a package of 10,000 versions, both lists virtualised. Measures the frame time while scrolling
 * each list (a steady fast scroll, one step per frame, and jumps across the whole list), with the
 * frame rate unthrottled (`--disable-frame-rate-limit`, no vsync) so a frame takes what its work
 * takes instead of the display's 16.7 ms; and the time from navigation until every row is listed.
 * The bar: frame p50 ≤ 16 ms and max ≤ 50 ms; the table says whether each row meets it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { ensureBuilt } from '../../scripts/build-state.mjs';
import { startService } from '../../src/main/service/service';
import { consoleLines } from '../helpers/console-lines';
import { startServe } from '../helpers/serve';
import { fmt, table } from './report';
import { seedNpmVersions } from './scale';

const count = 10_000;
const p50Bar = 16;
const maxBar = 50;

interface ScrollFigures {
  readonly frames: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Renderer main-thread task time (Chromium's TaskDuration) per frame: the work, without waiting for a core. */
  readonly workPerFrame: number;
}

/**
 * The in-page measurement, as source text: tsx would wrap named functions of a TypeScript callback
 * in a helper the page does not have. Scrolls the list and times each frame (rAF to rAF): `steady`
 * moves 600 px a frame from top to bottom (a fast wheel), `jumps` lands on 120 scattered positions.
 */
const measureInPage = `async ({ selector, mode }) => {
  const scroller = document.querySelector(selector);
  if (!scroller) throw new Error('no scrolling list ' + selector);
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  scroller.scrollTop = 0;
  await frame();
  await frame();
  const end = scroller.scrollHeight - scroller.clientHeight;
  const positions = [];
  if (mode === 'steady') for (let top = 600; top < end && positions.length < 600; top += 600) positions.push(top);
  else for (let step = 1; step <= 120; step++) positions.push(((step * 7919) % 120) * (end / 119));
  const times = [];
  let last = await frame();
  for (const top of positions) {
    scroller.scrollTop = top;
    const now = await frame();
    times.push(now - last);
    last = now;
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0;
  return { frames: times.length, p50: at(50), p95: at(95), max: times[times.length - 1] ?? 0 };
}`;

async function scrollFrames(page: Page, selector: string, mode: 'steady' | 'jumps'): Promise<ScrollFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
  };
  const before = await taskSeconds();
  const figures = (await page.evaluate(`(${measureInPage})(${JSON.stringify({ selector, mode })})`)) as Omit<
    ScrollFigures,
    'workPerFrame'
  >;
  const workPerFrame = (((await taskSeconds()) - before) * 1000) / Math.max(1, figures.frames);
  await cdp.detach();
  return { ...figures, workPerFrame };
}

async function seed(dataDir: string): Promise<void> {
  // 10k versions of npm package `big` in bench/npm-store, written through the store.
  await seedNpmVersions(dataDir, count);
  const service = await startService({ dataDir, port: 0 });
  try {
    await service.invoke('CreateRepository', { domain: 'bench', repository: 'many' });
    const batch = 500;
    for (let start = 0; start < count; start += batch) {
      const calls: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(count, start + batch); i++)
        calls.push(
          service.invoke('PutPackageOriginConfiguration', {
            domain: 'bench',
            repository: 'many',
            format: 'generic',
            namespace: `ns${String(i % 50).padStart(2, '0')}`,
            package: `package-${String(i).padStart(5, '0')}`,
            restrictions: { publish: 'ALLOW', upstream: i % 3 === 0 ? 'ALLOW' : 'BLOCK' },
          }),
        );
      await Promise.all(calls);
    }
  } finally {
    await service.stop();
  }
}

export async function measureRendererScroll(): Promise<void> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'artifact-desk-bench-renderer-'));
  const seedStarted = performance.now();
  await seed(dataDir);
  const seedMs = performance.now() - seedStarted;
  const serve = await startServe({ dataDir, startTimeoutMs: 300_000 });
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-gpu-vsync',
      '--disable-frame-rate-limit',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const base = consoleLines(serve.output().stdout).url;
    const rows: (string | number)[][] = [];
    const row = (name: string, figures: ScrollFigures): (string | number)[] => [
      name,
      figures.frames,
      fmt(figures.p50, 1),
      fmt(figures.p95, 1),
      fmt(figures.max, 1),
      fmt(figures.workPerFrame, 1),
      figures.p50 <= p50Bar && figures.max <= maxBar ? 'yes' : 'no',
    ];

    let started = performance.now();
    await page.goto(`${base}#/d/bench/r/many/packages`);
    await page
      .getByTestId('package-total')
      .getByText(`${count.toLocaleString('en-US')} packages`)
      .waitFor({
        timeout: 120_000,
      });
    const packagesListedMs = performance.now() - started;
    for (const mode of ['steady', 'jumps'] as const) {
      const figures = await scrollFrames(page, '[data-testid="package-rows"]', mode);
      rows.push(row(`10k packages, ${mode}`, figures));
    }

    started = performance.now();
    await page.goto(`${base}#/d/bench/r/npm-store/p/npm//big`);
    await page
      .getByTestId('status-filter-all')
      .locator('.count')
      .getByText(String(count), { exact: true })
      .waitFor({ timeout: 120_000 });
    const versionsListedMs = performance.now() - started;
    // Sizes and publish dates arrive separately (app.packageFacts); scroll once they are in.
    await page.getByTestId('version-size').first().filter({ hasNotText: '—' }).waitFor({ timeout: 120_000 });
    for (const mode of ['steady', 'jumps'] as const) {
      const figures = await scrollFrames(page, '[data-testid="versions-scroller"]', mode);
      rows.push(row(`10k versions, ${mode}`, figures));
    }
    table(
      `Renderer scroll frame times in Chromium, frame rate unthrottled (bar: p50 ≤ ${p50Bar} ms, max ≤ ${maxBar} ms)`,
      ['list', 'frames', 'p50 ms', 'p95 ms', 'max ms', 'main-thread work ms/frame', 'meets bar'],
      rows,
    );
    table(
      'Renderer load (seeded in-process, then `serve` and the console in Chromium)',
      ['measure', 'value'],
      [
        ['seed 10k versions + 10k packages', `${fmt(seedMs / 1000, 1)} s`],
        ['open repository → all 10k packages listed', `${fmt(packagesListedMs, 0)} ms`],
        ['open package → all 10k versions listed', `${fmt(versionsListedMs, 0)} ms`],
      ],
    );
  } finally {
    await browser.close();
    await serve.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
