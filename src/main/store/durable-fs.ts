/**
 * File-system steps that make data survive power loss: fsync of files and of the directories whose
 * entries changed (a rename or a new file is only durable once its directory is synced).
 */
import { closeSync, constants, fdatasync, fsync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const fsyncFd = promisify(fsync);

/** fdatasync of an open descriptor, in the thread pool (it waits for the disk). */
export const fdatasyncFd = promisify(fdatasync);

/**
 * Syncs a directory's entries. Windows cannot open directories for sync; there rename is already
 * durable. Opening and closing a directory touch no data, so they are made on this thread (a few
 * microseconds each, where a round trip through the thread pool costs tens); only the fsync, which
 * waits for the disk, runs in the pool. Every blob a publish stores pays for one of these.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `dir` and any missing parents, syncing each parent whose entries changed so the new
 * directories survive a crash.
 */
export async function ensureDirDurable(dir: string): Promise<void> {
  // Making a directory touches no data until the parent's fsync: made on this thread (see fsyncDir).
  const created = mkdirSync(dir, { recursive: true });
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

/**
 * Renames `temp` (a synced file) to `target` and syncs the target's directory, so the rename survives
 * a crash. The directory is created, durably, only when the rename finds it missing: a store whose
 * directories exist (every blob prefix after the first few hundred uploads) pays no mkdir per file.
 */
export async function renameDurable(temp: string, target: string): Promise<void> {
  const dir = path.dirname(target);
  // The rename itself touches no data: made on this thread, as opening a directory is (see fsyncDir).
  try {
    renameSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await ensureDirDurable(dir);
    renameSync(temp, target);
  }
  await fsyncDir(dir);
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

/**
 * Largest piece one read or write call in the thread pool takes. The kernel copies a call's bytes
 * with no point where it hands the core to another thread, so a call on a large piece holds its
 * core that long from every thread of the process: a checkpoint worker's 42 MiB pread kept the core
 * for 150 ms while the store's thread, woken by its timer, waited for it (the other core was busy
 * too), and requests waited with it. A 4 MiB piece holds a core a few milliseconds, and a round trip
 * per 4 MiB costs nothing next to the copy.
 */
const ioPieceBytes = 4 * 1024 * 1024;

/**
 * Writes every byte at the handle's current position, in pieces of up to `ioPieceBytes` (a single
 * write call may also be partial).
 */
export async function writeAll(handle: FileHandle, bytes: Uint8Array, position?: number): Promise<void> {
  let written = 0;
  while (written < bytes.byteLength) {
    const at = position === undefined ? null : position + written;
    const length = Math.min(bytes.byteLength - written, ioPieceBytes);
    const { bytesWritten } = await handle.write(bytes, written, length, at);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    written += bytesWritten;
  }
}

/**
 * Writes every byte at the descriptor's current position on this thread. For a small file held in
 * memory (a blob up to 1 MiB): copying it into the page cache takes microseconds to a fraction of a
 * millisecond, where each round trip through the thread pool costs more CPU than the copy.
 */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.byteLength) {
    const bytesWritten = writeSync(fd, bytes, written, bytes.byteLength - written);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    written += bytesWritten;
  }
}

/** Below this a file is read in one piece: splitting a small read only adds round trips. */
const parallelReadMinBytes = 32 * 1024 * 1024;

/**
 * The whole of a file in one buffer, read in the thread pool (one read call per piece of up to
 * `ioPieceBytes`, not `readFile`'s 512 KiB round trips), so the thread that asked can do other work
 * meanwhile (start-up compiles SQLite's WebAssembly while the snapshot is read). A large file is read
 * as up to four parts at once, one per core: most of a large read's cost is the kernel faulting in
 * the fresh buffer's pages as it copies into them, and parts read concurrently fault on every core (a
 * 173 MiB snapshot on a 2-core VM: 0.60–0.72 s in one part, 0.36–0.37 s in two). `parallel: false`
 * reads one part, for a reader working beside requests being served (the checkpoint worker), which
 * leaves the other cores to them. Undefined when the file does not exist.
 */
export async function readWholeFile(
  file: string,
  options: { readonly parallel?: boolean } = {},
): Promise<Buffer | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    const parts =
      size < parallelReadMinBytes || options.parallel === false ? 1 : Math.min(4, availableParallelism());
    const partBytes = Math.ceil(size / parts);
    const readPart = async (start: number, end: number): Promise<void> => {
      for (let done = start; done < end;) {
        const { bytesRead } = await handle.read(bytes, done, Math.min(end - done, ioPieceBytes), done);
        if (bytesRead === 0) throw new Error(`${file} ended at byte ${done} of ${size} while it was read`);
        done += bytesRead;
      }
    };
    // Every part settles before the handle is closed, whichever fails first.
    const settled = await Promise.allSettled(
      Array.from({ length: parts }, (_, part) =>
        readPart(part * partBytes, Math.min(size, (part + 1) * partBytes)),
      ),
    );
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
    return bytes;
  } finally {
    await handle.close();
  }
}
