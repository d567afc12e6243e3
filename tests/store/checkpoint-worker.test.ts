/**
 * Checkpoints are built in a worker thread from the snapshot file and the journal, never from the
 * live database: the snapshot holds exactly the transactions committed before the checkpoint began,
 * writes go on meanwhile, the worker's replay never changes a journal file, and kill -9 in the middle
 * of a checkpoint loses no acknowledged write.
 */
import { readdirSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, StoreRecoveryError } from '../../src/main/store/index';
import type { DurableStore } from '../../src/main/store/index';
import { recoverJournal } from '../../src/main/store/journal';
import { openSnapshot } from '../../src/main/store/snapshot-database';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { childMigrations } from './fixtures/child-schema';
import { lastAck, startChild } from './fixtures/run-child';
import type { Child } from './fixtures/run-child';

let dataDir: string;
const children: Child[] = [];
const stores: DurableStore[] = [];

beforeEach(async () => {
  dataDir = await makeTempDir('artifact-desk-checkpoint-worker-');
});

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill();
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  await removeDir(dataDir);
});

async function openHere(): Promise<DurableStore> {
  const store = await openStore({ dataDir, migrations: childMigrations });
  stores.push(store);
  return store;
}

function insert(store: DurableStore, from: number, count: number): void {
  for (let n = from; n < from + count; n++) {
    store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [n, `row ${n}`]));
  }
}

function rowIds(store: DurableStore): number[] {
  return store.read((db) => db.all<{ id: number }>('SELECT id FROM rows ORDER BY id')).map((r) => r.id);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The rows of the snapshot file alone, as a start would load it before replaying the journal. */
async function snapshotRows(): Promise<{ seq: number; ids: number[] }> {
  const { conn, seq } = await openSnapshot(path.join(dataDir, 'db', 'snapshot.sqlite'));
  try {
    const ids = conn.all(conn.prepare('SELECT id FROM rows ORDER BY id'), []).map((row) => row['id']);
    return { seq, ids: ids as number[] };
  } finally {
    conn.close();
  }
}

describe('checkpoints in the worker thread', () => {
  it('snapshot the transactions committed before they began while writes go on', async () => {
    const store = await openHere();
    insert(store, 1, 50);
    const seqAtStart = store.stats().lastSeq;
    const checkpoint = store.checkpoint();
    // Committed while the worker builds the snapshot: they belong to the next one.
    insert(store, 51, 20);
    await checkpoint;
    await store.flush();

    const stats = store.stats();
    expect(stats.checkpointWorkerUnavailable, 'the worker thread started').toBeUndefined();
    expect(stats.lastWorkerCheckpoint?.replayed, 'the worker replayed the journal').toBeGreaterThan(0);
    expect(stats.snapshotSeq, 'the snapshot ends where the checkpoint began').toBe(seqAtStart);
    const snapshot = await snapshotRows();
    expect(snapshot.seq).toBe(seqAtStart);
    expect(snapshot.ids, 'the snapshot holds exactly the rows committed before').toEqual(range(1, 50));
    expect(rowIds(store), 'the live database was not touched').toEqual(range(1, 70));

    await store.close();
    stores.splice(stores.indexOf(store), 1);
    const reopened = await openHere();
    expect(rowIds(reopened)).toEqual(range(1, 70));
  });

  it('copy the database as of now with the rows of a query on the same state, also with nothing new', async () => {
    const store = await openHere();
    insert(store, 1, 5);
    await store.checkpoint();
    const copyDir = await makeTempDir('artifact-desk-snapshot-copy-');
    try {
      const file = path.join(copyDir, 'copy.sqlite');
      const copy = await store.snapshotCopy(file, 'SELECT id, value FROM rows ORDER BY id');
      expect(copy.seq, 'nothing was written since the checkpoint').toBe(store.stats().snapshotSeq);
      expect(copy.rows).toEqual(range(1, 5).map((n) => [n, `row ${n}`]));
      expect(copy.size).toBe(readFileSync(file).length);

      insert(store, 6, 2);
      const second = await store.snapshotCopy(file, 'SELECT COUNT(*) FROM rows');
      expect(second.rows, 'the rows of the newer state').toEqual([[7]]);
      expect(store.stats().snapshotSeq, 'taking the copy was a checkpoint too').toBe(second.seq);
    } finally {
      await removeDir(copyDir);
    }
  });

  it('replays the journal without changing any file, and refuses damage it would have to cut', async () => {
    const store = await openHere();
    insert(store, 1, 10);
    await store.flush();
    const upTo = store.stats().lastSeq;
    insert(store, 11, 5);
    await store.flush();
    const dbDir = path.join(dataDir, 'db');
    const [segment] = readdirSync(dbDir).filter((f) => f.startsWith('journal-'));
    const file = path.join(dbDir, segment ?? '');
    // A torn record after the last transaction wanted is never read.
    truncateSync(file, readFileSync(file).length - 3);
    const before = readFileSync(file);

    const applied: number[] = [];
    const read = await recoverJournal(dbDir, 0, (record) => applied.push(record.seq), { upTo });
    expect(read.lastSeq).toBe(upTo);
    expect(applied, 'every transaction up to the one wanted, in order, and none after').toEqual(
      range(1, upTo),
    );
    expect(readFileSync(file).equals(before), 'the segment is unchanged').toBe(true);

    await expect(
      recoverJournal(dbDir, 0, () => undefined, { upTo: upTo + 5 }),
      'a journal that is torn before the transaction wanted',
    ).rejects.toThrow(StoreRecoveryError);
    expect(readFileSync(file).equals(before), 'a refused read cuts nothing').toBe(true);
  });

  it('loses no acknowledged write when the process is killed while the worker builds a snapshot', async () => {
    const child = startChild(['checkpoint-loop', dataDir]);
    children.push(child);
    await child.waitFor((line) => line === 'checkpoint-done 1', 60_000);
    // Kill once a later checkpoint has begun and writes were acknowledged during it.
    await child.waitFor((line) => line === 'ack 20', 60_000);
    const running = (): boolean => {
      const lines = child.lines;
      const start = lines.lastIndexOf('checkpoint-start');
      const done = lines.findLastIndex((line) => line.startsWith('checkpoint-done'));
      return start > done && lines.slice(start).filter((line) => line.startsWith('ack ')).length >= 3;
    };
    await child.waitFor(() => running(), 60_000);
    await child.kill('SIGKILL');
    const acknowledged = lastAck(child.lines);

    const store = await openHere();
    const ids = rowIds(store);
    expect(ids.length, 'every acknowledged row is present').toBeGreaterThanOrEqual(acknowledged);
    expect(ids, 'what survives is a prefix with no holes').toEqual(range(1, ids.length));
    expect(store.recovery.snapshotSeq, 'an earlier checkpoint left a snapshot').toBeGreaterThan(0);
  });
});
