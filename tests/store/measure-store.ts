/**
 * One-off measurement of the store (not a test, no thresholds): latency of a single-row write plus
 * flush with 1k and with 100k rows in the table, the cost of a checkpoint, and the time to open a
 * store of 100k rows from a snapshot plus a journal tail. Run: npx tsx tests/store/measure-store.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/main/store/index';
import type { DurableStore, Migration } from '../../src/main/store/index';

const migrations: Migration[] = [
  {
    version: 1,
    name: 'versions',
    sql: `CREATE TABLE versions (id INTEGER PRIMARY KEY, package TEXT NOT NULL, version TEXT NOT NULL,
            status TEXT NOT NULL, revision TEXT NOT NULL, created_at INTEGER NOT NULL, summary TEXT);
          CREATE UNIQUE INDEX versions_by_name ON versions(package, version);`,
  },
];

let nextId = 1;
function insert(store: DurableStore): void {
  const id = nextId++;
  store.write((db) =>
    db.run('INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)', [
      id,
      `package-${id % 5000}`,
      `1.${Math.floor(id / 5000)}.${id}`,
      'Published',
      `rev-${id.toString(36).padStart(12, '0')}`,
      1_700_000_000_000 + id,
      'A package version summary of ordinary length, to make rows about as large as real ones.',
    ]),
  );
}

function bulk(store: DurableStore, count: number): void {
  // One transaction per 1000 rows keeps setup quick.
  for (let done = 0; done < count; done += 1000) {
    store.write(() => {
      for (let i = 0; i < Math.min(1000, count - done); i++) insert(store);
    });
  }
}

async function writeLatency(store: DurableStore, samples: number): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    insert(store);
    await store.flush();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(samples / 2)] ?? 0, p95: times[Math.floor(samples * 0.95)] ?? 0 };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artifact-desk-measure-'));
  try {
    let started = performance.now();
    const store = await openStore({ dataDir, migrations, checkpointIdleMs: 3_600_000 });
    const firstOpenMs = performance.now() - started;
    bulk(store, 1_000);
    await store.flush();
    const small = await writeLatency(store, 300);

    bulk(store, 99_000 - 300);
    await store.flush();
    started = performance.now();
    await store.checkpoint();
    const checkpointMs = performance.now() - started;
    const large = await writeLatency(store, 300);

    // 1,000 requests committing in the same tick share one write and one fdatasync.
    started = performance.now();
    const acks: Promise<void>[] = [];
    for (let i = 0; i < 1_000; i++) {
      insert(store);
      acks.push(store.flush());
    }
    await Promise.all(acks);
    const groupMs = performance.now() - started;

    started = performance.now();
    for (let i = 0; i < 10_000; i++)
      store.read((db) => db.get('SELECT id FROM versions WHERE id = ?', [i + 1]));
    const readUs = ((performance.now() - started) / 10_000) * 1000;

    // Leave a journal tail of 5,000 single-row transactions after the snapshot, then "crash" by
    // copying the files as they are.
    for (let i = 0; i < 5_000; i++) insert(store);
    await store.flush();
    const rows = store.read((db) => db.get<{ n: number }>('SELECT COUNT(*) AS n FROM versions'))?.n;
    const { cpSync, statSync } = await import('node:fs');
    const copyDir = `${dataDir}-copy`;
    cpSync(path.join(dataDir, 'db'), path.join(copyDir, 'db'), { recursive: true });
    const snapshotMb = statSync(path.join(dataDir, 'db', 'snapshot.sqlite')).size / 1048576;
    await store.close();

    started = performance.now();
    const reopened = await openStore({ dataDir: copyDir, migrations });
    const openMs = performance.now() - started;
    const replayed = reopened.recovery.replayed;
    await reopened.close();
    await rm(copyDir, { recursive: true, force: true });

    const fmt = (n: number) => n.toFixed(2).padStart(8);
    console.log('store micro-measurement');
    console.log(
      `write+flush, 1 row, table of ~1k rows:    median ${fmt(small.median)} ms   p95 ${fmt(small.p95)} ms`,
    );
    console.log(
      `write+flush, 1 row, table of ~100k rows:  median ${fmt(large.median)} ms   p95 ${fmt(large.p95)} ms`,
    );
    console.log(`1,000 writes in one tick, all flushed:     ${fmt(groupMs)} ms total`);
    console.log(`read() point query:                        ${fmt(readUs)} µs each`);
    console.log(`checkpoint of ~100k rows (${snapshotMb.toFixed(1)} MB):       ${fmt(checkpointMs)} ms`);
    console.log(`first open of an empty store (sql.js init): ${fmt(firstOpenMs)} ms`);
    console.log(`open ${rows} rows (snapshot + ${replayed} journal records): ${fmt(openMs)} ms`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
