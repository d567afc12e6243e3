/**
 * Whole generated documents (packuments, simple pages, maven-metadata.xml) kept with the validator
 * they were built at (see package_generations): a hit costs one lookup of the package's counters,
 * and any write that changes what the document shows raises a counter, so a stale document is never
 * served.
 *
 * Two layers. In memory: bounded in bytes, least recently used first out, documents up to a quarter
 * of the bound. On disk, in the data directory's `cache/documents/`: every document, named by its key
 * and validator, so it survives a restart (the counters are in the store) and the first GET after
 * one reads a file (in one piece, or streamed when too large to keep in memory). A document is written to disk only after the store has flushed the state it
 * was built from, so a crash can never bring back a counter value with other content behind it; the
 * file is synced before it is renamed into place, and its size is part of its name and checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, statSync, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PackageCoordinates } from '../../engine/packages/package-coordinates';
import { readFileStart } from '../../store/read-file-start';
import type { Db, Store } from '../../store/types';

const defaultMaxBytes = 48 * 1024 * 1024;

/** A document found on disk: its size, and a stream of it. */
export interface CachedFile {
  readonly size: number;
  open(): ReadStream;
}

export class DocumentCache {
  private readonly entries = new Map<string, { validator: string; body: Buffer }>();
  private bytes = 0;
  private readonly dir: string | undefined;

  constructor(
    dataDir?: string,
    readonly maxBytes = defaultMaxBytes,
  ) {
    this.dir = dataDir === undefined ? undefined : path.join(dataDir, 'cache', 'documents');
  }

  /** The document built for `key` at `validator`, if it is still what the store holds. */
  get(key: string, validator: string): Buffer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.validator !== validator) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.body;
  }

  /** The document on disk for `key` at `validator`, if there is one whole. */
  file(key: string, validator: string): CachedFile | undefined {
    if (!this.dir) return undefined;
    const prefix = `${fileKey(key)}-${validator}-`;
    const size = this.sizes.get(prefix);
    const candidate = size === undefined ? undefined : path.join(this.dir, `${prefix}${size}.doc`);
    if (candidate === undefined || size === undefined) return undefined;
    try {
      if (statSync(candidate).size !== size) return undefined;
    } catch {
      this.sizes.delete(prefix);
      return undefined;
    }
    // Large reads: a document of many MiB goes out in few turns of the event loop.
    return { size, open: () => createReadStream(candidate, { highWaterMark: 1024 * 1024 }) };
  }

  /** Sizes of the documents on disk by `<key>-<validator>-` (read from the folder once). */
  private readonly sizes = new Map<string, number>();
  private scanned: Promise<void> | undefined;

  /** Reads the folder's listing (once, in the background); until then only memory answers. */
  scan(): Promise<void> {
    const dir = this.dir;
    if (!dir) return Promise.resolve();
    this.scanned ??= readdir(dir)
      .then((names) => {
        for (const name of names) {
          // Copies a crash cut short are never renamed into place.
          if (name.endsWith('.tmp')) void rm(path.join(dir, name), { force: true });
          const match = /^([0-9a-f]{40}-[0-9.]+-)(\d+)\.doc$/.exec(name);
          if (match?.[1] && match[2]) this.sizes.set(match[1], Number(match[2]));
        }
      })
      .catch(() => undefined);
    return this.scanned;
  }

  /** Whether a document of this size would be kept in memory. */
  accepts(size: number): boolean {
    return size <= this.maxBytes / 4;
  }

  set(key: string, validator: string, body: Buffer): void {
    if (!this.accepts(body.length)) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.body.length;
    }
    this.entries.set(key, { validator, body });
    this.bytes += body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
  }

  /**
   * A writer for the disk copy of a document being produced: `write` each chunk, then `commit` (the
   * caller has flushed the store and checked the validator) or `discard`. Failures only lose the copy.
   */
  async writer(key: string, validator: string): Promise<DocumentWriter | undefined> {
    const dir = this.dir;
    if (!dir) return undefined;
    try {
      await mkdir(dir, { recursive: true });
      const temp = path.join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
      const handle = await open(temp, 'w');
      let size = 0;
      let failed = false;
      const discard = async (): Promise<void> => {
        await handle.close().catch(() => undefined);
        await rm(temp, { force: true });
      };
      return {
        write: async (chunk) => {
          if (failed) return;
          try {
            await handle.write(chunk);
            size += chunk.length;
          } catch {
            failed = true;
          }
        },
        commit: async () => {
          if (failed) return discard();
          const hashed = fileKey(key);
          const prefix = `${hashed}-${validator}-`;
          try {
            await handle.sync();
            await handle.close();
            await rename(temp, path.join(dir, `${prefix}${size}.doc`));
          } catch {
            return discard();
          }
          // Older copies of the same document go.
          const stale = [...this.sizes.entries()].filter(
            ([name]) => name.startsWith(`${hashed}-`) && name !== prefix,
          );
          this.sizes.set(prefix, size);
          for (const [name, bytes] of stale) {
            this.sizes.delete(name);
            await rm(path.join(dir, `${name}${bytes}.doc`), { force: true });
          }
        },
        discard,
      };
    } catch {
      return undefined;
    }
  }

  /**
   * The document for `key` at `validator` from memory, or else from a disk copy small enough to be
   * kept in memory (read in one piece, its size checked by the read, then kept in memory too);
   * undefined when neither holds it or the copy on disk is larger (`file` streams those).
   */
  async held(key: string, validator: string): Promise<Buffer | undefined> {
    const cached = this.get(key, validator);
    if (cached || !this.dir) return cached;
    await this.scan();
    const prefix = `${fileKey(key)}-${validator}-`;
    const size = this.sizes.get(prefix);
    if (size === undefined || !this.accepts(size)) return undefined;
    let body: Buffer;
    try {
      body = await readFileStart(path.join(this.dir, `${prefix}${size}.doc`), size + 1);
    } catch {
      this.sizes.delete(prefix);
      return undefined;
    }
    if (body.length !== size) return undefined;
    this.set(key, validator, body);
    return body;
  }

  /**
   * The whole document for `key` at `validator`, from memory or else from its disk copy (which is
   * then kept in memory too); undefined when neither holds it.
   */
  async whole(key: string, validator: string): Promise<Buffer | undefined> {
    const held = await this.held(key, validator);
    if (held) return held;
    const file = this.file(key, validator);
    if (!file) return undefined;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of file.open()) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (body.length !== file.size) return undefined;
      this.set(key, validator, body);
      return body;
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps a whole document built at `validator`, in memory and on disk, once the store has flushed
   * the state it was built from, and only when `current` still answers that validator (a write that
   * came in meanwhile makes it stale). Failures only lose the copy.
   */
  async keep(
    store: Store,
    key: string,
    validator: string,
    current: () => string,
    body: Buffer,
  ): Promise<void> {
    try {
      await store.flush();
      if (current() !== validator) return;
    } catch {
      return;
    }
    this.set(key, validator, body);
    const writer = await this.writer(key, validator);
    if (!writer) return;
    await writer.write(body);
    await writer.commit();
  }

  get size(): number {
    return this.bytes;
  }
}

/**
 * The validator of a package's documents: its counter and the search-order counter
 * (package_generations, raised by triggers on every write that changes what they show).
 */
export function packageGeneration(db: Db, coordinates: PackageCoordinates): string {
  // Both counters in one query (the package's row and the search order's row of empty names).
  const rows = db.all<{ format: string; generation: number }>(
    `SELECT format, generation FROM package_generations
     WHERE (format = ? AND namespace = ? AND name = ?) OR (format = '' AND namespace = '' AND name = '')`,
    [coordinates.format, coordinates.namespace, coordinates.name],
  );
  let own = 0;
  let searchOrder = 0;
  for (const row of rows) {
    if (row.format === '') searchOrder = row.generation;
    else own = row.generation;
  }
  return `${own}.${searchOrder}`;
}

export interface DocumentWriter {
  write(chunk: Buffer): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

function fileKey(key: string): string {
  return createHash('sha1').update(key).digest('hex');
}

const caches = new WeakMap<Store['blobs'], DocumentCache>();

/** The cache of one store (keyed by its blob store, which every wrapper of the store shares). */
export function documentCacheOf(store: Store): DocumentCache {
  let cache = caches.get(store.blobs);
  if (!cache) {
    caches.set(store.blobs, (cache = new DocumentCache(store.dataDir)));
    void cache.scan();
  }
  return cache;
}
