/**
 * Checkpoints happen under steady writes too: with no idle moment and a journal far below its size
 * limit, the age of the oldest write not in the snapshot still triggers one, so what a start has to
 * replay stays bounded. (The interval is shortened here; it is 5 minutes by default.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type DurableStore } from '../../src/main/store/index';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const schema = [{ version: 1, name: 'items', sql: 'CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER)' }];
let dataDir: string;

beforeEach(async () => {
  dataDir = await makeTempDir('artifact-desk-checkpoint-');
});

afterEach(async () => {
  await removeDir(dataDir);
});

describe('checkpoints under steady writes', () => {
  it('are taken by age while writes never pause, and a restart finds every write', async () => {
    let store: DurableStore = await openStore({
      dataDir,
      migrations: schema,
      checkpointIntervalMs: 50,
      checkpointIdleMs: 3_600_000,
      checkpointJournalBytes: 1024 * 1024 * 1024,
    });
    let n = 0;
    try {
      // Writes keep coming (a few milliseconds apart, never idle) until the age trigger has fired.
      while (store.stats().checkpoints === 0 && n < 20_000) {
        store.write((db) => db.run('INSERT INTO items (n) VALUES (?)', [n]));
        n++;
        await store.flush();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const stats = store.stats();
      expect(stats.checkpoints, 'a checkpoint ran while the writes went on').toBeGreaterThan(0);
      expect(stats.snapshotSeq, 'the snapshot holds writes made under load').toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    store = await openStore({ dataDir, migrations: schema });
    try {
      expect(
        store.read((db) => db.get<{ count: number }>('SELECT COUNT(*) AS count FROM items'))?.count,
      ).toBe(n);
    } finally {
      await store.close();
    }
  });
});
