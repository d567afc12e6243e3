/**
 * `backup`: a consistent copy of a running data directory. The database as of one transaction
 * (`seq`, the backup's point in time) is built by the checkpoint worker from the snapshot file and
 * the journal, together with the list of blobs it refers to; the blob files are held in place
 * (removals decided meanwhile wait, see holdBlobRemovals) and copied with their digests checked, and
 * the manifest is written last. Writes go on throughout; the event loop never waits for an export.
 */
import { chmod, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { holdBlobRemovals } from '../engine/assets/asset-blobs';
import type { DurableStore } from '../store';
import { BlobDamagedError, BlobNotFoundError } from '../store';
import { writeFileAtomic } from '../store/durable-fs';
import {
  blobFile,
  identityFile,
  manifestFile,
  prepareEmptyFolder,
  snapshotPath,
  syncTree,
  writeStreamDurably,
  type BackupManifest,
  type BlobNotCopied,
} from './backup-files';
import { blobKeyHex } from '../engine/assets/blob-keys';

export interface BackupReport {
  readonly destination: string;
  /** The last transaction the backup holds. */
  readonly seq: number;
  readonly blobs: number;
  readonly bytes: number;
  /** Blobs whose stored file was already damaged or missing, so they are not in the backup. */
  readonly notCopied: readonly BlobNotCopied[];
}

/** Progress in files; a listener that returns a promise holds the copying until it settles. */
export type BackupProgress = (done: number, total: number) => void | Promise<void>;

/** The backups of one store run one at a time (a second waits for the first). */
const running = new WeakMap<DurableStore, Promise<unknown>>();

export async function createBackup(
  store: DurableStore,
  destination: string,
  onProgress: BackupProgress = () => undefined,
): Promise<BackupReport> {
  const previous = running.get(store) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => backupOnce(store, destination, onProgress));
  running.set(store, next);
  return next;
}

async function backupOnce(
  store: DurableStore,
  destination: string,
  onProgress: BackupProgress,
): Promise<BackupReport> {
  const target = path.resolve(destination);
  await prepareEmptyFolder(target, store.dataDir, 'backup folder', true);
  const release = holdBlobRemovals({ store });
  try {
    // The point in time: the snapshot and the list of its blobs come from one state, built in the
    // checkpoint worker (writes go on meanwhile, and this thread does not pause for the export).
    const snapshotFile = path.join(target, snapshotPath);
    await mkdir(path.dirname(snapshotFile), { recursive: true });
    const copied = await store.snapshotCopy(
      snapshotFile,
      `SELECT d.name AS domain, ${blobKeyHex('b.sha256')}, b.size FROM domain_blobs b JOIN domains d ON d.id = b.domain_id
       ORDER BY d.name, b.sha256`,
    );
    await chmod(snapshotFile, 0o600);
    const seq = copied.seq;
    const blobs = copied.rows.map(([domain, sha256, size]) => ({
      domain: domain as string,
      sha256: sha256 as string,
      size: size as number,
    }));
    const createdTime = new Date().toISOString();
    await copyFile(path.join(store.dataDir, identityFile), path.join(target, identityFile)).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
    const notCopied: BlobNotCopied[] = [];
    let bytes = 0;
    for (const [index, blob] of blobs.entries()) {
      await onProgress(index, blobs.length);
      try {
        const source = await store.blobs.openVerified(blob.domain, blob.sha256, blob.size);
        const copied = await writeStreamDurably(source, blobFile(target, blob.domain, blob.sha256));
        bytes += copied.size;
      } catch (error) {
        if (!(error instanceof BlobDamagedError || error instanceof BlobNotFoundError)) throw error;
        const detail =
          error instanceof BlobDamagedError ? error.detail : 'the file is not in the data directory';
        notCopied.push({ domain: blob.domain, sha256: blob.sha256, detail });
      }
    }
    await onProgress(blobs.length, blobs.length);
    const manifest: BackupManifest = {
      format: 'artifact-desk-backup',
      version: 1,
      createdTime,
      seq,
      snapshot: { sha256: copied.sha256, size: copied.size },
      blobs: { count: blobs.length - notCopied.length, bytes },
      notCopied,
    };
    await syncTree(target);
    // Last: a folder without the manifest is an incomplete backup, and restore refuses it.
    await writeFileAtomic(path.join(target, manifestFile), Buffer.from(JSON.stringify(manifest, null, 2)));
    return { destination: target, seq, blobs: manifest.blobs.count, bytes, notCopied };
  } catch (error) {
    // The folder was empty or new: nothing but this backup's own files is removed.
    await removeContents(target);
    throw error;
  } finally {
    await release();
  }
}

async function removeContents(folder: string): Promise<void> {
  for (const entry of await readdir(folder).catch(() => [] as string[])) {
    await rm(path.join(folder, entry), { recursive: true, force: true });
  }
}
