/**
 * Frame times of a scrolling list in Chromium, driven as a user scrolls: wheel notches, a touch fling,
 * PageDown presses and a scrollbar drag. Frames are timed in the page from one animation frame to the
 * next; only frames a scroll touched count (the frame with a scroll event and the one after it, which
 * lays out and paints what the scroll brought). Every frame draws one corner pixel, so Chromium's
 * unthrottled frame rate holds for frames that would otherwise draw nothing (see startInPage). A Chromium trace taken over the same window gives each
 * frame's main-thread CPU time (the page's own work, without the time spent waiting for a core) and
 * its garbage collection, so a long frame can be told apart from a busy machine.
 */
import type { CDPSession, Page } from '@playwright/test';
import { percentile } from './report';

export type Gesture = 'wheel' | 'fling' | 'keys' | 'drag';
export const gestures: readonly Gesture[] = ['wheel', 'fling', 'keys', 'drag'];

/** One frame a scroll touched: its wall time, and the page main thread's CPU and GC time in it. */
export interface Frame {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly gcMs: number;
  /** The main thread's trace events in the frame below its tasks, by name: total wall ms of each. */
  readonly work: Readonly<Record<string, number>>;
}

export interface FrameSummary {
  readonly frames: number;
  readonly p50: number;
  readonly max: number;
  /** CPU of the renderer's main thread in the frame with the most of it. */
  readonly cpuMax: number;
  /** CPU of the main thread in the longest (wall) frame, and garbage collection in it. */
  readonly longestCpu: number;
  readonly longestGc: number;
  /** What ran longest on the main thread in the longest frame (trace event names, ms). */
  readonly longestWork: string;
}

export function summarise(frames: readonly Frame[]): FrameSummary {
  const walls = frames.map((frame) => frame.wallMs).sort((a, b) => a - b);
  const longest = frames.reduce<Frame | undefined>(
    (best, frame) => (!best || frame.wallMs > best.wallMs ? frame : best),
    undefined,
  );
  return {
    frames: frames.length,
    p50: percentile(walls, 50),
    max: walls.at(-1) ?? NaN,
    cpuMax: Math.max(0, ...frames.map((frame) => frame.cpuMs)),
    longestCpu: longest?.cpuMs ?? NaN,
    longestGc: longest?.gcMs ?? NaN,
    longestWork: Object.entries(longest?.work ?? {})
      .sort(([, a], [, b]) => b - a)
      .slice(0, 4)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
      .join(', '),
  };
}

/**
 * In-page recorder, as source text (tsx would wrap named functions of a TypeScript callback in a
 * helper the page does not have). `start` scrolls the list to the top, then times every animation
 * frame and notes whether a scroll event came before it; `stop` ends the loop and hands the times back.
 */
const startInPage = `async (selector) => {
  const scroller = document.querySelector(selector);
  if (!scroller) throw new Error('no scrolling list ' + selector);
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  scroller.scrollTop = 0;
  await frame();
  await frame();
  const recorder = { times: [], scrolled: [], pending: false, running: true };
  const onScroll = () => { recorder.pending = true; };
  scroller.addEventListener('scroll', onScroll, { passive: true });
  // One corner pixel, all but transparent, that changes every frame: Chromium runs frames unthrottled
  // only while each one draws something, and holds a frame that draws nothing to its 60 Hz clock
  // (about 16.7 ms of waiting, not work). With it every frame draws, on every page alike, so a frame
  // after a scroll that changed nothing lasts what it costs rather than the clock's interval.
  const pacer = document.createElement('div');
  pacer.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
  pacer.setAttribute('aria-hidden', 'true');
  document.body.append(pacer);
  recorder.detach = () => {
    scroller.removeEventListener('scroll', onScroll);
    pacer.remove();
  };
  const tick = (now) => {
    recorder.times.push(now);
    recorder.scrolled.push(recorder.pending);
    recorder.pending = false;
    pacer.style.backgroundColor = recorder.times.length % 2 ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
    if (recorder.running) requestAnimationFrame(tick);
  };
  window.__scrollFrames = recorder;
  await new Promise((resolve) => requestAnimationFrame((now) => { tick(now); resolve(); }));
  return performance.mark('scroll-frames-start').startTime;
}`;

const stopInPage = `async () => {
  const recorder = window.__scrollFrames;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  recorder.running = false;
  recorder.detach();
  return { times: recorder.times, scrolled: recorder.scrolled };
}`;

/** Positions a scrollbar drag passes through: 60 frames, each a thumb move to a scattered place. */
const dragInPage = `async (selector) => {
  const scroller = document.querySelector(selector);
  const end = scroller.scrollHeight - scroller.clientHeight;
  for (let step = 1; step <= 60; step++) {
    scroller.scrollTop = ((step * 7919) % 60) * (end / 59);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}`;

async function perform(page: Page, selector: string, gesture: Gesture): Promise<void> {
  const list = page.locator(selector);
  await list.scrollIntoViewIfNeeded();
  const box = await list.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) throw new Error(`the list ${selector} is not on screen`);
  // The middle of the part of the list inside the window (a tall list reaches below it).
  const x = Math.round(box.x + box.width / 2);
  const y = Math.round((Math.max(0, box.y) + Math.min(viewport.height, box.y + box.height)) / 2);
  switch (gesture) {
    case 'wheel':
      // 40 notches of a mouse wheel (100 px each), as fast as the page takes them.
      await page.mouse.move(x, y);
      for (let notch = 0; notch < 40; notch++) await page.mouse.wheel(0, 100);
      return;
    case 'fling':
      // A flick on a touchpad: the hand leaves and the scroll glides on, as wheel events whose steps
      // shrink event by event (about 1,900 px in all). Headless Chromium makes no fling of its own
      // from synthesized touches.
      await page.mouse.move(x, y);
      for (let step = 150; step >= 2; step *= 0.92) await page.mouse.wheel(0, Math.round(step));
      return;
    case 'keys':
      // PageDown with the list focused (a list that is not itself a tab stop: its first focusable row).
      await page.evaluate(`(() => {
        const scroller = document.querySelector(${JSON.stringify(selector)});
        const target = scroller.tabIndex >= 0 ? scroller : scroller.querySelector('[tabindex="0"]');
        target.focus();
      })()`);
      for (let press = 0; press < 25; press++) await page.keyboard.press('PageDown');
      return;
    case 'drag':
      await page.evaluate(`(${dragInPage})(${JSON.stringify(selector)})`);
      return;
  }
}

interface TraceEvent {
  readonly name: string;
  readonly cat: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { name?: string };
}

const traceCategories = ['toplevel', 'devtools.timeline', 'v8', 'blink.user_timing'];
const taskNames = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
// The main thread's pauses for garbage collection (their V8.GC_* phases nest inside them).
const gcNames = new Set(['MinorGC', 'MajorGC']);

async function traced<T>(
  cdp: CDPSession,
  run: () => Promise<T>,
): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }): void => {
    events.push(...(data.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: traceCategories, recordMode: 'recordAsMuchAsPossible' },
  });
  let result: T;
  try {
    result = await run();
  } finally {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return { result, events };
}

/** Total wall time per event name of the events starting in [from, to) (trace clock, ms). */
function workIn(events: readonly TraceEvent[], from: number, to: number): Record<string, number> {
  const work: Record<string, number> = {};
  for (const event of events) {
    const at = event.ts / 1000;
    if (at >= from && at < to) work[event.name] = (work[event.name] ?? 0) + (event.dur ?? 0) / 1000;
  }
  return work;
}

/** The page's frames over the window: wall time from the page, CPU and GC from the trace. */
function framesOf(
  times: readonly number[],
  scrolled: readonly boolean[],
  markAt: number,
  events: readonly TraceEvent[],
): Frame[] {
  const mark = events.find((event) => event.name === 'scroll-frames-start');
  const main = mark
    ? events.find(
        (event) =>
          event.ph === 'M' &&
          event.name === 'thread_name' &&
          event.pid === mark.pid &&
          event.args?.name === 'CrRendererMain',
      )
    : undefined;
  // Trace timestamps are microseconds on the same clock as performance.now(), from another origin.
  const offset = mark ? mark.ts / 1000 - markAt : 0;
  const onMain = main ? events.filter((event) => event.pid === main.pid && event.tid === main.tid) : [];
  const tasks = onMain.filter((event) => event.ph === 'X' && taskNames.has(event.name));
  const gcs = onMain.filter((event) => event.ph === 'X' && gcNames.has(event.name));
  const inner = onMain.filter(
    (event) => event.ph === 'X' && event.cat.includes('devtools.timeline') && !taskNames.has(event.name),
  );
  const within = (
    list: readonly TraceEvent[],
    from: number,
    to: number,
    pick: (e: TraceEvent) => number,
  ): number =>
    list.reduce((sum, event) => {
      const at = event.ts / 1000 - offset;
      return at >= from && at < to ? sum + pick(event) / 1000 : sum;
    }, 0);
  const frames: Frame[] = [];
  for (let i = 1; i < times.length; i++) {
    if (!scrolled[i] && !scrolled[i - 1]) continue;
    const from = times[i - 1] ?? 0;
    const to = times[i] ?? 0;
    frames.push({
      wallMs: to - from,
      cpuMs: main ? within(tasks, from, to, (event) => event.tdur ?? event.dur ?? 0) : NaN,
      gcMs: main ? within(gcs, from, to, (event) => event.dur ?? 0) : NaN,
      work: workIn(inner, from + offset, to + offset),
    });
  }
  return frames;
}

/** Scrolls the list in `page` with `gesture` and returns the frames the scroll touched. */
export async function scrollFrames(page: Page, selector: string, gesture: Gesture): Promise<Frame[]> {
  await page.bringToFront();
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result, events } = await traced(cdp, async () => {
      const markAt = (await page.evaluate(`(${startInPage})(${JSON.stringify(selector)})`)) as number;
      await perform(page, selector, gesture);
      const recorded = (await page.evaluate(`(${stopInPage})()`)) as { times: number[]; scrolled: boolean[] };
      return { markAt, ...recorded };
    });
    return framesOf(result.times, result.scrolled, result.markAt, events);
  } finally {
    await cdp.detach();
  }
}

/**
 * Long animation frames (over 50 ms, as Chromium's Long Animation Frames API reports them) from the
 * page's start until now: the frames of loading and first rendering, counted apart from scrolling.
 */
export async function loadFrames(page: Page): Promise<{ long: number; longestMs: number }> {
  return (await page.evaluate(`new Promise((resolve) => {
    const seen = [];
    const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
    observer.observe({ type: 'long-animation-frame', buffered: true });
    setTimeout(() => {
      observer.disconnect();
      resolve({ long: seen.length, longestMs: Math.max(0, ...seen.map((entry) => entry.duration)) });
    }, 0);
  })`)) as { long: number; longestMs: number };
}
