/**
 * The durable store: open a data directory and get the engine's SQL handle (`read`/`write`), the
 * blob store, and durability controls (`flush`, `checkpoint`, `close`).
 */
import { openDurableStore } from './durable-store';
import type { DurableStore } from './durable-store';
import type { StoreOptions } from './types';

export type * from './types';
export type { DurableStore, RecoveryReport, StoreStats } from './durable-store';
export { BlobDamagedError } from './verified-read';
export {
  BlobDigestMismatchError,
  BlobKeyError,
  BlobNotFoundError,
  BlobTooLargeError,
  wholeReadMaxBytes,
} from './blob-store';
export {
  StoreClosedError,
  StoreError,
  StoreFailedError,
  StoreLockedError,
  StoreRecoveryError,
  JournalDamagedError,
  StoreSchemaTooNewError,
  StoreUsageError,
  StorageFullError,
  isStorageFull,
} from './store-errors';

/**
 * Locks `options.dataDir`, loads the last snapshot, replays the journal after it, applies pending
 * migrations and returns the store. Fails with StoreLockedError when another live process holds the
 * directory, StoreSchemaTooNewError when a newer build wrote it, StoreRecoveryError when the files
 * on disk cannot be loaded safely.
 */
export async function openStore(options: StoreOptions): Promise<DurableStore> {
  return openDurableStore(options);
}
