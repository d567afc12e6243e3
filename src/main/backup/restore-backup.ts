/**
 * `restore`: brings a backup back as a data directory. Every file is checked on the way (the
 * snapshot against the manifest's digest, each blob against the digest it is named by), the result
 * is opened as a store to prove it loads and that every file its database refers to is there, and
 * only then is it moved into place: the target is either absent or empty before, and holds either
 * nothing or the whole restored data directory after.
 */
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, rmdir, copyFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openStore } from '../store';
import { fsyncDir } from '../store/durable-fs';
import { migrations } from '../store/migrations';
import {
  BackupError,
  blobFile,
  identityFile,
  listBlobFiles,
  manifestFile,
  prepareEmptyFolder,
  snapshotPath,
  syncTree,
  writeStreamDurably,
  type BackupManifest,
  type BlobNotCopied,
} from './backup-files';
import { blobKeyHex } from '../engine/assets/blob-keys';

export interface RestoreReport {
  readonly dataDir: string;
  /** The last transaction the restored data holds. */
  readonly seq: number;
  readonly createdTime: string;
  readonly blobs: number;
  readonly bytes: number;
  /** Blobs that were already damaged or missing when the backup was taken (verify lists them). */
  readonly notCopied: readonly BlobNotCopied[];
}

export async function readBackupManifest(source: string): Promise<BackupManifest> {
  const file = path.join(path.resolve(source), manifestFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BackupError(
        `${path.resolve(source)} is not a complete backup: it has no ${manifestFile} (a backup that was cut short never writes one)`,
      );
    }
    throw error;
  }
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw new BackupError(`${file} is not valid JSON`);
  }
  if (
    manifest.format !== 'artifact-desk-backup' ||
    manifest.version !== 1 ||
    typeof manifest.seq !== 'number' ||
    typeof manifest.snapshot?.sha256 !== 'string' ||
    !Array.isArray(manifest.notCopied)
  ) {
    throw new BackupError(`${file} is not an Artifact Desk backup manifest this version can read`);
  }
  return manifest as BackupManifest;
}

export async function restoreBackup(
  source: string,
  dataDir: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<RestoreReport> {
  const from = path.resolve(source);
  const target = path.resolve(dataDir);
  const manifest = await readBackupManifest(from);
  await prepareEmptyFolder(target, from, 'data directory to restore into', false);
  // Built beside the target and renamed into place when complete (same file system).
  const staging = path.join(
    path.dirname(target),
    `.${path.basename(target)}.restoring-${randomBytes(6).toString('hex')}`,
  );
  try {
    await writeStreamDurably(
      createReadStream(path.join(from, snapshotPath)),
      path.join(staging, snapshotPath),
      manifest.snapshot.sha256,
    ).catch((error: unknown) => {
      throw new BackupError(`The backup's database is damaged or missing: ${(error as Error).message}`);
    });
    await copyFile(path.join(from, identityFile), path.join(staging, identityFile)).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
    const files = await listBlobFiles(from);
    let bytes = 0;
    for (const [index, file] of files.entries()) {
      onProgress(index, files.length);
      const copied = await writeStreamDurably(
        createReadStream(blobFile(from, file.domain, file.sha256)),
        blobFile(staging, file.domain, file.sha256),
        file.sha256,
      ).catch((error: unknown) => {
        throw new BackupError(`A file of the backup is damaged: ${(error as Error).message}`);
      });
      bytes += copied.size;
    }
    onProgress(files.length, files.length);
    await checkRestoredStore(staging, manifest);
    await syncTree(staging);
    await rmdir(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, target);
    await fsyncDir(path.dirname(target));
    return {
      dataDir: target,
      seq: manifest.seq,
      createdTime: manifest.createdTime,
      blobs: files.length,
      bytes,
      notCopied: manifest.notCopied,
    };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Opens the restored data as a store: it must load, and every blob it refers to must be there. */
async function checkRestoredStore(dir: string, manifest: BackupManifest): Promise<void> {
  const store = await openStore({ dataDir: dir, migrations });
  try {
    const known = new Set(manifest.notCopied.map((blob) => `${blob.domain}/${blob.sha256}`));
    const absent = store
      .read((db) =>
        db.all<{ domain: string; sha256: string }>(
          `SELECT d.name AS domain, ${blobKeyHex('b.sha256')} FROM domain_blobs b JOIN domains d ON d.id = b.domain_id`,
        ),
      )
      .filter(
        (blob) => !known.has(`${blob.domain}/${blob.sha256}`) && !store.blobs.has(blob.domain, blob.sha256),
      );
    if (absent.length > 0) {
      throw new BackupError(
        `The backup is incomplete: ${absent.length} file(s) its database refers to are not in it (first: domain '${absent[0]?.domain}', blob ${absent[0]?.sha256})`,
      );
    }
  } finally {
    await store.close();
  }
  // Opening created a lock file; the restored directory starts without one.
  await rm(path.join(dir, 'LOCK'), { force: true });
}
