/**
 * Errors raised by the durable store itself (not CodeArtifact error shapes): the engine and the
 * service decide how they surface. Each names the data directory or the rule that was broken so an
 * operator can act on the message alone.
 */
import os from 'node:os';

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** Another live process (or this one) already holds the data directory. */
export class StoreLockedError extends StoreError {
  override readonly name = 'StoreLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
    readonly hostname: string | undefined,
    detail?: string,
  ) {
    const owner =
      pid === undefined
        ? 'another process'
        : `process ${pid}${hostname && hostname !== os.hostname() ? ` on host ${hostname}` : ''}`;
    super(
      `Data directory ${dataDir} is in use by ${owner}; stop it or choose another --data-dir` +
        (detail ? ` (${detail})` : ''),
    );
  }
}

/** The data was written by a newer build whose schema this build does not know. */
export class StoreSchemaTooNewError extends StoreError {
  override readonly name = 'StoreSchemaTooNewError';
  constructor(
    readonly dataDir: string,
    readonly storedVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `Data directory ${dataDir} has schema version ${storedVersion}, but this build only knows up to ` +
        `version ${knownVersion}; open it with a newer build of Artifact Desk`,
    );
  }
}

/**
 * The journal could not be made durable (write or fsync failed). The store stops accepting writes
 * so it never acknowledges something that might not be on disk.
 */
export class StoreFailedError extends StoreError {
  override readonly name = 'StoreFailedError';
  constructor(
    readonly dataDir: string,
    override readonly cause: unknown,
  ) {
    super(
      `The store in ${dataDir} stopped accepting writes after a disk error: ${describe(cause)}; ` +
        `restart the service once the disk problem is fixed`,
    );
  }
}

/** File-system error codes that mean the disk (or the user's quota) has no room left. */
const storageFullCodes = new Set(['ENOSPC', 'EDQUOT']);

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/**
 * A write refused because the disk holding the data directory is full: the upload's temp file is
 * gone and nothing of it was committed; what is already stored is untouched and reads go on.
 */
export class StorageFullError extends StoreError {
  override readonly name = 'StorageFullError';
  constructor(
    readonly dataDir: string,
    detail: string,
  ) {
    super(
      `The disk holding the data directory ${dataDir} is full (${detail}); nothing of this write was stored. ` +
        'Free some space and retry; everything stored before is intact and can still be read.',
    );
  }
}

/**
 * True for an error that comes from a full disk: ENOSPC or EDQUOT from the file system, a
 * StorageFullError, or a store that stopped writing because its journal hit one of those.
 */
export function isStorageFull(error: unknown): boolean {
  if (error instanceof StorageFullError) return true;
  if (storageFullCodes.has(errorCode(error) as string)) return true;
  return error instanceof StoreFailedError && storageFullCodes.has(errorCode(error.cause) as string);
}

export class StoreClosedError extends StoreError {
  override readonly name = 'StoreClosedError';
  constructor(readonly dataDir: string) {
    super(`The store in ${dataDir} is closed`);
  }
}

/** The snapshot or journal on disk cannot be loaded safely; opening it further could lose data. */
export class StoreRecoveryError extends StoreError {
  override readonly name = 'StoreRecoveryError';
}

/** The store was called in a way its contract forbids (a write inside `read`, an async `write` callback…). */
export class StoreUsageError extends StoreError {
  override readonly name = 'StoreUsageError';
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * The journal is damaged somewhere other than its tail (where a crash mid-append leaves a torn
 * record): records after the damage hold acknowledged writes, so start-up stops instead of dropping
 * them silently. `openStore` with `journalDamage: 'keep-prefix'` recovers what precedes the damage.
 */
export class JournalDamagedError extends StoreRecoveryError {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly detail: string,
    /** Intact records after the damage (in the damaged segment and in later ones). */
    readonly followingRecords: number,
    /** The last transaction before the damage: a recovery keeps everything up to it. */
    readonly lastIntactSeq: number,
  ) {
    super(
      `The journal ${file} is damaged at byte ${offset} (${detail}), and ${followingRecords} intact ` +
        `record(s) follow the damage: acknowledged writes that a recovery would set aside. Start-up ` +
        `stopped so that nothing is lost silently. To proceed, either restore the data directory from ` +
        `a backup (artifact-desk restore), or start once with --recover-journal (the desktop app offers ` +
        `the same) to keep every transaction up to #${lastIntactSeq} and move everything ` +
        `after it aside into ${file}.discarded-at-${offset} with a report of what was set aside.`,
    );
  }
}
