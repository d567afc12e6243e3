// The engine's view of the store: migrations, transactions (commit, rollback, nesting), what read()
// refuses, value round-trips, durability across close/reopen and checkpoints.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openStore,
  StoreClosedError,
  StoreSchemaTooNewError,
  StoreUsageError,
} from '../../src/main/store/index';
import type { DurableStore, Migration, MigrationProgress, StoreOptions } from '../../src/main/store/index';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const schema: Migration[] = [
  {
    version: 1,
    name: 'items',
    sql: 'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, data BLOB)',
  },
  {
    version: 2,
    name: 'tags',
    sql: `CREATE TABLE tags (item_id INTEGER NOT NULL REFERENCES items(id), tag TEXT NOT NULL);
          CREATE INDEX tags_by_item ON tags(item_id);`,
  },
];

let dataDir: string;
const open: DurableStore[] = [];

beforeEach(async () => {
  dataDir = await makeTempDir('artifact-desk-store-');
});

afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined);
  await removeDir(dataDir);
});

async function openHere(options: Partial<StoreOptions> = {}): Promise<DurableStore> {
  const store = await openStore({ dataDir, migrations: schema, ...options });
  open.push(store);
  return store;
}

async function closeHere(store: DurableStore): Promise<void> {
  await store.close();
  open.splice(open.indexOf(store), 1);
}

function names(store: DurableStore): string[] {
  return store
    .read((db) => db.all<{ name: string }>('SELECT name FROM items ORDER BY id'))
    .map((r) => r.name);
}

describe('migrations', () => {
  it('apply once, in order, and are recorded', async () => {
    const store = await openHere();
    expect(store.recovery.migrationsApplied).toEqual([1, 2]);
    const applied = store.read((db) =>
      db.all('SELECT version, name FROM schema_migrations ORDER BY version'),
    );
    expect(applied).toEqual([
      { version: 1, name: 'items' },
      { version: 2, name: 'tags' },
    ]);
    await closeHere(store);

    const again = await openHere();
    expect(again.recovery.migrationsApplied, 'nothing re-applied on the second open').toEqual([]);
    await closeHere(again);

    const third: Migration = {
      version: 3,
      name: 'item notes',
      sql: 'ALTER TABLE items ADD COLUMN note TEXT',
    };
    const upgraded = await openHere({ migrations: [...schema, third] });
    expect(upgraded.recovery.migrationsApplied, 'only the new migration runs').toEqual([3]);
    upgraded.write((db) => db.run('INSERT INTO items (name, note) VALUES (?, ?)', ['a', 'n']));
    expect(upgraded.read((db) => db.get('SELECT note FROM items'))).toEqual({ note: 'n' });
  });

  it('refuses to open a store whose schema is newer than the code, and leaves it unlocked', async () => {
    const newer: Migration = { version: 7, name: 'future', sql: 'CREATE TABLE future (x)' };
    await closeHere(await openHere({ migrations: [...schema, newer] }));

    const attempt = openStore({ dataDir, migrations: schema });
    await expect(attempt).rejects.toBeInstanceOf(StoreSchemaTooNewError);
    await expect(attempt).rejects.toThrow(/has schema version 7, but this build only knows up to version 2/);
    // The refusal released the lock: the newer build can still open it.
    const store = await openHere({ migrations: [...schema, newer] });
    expect(store.recovery.migrationsApplied).toEqual([]);
  });

  it('rejects a migration list that is not strictly increasing', async () => {
    await expect(openStore({ dataDir, migrations: [schema[1]!, schema[0]!] })).rejects.toThrow(
      /increasing order/,
    );
  });

  it('reports each step of an upgrade, and runs migrations without keeping a copy of every changed page', async () => {
    const creating: MigrationProgress[] = [];
    await closeHere(await openHere({ onMigration: (progress) => creating.push(progress) }));
    expect(creating, "creating a new store's schema is not reported").toEqual([]);
    const modes: string[] = [];
    const rewrite: Migration = {
      version: 3,
      name: 'rewrite items',
      sql: `CREATE TABLE items_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, data BLOB, note TEXT);
            INSERT INTO items_new (id, name, data) SELECT id, name, data FROM items;
            DROP TABLE items; ALTER TABLE items_new RENAME TO items;`,
      update: (db) => {
        modes.push(String(db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode));
      },
    };
    const steps: MigrationProgress[] = [];
    const store = await openHere({
      migrations: [...schema, rewrite],
      onMigration: (progress) => steps.push(progress),
    });
    expect(
      steps.map((step) => ('version' in step ? `${step.step} ${step.version}` : step.step)),
      'a line before and after the migration and the compaction',
    ).toEqual(['migrating 3', 'migrated 3', 'compacting', 'compacted']);
    expect(steps[0]).toMatchObject({ name: 'rewrite items', position: 1, pending: 1 });
    expect(modes, "SQLite's rollback journal is off while a migration runs").toEqual(['off']);
    expect(
      store.read((db) => db.get<{ journal_mode: string }>('PRAGMA journal_mode')),
      'and back in memory once the store is open',
    ).toEqual({ journal_mode: 'memory' });
    store.write((db) => db.run('INSERT INTO items (name, note) VALUES (?, ?)', ['after', 'n']));
    expect(names(store)).toEqual(['after']);

    const quiet: MigrationProgress[] = [];
    await closeHere(store);
    await openHere({ migrations: [...schema, rewrite], onMigration: (progress) => quiet.push(progress) });
    expect(quiet, 'an open with nothing to upgrade reports nothing').toEqual([]);
  });

  it('rolls back a failing migration and reports which one', async () => {
    const broken: Migration = {
      version: 3,
      name: 'broken',
      sql: 'CREATE TABLE ok (x); CREATE TABLE items (y)',
    };
    await expect(openStore({ dataDir, migrations: [...schema, broken] })).rejects.toThrow(
      /Migration 3 \(broken\) failed/,
    );
    const store = await openHere();
    const tables = store.read((db) =>
      db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE name = 'ok'"),
    );
    expect(tables, 'nothing of the failed migration remains').toEqual([]);
  });
});

describe('transactions', () => {
  it('commits what write() did and returns its result', async () => {
    const store = await openHere();
    const id = store.write((db) => {
      db.run('INSERT INTO items (name) VALUES (?)', ['first']);
      return db.get<{ id: number }>('SELECT id FROM items WHERE name = ?', ['first'])?.id;
    });
    expect(id).toBe(1);
    expect(names(store)).toEqual(['first']);
  });

  it('reports the number of changed rows', async () => {
    const store = await openHere();
    store.write((db) => {
      for (const name of ['a', 'b', 'c']) db.run('INSERT INTO items (name) VALUES (?)', [name]);
    });
    expect(store.write((db) => db.run("UPDATE items SET data = x'00' WHERE name <> ?", ['a']))).toEqual({
      changes: 2,
    });
  });

  it('rolls back everything when the callback throws, and journals nothing', async () => {
    const store = await openHere();
    const before = store.stats().lastSeq;
    expect(() =>
      store.write((db) => {
        db.run('INSERT INTO items (name) VALUES (?)', ['doomed']);
        throw new Error('engine rule broken');
      }),
    ).toThrow('engine rule broken');
    expect(names(store)).toEqual([]);
    expect(store.stats().lastSeq, 'no journal record for a rolled-back write').toBe(before);
    await closeHere(store);
    expect(names(await openHere())).toEqual([]);
  });

  it('rolls back when a statement fails (constraint)', async () => {
    const store = await openHere();
    store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', ['taken']));
    expect(() =>
      store.write((db) => {
        db.run('INSERT INTO items (name) VALUES (?)', ['new']);
        db.run('INSERT INTO items (name) VALUES (?)', ['taken']);
      }),
    ).toThrow(/UNIQUE constraint failed/);
    expect(names(store)).toEqual(['taken']);
  });

  it('joins a nested write to the outer transaction', async () => {
    const store = await openHere();
    expect(() =>
      store.write((db) => {
        db.run('INSERT INTO items (name) VALUES (?)', ['outer']);
        store.write((inner) => inner.run('INSERT INTO items (name) VALUES (?)', ['inner']));
        throw new Error('outer fails after inner succeeded');
      }),
    ).toThrow('outer fails');
    expect(names(store), 'the inner write is undone with the outer one').toEqual([]);
  });

  it('undoes only a nested write that throws when the outer one catches it, also after replay', async () => {
    const store = await openHere();
    store.write((db) => {
      db.run('INSERT INTO items (name) VALUES (?)', ['kept']);
      try {
        store.write((inner) => {
          inner.run('INSERT INTO items (name) VALUES (?)', ['dropped']);
          throw new Error('inner fails');
        });
      } catch {
        // The engine decided to carry on.
      }
      db.run('INSERT INTO items (name) VALUES (?)', ['after']);
    });
    expect(names(store)).toEqual(['kept', 'after']);
    const ids = store.read((db) => db.all('SELECT id, name FROM items ORDER BY id'));
    await store.flush();
    const copy = await copyWithoutCheckpoint(store);
    expect(
      copy.read((db) => db.all('SELECT id, name FROM items ORDER BY id')),
      'replay gives the same rows and ids',
    ).toEqual(ids);
  });

  it('refuses writes inside read(), whatever the statement looks like', async () => {
    const store = await openHere();
    expect(() => store.read((db) => db.run('INSERT INTO items (name) VALUES (?)', ['x']))).toThrow(
      StoreUsageError,
    );
    expect(() =>
      store.read((db) =>
        db.get("WITH n(v) AS (SELECT 'y') INSERT INTO items (name) SELECT v FROM n RETURNING id"),
      ),
    ).toThrow(/read\(\) refuses a statement that writes/);
    expect(() => store.read(() => store.write(() => 1))).toThrow(/cannot be called inside read/);
    expect(names(store)).toEqual([]);
    // The guard is lifted afterwards.
    store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', ['ok']));
    expect(names(store)).toEqual(['ok']);
  });

  it('refuses async callbacks, handles used after their transaction, and non-deterministic SQL', async () => {
    const store = await openHere();
    expect(() => store.write(async () => undefined)).toThrow(/must be synchronous/);
    let leaked: Parameters<Parameters<DurableStore['read']>[0]>[0] | undefined;
    store.read((db) => {
      leaked = db;
    });
    expect(() => leaked?.all('SELECT 1')).toThrow(/outside read\(\) or write\(\)/);
    expect(() => store.write((db) => db.run("INSERT INTO items (name) VALUES (datetime('now'))"))).toThrow(
      /deterministic/,
    );
    expect(() => store.write((db) => db.run('INSERT INTO items (name) VALUES (hex(randomblob(4)))'))).toThrow(
      /deterministic/,
    );
    expect(() =>
      store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', [undefined as never])),
    ).toThrow(/Parameter 1 .* is undefined/);
    expect(() => store.write((db) => db.get('SELECT 1; SELECT 2'))).toThrow(/one statement/);
    expect(names(store)).toEqual([]);
  });

  // Integers past 2^53 need an INTEGER column: sql.js can only bind them as decimal text.
  it('round-trips every value type exactly, through the journal and through a snapshot', async () => {
    const store = await openHere({
      migrations: [...schema, { version: 3, name: 'values', sql: 'CREATE TABLE v (k TEXT, x INTEGER)' }],
    });
    const values: [string, unknown][] = [
      ['null', null],
      ['int', 42],
      ['negative', -7],
      ['float', 0.1 + 0.2],
      ['big', 9_007_199_254_740_993n],
      ['smallbig', 12n],
      ['min64', -9_223_372_036_854_775_808n],
      ['text', 'snow ☃ and 𝄞, quotes \' " and NUL \u0000 inside'],
      ['empty', ''],
      ['bytes', new Uint8Array([0, 1, 2, 253, 254, 255])],
      ['nobytes', new Uint8Array(0)],
    ];
    store.write((db) => {
      for (const [k, x] of values) db.run('INSERT INTO v (k, x) VALUES (?, ?)', [k, x as never]);
    });
    const expected = store.read((db) => db.all('SELECT k, x FROM v ORDER BY rowid'));
    // A bigint that fits a double comes back as a plain number.
    expect(expected.map((r) => r['x'])).toEqual(values.map(([k, x]) => (k === 'smallbig' ? 12 : x)));

    await store.flush();
    const replayed = await copyWithoutCheckpoint(store);
    expect(
      replayed.read((db) => db.all('SELECT k, x FROM v ORDER BY rowid')),
      'same values after replay',
    ).toEqual(expected);
    await closeHere(store);
    const reopened = await openHere({
      migrations: [...schema, { version: 3, name: 'values', sql: 'CREATE TABLE v (k TEXT, x INTEGER)' }],
    });
    expect(reopened.recovery.replayed, 'loaded from the snapshot').toBe(0);
    expect(reopened.read((db) => db.all('SELECT k, x FROM v ORDER BY rowid'))).toEqual(expected);
  });

  it('journals writes made through get()/all() and WITH, so replay has them too', async () => {
    const store = await openHere();
    const returned = store.write((db) => {
      db.run('WITH n(v) AS (SELECT ?) INSERT INTO items (name) SELECT v FROM n', ['via-with']);
      return db.get<{ id: number }>('INSERT INTO items (name) VALUES (?) RETURNING id', ['via-get'])?.id;
    });
    expect(returned).toBe(2);
    const readOnlyBefore = store.stats().lastSeq;
    store.write((db) => db.all('WITH x(v) AS (SELECT 1) SELECT v FROM x'));
    expect(store.stats().lastSeq, 'a write() that only read journals nothing').toBe(readOnlyBefore);
    await store.flush();
    const copy = await copyWithoutCheckpoint(store);
    expect(names(copy)).toEqual(['via-with', 'via-get']);
  });

  it('enforces foreign keys', async () => {
    const store = await openHere();
    expect(() =>
      store.write((db) => db.run('INSERT INTO tags (item_id, tag) VALUES (?, ?)', [99, 'x'])),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('durability', () => {
  it('sees everything after close and reopen', async () => {
    const store = await openHere();
    for (let i = 0; i < 100; i++)
      store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', [`n${i}`]));
    await closeHere(store);
    const reopened = await openHere();
    expect(names(reopened)).toHaveLength(100);
    expect(reopened.recovery.replayed, 'close checkpointed, so nothing to replay').toBe(0);
  });

  it('flush() resolves once the journal holds every committed write', async () => {
    const store = await openHere();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', [`c${i}`]));
      pending.push(store.flush());
    }
    await Promise.all(pending);
    const copy = await copyWithoutCheckpoint(store);
    expect(names(copy)).toHaveLength(50);
    expect(copy.recovery.replayed).toBeGreaterThanOrEqual(50);
  });

  it('checkpoint() writes a snapshot and deletes the journal it covers, while writes continue', async () => {
    const store = await openHere();
    for (let i = 0; i < 20; i++)
      store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', [`a${i}`]));
    const checkpoint = store.checkpoint();
    // Committed while the snapshot file is being written: must land in the next journal segment.
    for (let i = 0; i < 5; i++) store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', [`b${i}`]));
    expect(store.checkpoint(), 'a second call joins the running checkpoint').toBe(checkpoint);
    await checkpoint;
    await store.flush();
    const files = readdirSync(path.join(dataDir, 'db')).sort();
    expect(files.filter((f) => f.startsWith('journal-'))).toHaveLength(1);
    expect(files).toContain('snapshot.sqlite');
    const copy = await copyWithoutCheckpoint(store);
    expect(names(copy)).toHaveLength(25);
    expect(copy.recovery.replayed, 'only the 5 later writes replay').toBe(5);
  });

  it('checkpoints in the background when the journal grows past the limit', async () => {
    const store = await openHere({ checkpointJournalBytes: 4096 });
    for (let i = 0; i < 200; i++) {
      store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', [`row-${i}-${'x'.repeat(40)}`]));
      await store.flush();
    }
    // Writes went on during the checkpoint; the segment it covers is deleted once it is durable.
    const first = 'journal-00000000000000000001.log';
    const segments = (): string[] =>
      readdirSync(path.join(dataDir, 'db')).filter((f) => f.startsWith('journal-'));
    await waitUntil(() => store.stats().checkpoints > 0 && !segments().includes(first), 30_000);
    expect(
      store.stats().snapshotSeq,
      'the snapshot holds the writes made before the trigger',
    ).toBeGreaterThan(0);
  });

  it('checkpoints in the background after an idle period', async () => {
    const store = await openHere({ checkpointIdleMs: 100 });
    store.write((db) => db.run('INSERT INTO items (name) VALUES (?)', ['idle']));
    await store.flush();
    await waitUntil(() => store.stats().checkpoints > 0, 30_000);
    expect(store.stats().snapshotSeq).toBe(store.stats().lastSeq);
  });

  it('close() is idempotent and the store refuses use afterwards', async () => {
    const store = await openHere();
    const first = store.close();
    expect(store.close()).toBe(first);
    await first;
    expect(() => store.read(() => 1)).toThrow(StoreClosedError);
    expect(() => store.write(() => 1)).toThrow(StoreClosedError);
  });
});

/**
 * Opens a copy of the data directory's files as they are now (no checkpoint, no close), which is
 * what a crash right now would leave behind.
 */
async function copyWithoutCheckpoint(store: DurableStore): Promise<DurableStore> {
  const { cpSync } = await import('node:fs');
  const copyDir = await makeTempDir('artifact-desk-store-copy-');
  cpSync(path.join(store.dataDir, 'db'), path.join(copyDir, 'db'), { recursive: true });
  // The copy already has the schema; listing the applied versions keeps them from counting as newer.
  const copy = await openStore({ dataDir: copyDir, migrations: schemaFor(store) });
  open.push(copy);
  copies.push(copyDir);
  return copy;
}

const copies: string[] = [];
afterEach(async () => {
  for (const dir of copies.splice(0)) await removeDir(dir);
});

function schemaFor(store: DurableStore): Migration[] {
  const versions = store.read((db) =>
    db.all<{ version: number; name: string }>('SELECT version, name FROM schema_migrations'),
  );
  return versions.map((v) => ({ version: v.version, name: v.name, sql: '' }));
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
