/**
 * What the store's thread and the checkpoint worker do alike to a sql.js database: open a snapshot
 * file, read the last transaction it holds, replay journal records on top, and export it with that
 * number inside. One copy of each rule, so a snapshot the worker writes is the database recovery
 * would have built from the same files.
 */
import { readWholeFile } from './durable-fs';
import type { JournalRecord } from './journal-codec';
import { loadSqlJs } from './sql-runtime';
import { SqlConnection } from './sql-connection';
import { StoreRecoveryError } from './store-errors';

const CHECKPOINT_TABLE = '_store_checkpoint';

/**
 * The snapshot file loaded into a new sql.js database (an empty one when there is no file yet),
 * configured, and the last transaction it holds. The file is read in the thread pool while sql.js
 * loads and compiles its WebAssembly; pass `reading` (from `readWholeFile`) to start the read
 * earlier still.
 */
export async function openSnapshot(
  snapshotFile: string,
  reading: Promise<Buffer | undefined> = readWholeFile(snapshotFile),
): Promise<{ conn: SqlConnection; seq: number }> {
  // Both start before either is awaited; a failed read is reported after sql.js has loaded.
  reading.catch(() => undefined);
  const SQL = await loadSqlJs();
  // sql.js keeps this very buffer as its in-memory file (no copy is made), so it is the database's
  // memory from here on.
  const bytes = await reading;
  const conn = new SqlConnection(bytes ? new SQL.Database(bytes) : new SQL.Database());
  try {
    return { conn, seq: snapshotSeq(conn, snapshotFile) };
  } catch (error) {
    conn.close();
    throw error;
  }
}

/** Connection settings (not stored in the file), applied at open and after every export. */
export function configure(conn: SqlConnection): void {
  // The database file lives in sql.js's memory; durability comes from the journal, so SQLite's own
  // rollback journal can stay in memory too. This connection is the file's only user, so it keeps
  // its lock: otherwise every statement outside a transaction takes a shared lock and looks for a
  // hot journal (a failing stat in sql.js's file system, which throws), several times the cost of
  // the query itself.
  conn.exec(
    'PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON; PRAGMA locking_mode = EXCLUSIVE',
  );
}

/** Checks the loaded snapshot and returns the last transaction it contains. */
function snapshotSeq(conn: SqlConnection, snapshotFile: string): number {
  try {
    configure(conn);
    conn.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
      INSERT OR IGNORE INTO ${CHECKPOINT_TABLE} (id, seq) VALUES (1, 0)`);
    const row = conn.get(conn.prepare(`SELECT seq FROM ${CHECKPOINT_TABLE} WHERE id = 1`), []);
    const seq = row?.['seq'];
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      throw new Error(`unexpected checkpoint position ${String(seq)}`);
    }
    return seq;
  } catch (error) {
    throw new StoreRecoveryError(
      `The snapshot ${snapshotFile} cannot be read (${(error as Error).message}); ` +
        'restore it from a backup or move the data directory aside',
    );
  }
}

/** Re-executes one journaled transaction with its recorded bound values. */
export function replay(conn: SqlConnection, record: JournalRecord): void {
  conn.control('BEGIN');
  try {
    for (const statement of record.statements) conn.run(conn.prepare(statement.sql), statement.params);
    conn.control('COMMIT');
  } catch (error) {
    try {
      conn.control('ROLLBACK');
    } catch {
      // Already rolled back by SQLite.
    }
    throw error;
  }
}

/**
 * The whole database as the bytes of a snapshot file holding every transaction up to `seq`.
 * The number is not journaled on purpose: it only means something inside the file it is exported
 * with, and the next export sets its own first.
 */
export function exportSnapshotBytes(conn: SqlConnection, seq: number): Uint8Array {
  conn.exec(`UPDATE ${CHECKPOINT_TABLE} SET seq = ${seq} WHERE id = 1`);
  return conn.export(() => configure(conn));
}
