/**
 * Content-addressed asset files, one tree per domain: `blobs/<domain>/sha256/<aa>/<rest>`. An upload
 * streams into a temp file while MD5, SHA-1, SHA-256 and SHA-512 are computed in the same pass (past
 * 1 MiB the digests and the write, with O_DIRECT where the file system allows it, run in worker
 * threads that share one copy of the bytes, see parallel-digests.ts); the file is synced and renamed into place only when it is complete and matches what the caller
 * expected, so a blob is either whole or absent. Domain names and digests are checked before they
 * become path parts, so no argument can reach outside the blob directory.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, statfsSync, unlinkSync } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ensureDirDurable, fdatasyncFd, renameDurable, writeAllSync } from './durable-fs';
import { UploadDigests } from './parallel-digests';
import { takeChunks } from './take-chunks';
import { isStorageFull, StorageFullError } from './store-errors';
import type { BlobHashes, BlobRange, BlobStore, PutBlobOptions } from './types';
import { readFileStart } from './read-file-start';
import { checkWholeRead, verifiedRead } from './verified-read';

/** CodeArtifact's domain name rule: 2–50 characters, lower-case letters, digits and hyphens. */
const DOMAIN_NAME = /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export class BlobTooLargeError extends Error {
  override readonly name = 'BlobTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The content is larger than the ${maxBytes}-byte limit`);
  }
}

export class BlobDigestMismatchError extends Error {
  override readonly name = 'BlobDigestMismatchError';
  constructor(
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(`The content's SHA-256 is ${actualSha256}, not the expected ${expectedSha256}`);
  }
}

/** A domain name or digest that cannot name a blob (and could otherwise form an unsafe path). */
export class BlobKeyError extends Error {
  override readonly name = 'BlobKeyError';
}

export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
  constructor(
    readonly domain: string,
    readonly sha256: string,
  ) {
    super(`No blob ${sha256} in domain ${domain}`);
  }
}

/** Blobs up to this size are read whole (`readVerified`) when they are downloaded, larger ones streamed. */
export const wholeReadMaxBytes = 1024 * 1024;

/**
 * A large upload asks for `fdatasync` in the background each time this many more bytes are written,
 * so the disk takes them (or, with O_DIRECT, the file's new extents and size) while the rest arrives
 * and the sync before the rename has little left.
 */
export const defaultEarlySyncBytes = 64 * 1024 * 1024;

/** What an upload must leave free on the disk by default (room for the journal and snapshots). */
export const defaultStorageReserveBytes = 64 * 1024 * 1024;

export interface BlobSpaceOptions {
  /** The data directory, named in a full disk's message. */
  readonly dataDir?: string;
  readonly reserveBytes?: number;
  readonly freeSpace?: (dir: string) => Promise<number>;
  /** Bytes between two background syncs of an upload written without O_DIRECT (`defaultEarlySyncBytes`). */
  readonly earlySyncBytes?: number;
  /**
   * Write large uploads with O_DIRECT (default true). Where the file system refuses it, ordinary
   * writes are used anyway; false asks for them from the start.
   */
  readonly directWrites?: boolean;
}

/**
 * Free bytes where uploads are written. statfs answers from the file system's counters without
 * touching the disk, so it is made on this thread: a round trip through the thread pool would cost
 * several times the call.
 */
async function statfsFreeBytes(dir: string): Promise<number> {
  const info = statfsSync(dir);
  return Number(info.bavail) * Number(info.bsize);
}

/** Removes a temp file that may be gone already. */
function unlinkIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export class FileBlobStore implements BlobStore {
  private readonly dataDir: string;
  private readonly reserveBytes: number;
  private readonly freeSpace: (dir: string) => Promise<number>;
  private readonly earlySyncBytes: number;
  private readonly directWrites: boolean;

  private constructor(
    private readonly root: string,
    private readonly tempDir: string,
    space: BlobSpaceOptions,
  ) {
    this.dataDir = space.dataDir ?? path.dirname(root);
    this.reserveBytes = space.reserveBytes ?? defaultStorageReserveBytes;
    this.freeSpace = space.freeSpace ?? statfsFreeBytes;
    this.earlySyncBytes = space.earlySyncBytes ?? defaultEarlySyncBytes;
    this.directWrites = space.directWrites ?? true;
  }

  /** Prepares the blob directory and deletes uploads a crash left half-written. */
  static async open(root: string, tempDir: string, space: BlobSpaceOptions = {}): Promise<FileBlobStore> {
    await ensureDirDurable(root);
    await rm(tempDir, { recursive: true, force: true });
    await mkdir(tempDir, { recursive: true });
    return new FileBlobStore(root, tempDir, space);
  }

  /**
   * How many bytes an upload may write before it would leave less than the reserve free; refuses at
   * once when the disk is already that full.
   */
  private async uploadRoom(): Promise<number> {
    let free: number;
    try {
      free = await this.freeSpace(this.tempDir);
    } catch {
      // A file system that cannot say: rely on ENOSPC alone.
      return Number.POSITIVE_INFINITY;
    }
    const room = free - this.reserveBytes;
    if (room <= 0) throw this.full(`${free} bytes free, ${this.reserveBytes} are kept in reserve`);
    return room;
  }

  private full(detail: string): StorageFullError {
    return new StorageFullError(this.dataDir, detail);
  }

  async put(
    domain: string,
    source: Readable | AsyncIterable<Uint8Array>,
    options: PutBlobOptions = {},
  ): Promise<BlobHashes> {
    this.domainDir(domain);
    const expected = options.expectedSha256 === undefined ? undefined : checkSha256(options.expectedSha256);
    const maxBytes = options.maxBytes;
    if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 0)) {
      throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    }

    const room = await this.uploadRoom();
    const temp = path.join(this.tempDir, `${randomBytes(12).toString('hex')}.part`);
    // Creating, writing a small file, closing and renaming touch no disk until the sync: they are
    // made on this thread (the writer threads open the file themselves), and only fdatasync and the
    // directory's fsync, which wait for the disk, go through the thread pool.
    let fd: number;
    try {
      fd = openSync(temp, 'wx');
    } catch (error) {
      throw isStorageFull(error) ? this.full((error as Error).message) : error;
    }
    let closed = false;
    // Hashed, and past a small size written, in worker threads while this loop receives the bytes.
    const digests = new UploadDigests({
      path: temp,
      direct: this.directWrites,
      earlySyncBytes: this.earlySyncBytes,
    });
    let size = 0;
    const take = (chunk: unknown): Promise<void> | undefined => {
      const bytes = toBytes(chunk);
      size += bytes.byteLength;
      // Checked before writing, so an oversized upload never lands more than one chunk on disk.
      if (maxBytes !== undefined && size > maxBytes) throw new BlobTooLargeError(maxBytes);
      if (size > room) {
        throw this.full(`the upload passed ${size} bytes, ${this.reserveBytes} are kept in reserve`);
      }
      return digests.update(bytes);
    };
    try {
      // Each chunk is taken as it arrives (see take-chunks.ts). A request body is not destroyed when
      // the upload is refused part-way (a full disk): the HTTP layer then drains it and the client
      // reads the answer instead of a reset connection.
      if (source instanceof Readable) await takeChunks(source, take);
      else
        for await (const chunk of source) {
          const waiting = take(chunk);
          if (waiting) await waiting;
        }
      const hashes: BlobHashes = { ...(await digests.digest()), size };
      if (expected !== undefined && hashes.sha256 !== expected) {
        throw new BlobDigestMismatchError(expected, hashes.sha256);
      }
      const target = this.blobPath(domain, hashes.sha256);
      if (existsSync(target) && !(options.replace && expected !== undefined)) {
        // Same bytes already stored: content addressing makes this upload a no-op (a held upload
        // never wrote its file).
        closeSync(fd);
        closed = true;
        unlinkIfPresent(temp);
        return hashes;
      }
      // A small upload (up to 1 MiB) never reached the writer thread: it was held in memory as it
      // arrived and is written here in one call.
      const held = digests.written ? undefined : digests.held;
      if (held?.length) writeAllSync(fd, held.length === 1 ? (held[0] as Uint8Array) : Buffer.concat(held));
      // fdatasync: the bytes and the size they need to be read back (the file's times need no sync).
      await fdatasyncFd(fd);
      closeSync(fd);
      closed = true;
      await renameDurable(temp, target);
      return hashes;
    } catch (error) {
      digests.abort();
      if (!closed) {
        try {
          closeSync(fd);
        } catch {
          // Already unusable: the temp file is removed below all the same.
        }
      }
      await rm(temp, { force: true });
      if (isStorageFull(error)) {
        throw error instanceof StorageFullError ? error : this.full((error as Error).message);
      }
      // Any other refusal (too large, a digest mismatch) stops reading the source, as before.
      if (source instanceof Readable) source.destroy();
      throw error;
    }
  }

  has(domain: string, sha256: string): boolean {
    return existsSync(this.blobPath(domain, sha256));
  }

  /**
   * The blob's bytes, checked against its digest as they stream (see verified-read.ts). A range
   * (internal readers of archives) cannot be checked against the whole file's digest and is read as is.
   */
  open(domain: string, sha256: string, range?: BlobRange): Readable {
    const file = this.blobPath(domain, sha256);
    if (!existsSync(file)) throw new BlobNotFoundError(domain, sha256);
    if (range && range.end <= range.start) return Readable.from([]);
    // createReadStream's `end` is inclusive.
    if (range) return createReadStream(file, { start: range.start, end: range.end - 1 });
    return verifiedRead(createReadStream(file), domain, sha256);
  }

  /**
   * Like `open`, once the file is open (so a later unlink cannot take it away), also checked against
   * the size recorded for the blob.
   */
  async openVerified(domain: string, sha256: string, expectedSize?: number): Promise<Readable> {
    const file = this.blobPath(domain, sha256);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(domain, sha256);
      throw error;
    }
    return verifiedRead(handle.createReadStream(), domain, sha256, expectedSize);
  }

  /**
   * The whole blob, read at once and checked against its digest and `expectedSize` before it is
   * returned: for blobs small enough to hold (see `wholeReadMaxBytes`), no stream, and nothing handed
   * on before the check. Missing: BlobNotFoundError; not the blob: BlobDamagedError.
   */
  async readVerified(domain: string, sha256: string, expectedSize: number): Promise<Buffer> {
    const file = this.blobPath(domain, sha256);
    let bytes: Buffer;
    try {
      bytes = await readFileStart(file, expectedSize + 1);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(domain, sha256);
      throw error;
    }
    return checkWholeRead(bytes, domain, sha256, expectedSize);
  }

  /** Size in bytes of a stored blob, or undefined when absent. */
  async size(domain: string, sha256: string): Promise<number | undefined> {
    try {
      return (await stat(this.blobPath(domain, sha256))).size;
    } catch {
      return undefined;
    }
  }

  async remove(domain: string, sha256: string): Promise<void> {
    await rm(this.blobPath(domain, sha256), { force: true });
  }

  async removeDomain(domain: string): Promise<void> {
    await rm(this.domainDir(domain), { recursive: true, force: true });
  }

  /** Digests of every blob stored for a domain (for sweeping unreferenced ones). */
  async list(domain: string): Promise<string[]> {
    const base = path.join(this.domainDir(domain), 'sha256');
    const digests: string[] = [];
    let prefixes: string[];
    try {
      prefixes = await readdir(base);
    } catch {
      return digests;
    }
    for (const prefix of prefixes) {
      for (const rest of await readdir(path.join(base, prefix)).catch(() => [] as string[])) {
        const digest = prefix + rest;
        if (SHA256_HEX.test(digest)) digests.push(digest);
      }
    }
    return digests.sort();
  }

  private domainDir(domain: string): string {
    if (typeof domain !== 'string' || !DOMAIN_NAME.test(domain)) {
      throw new BlobKeyError(`Invalid domain name for a blob: ${JSON.stringify(domain)}`);
    }
    return path.join(this.root, domain);
  }

  private blobPath(domain: string, sha256: string): string {
    const digest = checkSha256(sha256);
    return path.join(this.domainDir(domain), 'sha256', digest.slice(0, 2), digest.slice(2));
  }
}

function checkSha256(value: string): string {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw new BlobKeyError(`Invalid SHA-256 digest (64 lower-case hex characters): ${JSON.stringify(value)}`);
  }
  return value;
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  // A Readable in string mode yields strings; store their UTF-8 bytes.
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError(`Blob sources must yield bytes, got ${typeof chunk}`);
}
