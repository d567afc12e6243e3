/**
 * File-system steps that make data survive power loss: fsync of files and of the directories whose
 * entries changed (a rename or a new file is only durable once its directory is synced).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Syncs a directory's entries. Windows cannot open directories for sync; there rename is already durable. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `dir` and any missing parents, syncing each parent whose entries changed so the new
 * directories survive a crash.
 */
export async function ensureDirDurable(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  // `created` is the first directory made; every directory below it up to `dir` is new as well.
  let current = path.resolve(dir);
  const first = path.resolve(created);
  const parents: string[] = [];
  while (true) {
    parents.push(path.dirname(current));
    if (current === first) break;
    const up = path.dirname(current);
    if (up === current) break;
    current = up;
  }
  for (const parent of parents) await fsyncDir(parent);
}

/** Writes `bytes` to `target` atomically: temp file → fsync → rename → fsync directory. */
export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  const temp = `${target}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await writeAll(handle, bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(path.dirname(target));
}

/** Writes every byte at the handle's current position (a single write call may be partial). */
export async function writeAll(handle: FileHandle, bytes: Uint8Array, position?: number): Promise<void> {
  let written = 0;
  while (written < bytes.byteLength) {
    const at = position === undefined ? null : position + written;
    const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written, at);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    written += bytesWritten;
  }
}

/** Largest piece one read call takes (Node refuses lengths past 2 GiB - 1). */
const readPieceBytes = 1024 * 1024 * 1024;

/**
 * The whole of a file in one buffer, read with blocking calls in 1 GiB pieces: `readFileSync`
 * refuses files past 2 GiB, which a snapshot reaches near 1.1 million npm versions, while a buffer
 * holds up to `buffer.constants.MAX_LENGTH` (4 GiB and more on 64-bit Node). One blocking read is
 * also what start-up wants: the promise form reads in 512 KiB pieces, each a round trip through the
 * thread pool, which on a busy machine made a 100k-version start a second slower.
 */
export function readWholeFileSync(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.allocUnsafeSlow(size);
    for (let done = 0; done < size;) {
      const read = readSync(fd, bytes, done, Math.min(size - done, readPieceBytes), done);
      if (read === 0) throw new Error(`${file} ended at byte ${done} of ${size} while it was read`);
      done += read;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}
