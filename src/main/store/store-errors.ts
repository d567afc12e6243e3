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
