/**
 * The checkpoint worker's entry: it builds the next snapshot beside the live database, never
 * touching it. It loads `db/snapshot.sqlite` into its own sql.js database, replays the journal
 * segments up to the checkpoint's transaction with the code recovery uses (read-only: no segment is
 * cut or moved), exports, and writes the file as every snapshot is written (temp file, fsync,
 * rename, fsync of the directory). Then it reports and ends; its memory goes with it.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { readWholeFile, writeFileAtomic } from './durable-fs';
import { recoverJournal } from './journal';
import { exportSnapshotBytes, openSnapshot, replay } from './snapshot-database';

export interface CheckpointJob {
  readonly dbDir: string;
  readonly snapshotFile: string;
  /** The snapshot written holds every transaction up to this one, and no later one. */
  readonly seq: number;
  /** False when `snapshotFile` already holds `seq` and only a copy is wanted. */
  readonly writeSnapshot: boolean;
  /** Also write the same bytes to `file` (a backup), and answer `sql` on the same state. */
  readonly copy?: { readonly file: string; readonly sql: string };
}

/** The copy a job asked for: its digest and size, and the rows of its query, as arrays of values. */
export interface SnapshotCopy {
  readonly sha256: string;
  readonly size: number;
  readonly rows: readonly (readonly unknown[])[];
}

export type CheckpointWorkerMessage =
  | { readonly kind: 'started' }
  | {
      readonly kind: 'done';
      readonly snapshotBytes: number;
      readonly replayed: number;
      /** The process's resident memory when the worker held its copy and the export (bytes). */
      readonly peakRssBytes: number;
      readonly copy?: SnapshotCopy;
    }
  | { readonly kind: 'failed'; readonly message: string };

async function buildSnapshot(job: CheckpointJob): Promise<CheckpointWorkerMessage> {
  // One part at a time, so the store's thread, serving requests meanwhile, keeps a core.
  const { conn, seq: from } = await openSnapshot(
    job.snapshotFile,
    readWholeFile(job.snapshotFile, { parallel: false }),
  );
  let bytes: Uint8Array;
  let replayed: number;
  let rows: unknown[][] = [];
  try {
    ({ replayed } = await recoverJournal(job.dbDir, from, (record) => replay(conn, record), {
      upTo: job.seq,
    }));
    bytes = exportSnapshotBytes(conn, job.seq);
    // Arrays rather than objects: cheaper to pass back to the store's thread.
    if (job.copy) rows = conn.all(conn.prepare(job.copy.sql), []).map((row) => Object.values(row));
  } finally {
    conn.close();
  }
  const peakRssBytes = process.memoryUsage.rss();
  if (job.writeSnapshot) await writeFileAtomic(job.snapshotFile, bytes);
  let copy: SnapshotCopy | undefined;
  if (job.copy) {
    await writeFileAtomic(job.copy.file, bytes);
    copy = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, rows };
  }
  return { kind: 'done', snapshotBytes: bytes.byteLength, replayed, peakRssBytes, ...(copy ? { copy } : {}) };
}

const port = parentPort;
if (port && (workerData as { role?: string } | undefined)?.role === 'checkpoint') {
  const post = (message: CheckpointWorkerMessage): void => port.postMessage(message);
  post({ kind: 'started' });
  port.once('message', (job: CheckpointJob) => {
    buildSnapshot(job).then(post, (error: unknown) =>
      post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
