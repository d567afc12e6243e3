/**
 * The durable store: an in-memory sql.js database whose committed write transactions are appended
 * to a journal (group-committed, fsynced before `flush` resolves) and periodically folded into a
 * snapshot file. Opening = lock the directory, load the snapshot, replay the journal, migrate.
 *
 * Replay re-executes the recorded statements with their recorded bound values, so the state after
 * recovery equals the state before the crash only if statements are deterministic: values such as
 * timestamps, ids and random tokens must be computed by the caller and bound, never produced in SQL
 * (random(), 'now', CURRENT_TIMESTAMP). Statements that visibly break this rule are refused.
 */
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { FileBlobStore } from './blob-store';
import { checkpointInWorker, CheckpointWorkerUnavailableError } from './checkpoint-thread';
import type { CheckpointReport } from './checkpoint-thread';
import type { SnapshotCopy } from './checkpoint-worker';
import { collectGarbageNow } from './collect-garbage';
import { ensureDirDurable, readWholeFile, writeFileAtomic } from './durable-fs';
import { loadSqlJs } from './sql-runtime';
import path from 'node:path';
import { JournalWriter, recoverJournal } from './journal';
import type { DiscardedJournalData } from './journal';
import { encodeRecord } from './journal-codec';
import type { JournalStatement } from './journal-codec';
import { storeLayout } from './layout';
import type { StoreLayout } from './layout';
import { acquireDataDirLock } from './lock';
import type { DataDirLock } from './lock';
import { applyMigrations, checkMigrations } from './migrate';
import { checkParams, snippet } from './sql-connection';
import type { SqlConnection } from './sql-connection';
import { configure, exportSnapshotBytes, openSnapshot, replay } from './snapshot-database';
import type { PreparedSql } from './sql-connection';
import { StoreClosedError, StoreFailedError, StoreUsageError } from './store-errors';
import type { Db, Row, SqlParams, Store, StoreOptions } from './types';

const DEFAULT_CHECKPOINT_JOURNAL_BYTES = 64 * 1024 * 1024;
const DEFAULT_CHECKPOINT_IDLE_MS = 30_000;
const DEFAULT_CHECKPOINT_INTERVAL_MS = 5 * 60_000;

export interface RecoveryReport {
  /** Last transaction contained in the snapshot that was loaded (0 without a snapshot). */
  readonly snapshotSeq: number;
  /** Journal records applied on top of the snapshot. */
  readonly replayed: number;
  readonly lastSeq: number;
  /** Torn or damaged journal data that was cut off or set aside. */
  readonly discarded: readonly DiscardedJournalData[];
  /** Damaged records passed over because the snapshot already held their transactions. */
  readonly skippedDamaged: readonly DiscardedJournalData[];
  /** The report written for a recovery that set damaged data aside (`db/recovery-report-….txt`). */
  readonly reportFile?: string;
  readonly migrationsApplied: readonly number[];
  /**
   * Free pages the migrations left (tables they rewrote), reclaimed by VACUUM before the snapshot
   * was written again; 0 when there were none or no migration ran.
   */
  readonly compactedPages: number;
  readonly openMs: number;
}

export interface StoreStats {
  readonly lastSeq: number;
  readonly snapshotSeq: number;
  readonly journalBytes: number;
  readonly checkpoints: number;
  readonly lastCheckpointError: string | undefined;
  /** What the last checkpoint built in the worker thread reported. */
  readonly lastWorkerCheckpoint: CheckpointReport | undefined;
  /** Set when the checkpoint worker could not start: checkpoints then export on the store's thread. */
  readonly checkpointWorkerUnavailable: string | undefined;
}

/** The Store contract plus what operators and tests want to know about it. */
export interface DurableStore extends Store {
  readonly blobs: FileBlobStore;
  readonly recovery: RecoveryReport;
  stats(): StoreStats;
  /**
   * The whole database as it is now, as the bytes of a SQLite file that a store opens as its
   * snapshot, and the last transaction it holds. Synchronous, so it falls between two writes: what
   * it holds is exactly every transaction up to `seq` (a backup's point in time).
   */
  exportSnapshot(): { readonly bytes: Uint8Array; readonly seq: number };
  /**
   * The database as it is now (every transaction up to the returned `seq`), written to `file` as a
   * snapshot (temp file, fsync, rename), with the rows `sql` answers on that same state, as arrays
   * of values in column order. Built in the checkpoint worker from the snapshot file and the
   * journal (it is a checkpoint too), so this thread does not pause for it.
   */
  snapshotCopy(file: string, sql: string): Promise<SnapshotCopyReport>;
}

interface CopyRequest {
  readonly file: string;
  readonly sql: string;
}

export interface SnapshotCopyReport extends SnapshotCopy {
  readonly seq: number;
}

export async function openDurableStore(options: StoreOptions): Promise<DurableStore> {
  const started = performance.now();
  checkMigrations(options.migrations);
  const checkpointJournalBytes = positive(
    options.checkpointJournalBytes ?? DEFAULT_CHECKPOINT_JOURNAL_BYTES,
    'checkpointJournalBytes',
  );
  const checkpointIdleMs = positive(
    options.checkpointIdleMs ?? DEFAULT_CHECKPOINT_IDLE_MS,
    'checkpointIdleMs',
  );
  const checkpointIntervalMs = positive(
    options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
    'checkpointIntervalMs',
  );
  const layout = storeLayout(options.dataDir);
  await ensureDirDurable(layout.dataDir);
  const lock = acquireDataDirLock(layout.dataDir, layout.lockFile);

  // The snapshot is read in the thread pool from here on, while the directories are prepared and
  // sql.js compiles its WebAssembly (the two largest costs of a start with a large store).
  let reading: Promise<Buffer | undefined> | undefined = readWholeFile(layout.snapshotFile);
  reading.catch(() => undefined);
  let conn: SqlConnection | undefined;
  let journal: JournalWriter | undefined;
  try {
    void loadSqlJs().catch(() => undefined);
    await ensureDirDurable(layout.dbDir);
    await rm(`${layout.snapshotFile}.tmp`, { force: true });
    const blobs = await FileBlobStore.open(layout.blobsDir, layout.blobTempDir, {
      dataDir: layout.dataDir,
      ...(options.storageReserveBytes !== undefined ? { reserveBytes: options.storageReserveBytes } : {}),
      ...(options.freeSpace ? { freeSpace: options.freeSpace } : {}),
    });

    const opened = await openSnapshot(layout.snapshotFile, reading);
    // The file's bytes are the database's memory only until a write outgrows them (sql.js then
    // moves the file to a larger buffer): this frame must not keep them alive after that.
    reading = undefined;
    conn = opened.conn;
    const connection = conn;
    const snapshotSeq = opened.seq;

    const recovered = await recoverJournal(
      layout.dbDir,
      snapshotSeq,
      (record) => replay(connection, record),
      { journalDamage: options.journalDamage },
    );
    const reportFile = await writeRecoveryReport(layout.dbDir, recovered);
    // The journal reports disk failures to the store, which exists only once the journal does.
    const failures: { store?: DurableStoreImpl } = {};
    journal = await JournalWriter.open(layout.dbDir, recovered.segments, recovered.lastSeq + 1, (error) =>
      failures.store?.failStop(error),
    );
    const store = new DurableStoreImpl(layout, connection, journal, lock, blobs, {
      lastSeq: recovered.lastSeq,
      snapshotSeq,
      checkpointJournalBytes,
      checkpointIdleMs,
      checkpointIntervalMs,
    });
    failures.store = store;
    const { migrationsApplied, compactedPages } = await store.upgradeSchema(
      options.migrations,
      options.onMigration,
    );
    if (migrationsApplied.length > 0) collectGarbageNow();
    store.setRecovery({
      snapshotSeq,
      replayed: recovered.replayed,
      lastSeq: recovered.lastSeq,
      discarded: recovered.discarded,
      skippedDamaged: recovered.skippedDamaged,
      ...(reportFile ? { reportFile } : {}),
      migrationsApplied,
      compactedPages,
      openMs: performance.now() - started,
    });
    return store;
  } catch (error) {
    await journal?.close().catch(() => undefined);
    try {
      conn?.close();
    } catch {
      // The original error says more than a failure to free memory.
    }
    lock.release();
    throw error;
  }
}

interface StoreState {
  lastSeq: number;
  snapshotSeq: number;
  readonly checkpointJournalBytes: number;
  readonly checkpointIdleMs: number;
  readonly checkpointIntervalMs: number;
}

class DurableStoreImpl implements DurableStore {
  readonly dataDir: string;
  private readonly db: Db;
  private recoveryReport: RecoveryReport | undefined;
  /** Nesting depth of `write`; 0 outside any write. */
  private writeDepth = 0;
  private readDepth = 0;
  private pending: JournalStatement[] = [];
  private failure: StoreFailedError | undefined;
  private closing: Promise<void> | undefined;
  private finished = false;
  private checkpointing: Promise<void> | undefined;
  private checkpointScheduled = false;
  private checkpoints = 0;
  private lastCheckpointError: string | undefined;
  private lastWorkerCheckpoint: CheckpointReport | undefined;
  /** Why the checkpoint worker could not start, once it could not: checkpoints then run here. */
  private workerUnavailable: string | undefined;
  private readonly idleTimer: NodeJS.Timeout;
  /** When the oldest write not yet in a snapshot was made (undefined while there is none). */
  private oldestUncheckpointedWrite: number | undefined;

  constructor(
    private readonly layout: StoreLayout,
    private readonly conn: SqlConnection,
    private readonly journal: JournalWriter,
    private readonly lock: DataDirLock,
    readonly blobs: FileBlobStore,
    private readonly state: StoreState,
  ) {
    this.dataDir = layout.dataDir;
    this.db = {
      run: (sql, params) => ({ changes: this.execute(sql, params ?? [], 'run') as number }),
      get: <T extends object = Row>(sql: string, params?: SqlParams) =>
        this.execute(sql, params ?? [], 'get') as T | undefined,
      all: <T extends object = Row>(sql: string, params?: SqlParams) =>
        this.execute(sql, params ?? [], 'all') as T[],
    };
    this.idleTimer = setTimeout(() => this.backgroundCheckpoint(), state.checkpointIdleMs);
    this.idleTimer.unref();
  }

  get recovery(): RecoveryReport {
    if (!this.recoveryReport) throw new StoreUsageError('The store is still opening');
    return this.recoveryReport;
  }

  setRecovery(report: RecoveryReport): void {
    this.recoveryReport = report;
  }

  stats(): StoreStats {
    return {
      lastSeq: this.state.lastSeq,
      snapshotSeq: this.state.snapshotSeq,
      journalBytes: this.journal.bytes,
      checkpoints: this.checkpoints,
      lastCheckpointError: this.lastCheckpointError,
      lastWorkerCheckpoint: this.lastWorkerCheckpoint,
      checkpointWorkerUnavailable: this.workerUnavailable,
    };
  }

  read<T>(fn: (db: Db) => T): T {
    if (this.closing) throw new StoreClosedError(this.dataDir);
    // Statements that write are refused one by one (see SqlConnection.readOnly). PRAGMA query_only
    // would do it too, but toggling it expires every prepared statement and doubles the cost of a read.
    this.readDepth++;
    try {
      return refuseAsync(fn(this.db), 'read');
    } finally {
      this.readDepth--;
    }
  }

  write<T>(fn: (db: Db) => T): T {
    if (this.closing) throw new StoreClosedError(this.dataDir);
    if (this.failure) throw this.failure;
    if (this.readDepth > 0) throw new StoreUsageError('write() cannot be called inside read()');
    if (this.writeDepth > 0) return this.nestedWrite(fn);

    this.conn.control('BEGIN');
    this.writeDepth = 1;
    this.pending = [];
    let result: T;
    let record: Buffer | undefined;
    const seq = this.state.lastSeq + 1;
    try {
      result = refuseAsync(fn(this.db), 'write');
      // Encoded before COMMIT: a transaction that cannot be journaled must not take effect.
      if (this.pending.length > 0) record = encodeRecord({ seq, statements: this.pending });
      this.conn.control('COMMIT');
    } catch (error) {
      this.rollbackQuietly();
      throw error;
    } finally {
      this.writeDepth = 0;
      this.pending = [];
    }
    if (record) {
      this.state.lastSeq = seq;
      this.journal.append(seq, record);
      this.idleTimer.refresh();
      // Under steady writes the idle timer never fires: the size and the age of what the journal
      // holds both trigger a checkpoint, so replay at the next start stays bounded.
      const now = Date.now();
      this.oldestUncheckpointedWrite ??= now;
      if (
        this.journal.bytes >= this.state.checkpointJournalBytes ||
        now - this.oldestUncheckpointedWrite >= this.state.checkpointIntervalMs
      )
        this.scheduleCheckpoint();
    }
    return result;
  }

  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.journal.waitFor(this.state.lastSeq).catch((error: unknown) => {
      throw this.failure ?? error;
    });
  }

  checkpoint(): Promise<void> {
    return this.checkpointOn('worker');
  }

  snapshotCopy(file: string, sql: string): Promise<SnapshotCopyReport> {
    if (this.closing) return Promise.reject(new StoreClosedError(this.dataDir));
    if (this.failure) return Promise.reject(this.failure);
    const run = async (): Promise<SnapshotCopyReport> => {
      // One job at a time on the snapshot and the journal's old segments: after the running one.
      while (this.checkpointing) await this.checkpointing.catch(() => undefined);
      if (this.closing) throw new StoreClosedError(this.dataDir);
      const copying = this.runCheckpoint('worker', { file, sql });
      this.checkpointing = copying.then(
        () => undefined,
        () => undefined,
      );
      const done = this.checkpointing;
      void done.then(() => {
        if (this.checkpointing === done) this.checkpointing = undefined;
      });
      const report = await copying;
      if (!report) throw new StoreUsageError('no copy was made');
      return report;
    };
    return run();
  }

  private checkpointOn(where: 'worker' | 'here'): Promise<void> {
    if (this.finished) return Promise.reject(new StoreClosedError(this.dataDir));
    // Never two at once: a caller arriving mid-checkpoint shares it.
    this.checkpointing ??= this.runCheckpoint(where)
      .then(() => undefined)
      .finally(() => {
        this.checkpointing = undefined;
      });
    return this.checkpointing;
  }

  exportSnapshot(): { readonly bytes: Uint8Array; readonly seq: number } {
    if (this.closing) throw new StoreClosedError(this.dataDir);
    if (this.failure) throw this.failure;
    if (this.writeDepth > 0 || this.readDepth > 0) {
      throw new StoreUsageError('exportSnapshot() cannot run inside read() or write()');
    }
    const seq = this.state.lastSeq;
    return { bytes: exportSnapshotBytes(this.conn, seq), seq };
  }

  /**
   * Applies the pending migrations, then compacts what they freed (`compactAfterMigrations`).
   * SQLite's own rollback journal is off meanwhile: it would hold a copy of every page a migration
   * changes in sql.js's WebAssembly memory, which grows to fit and never shrinks, so a migration
   * that rewrites a large table would leave the process that much larger until it stops. Nothing
   * needs that journal here: a migration that fails fails the open, and the database in memory is
   * dropped unwritten (the next open starts again from the files on disk).
   */
  async upgradeSchema(
    migrations: StoreOptions['migrations'],
    onProgress: StoreOptions['onMigration'],
  ): Promise<{ migrationsApplied: number[]; compactedPages: number }> {
    this.conn.exec('PRAGMA journal_mode = OFF');
    try {
      let upgrading = false;
      const migrationsApplied = applyMigrations(this, migrations, Date.now, (progress) => {
        upgrading = true;
        onProgress?.(progress);
      });
      await this.flush();
      if (migrationsApplied.length === 0) return { migrationsApplied, compactedPages: 0 };
      const report = upgrading ? onProgress : undefined;
      report?.({ step: 'compacting' });
      const started = performance.now();
      const compactedPages = await this.compactAfterMigrations();
      report?.({ step: 'compacted', freedPages: compactedPages, ms: performance.now() - started });
      return { migrationsApplied, compactedPages };
    } finally {
      configure(this.conn);
    }
  }

  /**
   * A migration that rewrote a table (copied its rows into a new one and dropped the old) leaves the
   * old pages free in the database, and the snapshot would carry them for good: sql.js exports every
   * page. When there are free pages, VACUUM rebuilds the database without them (the same rows, so
   * the journal needs no record of it) and the snapshot is written from it at once, on this thread
   * (a worker's checkpoint would rebuild it from the old snapshot). Later checkpoints start from the
   * compact snapshot. Returns the number of pages reclaimed.
   */
  async compactAfterMigrations(): Promise<number> {
    const freePages = Number(
      this.conn.get(this.conn.prepare('PRAGMA freelist_count'), [])?.['freelist_count'] ?? 0,
    );
    if (freePages === 0) return 0;
    this.conn.control('VACUUM');
    await this.checkpointOn('here');
    return freePages;
  }

  close(): Promise<void> {
    this.closing ??= this.runClose();
    return this.closing;
  }

  /** Called by the journal when a write or fsync failed: refuse every later write. */
  failStop(error: unknown): void {
    this.failure ??= new StoreFailedError(this.dataDir, error);
  }

  private nestedWrite<T>(fn: (db: Db) => T): T {
    // A savepoint lets a nested write fail on its own while the outer transaction goes on.
    const name = `nested_write_${this.writeDepth}`;
    const mark = this.pending.length;
    this.conn.control(`SAVEPOINT ${name}`);
    this.writeDepth++;
    try {
      const result = refuseAsync(fn(this.db), 'write');
      this.conn.control(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.conn.control(`ROLLBACK TO ${name}`);
      this.conn.control(`RELEASE ${name}`);
      this.pending.length = mark;
      throw error;
    } finally {
      this.writeDepth--;
    }
  }

  private execute(
    sql: string,
    params: SqlParams,
    mode: 'run' | 'get' | 'all',
  ): number | Row | Row[] | undefined {
    if (this.writeDepth === 0 && this.readDepth === 0) {
      throw new StoreUsageError('A Db handle was used outside read() or write()');
    }
    if (typeof sql !== 'string') throw new StoreUsageError('SQL must be a string');
    if (!Array.isArray(params)) throw new StoreUsageError(`Parameters must be an array: ${snippet(sql)}`);
    checkParams(params, sql);
    const prepared = this.conn.prepare(sql);
    const inRead = this.readDepth > 0;
    if (inRead && !prepared.readOnly) {
      throw new StoreUsageError(`read() refuses a statement that writes: ${snippet(sql)}`);
    }
    const journaled = !inRead && !prepared.readOnly;
    if (journaled && prepared.nondeterministic) {
      throw new StoreUsageError(
        `Statements inside write() must be deterministic so the journal replays them exactly; ` +
          `bind the value instead of using ${prepared.nondeterministic}: ${snippet(sql)}`,
      );
    }
    const result = this.runPrepared(prepared, params, mode);
    // Recorded only after success: a failed statement left no trace in the database either.
    if (journaled) this.pending.push({ sql, params: copyParams(params) });
    return result;
  }

  private runPrepared(prepared: PreparedSql, params: SqlParams, mode: 'run' | 'get' | 'all') {
    switch (mode) {
      case 'run':
        return this.conn.run(prepared, params);
      case 'get':
        return this.conn.get(prepared, params);
      case 'all':
        return this.conn.all(prepared, params);
    }
  }

  private rollbackQuietly(): void {
    try {
      this.conn.control('ROLLBACK');
    } catch {
      // SQLite may already have rolled back (a failed COMMIT, a ROLLBACK conflict clause).
    }
  }

  /**
   * `worker`: the snapshot is built in a worker thread from the snapshot file and the journal (see
   * checkpoint-thread.ts); this thread only switches the journal to a new segment. `here`: exported
   * from the live database on this thread, one synchronous step growing with the store (shutdown,
   * where nothing waits on the event loop any more, and when the worker cannot start). With `copy`,
   * the same bytes are also written there and `copy.sql` is answered on the same state, even when
   * there is nothing new to checkpoint.
   */
  private async runCheckpoint(
    where: 'worker' | 'here',
    copy?: CopyRequest,
  ): Promise<SnapshotCopyReport | undefined> {
    if (this.failure) throw this.failure;
    if (this.writeDepth > 0 || this.readDepth > 0) {
      throw new StoreUsageError('checkpoint() cannot start inside read() or write()');
    }
    const seq = this.state.lastSeq;
    const writeSnapshot = seq !== this.state.snapshotSeq;
    if (!writeSnapshot && !copy) {
      // Nothing new; only segments a previous checkpoint could not delete may remain.
      await this.journal.dropCovered(seq);
      return undefined;
    }
    if (where === 'worker' && !this.workerUnavailable) {
      if (writeSnapshot) {
        // Writes from here on are not in this snapshot: the age trigger counts from the next one.
        this.oldestUncheckpointedWrite = undefined;
        // Records after `seq` go to a new segment; once the rotation is done, every record up to
        // `seq` is on disk in segments the worker reads, while writes carry on in the new one.
        await this.journal.rotate(seq + 1);
      }
      let report: CheckpointReport;
      try {
        report = await checkpointInWorker({
          dbDir: this.layout.dbDir,
          snapshotFile: this.layout.snapshotFile,
          seq,
          writeSnapshot,
          ...(copy ? { copy } : {}),
        });
      } catch (error) {
        if (!(error instanceof CheckpointWorkerUnavailableError)) throw error;
        // Without a worker the checkpoint still has to happen, or the journal would grow forever.
        this.workerUnavailable = error.message;
        return this.runCheckpoint('here', copy);
      }
      this.lastWorkerCheckpoint = report;
      if (writeSnapshot) {
        this.state.snapshotSeq = seq;
        this.checkpoints++;
        await this.journal.dropCovered(seq);
      }
      return report.copy ? { ...report.copy, seq } : undefined;
    }
    const bytes = exportSnapshotBytes(this.conn, seq);
    const rows = copy ? this.conn.all(this.conn.prepare(copy.sql), []).map((row) => Object.values(row)) : [];
    if (writeSnapshot) {
      this.oldestUncheckpointedWrite = undefined;
      // Records after `seq` go to a new segment, so the older ones can be deleted once the snapshot
      // is durable; writes carry on while the snapshot file is written.
      const rotated = this.journal.rotate(seq + 1);
      rotated.catch(() => undefined);
      await writeFileAtomic(this.layout.snapshotFile, bytes);
      this.state.snapshotSeq = seq;
      this.checkpoints++;
      await rotated;
      await this.journal.dropCovered(seq);
    }
    if (!copy) return undefined;
    await writeFileAtomic(copy.file, bytes);
    return { seq, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, rows };
  }

  private scheduleCheckpoint(): void {
    if (this.checkpointScheduled || this.checkpointing) return;
    this.checkpointScheduled = true;
    // Out of the caller's write: the export blocks, and the caller is waiting for its commit.
    setImmediate(() => {
      this.checkpointScheduled = false;
      this.backgroundCheckpoint();
    });
  }

  private backgroundCheckpoint(): void {
    if (this.closing || this.failure || this.checkpointing) return;
    if (this.state.lastSeq === this.state.snapshotSeq) return;
    this.checkpoint().then(
      () => {
        this.lastCheckpointError = undefined;
      },
      (error: unknown) => {
        // The journal still holds everything; the next trigger tries again.
        this.lastCheckpointError = error instanceof Error ? error.message : String(error);
      },
    );
  }

  private async runClose(): Promise<void> {
    clearTimeout(this.idleTimer);
    let problem: unknown;
    try {
      if (!this.failure) {
        await this.flush();
        await this.checkpointing?.catch(() => undefined);
        // On this thread: at shutdown nothing waits on the event loop, and one export of the live
        // database is quicker than loading the snapshot again and replaying the journal.
        await this.checkpointOn('here');
      }
    } catch (error) {
      problem = error;
    }
    this.finished = true;
    await this.journal.close();
    try {
      this.conn.close();
    } catch (error) {
      problem ??= error;
    }
    this.lock.release();
    if (this.failure) throw this.failure;
    if (problem !== undefined) throw problem;
  }
}

function copyParams(params: SqlParams): SqlParams {
  // The journal record is encoded at commit; copying keeps later mutation of a caller's buffer out of it.
  return params.map((value) => (value instanceof Uint8Array ? value.slice() : value));
}

function refuseAsync<T>(result: T, where: 'read' | 'write'): T {
  if (
    result !== null &&
    typeof result === 'object' &&
    typeof (result as { then?: unknown }).then === 'function'
  ) {
    (result as unknown as Promise<unknown>).then(undefined, () => undefined);
    throw new StoreUsageError(
      `${where}() callbacks must be synchronous; a returned promise would run outside the transaction`,
    );
  }
  return result;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new StoreUsageError(`${name} must be a positive number`);
  return value;
}

/**
 * When recovery set damaged journal data aside (not a torn tail), a plain-text account of it next to
 * the journal: what was cut, where the bytes were kept, how many intact records went with them.
 */
async function writeRecoveryReport(
  dbDir: string,
  recovered: {
    lastSeq: number;
    discarded: readonly DiscardedJournalData[];
    skippedDamaged: readonly DiscardedJournalData[];
  },
): Promise<string | undefined> {
  const damage = recovered.discarded.filter((entry) => entry.keptAs !== undefined);
  if (damage.length === 0 && recovered.skippedDamaged.length === 0) return undefined;
  const lines = [
    `Journal recovery at ${new Date().toISOString()}`,
    `The store now holds every transaction up to #${recovered.lastSeq}.`,
    '',
    ...damage.map(
      (entry) =>
        `Set aside: ${entry.file} — ${entry.reason}` +
        (entry.followingRecords !== undefined
          ? `; ${entry.followingRecords} intact record(s) followed`
          : '') +
        `; bytes kept in ${entry.keptAs ?? '(not kept)'}`,
    ),
    ...recovered.skippedDamaged.map((entry) => `Skipped safely: ${entry.file} — ${entry.reason}`),
    '',
  ];
  const file = path.join(dbDir, `recovery-report-${Date.now()}.txt`);
  await writeFile(file, lines.join('\n'));
  return file;
}
