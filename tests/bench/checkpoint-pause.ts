/**
 * `checkpoint=COUNTS`: how long a checkpoint holds the event loop in a store of one npm package with
 * N versions (seeded as the scale rows seed it). Each round makes one small write, then takes a
 * checkpoint while `perf_hooks.monitorEventLoopDelay` watches the loop, two ways in turn (which
 * goes first alternates by round):
 *   - worker: `store.checkpoint()`, the checkpoint `serve` runs after 30 s without writes or every
 *     5 minutes under writes (the snapshot built in a worker thread from the files);
 *   - in-process export: the export of the live database on the store's thread, then the file
 *     written and synced, as checkpoints ran before the worker (and as the shutdown checkpoint and
 *     `exportSnapshot()` still do), written to a scratch file;
 *   - none: nothing, for as long as the last worker checkpoint took: what the machine's load alone
 *     does to the event loop.
 * Printed per count and way: wall time, longest event-loop delay, CPU of the store's thread and of
 * the whole process (min and median over the rounds), the process's peak RSS during the
 * checkpoint (sampled every 5 ms, and what the worker saw when it held its copy) and the
 * snapshot's size. In-process, on the store `serve` opens (same migrations and options).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../../src/main/store/durable-fs';
import { openStore } from '../../src/main/store/index';
import type { DurableStore } from '../../src/main/store/index';
import { migrations } from '../../src/main/store/migrations';
import { fmt, median, table } from './report';
import { countsFrom, seedNpmVersions } from './scale';

const rounds = 3;
const ways = ['worker', 'in-process export', 'none (idle, as long as the worker)'] as const;
type Way = (typeof ways)[number];

interface Sample {
  readonly wallMs: number;
  readonly maxDelayMs: number;
  readonly mainCpuMs: number;
  readonly processCpuMs: number;
  readonly peakRssMiB: number;
}

/** CPU time of this process's main thread (its task id is the pid), in ms; Linux only. */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function measure(store: DurableStore, way: Way, scratch: string, idleMs: number): Promise<Sample> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
  // The monitor's first tick sets its baseline; a pause before it would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuMs();
  const started = performance.now();
  if (way === 'worker') {
    await store.checkpoint();
  } else if (way.startsWith('none')) {
    // The floor: what the machine's load alone does to the event loop over the same time.
    await new Promise((resolve) => setTimeout(resolve, idleMs));
  } else {
    const { bytes } = store.exportSnapshot();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    await writeFileAtomic(scratch, bytes);
  }
  const wallMs = performance.now() - started;
  const mainCpuMs = mainThreadCpuMs() - mainCpu;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  delay.disable();
  if (way === 'worker') {
    const report = store.stats().lastWorkerCheckpoint;
    if (!report) throw new Error('the checkpoint did not run in the worker thread');
    peakRss = Math.max(peakRss, report.peakRssBytes);
  }
  return {
    wallMs,
    maxDelayMs: delay.max / 1e6,
    mainCpuMs,
    processCpuMs: (used.user + used.system) / 1000,
    peakRssMiB: peakRss / 2 ** 20,
  };
}

export async function measureCheckpointPause(arg?: string): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const count of countsFrom(arg, [10_000, 100_000])) {
    const dataDir = mkdtempSync(join(tmpdir(), `artifact-desk-bench-checkpoint-${count}-`));
    const scratch = join(mkdtempSync(join(tmpdir(), 'artifact-desk-bench-export-')), 'snapshot.sqlite');
    try {
      await seedNpmVersions(dataDir, count);
      const store = await openStore({ dataDir, migrations });
      const samples = Object.fromEntries(ways.map((way) => [way, [] as Sample[]])) as Record<Way, Sample[]>;
      let idleRssMiB = 0;
      try {
        for (let round = 0; round < rounds; round++) {
          const order = round % 2 === 0 ? ways : [...ways].reverse();
          for (const way of order) {
            const workerMs = samples.worker.at(-1)?.wallMs ?? 1000;
            // One small write, so there is something to checkpoint.
            store.write((db) => {
              db.run('CREATE TABLE IF NOT EXISTS bench_marks (round INTEGER, way TEXT)');
              db.run('INSERT INTO bench_marks (round, way) VALUES (?, ?)', [round, way]);
            });
            await store.flush();
            idleRssMiB = Math.max(idleRssMiB, process.memoryUsage.rss() / 2 ** 20);
            samples[way].push(await measure(store, way, scratch, workerMs));
          }
        }
      } finally {
        await store.close();
      }
      const snapshotMiB = statSync(join(dataDir, 'db', 'snapshot.sqlite')).size / 2 ** 20;
      for (const way of ways) {
        const of = (pick: (s: Sample) => number): string => {
          const values = samples[way].map(pick);
          return `${fmt(Math.min(...values), 0)} / ${fmt(median(values), 0)}`;
        };
        rows.push([
          count.toLocaleString('en'),
          way,
          fmt(snapshotMiB, 0),
          of((s) => s.wallMs),
          of((s) => s.maxDelayMs),
          of((s) => s.mainCpuMs),
          of((s) => s.processCpuMs),
          `${fmt(idleRssMiB, 0)} / ${fmt(Math.max(...samples[way].map((s) => s.peakRssMiB)), 0)}`,
        ]);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(join(scratch, '..'), { recursive: true, force: true });
    }
  }
  table(
    `A checkpoint and the event loop (${rounds} rounds, the two ways alternating)`,
    [
      'versions',
      'checkpoint',
      'snapshot MiB',
      'wall min / median ms',
      'max event-loop delay min / median ms',
      'store thread CPU min / median ms',
      'process CPU min / median ms',
      'RSS before / peak MiB',
    ],
    rows,
  );
}
