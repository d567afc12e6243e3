/**
 * Whole generated documents (packuments, simple pages, maven-metadata.xml) kept in memory with the
 * validator they were built at (see package_generations): a hit costs one lookup of the package's
 * counters, and any write that changes what the document shows raises a counter, so a stale
 * document is never served. Bounded in bytes, least recently used first out; a document larger than
 * a quarter of the bound is not kept (it is streamed again from the store).
 */
import type { Store } from '../../store/types';

const defaultMaxBytes = 48 * 1024 * 1024;

export class DocumentCache {
  private readonly entries = new Map<string, { validator: string; body: Buffer }>();
  private bytes = 0;

  constructor(readonly maxBytes = defaultMaxBytes) {}

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

  /** Whether a document of this size would be kept. */
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

  get size(): number {
    return this.bytes;
  }
}

const caches = new WeakMap<Store['blobs'], DocumentCache>();

/** The cache of one store (keyed by its blob store, which every wrapper of the store shares). */
export function documentCacheOf(store: Store): DocumentCache {
  let cache = caches.get(store.blobs);
  if (!cache) caches.set(store.blobs, (cache = new DocumentCache()));
  return cache;
}
