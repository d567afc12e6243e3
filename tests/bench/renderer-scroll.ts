/**
 * Renderer scale: the console in Chromium (through Playwright) with a repository of 10,000 packages
 * and a package of 10,000 versions, both lists virtualised, beside a floor page of 10,000 static rows.
 * Each round scrolls the three lists the same ways (wheel notches, a touch fling, PageDown, a
 * scrollbar drag; see scroll-frames.ts) with the frame rate unthrottled (`--disable-frame-rate-limit`,
 * no vsync) so a frame takes what its work takes instead of the display's 16.7 ms, and without smooth
 * scrolling, so a PageDown or a wheel notch moves every list (the floor's too) in one jump. Prints p50 and max
 * of the frames a scroll touched, their ratios to the floor's, and the main thread's CPU in the frames
 * (which the machine's load does not inflate); loading frames are counted apart, with the time from
 * navigation until every row is listed. The bar: frame p50 ≤ 16 ms and max ≤ 50 ms.
 * `npm run bench -- renderer=ROUNDS` (3 by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { ensureBuilt } from '../../scripts/build-state.mjs';
import { startService } from '../../src/main/service/service';
import { consoleLines } from '../helpers/console-lines';
import { startServe } from '../helpers/serve';
import { fmt, median, table } from './report';
import { gestures, loadFrames, scrollFrames, summarise, type Frame } from './scroll-frames';
import { seedNpmVersions } from './scale';

const count = 10_000;
const p50Bar = 16;
const maxBar = 50;

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

/**
 * The floor: a plain page of 10,000 static rows of the same height in a scroller of the same size,
 * no script. Scrolled the same way in the same rounds, it shows what a frame costs on this machine
 * under its current load with nothing of ours in it.
 */
function baselineHtml(): string {
  const rows: string[] = [];
  for (let i = 0; i < count; i++)
    rows.push(
      `<div class="row"><span>generic</span><span>ns${i % 50}</span><span>package-${i}</span>` +
        `<span>1.0.${i}</span><span>publish allowed · upstream blocked</span></div>`,
    );
  return `<!doctype html><html lang="en"><head><title>baseline</title><style>
    body { margin: 0; font: 14px system-ui, sans-serif; }
    #rows { height: 60vh; overflow: auto; margin: 120px 24px; border: 1px solid #ccc; }
    .row { display: grid; grid-template-columns: 90px 1fr 2fr 140px 230px; gap: 10px; padding: 0 12px;
      align-items: center; height: 40px; box-sizing: border-box; border-bottom: 1px solid #ddd; white-space: nowrap; }
  </style></head><body><div id="rows" tabindex="0" role="list" aria-label="Rows">${rows.join('')}</div></body></html>`;
}

interface ListUnderTest {
  readonly name: string;
  readonly page: Page;
  readonly selector: string;
}

/** Frames of every round pooled per list and gesture, and each round's longest frame. */
interface Pooled {
  readonly frames: Frame[];
  readonly roundMax: number[];
}

export async function measureRendererScroll(arg?: string): Promise<void> {
  const rounds = Math.max(1, Number(arg ?? 3) || 3);
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
      // PageDown and wheel notches move the scroller at once, as the package list's own PageDown
      // does, instead of gliding over several frames: every list takes each gesture the same way.
      '--disable-smooth-scrolling',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const base = consoleLines(serve.output().stdout).url;
    const load: (string | number)[][] = [];

    const baseline = await context.newPage();
    let started = performance.now();
    await baseline.setContent(baselineHtml());
    const baselineLoad = await loadFrames(baseline);
    load.push([
      'floor: 10k static rows',
      `${fmt(performance.now() - started, 0)} ms`,
      baselineLoad.long,
      fmt(baselineLoad.longestMs, 0),
    ]);

    const packages = await context.newPage();
    started = performance.now();
    await packages.goto(`${base}#/d/bench/r/many/packages`);
    await packages
      .getByTestId('package-total')
      .getByText(`${count.toLocaleString('en-US')} packages`)
      .waitFor({ timeout: 120_000 });
    const packagesListedMs = performance.now() - started;
    const packagesLoad = await loadFrames(packages);
    load.push([
      'open repository → all 10k packages listed',
      `${fmt(packagesListedMs, 0)} ms`,
      packagesLoad.long,
      fmt(packagesLoad.longestMs, 0),
    ]);

    const versions = await context.newPage();
    started = performance.now();
    await versions.goto(`${base}#/d/bench/r/npm-store/p/npm//big`);
    await versions
      .getByTestId('status-filter-all')
      .locator('.count')
      .getByText(String(count), { exact: true })
      .waitFor({ timeout: 120_000 });
    const versionsListedMs = performance.now() - started;
    // Sizes and publish dates arrive separately (app.packageFacts); scroll once they are in.
    await versions
      .getByTestId('version-size')
      .first()
      .filter({ hasNotText: '—' })
      .waitFor({ timeout: 120_000 });
    const versionsLoad = await loadFrames(versions);
    load.push([
      'open package → all 10k versions listed',
      `${fmt(versionsListedMs, 0)} ms`,
      versionsLoad.long,
      fmt(versionsLoad.longestMs, 0),
    ]);

    const lists: ListUnderTest[] = [
      { name: 'floor', page: baseline, selector: '#rows' },
      { name: '10k packages', page: packages, selector: '[data-testid="package-rows"]' },
      { name: '10k versions', page: versions, selector: '[data-testid="versions-scroller"]' },
    ];
    const pooled = new Map<string, Pooled>();
    const loads: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const gesture of gestures) {
        // The lists one after the other inside a round, so the machine's load falls on all alike.
        for (const list of lists) {
          const frames = await scrollFrames(list.page, list.selector, gesture);
          const entry = pooled.get(`${list.name}/${gesture}`) ?? { frames: [], roundMax: [] };
          entry.frames.push(...frames);
          entry.roundMax.push(summarise(frames).max);
          pooled.set(`${list.name}/${gesture}`, entry);
        }
      }
      loads.push(loadavg()[0] ?? NaN);
    }

    const rows: (string | number)[][] = [];
    for (const list of lists) {
      for (const gesture of gestures) {
        const ours = pooled.get(`${list.name}/${gesture}`);
        const floor = pooled.get(`floor/${gesture}`);
        if (!ours || !floor) continue;
        const figures = summarise(ours.frames);
        const floorFigures = summarise(floor.frames);
        const perRound = [...ours.roundMax].sort((a, b) => a - b);
        rows.push([
          list.name,
          gesture,
          figures.frames,
          fmt(figures.p50, 1),
          fmt(figures.max, 1),
          `${fmt(perRound[0] ?? NaN, 0)} / ${fmt(median(perRound), 0)} / ${fmt(perRound.at(-1) ?? NaN, 0)}`,
          list === lists[0] ? '1.00' : fmt(figures.p50 / floorFigures.p50),
          list === lists[0] ? '1.00' : fmt(figures.max / floorFigures.max),
          fmt(figures.cpuMax, 1),
          `${fmt(figures.longestCpu, 1)} (GC ${fmt(figures.longestGc, 1)})`,
          list === lists[0] ? '—' : figures.p50 <= p50Bar && figures.max <= maxBar ? 'yes' : 'no',
        ]);
      }
    }
    table(
      `Renderer scroll frames in Chromium, frame rate unthrottled, ${rounds} interleaved rounds, load average ` +
        `${loads.map((value) => fmt(value, 1)).join(' → ')} (bar: p50 ≤ ${p50Bar} ms, max ≤ ${maxBar} ms)`,
      [
        'list',
        'gesture',
        'frames',
        'p50 ms',
        'max ms',
        'max per round min / median / max',
        'p50 ÷ floor',
        'max ÷ floor',
        'most main-thread CPU in a frame ms',
        'CPU in the longest frame ms',
        'meets bar',
      ],
      rows,
    );
    table(
      'What ran longest on the main thread in the longest frame of each list (trace events, ms, all rounds)',
      ['list', 'gesture', 'longest frame ms', 'main-thread work'],
      lists.flatMap((list) =>
        gestures.map((gesture) => {
          const figures = summarise(pooled.get(`${list.name}/${gesture}`)?.frames ?? []);
          return [list.name, gesture, fmt(figures.max, 1), figures.longestWork || '—'];
        }),
      ),
    );
    table(
      'Renderer load (seeded in-process, then `serve` and the console in Chromium); long frames while loading are not scroll frames',
      ['measure', 'time', 'long animation frames (> 50 ms) while loading', 'longest ms'],
      [['seed 10k versions + 10k packages', `${fmt(seedMs / 1000, 1)} s`, '—', '—'], ...load],
    );
  } finally {
    await browser.close();
    await serve.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
