/**
 * The write-ahead journal on disk: recovery (scan segments, replay intact records after the
 * snapshot, cut torn or corrupt tails) and the group-commit writer that appends committed
 * transactions and makes them durable with one fdatasync per batch.
 */
import { open, readdir, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, writeAll, writeAllSync } from './durable-fs';
import {
  decodeSegmentHeader,
  encodeSegmentHeader,
  framedEnd,
  intactRecordsFrom,
  recordAt,
  scanRecords,
  SEGMENT_HEADER_BYTES,
} from './journal-codec';
import type { JournalRecord } from './journal-codec';
import { parseSegmentFileName, segmentFileName } from './layout';
import { JournalDamagedError, StoreRecoveryError } from './store-errors';

/** Journal batches up to this size are written from the event-loop thread, larger ones in the thread pool. */
const syncWriteMaxBytes = 1024 * 1024;

export interface SegmentInfo {
  readonly base: number;
  readonly file: string;
  /** Bytes in the file, header included. */
  size: number;
  /** Highest sequence number stored in the segment (base - 1 when it holds no record). */
  lastSeq: number;
}

export interface DiscardedJournalData {
  readonly file: string;
  readonly reason: string;
  /** Where the cut bytes were kept for inspection, when they were kept. */
  readonly keptAs?: string;
  /** Intact records that followed the damage and were set aside with it. */
  readonly followingRecords?: number;
}

export interface JournalRecovery {
  /** Highest sequence number now reflected in the database. */
  readonly lastSeq: number;
  readonly replayed: number;
  /** Records already contained in the snapshot. */
  readonly skipped: number;
  readonly segments: SegmentInfo[];
  readonly discarded: DiscardedJournalData[];
  /** Damaged records passed over because the snapshot already held their transactions. */
  readonly skippedDamaged: DiscardedJournalData[];
}

export interface JournalRecoveryOptions {
  /**
   * What to do about damage that is not a torn tail: `refuse` (the default) stops with a
   * JournalDamagedError; `keep-prefix` keeps the records before it and sets the rest aside.
   */
  readonly journalDamage?: 'refuse' | 'keep-prefix';
  /**
   * Replay only the transactions up to this one, from the segments that begin at or below it, and
   * change no file: what a checkpoint taken beside the live store reads. Records after it are not
   * read; anything recovery would cut or set aside, or a journal that ends before it, is an error.
   */
  readonly upTo?: number;
}

/**
 * Replays the journal in `dbDir` on top of a snapshot that covers sequence numbers up to
 * `snapshotSeq`. Records must follow each other without gaps. A torn tail (a crash mid-append) is
 * cut. Damage anywhere else stops with JournalDamagedError, naming the file, the offset and how many
 * records follow, unless `journalDamage: 'keep-prefix'`: then that segment is cut there and the rest
 * is set aside (renamed, never deleted), so new appends continue from a clean tail. A damaged record
 * whose transaction the snapshot already holds is skipped, which loses nothing.
 */
export async function recoverJournal(
  dbDir: string,
  snapshotSeq: number,
  apply: (record: JournalRecord) => void,
  options: JournalRecoveryOptions = {},
): Promise<JournalRecovery> {
  const upTo = options.upTo;
  const files = (await readdir(dbDir))
    .map((name) => ({ name, base: parseSegmentFileName(name) }))
    .filter((f): f is { name: string; base: number } => f.base !== undefined)
    .filter((f) => upTo === undefined || f.base <= upTo)
    .sort((a, b) => a.base - b.base);
  const readOnlyStop = (file: string, detail: string): StoreRecoveryError =>
    new StoreRecoveryError(
      `The journal cannot be read up to transaction ${String(upTo)} without repair: ${file}: ${detail}`,
    );

  let lastSeq = snapshotSeq;
  let previous: number | undefined;
  let replayed = 0;
  let skipped = 0;
  const segments: SegmentInfo[] = [];
  const discarded: DiscardedJournalData[] = [];
  const skippedDamaged: DiscardedJournalData[] = [];
  let dirChanged = false;

  for (let i = 0; i < files.length; i++) {
    const entry = files[i];
    if (!entry) continue;
    const file = path.join(dbDir, entry.name);
    const isLast = i === files.length - 1;
    const bytes = await readFile(file);
    const base = decodeSegmentHeader(bytes);

    if (upTo !== undefined && base !== entry.base) throw readOnlyStop(file, 'segment header unreadable');
    if (base === undefined && isLast && bytes.length < SEGMENT_HEADER_BYTES) {
      // A crash while the segment was being created: it never held a record.
      await rm(file);
      discarded.push({ file, reason: 'segment header cut short' });
      dirChanged = true;
      continue;
    }
    if (base !== entry.base) {
      const reason = base === undefined ? 'not a journal segment' : `header says ${base}`;
      await setAside(
        files.slice(i).map((f) => path.join(dbDir, f.name)),
        reason,
        discarded,
      );
      dirChanged = true;
      break;
    }

    let segmentLast = base - 1;
    let reached = false;
    const onRecord = (record: JournalRecord): string | undefined => {
      if (upTo !== undefined && record.seq > upTo) {
        // Not wanted (only a segment's last transactions can follow it): the scan ends here.
        reached = true;
        return 'past the last transaction wanted';
      }
      if (record.seq < base) return `record ${record.seq} precedes segment base ${base}`;
      if (previous !== undefined && record.seq <= previous) return `record ${record.seq} follows ${previous}`;
      if (record.seq <= lastSeq) {
        // Already in the snapshot. The snapshot may also hold transactions this segment never got
        // to write (it can be taken before the journal catches up), so gaps here are harmless.
        previous = record.seq;
        segmentLast = record.seq;
        skipped++;
        return undefined;
      }
      if (record.seq !== lastSeq + 1) {
        if (replayed === 0 && previous === undefined) {
          throw new StoreRecoveryError(
            `The journal in ${dbDir} starts at transaction ${record.seq} but the snapshot ends at ` +
              `${snapshotSeq}: transactions are missing (was db/snapshot.sqlite removed or replaced?)`,
          );
        }
        return `record ${record.seq} does not follow ${lastSeq}`;
      }
      try {
        apply(record);
      } catch (error) {
        throw new StoreRecoveryError(
          `Replaying transaction ${record.seq} from ${file} failed: ${(error as Error).message}`,
        );
      }
      previous = record.seq;
      segmentLast = record.seq;
      lastSeq = record.seq;
      replayed++;
      if (record.seq === upTo) {
        // Nothing after it is read (a record torn by a crash after it cannot stop the scan).
        reached = true;
        return 'reached the last transaction wanted';
      }
      return undefined;
    };

    const scan = (offset: number): ReturnType<typeof scanRecords> => {
      const stop = scanRecords(bytes, onRecord, offset);
      return reached ? { kind: 'end' } : stop;
    };
    let from = SEGMENT_HEADER_BYTES;
    let stop = scan(from);
    // A damaged record whose framing is intact and whose transaction the snapshot already holds
    // (the records around it say which one it was) is not needed: replay goes on after it.
    while (stop.kind === 'corrupt') {
      const end = framedEnd(bytes, stop.offset);
      const next = end === undefined ? undefined : recordAt(bytes, end);
      const damagedSeq = next === undefined ? undefined : next.seq - 1;
      const safe =
        end !== undefined &&
        damagedSeq !== undefined &&
        damagedSeq <= lastSeq &&
        (previous === undefined || damagedSeq === previous + 1);
      if (!safe) break;
      skippedDamaged.push({
        file,
        reason: `damaged record at byte ${stop.offset} (${stop.detail}) skipped: it held transaction ${damagedSeq}, which the snapshot already contains`,
      });
      previous = damagedSeq;
      from = end;
      stop = scan(from);
    }

    if (stop.kind === 'end') {
      segments.push({ base, file, size: bytes.length, lastSeq: segmentLast });
      if (reached) break;
      continue;
    }
    if (upTo !== undefined)
      throw readOnlyStop(file, `${stop.kind} record at byte ${stop.offset}: ${stop.detail}`);
    // Damage with nothing intact after it, at the end of the last segment, is the trace of a crash
    // mid-append (a torn record, or one whose last sectors never reached the disk): no record after
    // it was acknowledged. Damage with intact records after it would drop acknowledged writes.
    const laterFiles = files.slice(i + 1).map((f) => path.join(dbDir, f.name));
    const following = await countFollowing(bytes, stop.offset, laterFiles);
    const tornTail = isLast && following === 0;
    if (!tornTail && options.journalDamage !== 'keep-prefix') {
      throw new JournalDamagedError(file, stop.offset, stop.detail, following, lastSeq);
    }
    const expectedTear = tornTail && stop.kind === 'torn';
    let keptAs: string | undefined;
    if (!expectedTear) {
      keptAs = `${file}.discarded-at-${stop.offset}`;
      await writeFile(keptAs, bytes.subarray(stop.offset));
    }
    await truncate(file, stop.offset);
    await syncFile(file);
    discarded.push({
      file,
      reason: `${stop.kind} record at byte ${stop.offset}: ${stop.detail}`,
      keptAs,
      ...(tornTail ? {} : { followingRecords: following }),
    });
    segments.push({ base, file, size: stop.offset, lastSeq: segmentLast });
    await setAside(laterFiles, `follows the damaged segment ${entry.name}`, discarded);
    dirChanged = true;
    break;
  }
  if (dirChanged) await fsyncDir(dbDir);
  if (upTo !== undefined && lastSeq < upTo) {
    throw new StoreRecoveryError(
      `The journal in ${dbDir} ends at transaction ${lastSeq}, before ${upTo}: a snapshot up to ${upTo} cannot be built`,
    );
  }
  return { lastSeq, replayed, skipped, segments, discarded, skippedDamaged };
}

/** Intact records after a damaged one: in the rest of its segment and in every later segment. */
async function countFollowing(bytes: Buffer, offset: number, laterFiles: string[]): Promise<number> {
  let count = intactRecordsFrom(bytes, offset + 1).length;
  for (const file of laterFiles) {
    const later = await readFile(file);
    count += intactRecordsFrom(later, SEGMENT_HEADER_BYTES).length;
  }
  return count;
}

async function setAside(files: string[], reason: string, discarded: DiscardedJournalData[]): Promise<void> {
  for (const file of files) {
    const keptAs = `${file}.discarded`;
    await rename(file, keptAs);
    discarded.push({ file, reason, keptAs });
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface QueuedRecord {
  readonly kind: 'record';
  readonly seq: number;
  readonly bytes: Buffer;
}

interface QueuedRotation {
  readonly kind: 'rotate';
  readonly base: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Appends encoded records to the active segment. `append` only queues; a single drain loop writes
 * everything queued so far in one write and one fdatasync, so concurrent requests share the cost of
 * a sync (group commit) and a commit costs the size of its record, not the size of the database.
 */
export class JournalWriter {
  private readonly queue: (QueuedRecord | QueuedRotation)[] = [];
  private readonly waiters: Waiter[] = [];
  private draining: Promise<void> | undefined;
  private failure: unknown;
  private durableSeq: number;
  private queuedBytes = 0;

  private constructor(
    private readonly dbDir: string,
    private active: SegmentInfo,
    private handle: FileHandle,
    private readonly retired: SegmentInfo[],
    private readonly onFailure: (error: unknown) => void,
  ) {
    this.durableSeq = active.lastSeq;
  }

  /**
   * Continues appending to the last recovered segment, or starts a new one at `nextSeq` when there
   * is none.
   */
  static async open(
    dbDir: string,
    recovered: SegmentInfo[],
    nextSeq: number,
    onFailure: (error: unknown) => void,
  ): Promise<JournalWriter> {
    let older = recovered.slice(0, -1);
    let active = recovered[recovered.length - 1];
    let handle: FileHandle;
    // Each segment must hold consecutive records. When the snapshot is ahead of the last segment
    // (it was taken before the journal caught up), the next record starts a new segment.
    if (active && active.lastSeq === nextSeq - 1) {
      handle = await open(active.file, 'a');
    } else {
      older = recovered;
      ({ segment: active, handle } = await createSegment(dbDir, nextSeq));
    }
    const writer = new JournalWriter(dbDir, active, handle, older, onFailure);
    writer.durableSeq = nextSeq - 1;
    return writer;
  }

  /** Bytes in journal segments that the last snapshot does not cover yet, queued ones included. */
  get bytes(): number {
    const inFiles = [...this.retired, this.active].reduce((sum, s) => sum + s.size - SEGMENT_HEADER_BYTES, 0);
    return inFiles + this.queuedBytes;
  }

  get failed(): unknown {
    return this.failure;
  }

  append(seq: number, bytes: Buffer): void {
    if (this.failure !== undefined) throw this.failure;
    this.queue.push({ kind: 'record', seq, bytes });
    this.queuedBytes += bytes.length;
    this.kick();
  }

  /** Resolves once every record up to `seq` is written and synced. */
  waitFor(seq: number): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (seq <= this.durableSeq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * After everything queued so far is durable, continues in a new segment starting at `base`, so
   * a snapshot covering records below `base` can later delete the older segments whole.
   */
  rotate(base: number): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'rotate', base, resolve, reject });
      this.kick();
    });
  }

  /** Deletes closed segments whose every record is at or below `coveredSeq` (inside a durable snapshot). */
  async dropCovered(coveredSeq: number): Promise<void> {
    const covered = this.retired.filter((s) => s.lastSeq <= coveredSeq);
    if (covered.length === 0) return;
    for (const segment of covered) {
      await rm(segment.file, { force: true });
      this.retired.splice(this.retired.indexOf(segment), 1);
    }
    await fsyncDir(this.dbDir);
  }

  /** Waits for queued work, then closes the active segment. Safe to call after a failure. */
  async close(): Promise<void> {
    while (this.draining) await this.draining.catch(() => undefined);
    await this.handle.close().catch(() => undefined);
  }

  private kick(): void {
    if (this.draining || this.failure !== undefined) return;
    // Starting on a microtask lets every commit made in the current tick join the first batch.
    this.draining = new Promise<void>((resolve) => queueMicrotask(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.queue.length > 0 && this.failure === undefined) this.kick();
      });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0];
        if (head?.kind === 'rotate') {
          this.queue.shift();
          await this.switchSegment(head.base);
          head.resolve();
          continue;
        }
        let count = 0;
        while (this.queue[count]?.kind === 'record') count++;
        const batch = this.queue.splice(0, count) as QueuedRecord[];
        const last = batch[batch.length - 1];
        if (!last) continue;
        const bytes = batch.length === 1 ? last.bytes : Buffer.concat(batch.map((r) => r.bytes));
        // A batch of ordinary size goes into the page cache from this thread (microseconds, where a
        // round trip through the thread pool costs more CPU than the copy); only the fdatasync,
        // which waits for the disk, goes through the pool.
        if (bytes.length <= syncWriteMaxBytes) writeAllSync(this.handle.fd, bytes);
        else await writeAll(this.handle, bytes);
        await this.handle.datasync();
        this.queuedBytes -= bytes.length;
        this.active.size += bytes.length;
        this.active.lastSeq = last.seq;
        this.durableSeq = last.seq;
        this.settleWaiters();
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async switchSegment(base: number): Promise<void> {
    if (this.active.size <= SEGMENT_HEADER_BYTES) return;
    const next = await createSegment(this.dbDir, base);
    await this.handle.close();
    this.retired.push(this.active);
    this.active = next.segment;
    this.handle = next.handle;
  }

  private settleWaiters(): void {
    let done = 0;
    while (done < this.waiters.length && (this.waiters[done]?.seq ?? Infinity) <= this.durableSeq) done++;
    for (const waiter of this.waiters.splice(0, done)) waiter.resolve();
  }

  private fail(error: unknown): void {
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    for (const item of this.queue.splice(0)) if (item.kind === 'rotate') item.reject(error);
    this.queuedBytes = 0;
    this.onFailure(error);
  }
}

async function createSegment(
  dbDir: string,
  base: number,
): Promise<{ segment: SegmentInfo; handle: FileHandle }> {
  const file = path.join(dbDir, segmentFileName(base));
  const handle = await open(file, 'wx');
  try {
    const header = encodeSegmentHeader(base);
    await writeAll(handle, header);
    await handle.datasync();
    await fsyncDir(dbDir);
    // Later writes pass no position, so they continue where the header ended.
    return { segment: { base, file, size: header.length, lastSeq: base - 1 }, handle };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
