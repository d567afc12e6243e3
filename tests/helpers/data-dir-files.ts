/**
 * Looks for asset bytes on disk without knowing how the store lays its files out: a file holds an
 * asset when its size and SHA-256 match. Used to check that blobs nothing references any more are
 * really gone from the data directory, not just hidden by the API.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Paths under `dir` whose content has exactly `size` bytes and the given SHA-256. */
export async function filesWithContent(dir: string, sha256: string, size: number): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    let info;
    try {
      info = await stat(file);
    } catch {
      continue; // removed while we looked
    }
    if (info.size !== size) continue;
    try {
      if ((await sha256OfFile(file)) === sha256) found.push(file);
    } catch {
      continue;
    }
  }
  return found;
}

/** Polls until `check` holds or `timeoutMs` passes; returns the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

/** Every file under the data directory's blob store, sorted: compared before and after a refused upload. */
export async function blobFiles(dataDir: string): Promise<string[]> {
  const entries = await readdir(path.join(dataDir, 'blobs'), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
