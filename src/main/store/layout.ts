/**
 * Where things live inside a data directory:
 *
 *   LOCK                              owner of the directory (pid, host, start time)
 *   db/snapshot.sqlite                last checkpoint, a plain SQLite file
 *   db/journal-<first seq>.log        write-ahead journal segments, replayed after the snapshot
 *   blobs/<domain>/sha256/<aa>/<rest> asset bytes, content-addressed per domain
 *   blobs/.tmp/                       uploads in progress (cleared at open)
 */
import path from 'node:path';

export interface StoreLayout {
  readonly dataDir: string;
  readonly lockFile: string;
  readonly dbDir: string;
  readonly snapshotFile: string;
  readonly blobsDir: string;
  readonly blobTempDir: string;
}

export function storeLayout(dataDir: string): StoreLayout {
  const root = path.resolve(dataDir);
  const dbDir = path.join(root, 'db');
  const blobsDir = path.join(root, 'blobs');
  return {
    dataDir: root,
    lockFile: path.join(root, 'LOCK'),
    dbDir,
    snapshotFile: path.join(dbDir, 'snapshot.sqlite'),
    blobsDir,
    blobTempDir: path.join(blobsDir, '.tmp'),
  };
}

const SEGMENT_NAME = /^journal-(\d{20})\.log$/;

export function segmentFileName(baseSeq: number): string {
  return `journal-${String(baseSeq).padStart(20, '0')}.log`;
}

/** The base sequence number encoded in a segment file name, or undefined for other files. */
export function parseSegmentFileName(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  if (!match?.[1]) return undefined;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) ? seq : undefined;
}
