/**
 * The contract between the engine and the durable store. The engine sees a synchronous SQL handle
 * inside `read`/`write`; durability (journal, fsync, checkpoints) and the blob files stay behind it.
 */
import type { Readable } from 'node:stream';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlParams = readonly SqlValue[];
export type Row = Record<string, SqlValue>;

export interface Db {
  /** Executes one statement. Inside `write` it is recorded in the journal record of the transaction. */
  run(sql: string, params?: SqlParams): { changes: number };
  get<T extends object = Row>(sql: string, params?: SqlParams): T | undefined;
  all<T extends object = Row>(sql: string, params?: SqlParams): T[];
}

/** A numbered schema migration: applied once, in order, after recovery, inside one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Runs after `sql` in the same transaction, for changes SQL cannot compute (bound values only). */
  readonly update?: (db: Db) => void;
}

export interface BlobHashes {
  readonly md5: string;
  readonly sha1: string;
  readonly sha256: string;
  readonly sha512: string;
  readonly size: number;
}

export interface PutBlobOptions {
  /** Refuse (and leave nothing behind) unless the bytes hash to this lower-case hex SHA-256. */
  readonly expectedSha256?: string;
  /** Refuse once the body grows past this many bytes. */
  readonly maxBytes?: number;
  /**
   * Put the bytes in place even when a file of that digest exists (a repair of a damaged file);
   * needs `expectedSha256`, so only bytes that match the digest can replace it.
   */
  readonly replace?: boolean;
}

/**
 * Content-addressed files, shared by all repositories of one domain:
 * `blobs/<domain>/sha256/<first two hex>/<remaining hex>`. Written temp → fsync → rename, so a blob
 * file either exists whole or not at all.
 */
export interface BlobRange {
  readonly start: number;
  readonly end: number;
}

export interface BlobStore {
  put(
    domain: string,
    source: Readable | AsyncIterable<Uint8Array>,
    options?: PutBlobOptions,
  ): Promise<BlobHashes>;
  has(domain: string, sha256: string): boolean;
  /**
   * The blob's bytes, failing the stream when they do not match its digest; or, unchecked, those
   * from `range.start` (inclusive) to `range.end` (exclusive).
   */
  open(domain: string, sha256: string, range?: BlobRange): Readable;
  /** Opens the file first; checks digest and the size recorded for it. Missing: BlobNotFoundError. */
  openVerified(domain: string, sha256: string, expectedSize?: number): Promise<Readable>;
  /** The whole blob, checked before it is returned. Missing: BlobNotFoundError; not the blob: BlobDamagedError. */
  readVerified(domain: string, sha256: string, expectedSize: number): Promise<Buffer>;
  /** Size in bytes of the stored file, or undefined when it is absent. */
  size(domain: string, sha256: string): Promise<number | undefined>;
  remove(domain: string, sha256: string): Promise<void>;
  removeDomain(domain: string): Promise<void>;
}

export interface Store {
  readonly dataDir: string;
  readonly blobs: BlobStore;
  /** Runs `fn` against the current state. Statements that write are refused. */
  read<T>(fn: (db: Db) => T): T;
  /**
   * Runs `fn` as one transaction. On return the transaction is committed in memory and its journal
   * record is queued; on throw everything it did is rolled back and nothing is journaled. A nested
   * `write` joins the outer transaction. Values must come from bound parameters computed by the
   * caller (never `random()` or `'now'` in SQL), so replaying the journal gives the same state.
   */
  write<T>(fn: (db: Db) => T): T;
  /** Resolves once every transaction committed so far is fsynced in the journal. */
  flush(): Promise<void>;
  /** Writes a full snapshot (export → temp → fsync → rename) and drops the journal it covers. */
  checkpoint(): Promise<void>;
  /** Flushes, checkpoints, releases the data-directory lock. */
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly dataDir: string;
  readonly migrations: readonly Migration[];
  /** Checkpoint in the background once the journal holds this many bytes (default 64 MiB). */
  readonly checkpointJournalBytes?: number;
  /** Checkpoint in the background after this long without writes when the journal is not empty (default 30 s). */
  readonly checkpointIdleMs?: number;
  /** Checkpoint at least this often while writes keep coming (default 5 min), so replay stays bounded. */
  readonly checkpointIntervalMs?: number;
  /**
   * Journal damage other than a torn tail: `refuse` (default) stops with JournalDamagedError;
   * `keep-prefix` recovers the records before it and sets the rest aside with a report.
   */
  readonly journalDamage?: 'refuse' | 'keep-prefix';
  /**
   * Bytes kept free on the disk of the data directory: an upload that would leave less is refused
   * with StorageFullError before it fills the disk, so the journal always has room for metadata
   * (default 64 MiB).
   */
  readonly storageReserveBytes?: number;
  /** Free bytes on the disk holding `dir` (default: statfs); replaceable to simulate a full disk. */
  readonly freeSpace?: (dir: string) => Promise<number>;
  /**
   * Told as an open upgrades the schema of an existing store, which can take a while on a large
   * one: before and after each pending migration, and around the compaction that follows them.
   * Creating a new store's schema is not reported.
   */
  readonly onMigration?: (progress: MigrationProgress) => void;
}

/** One step of the schema upgrade an open runs (see `StoreOptions.onMigration`). */
export type MigrationProgress =
  | {
      readonly step: 'migrating';
      readonly version: number;
      readonly name: string;
      /** 1-based position of this migration among the pending ones, and how many are pending. */
      readonly position: number;
      readonly pending: number;
    }
  | { readonly step: 'migrated'; readonly version: number; readonly name: string; readonly ms: number }
  | { readonly step: 'compacting' }
  | { readonly step: 'compacted'; readonly freedPages: number; readonly ms: number };
