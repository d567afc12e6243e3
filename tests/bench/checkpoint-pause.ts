/**
 * `checkpoint=COUNTS`: how long a checkpoint holds the event loop in a store of one npm package with
 * N versions (seeded as the scale rows seed it). Each round makes one small write, then checkpoints
 * the store while `perf_hooks.monitorEventLoopDelay` watches the loop; printed per count: the
 * checkpoint's wall time and the longest event-loop delay during it (min and median over the rounds),
 * and the snapshot's size. In-process: the checkpoint is the same code `serve` runs after 30 s
 * without writes or every 5 minutes under writes.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startService } from '../../src/main/service/service';
import { fmt, median, table } from './report';
import { countsFrom, seedNpmVersions } from './scale';

const rounds = 3;

export async function measureCheckpointPause(arg?: string): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const count of countsFrom(arg, [10_000, 100_000])) {
    const dataDir = mkdtempSync(join(tmpdir(), `artifact-desk-bench-checkpoint-${count}-`));
    try {
      await seedNpmVersions(dataDir, count);
      const service = await startService({
        dataDir,
        port: 0,
        accountId: '111122223333',
        region: 'us-east-1',
      });
      const took: number[] = [];
      const held: number[] = [];
      try {
        for (let round = 0; round < rounds; round++) {
          await service.invoke('CreateDomain', { domain: `pause-${round}` });
          const delay = monitorEventLoopDelay({ resolution: 5 });
          delay.enable();
          // The monitor's first tick sets its baseline; a pause before it would go unseen.
          await new Promise((resolve) => setTimeout(resolve, 50));
          const started = performance.now();
          await service.store.checkpoint();
          took.push(performance.now() - started);
          delay.disable();
          held.push(delay.max / 1e6);
        }
      } finally {
        await service.stop();
      }
      rows.push([
        count.toLocaleString('en'),
        fmt(statSync(join(dataDir, 'db', 'snapshot.sqlite')).size / 2 ** 20, 0),
        `${fmt(Math.min(...took), 0)} / ${fmt(median(took), 0)}`,
        `${fmt(Math.min(...held), 0)} / ${fmt(median(held), 0)}`,
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  table(
    'A checkpoint (export of the whole sql.js database, then the snapshot written and synced) and the event loop',
    ['versions', 'snapshot MiB', 'checkpoint min / median ms', 'max event-loop delay min / median ms'],
    rows,
  );
}
