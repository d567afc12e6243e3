/**
 * What a backup folder holds and the file steps backup and restore share. A backup is a plain
 * folder laid out like a data directory, so it can be inspected, copied or archived with any tool:
 *
 *   artifact-desk-backup.json          the manifest, written last (a folder without it is incomplete)
 *   identity.json                      account id, region and access key of the data directory
 *   db/snapshot.sqlite                 the database at the backup's point in time
 *   blobs/<domain>/sha256/<aa>/<rest>  every asset file the database refers to
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsyncDir, writeAll } from '../store/durable-fs';

export const manifestFile = 'artifact-desk-backup.json';
export const identityFile = 'identity.json';
export const snapshotPath = path.join('db', 'snapshot.sqlite');
export const blobsDir = 'blobs';

const DOMAIN_NAME = /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/;

/** A blob the backup could not copy because its stored file was already damaged or missing. */
export interface BlobNotCopied {
  readonly domain: string;
  readonly sha256: string;
  readonly detail: string;
}

export interface BackupManifest {
  readonly format: 'artifact-desk-backup';
  readonly version: 1;
  /** When the point in time was taken (ISO 8601). */
  readonly createdTime: string;
  /** The last transaction the backup holds. */
  readonly seq: number;
  readonly snapshot: { readonly sha256: string; readonly size: number };
  readonly blobs: { readonly count: number; readonly bytes: number };
  readonly notCopied: readonly BlobNotCopied[];
}

/** A backup or restore that cannot be done as asked (a bad folder, a damaged backup file). */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/**
 * Refuses a folder that is not empty (or a file), and one inside the other folder given (a backup
 * inside the data directory would be copied into itself). With `create`, makes the folder when it
 * is missing.
 */
export async function prepareEmptyFolder(
  folder: string,
  other: string,
  what: string,
  create: boolean,
): Promise<void> {
  const target = path.resolve(folder);
  const inside = (child: string, parent: string) => {
    const relative = path.relative(parent, child);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  if (inside(target, path.resolve(other)) || inside(path.resolve(other), target)) {
    throw new BackupError(`The ${what} ${target} must be outside ${path.resolve(other)}`);
  }
  let entries: string[];
  try {
    const info = await stat(target);
    if (!info.isDirectory()) throw new BackupError(`The ${what} ${target} is a file, not a folder`);
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (create) await mkdir(target, { recursive: true });
    return;
  }
  if (entries.length > 0) {
    throw new BackupError(`The ${what} ${target} is not empty; choose a new or empty folder`);
  }
}

export interface CopiedFile {
  readonly sha256: string;
  readonly size: number;
}

/**
 * Streams `source` into `target` (temp file, fsync, rename), hashing it on the way; the file only
 * appears under its name when every byte arrived and, with `expectedSha256`, matched.
 */
export async function writeStreamDurably(
  source: Readable | AsyncIterable<Uint8Array>,
  target: string,
  expectedSha256?: string,
): Promise<CopiedFile> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.partial`;
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(temp, 'w', 0o600);
  try {
    for await (const chunk of source) {
      const bytes = chunk instanceof Uint8Array ? chunk : Buffer.from(chunk as string);
      hash.update(bytes);
      size += bytes.byteLength;
      await writeAll(handle, bytes);
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  const sha256 = hash.digest('hex');
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    await rm(temp, { force: true });
    throw new BackupError(`${target}: the content hashes to ${sha256}, not ${expectedSha256}`);
  }
  await rename(temp, target);
  return { sha256, size };
}

/** Syncs every folder under `root` (new entries are durable only once their folder is). */
export async function syncTree(root: string): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true });
  for (const entry of entries) if (entry.isDirectory()) await syncTree(path.join(root, entry.name));
  await fsyncDir(root);
}

/** The blob files of a backup (or data directory) as `{ domain, sha256 }`, in a stable order. */
export async function listBlobFiles(root: string): Promise<{ domain: string; sha256: string }[]> {
  const files: { domain: string; sha256: string }[] = [];
  const names = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).sort();
  for (const domain of await names(path.join(root, blobsDir))) {
    if (!DOMAIN_NAME.test(domain)) continue;
    const base = path.join(root, blobsDir, domain, 'sha256');
    for (const prefix of await names(base)) {
      for (const rest of await names(path.join(base, prefix))) {
        const sha256 = prefix + rest;
        if (/^[0-9a-f]{64}$/.test(sha256)) files.push({ domain, sha256 });
      }
    }
  }
  return files;
}

export function blobFile(root: string, domain: string, sha256: string): string {
  return path.join(root, blobsDir, domain, 'sha256', sha256.slice(0, 2), sha256.slice(2));
}
