// Recovery from damaged journals: a torn tail or appended garbage loses nothing that was complete,
// a corrupt record in the middle stops replay there (and keeps the damaged bytes aside), and files
// that cannot be trusted make open fail instead of silently losing data.
import {
  appendFileSync,
  cpSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalDamagedError, openStore, StoreRecoveryError } from '../../src/main/store/index';
import type { DurableStore } from '../../src/main/store/index';
import {
  decodeSegmentHeader,
  encodeRecord,
  encodeSegmentHeader,
  scanRecords,
  SEGMENT_HEADER_BYTES,
} from '../../src/main/store/journal-codec';
import type { JournalRecord } from '../../src/main/store/journal-codec';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { childMigrations } from './fixtures/child-schema';

const dirs: string[] = [];
const stores: DurableStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('artifact-desk-journal-');
  dirs.push(dir);
  return dir;
}

async function open(dataDir: string, journalDamage?: 'keep-prefix'): Promise<DurableStore> {
  const store = await openStore({ dataDir, migrations: childMigrations, journalDamage });
  stores.push(store);
  return store;
}

/**
 * Writes `count` rows, one transaction each, and returns a second data directory holding the files
 * exactly as a crash at that moment would leave them (no checkpoint, no close).
 */
async function crashedCopy(count: number): Promise<{ dir: string; journal: string; ends: number[] }> {
  const source = await tempDir();
  const store = await openStore({ dataDir: source, migrations: childMigrations });
  for (let n = 1; n <= count; n++) {
    store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [n, `value ${n}`]));
  }
  await store.flush();
  const dir = await tempDir();
  cpSync(path.join(source, 'db'), path.join(dir, 'db'), { recursive: true });
  await store.close();
  const segments = readdirSync(path.join(dir, 'db')).filter((f) => f.startsWith('journal-'));
  expect(segments).toHaveLength(1);
  const journal = path.join(dir, 'db', segments[0]!);
  // Record boundaries, to cut or damage at exact places.
  const ends: number[] = [];
  let at = SEGMENT_HEADER_BYTES;
  const bytes = readFileSync(journal);
  while (at < bytes.length) {
    at += 8 + bytes.readUInt32LE(at);
    ends.push(at);
  }
  return { dir, journal, ends };
}

function ids(store: DurableStore): number[] {
  return store.read((db) => db.all<{ id: number }>('SELECT id FROM rows ORDER BY id')).map((r) => r.id);
}

function upTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

describe('journal codec', () => {
  it('round-trips records and rejects a flipped bit', () => {
    const record: JournalRecord = {
      seq: 2 ** 40 + 3,
      statements: [
        {
          sql: 'INSERT INTO t VALUES (?, ?, ?, ?, ?)',
          params: [null, 1.5, 'ü', -(2n ** 63n), new Uint8Array([9, 8])],
        },
        { sql: 'DELETE FROM t', params: [] },
      ],
    };
    const segment = Buffer.concat([encodeSegmentHeader(5), encodeRecord(record)]);
    expect(decodeSegmentHeader(segment)).toBe(5);
    const seen: JournalRecord[] = [];
    expect(scanRecords(segment, (r) => void seen.push(r))).toEqual({ kind: 'end' });
    expect(seen).toEqual([record]);

    segment[segment.length - 3]! ^= 0x10;
    const stop = scanRecords(segment, () => undefined);
    expect(stop).toMatchObject({
      kind: 'corrupt',
      offset: SEGMENT_HEADER_BYTES,
      detail: 'checksum mismatch',
    });
  });
});

describe('recovery', () => {
  it('recovers every record before a torn last record, and appends cleanly after it', async () => {
    const { dir, journal, ends } = await crashedCopy(20);
    truncateSync(journal, ends[ends.length - 1]! - 5);

    const store = await open(dir);
    expect(ids(store), 'rows 1..19 survive; the torn 20th was never complete').toEqual(upTo(19));
    expect(store.recovery.discarded[0]?.reason).toMatch(/^torn record/);
    expect(readFileSync(journal).length, 'the torn tail was cut away').toBe(ends[ends.length - 2]);

    store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [20, 'again']));
    await store.flush();
    const again = await reopenCopy(store);
    expect(ids(again)).toEqual(upTo(20));
  });

  it('recovers every record when garbage follows the last one', async () => {
    const { dir, journal } = await crashedCopy(15);
    appendFileSync(journal, Buffer.from('this is not a journal record, just noise at the end'));
    const store = await open(dir);
    expect(ids(store)).toEqual(upTo(15));
    expect(store.recovery.discarded).toHaveLength(1);
  });

  it('refuses to start when a record in the middle is damaged, naming file, offset, the records after it and what to do', async () => {
    const { dir, journal, ends } = await crashedCopy(55);
    const bytes = readFileSync(journal);
    const start = ends[5]!;
    bytes[start + 20]! ^= 0x01;
    writeFileSync(journal, bytes);

    const refusal = await open(dir).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal, 'a damaged journal must not open silently').toBeInstanceOf(JournalDamagedError);
    const damaged = refusal as JournalDamagedError;
    expect(damaged.file).toBe(journal);
    expect(damaged.offset).toBe(start);
    expect(damaged.followingRecords, 'every record after the flipped one is counted').toBe(ends.length - 7);
    expect(damaged.message).toContain(journal);
    expect(damaged.message).toContain(`byte ${start}`);
    expect(damaged.message).toContain('--recover-journal');
    expect(readFileSync(journal).equals(bytes), 'a refusal changes nothing on disk').toBe(true);
  });

  it('skips a damaged record whose transaction the snapshot already holds, losing nothing', async () => {
    const source = await tempDir();
    const live = await openStore({ dataDir: source, migrations: childMigrations });
    for (let n = 1; n <= 20; n++) {
      live.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [n, `value ${n}`]));
    }
    await live.flush();
    const dir = await tempDir();
    cpSync(path.join(source, 'db'), path.join(dir, 'db'), { recursive: true });
    await live.checkpoint();
    // A snapshot that covers every record, beside the journal segment it should have replaced.
    cpSync(path.join(source, 'db', 'snapshot.sqlite'), path.join(dir, 'db', 'snapshot.sqlite'));
    await live.close();
    const journal = path.join(
      dir,
      'db',
      readdirSync(path.join(dir, 'db')).find((f) => f.startsWith('journal-'))!,
    );
    const bytes = readFileSync(journal);
    const second = SEGMENT_HEADER_BYTES + 8 + bytes.readUInt32LE(SEGMENT_HEADER_BYTES);
    bytes[second + 20]! ^= 0x01;
    writeFileSync(journal, bytes);

    const store = await open(dir);
    expect(ids(store)).toEqual(upTo(20));
    expect(store.recovery.skippedDamaged).toHaveLength(1);
    expect(store.recovery.skippedDamaged[0]?.reason).toMatch(/snapshot already contains/);
  });

  it('with the recovery option keeps the records before a damaged one, sets the rest aside and reports it', async () => {
    const { dir, journal, ends } = await crashedCopy(30);
    const bytes = readFileSync(journal);
    // Damage the 10th row's record (records 1 and 2 hold the migrations).
    const damagedRecord = 11;
    const start = ends[damagedRecord - 1]!;
    bytes[start + 20]! ^= 0xff;
    writeFileSync(journal, bytes);

    const store = await open(dir, 'keep-prefix');
    expect(store.recovery.reportFile, 'the recovery writes a report').toBeDefined();
    const report = readFileSync(store.recovery.reportFile!, 'utf8');
    expect(report).toContain(`byte ${start}`);
    expect(report).toMatch(/20 intact record\(s\) followed/);
    expect(ids(store), 'rows before the damaged record are there, none after').toEqual(upTo(9));
    const note = store.recovery.discarded[0];
    expect(note?.reason).toMatch(/^corrupt record at byte \d+: checksum mismatch/);
    expect(note?.keptAs, 'the cut bytes are kept for inspection').toBeDefined();
    expect(readFileSync(note!.keptAs!).length).toBe(bytes.length - start);

    // New writes continue the sequence and survive another crash.
    store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [10, 'rewritten']));
    await store.flush();
    const again = await reopenCopy(store);
    expect(ids(again)).toEqual(upTo(10));
    expect(again.recovery.discarded).toEqual([]);
  });

  it('refuses to open when the journal starts after what the snapshot holds (missing transactions)', async () => {
    const { dir, journal } = await crashedCopy(5);
    // Pretend the first transactions' segment is gone: rewrite the file so it starts at record 3.
    const bytes = readFileSync(journal);
    const firstLen = bytes.readUInt32LE(SEGMENT_HEADER_BYTES) + 8;
    const secondLen = bytes.readUInt32LE(SEGMENT_HEADER_BYTES + firstLen) + 8;
    const rest = bytes.subarray(SEGMENT_HEADER_BYTES + firstLen + secondLen);
    const moved = path.join(path.dirname(journal), 'journal-00000000000000000003.log');
    writeFileSync(moved, Buffer.concat([encodeSegmentHeader(3), rest]));
    rmSync(journal);

    const attempt = openStore({ dataDir: dir, migrations: childMigrations });
    await expect(attempt).rejects.toBeInstanceOf(StoreRecoveryError);
    await expect(attempt).rejects.toThrow(/transactions are missing/);
  });

  it('continues correctly when the snapshot holds transactions the journal never got to write', async () => {
    // A checkpoint exports the database before the journal has caught up, so after a crash the
    // snapshot can be ahead of the last segment. Appends must not continue that segment with a gap.
    const source = await tempDir();
    const store = await open(source);
    for (let n = 1; n <= 5; n++)
      store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [n, 'a']));
    await store.flush();
    const early = await tempDir();
    cpSync(path.join(source, 'db'), path.join(early, 'db'), { recursive: true });
    for (let n = 6; n <= 10; n++)
      store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [n, 'b']));
    await store.checkpoint();
    const crashed = await tempDir();
    cpSync(path.join(early, 'db'), path.join(crashed, 'db'), { recursive: true });
    cpSync(path.join(source, 'db', 'snapshot.sqlite'), path.join(crashed, 'db', 'snapshot.sqlite'));

    const first = await open(crashed);
    expect(ids(first)).toEqual(upTo(10));
    expect(first.recovery.replayed).toBe(0);
    first.write((db) => db.run('INSERT INTO rows (id, value) VALUES (?, ?)', [11, 'c']));
    await first.flush();
    const second = await reopenCopy(first);
    expect(ids(second), 'the write after recovery is replayed after the snapshot').toEqual(upTo(11));
    expect(second.recovery.discarded).toEqual([]);
  });

  it('refuses to open a snapshot that is not a database instead of starting empty', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    store.write((db) => db.run('INSERT INTO rows (id, value) VALUES (1, ?)', ['x']));
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    writeFileSync(path.join(dir, 'db', 'snapshot.sqlite'), Buffer.from('definitely not sqlite'.repeat(100)));
    await expect(openStore({ dataDir: dir, migrations: childMigrations })).rejects.toThrow(
      /snapshot .* cannot be read/,
    );
  });
});

async function reopenCopy(store: DurableStore): Promise<DurableStore> {
  const dir = await tempDir();
  cpSync(path.join(store.dataDir, 'db'), path.join(dir, 'db'), { recursive: true });
  return open(dir);
}
